"""Units over time: lifetimes, reused codes, successions, postings for a period, offices' names.

Thanh Xuân's real units as the plan's fixture holds them, plus what the tests add: an old ward
that ended, the new ward that reuses its code under the city, and who worked for which."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from units import offices
from units.access import DISTRICT, WARD, Role, forget, reach
from units.models import District, Office, Province, StaffPosting, Succession, Ward, WardOfficer
from wards.models import YearlyCount

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)
FORMED = datetime.date(2025, 7, 1)


def errors_of(obj) -> dict:
    try:
        obj.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.fixture
def hanoi(plan):
    return Province.objects.get(code="01")


@pytest.fixture
def new_khuong_dinh(khuong_dinh, hanoi):
    """The old Khương Đình ends on 30/6/2025; the new one, under the city, takes its code."""
    Ward.objects.filter(pk=khuong_dinh.pk).update(valid_to=ENDED)
    khuong_dinh.refresh_from_db()
    ward = Ward.objects.create(province=hanoi, code="00364", name="Khương Đình", valid_from=FORMED)
    Succession.objects.create(
        predecessor=khuong_dinh, successor=ward, part=Succession.Part.SHARE, effective_on=FORMED,
        legal_basis="Nghị quyết 1656/NQ-UBTVQH15, khoản 23",
    )
    return ward


def test_a_reused_code_names_two_units_that_never_overlap(khuong_dinh, new_khuong_dinh):
    assert Ward.objects.filter(code="00364").count() == 2
    assert new_khuong_dinh.district is None and new_khuong_dinh.province.code == "01"
    assert str(new_khuong_dinh) == "Phường Khương Đình"
    assert khuong_dinh.label == "Phường Khương Đình (đến 30/06/2025)"
    # Two holders valid at the same time: refused by the database for today's units, and by
    # clean() with a Vietnamese message for any overlap.
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.create(province=new_khuong_dinh.province, code="00364", name="Trùng mã")
    overlapping = Ward(
        province=new_khuong_dinh.province, code="00364", name="Trùng",
        valid_from=datetime.date(2025, 7, 15), valid_to=datetime.date(2025, 8, 1),
    )
    assert errors_of(overlapping)["code"] == [
        "Mã 00364 đang là mã của Phường Khương Đình (từ 01/07/2025) trong cùng thời gian: hai đơn vị cấp xã "
        "cùng hiệu lực không được trùng mã."
    ]


def test_a_key_names_one_unit_of_a_reused_code(khuong_dinh, new_khuong_dinh):
    assert new_khuong_dinh.key == "00364"
    assert khuong_dinh.key == "00364-2025-06-30"
    assert Ward.objects.at_key("00364") == new_khuong_dinh
    assert Ward.objects.at_key("00364-2025-06-30") == khuong_dinh
    assert Ward.objects.at_key("00364-2024-01-01") is None
    # A code no unit holds today names its latest holder: old links keep working.
    Ward.objects.filter(code="00370").update(valid_to=datetime.date(2024, 12, 31))
    assert Ward.objects.at_key("00370").name == "Thanh Xuân Nam"


def test_a_ward_sits_in_its_districts_province_or_directly_under_one(plan, hanoi):
    district = District.objects.get(code="009")
    ward = Ward.objects.create(district=district, code="00395", name="Thử")
    assert ward.province == hanoi and ward.parent == district
    other = Province.objects.create(code="02", name="Tỉnh Hà Giang")
    wrong = Ward(district=district, province=other, code="00394", name="Sai tỉnh")
    assert errors_of(wrong)["district"] == ["Quận Thanh Xuân không thuộc Tỉnh Hà Giang."]
    assert "Chọn tỉnh, thành phố (hoặc quận, huyện) mà phường, xã trực thuộc." in errors_of(
        Ward(code="00393", name="Không trực thuộc đâu")
    )["province"]
    District.objects.filter(pk=district.pk).update(valid_to=ENDED)
    ended = Ward(code="00392", name="Sau khi quận giải thể", district=District.objects.get(pk=district.pk), valid_from=FORMED)
    assert errors_of(ended)["district"] == ["Quận Thanh Xuân đã hết hiệu lực từ 30/06/2025."]


def test_a_lifetime_ends_after_it_begins(hanoi):
    ward = Ward(province=hanoi, code="00391", name="Thử", valid_from=FORMED, valid_to=ENDED)
    assert errors_of(ward)["valid_to"] == ["Ngày hết hiệu lực không được trước ngày có hiệu lực."]


def test_a_succession_says_what_part_and_refuses_what_cannot_be(khuong_dinh, new_khuong_dinh, nhan_chinh):
    succession = Succession.objects.get(successor=new_khuong_dinh)
    assert succession.part_label == "một phần, chưa rõ tỷ lệ" and succession.factor is None
    assert str(succession) == "Phường Khương Đình → Phường Khương Đình (một phần, chưa rõ tỷ lệ, từ 01/07/2025)"
    whole = Succession(
        predecessor=nhan_chinh, successor=new_khuong_dinh, part=Succession.Part.WHOLE, share=Decimal("0.5"),
        effective_on=FORMED, legal_basis="Thử",
    )
    assert errors_of(whole)["share"] == ["Đơn vị cũ chuyển toàn bộ: không ghi tỷ lệ."]
    early = Succession(
        predecessor=khuong_dinh, successor=new_khuong_dinh, part=Succession.Part.SHARE,
        effective_on=datetime.date(2025, 6, 1), legal_basis="Thử",
    )
    assert "Phường Khương Đình còn hiệu lực đến 30/06/2025" in errors_of(early)["effective_on"][0]
    # Shares of one predecessor never exceed the whole of it.
    succession.share = Decimal("0.7")
    succession.save()
    other = Ward.objects.create(province=new_khuong_dinh.province, code="00999", name="Phương Liệt", valid_from=FORMED)
    too_much = Succession(
        predecessor=khuong_dinh, successor=other, part=Succession.Part.SHARE, share=Decimal("0.4"),
        effective_on=FORMED, legal_basis="Thử",
    )
    assert errors_of(too_much)["share"] == ["Tổng tỷ lệ chia của Phường Khương Đình vượt 100% (110%)."]
    outside = Succession(successor=new_khuong_dinh, part=Succession.Part.SHARE, effective_on=FORMED, legal_basis="Thử")
    assert errors_of(outside)["other_name"] == ["Ghi tên đơn vị ngoài hệ thống."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Succession.objects.create(part="share", effective_on=FORMED, legal_basis="Thử")


def test_an_officer_of_an_ended_ward_reads_its_history_and_changes_nothing(
    client, officer, khuong_dinh, new_khuong_dinh, make_count
):
    count = make_count(khuong_dinh, 2022)
    forget(officer)
    unit = reach(officer)
    assert (unit.level, unit.ward, unit.active, unit.writes) == (WARD, khuong_dinh, False, False)
    assert YearlyCount.objects.visible_to(officer).filter(pk=count.pk).exists()
    assert not YearlyCount.objects.editable_by(officer).exists()
    client.force_login(officer)
    assert client.get(reverse("reports:ward", args=[khuong_dinh.key])).status_code == 200
    response = client.post(
        reverse("wards:count-submit", args=[khuong_dinh.key, 2022]), {"confirmed": "1"}, follow=True
    )
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.DRAFT
    assert response.status_code == 403


def test_a_new_wards_officer_reads_its_predecessors_and_writes_only_its_own(
    make_user, officer, khuong_dinh, new_khuong_dinh, nhan_chinh, make_count
):
    old_count = make_count(khuong_dinh, 2022)
    other_count = make_count(nhan_chinh, 2022)
    WardOfficer.objects.filter(user=officer).update(valid_to=ENDED)
    WardOfficer.objects.create(user=officer, ward=new_khuong_dinh, valid_from=FORMED)
    forget(officer)
    unit = reach(officer)
    assert (unit.level, unit.ward, unit.active) == (WARD, new_khuong_dinh, True)
    assert unit.history == {khuong_dinh.pk}
    visible = set(YearlyCount.objects.visible_to(officer))
    assert old_count in visible and other_count not in visible
    assert not YearlyCount.objects.editable_by(officer).filter(pk=old_count.pk).exists()
    # Their own ward's row (what they may change of it is the permissions' business), never the old one.
    assert set(Ward.objects.editable_by(officer)) == {new_khuong_dinh}
    assert set(Ward.objects.visible_to(officer)) == {khuong_dinh, new_khuong_dinh}


def test_postings_of_one_user_never_overlap(officer, khuong_dinh, new_khuong_dinh):
    again = WardOfficer(user=officer, ward=new_khuong_dinh, valid_from=FORMED)
    assert errors_of(again)["valid_from"] == [
        "Tài khoản đang được phân công về Phường Khương Đình trong cùng thời gian: kết thúc phân công cũ trước "
        "(ghi «đến hết ngày»)."
    ]
    WardOfficer.objects.filter(user=officer).update(valid_to=ENDED)
    assert errors_of(again) == {}


def test_district_staff_no_longer_change_a_ward_that_ended(social_affairs, khuong_dinh, nhan_chinh, make_count):
    count = make_count(khuong_dinh, 2022, status=YearlyCount.Status.SUBMITTED)
    Ward.objects.filter(pk=khuong_dinh.pk).update(valid_to=datetime.date(2024, 12, 31))
    forget(social_affairs)
    assert reach(social_affairs).level == DISTRICT and reach(social_affairs).writes
    assert YearlyCount.objects.visible_to(social_affairs).filter(pk=count.pk).exists()
    assert not YearlyCount.objects.editable_by(social_affairs).filter(pk=count.pk).exists()
    assert Ward.objects.editable_by(social_affairs).filter(pk=nhan_chinh.pk).exists()


def test_a_ward_office_acts_for_its_ward(make_user, new_khuong_dinh, khuong_dinh):
    staff = make_user("kt-khuong-dinh", Role.SOCIAL_AFFAIRS)
    StaffPosting.objects.filter(user=staff).delete()
    StaffPosting.objects.create(user=staff, ward=new_khuong_dinh, valid_from=FORMED)
    forget(staff)
    unit = reach(staff)
    assert (unit.level, unit.ward, unit.office, unit.active) == (WARD, new_khuong_dinh, True, True)
    assert unit.history == {khuong_dinh.pk}


def test_offices_are_named_for_the_unit_and_the_day(plan, khuong_dinh, new_khuong_dinh, hanoi):
    assert offices.office_name(Role.SOCIAL_AFFAIRS, khuong_dinh, on=datetime.date(2023, 6, 1)) == "Phòng LĐ-TB&XH"
    assert offices.office_name(Role.SOCIAL_AFFAIRS, new_khuong_dinh) == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert offices.office_name(Role.HOME_AFFAIRS, new_khuong_dinh) == "Văn phòng HĐND và UBND"
    assert offices.office_name(Role.CITY_SOCIAL_AFFAIRS, hanoi, on=datetime.date(2024, 1, 1)) == "Sở LĐ-TB&XH"
    assert offices.office_name(Role.CITY_SOCIAL_AFFAIRS, hanoi) == "Sở NN&MT"
    assert offices.office_name(Role.CITY_SOCIAL_AFFAIRS, hanoi, full=True) == "Sở Nông nghiệp và Môi trường"
    # A city may name an office its own way, without a code change.
    Office.objects.create(
        role=Role.SOCIAL_AFFAIRS, level="ward", province=hanoi, name="Phòng Kinh tế", short_name="Phòng Kinh tế",
        valid_from=FORMED,
    )
    assert offices.office_name(Role.SOCIAL_AFFAIRS, new_khuong_dinh) == "Phòng Kinh tế"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_dissolutions_into_lifetimes_and_successions():
    from conftest import migrate_to, migrate_to_latest

    apps = migrate_to([("units", "0002_unit_lifetimes_postings")])
    Province, District, Ward = (apps.get_model("units", name) for name in ("Province", "District", "Ward"))
    hanoi = Province.objects.create(code="01", name="Thành phố Hà Nội")
    district = District.objects.create(province=hanoi, code="009", name="Thanh Xuân")
    successor = Ward.objects.create(district=district, code="00373", name="Hạ Đình", slug="ha-dinh")
    old = Ward.objects.create(
        district=district, code="00361", name="Hạ Đình cũ", slug="ha-dinh-cu",
        dissolved_on=datetime.date(2025, 1, 1), successor=successor,
    )
    migrate_to_latest()
    from units.models import Succession as Current, Ward as CurrentWard

    old = CurrentWard.objects.get(pk=old.pk)
    assert old.valid_to == datetime.date(2024, 12, 31) and old.province.code == "01"
    [succession] = Current.objects.all()
    assert (succession.predecessor, succession.successor.code, succession.part) == (old, "00373", "whole")
    assert succession.effective_on == datetime.date(2025, 1, 1)
