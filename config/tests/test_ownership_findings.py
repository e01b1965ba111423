"""The five findings of the review done with a second district's LĐ-TB&XH account, as tests.

District 001 of Hà Nội sits beside Thanh Xuân (009) with a ward, an officer and its own offices.
Each test is what its office did, and asserts that it no longer works: the ward stays Thanh
Xuân's, the shared plan is not the other district's to change, a district cannot move itself,
e-mail stays within the district, and accounts of another unit are never listed or linked.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from campaign.models import Campaign, Criterion, Milestone
from units.access import Role
from units.models import District, Province, Ward, WardOfficer
from wards.models import ReportingWindow, YearlyCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_001(plan):
    district = District.objects.create(province=Province.objects.get(code="01"), code="001", name="Số 1")
    Ward.objects.create(district=district, code="00001", name="Số 1 Một")
    return district


@pytest.fixture
def their_office(make_user, district_001):
    return make_user("ldtbxh-001", Role.SOCIAL_AFFAIRS, district=district_001, email="ldtbxh-001@example.org")


@pytest.fixture
def their_officer(make_user, district_001):
    return make_user("phuong-so-1-mot", Role.WARD_OFFICER, Ward.objects.get(code="00001"))


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("phuong.csv", text.encode("utf-8"))


def _import(client, text: str):
    """Upload a ward list and, if the preview accepts it, confirm it."""
    preview = client.post(
        reverse("admin:units_ward_import"), {"import_file": _csv(text), "format": "1", "resource": "0"}
    )
    form = (preview.context or {}).get("confirm_form")
    if form is not None:
        client.post(reverse("admin:units_ward_process_import"), {**form.initial, "confirm": "1"})
    return preview


# 1. Ward takeover ---------------------------------------------------------------------------------

def test_another_districts_office_cannot_take_a_ward_by_import(client, their_office, khuong_dinh):
    client.force_login(their_office)
    _import(client, "Mã phường,Tên phường,Mã quận\n00364,Khương Đình mới,001\n")
    khuong_dinh.refresh_from_db()
    assert (khuong_dinh.district.code, khuong_dinh.name) == ("009", "Khương Đình")


def test_a_districts_office_cannot_end_its_own_ward_by_import(client, social_affairs, khuong_dinh):
    client.force_login(social_affairs)
    preview = _import(
        client,
        "Mã phường,Tên phường,Mã quận,Hiệu lực đến hết ngày\n"
        "00364,Khương Đình,009,30/06/2025\n",
    )
    khuong_dinh.refresh_from_db()
    assert khuong_dinh.valid_to is None
    assert preview.status_code == 200
    [error] = preview.context["report"]["errors"]
    assert error["row"] == 2 and "Chỉ quản trị hệ thống được đổi tỉnh, quận và thời gian hiệu lực" in error["message"]


def test_another_districts_office_cannot_move_a_ward_by_its_form(client, their_office, khuong_dinh, district_001):
    client.force_login(their_office)
    client.post(
        reverse("admin:units_ward_change", args=[khuong_dinh.pk]),
        {"code": "00364", "name": "Khương Đình", "district": district_001.pk},
    )
    khuong_dinh.refresh_from_db()
    assert khuong_dinh.district.code == "009"


def test_a_districts_office_cannot_add_a_ward_to_another_district(client, their_office):
    client.force_login(their_office)
    client.post(
        reverse("admin:units_ward_add"),
        {"code": "00999", "name": "Phường Lạ", "district": District.objects.get(code="009").pk},
    )
    assert not Ward.objects.filter(code="00999").exists()


def test_a_districts_office_cannot_move_its_ward_to_another_district(client, social_affairs, khuong_dinh, district_001):
    client.force_login(social_affairs)
    client.post(
        reverse("admin:units_ward_change", args=[khuong_dinh.pk]),
        {"code": "00364", "name": "Khương Đình", "district": district_001.pk},
    )
    khuong_dinh.refresh_from_db()
    assert khuong_dinh.district.code == "009"


# 2. Rows every district shared --------------------------------------------------------------------

def test_another_districts_new_plan_does_not_become_thanh_xuans(client, their_office, social_affairs, home_affairs, plan):
    client.force_login(their_office)
    client.post(reverse("admin:campaign_campaign_add"), {
        "number": "99/KH-UBND", "title": "Kế hoạch của quận khác", "issuing_body": "UBND quận Số 1",
        "issued_on": "01/01/2026", "start_year": "2026", "end_year": "2030",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0", "milestones-MAX_NUM_FORMS": "1000",
    })
    for user in (social_affairs, home_affairs):
        reader = Client()
        reader.force_login(user)
        for url in (reverse("reports:dashboard"), reverse("awards:queue")):
            page = reader.get(url).content.decode()
            assert "99/KH-UBND" not in page and "255/KH-UBND" in page


def test_another_districts_office_cannot_reopen_entry_by_editing_a_window(client, their_office, plan):
    window = ReportingWindow.objects.create(
        campaign=plan, year=2024, opens_on=datetime.date(2024, 11, 1), closes_on=datetime.date(2024, 12, 15)
    )
    client.force_login(their_office)
    client.post(reverse("admin:wards_reportingwindow_change", args=[window.pk]), {
        "campaign": plan.pk, "year": "2024", "opens_on": "01/11/2024", "closes_on": "31/12/2099",
    })
    window.refresh_from_db()
    assert window.closes_on == datetime.date(2024, 12, 15)


def test_another_districts_office_cannot_change_or_delete_the_plans_criteria_and_milestones(client, their_office, plan):
    criterion = Criterion.objects.filter(campaign=plan).order_by("pk").first()
    milestone = Milestone.objects.filter(campaign=plan).order_by("pk").first()
    text = criterion.text
    client.force_login(their_office)
    client.post(reverse("admin:campaign_criterion_change", args=[criterion.pk]), {
        "campaign": plan.pk, "actor_type": criterion.actor_type, "order": criterion.order, "scope": "",
        "text": "Đã bị sửa.",
    })
    client.post(reverse("admin:campaign_criterion_delete", args=[criterion.pk]), {"post": "yes"})
    client.post(reverse("admin:campaign_milestone_delete", args=[milestone.pk]), {"post": "yes"})
    criterion.refresh_from_db()
    assert criterion.text == text
    assert Milestone.objects.filter(pk=milestone.pk).exists()


# 3. A district moving or renaming itself ----------------------------------------------------------

def test_a_districts_office_cannot_move_or_rename_its_own_district(client, social_affairs, plan):
    other = Province.objects.create(code="79", name="Thành phố Hồ Chí Minh")
    thanh_xuan = District.objects.get(code="009")
    client.force_login(social_affairs)
    client.post(reverse("admin:units_district_change", args=[thanh_xuan.pk]), {
        "province": other.pk, "code": "009", "name": "Tên khác",
    })
    thanh_xuan.refresh_from_db()
    assert (thanh_xuan.province.code, thanh_xuan.name) == ("01", "Thanh Xuân")


# 4. E-mail ----------------------------------------------------------------------------------------

def test_submitted_figures_are_mailed_to_the_wards_own_district_only(
    client, officer, social_affairs, their_office, make_count, khuong_dinh, django_capture_on_commit_callbacks,
):
    social_affairs.email = "ldtbxh@example.org"
    social_affairs.save()
    count = make_count(khuong_dinh, 2022)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wards:count-submit", args=[khuong_dinh.code, 2022]), {"confirmed": "1"})
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.SUBMITTED
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"ldtbxh@example.org"}


# 5. Accounts --------------------------------------------------------------------------------------

def test_the_officer_form_lists_no_account_of_another_unit(client, social_affairs, their_office, their_officer):
    unlinked = get_user_model().objects.create_user("tai-khoan-moi-001")
    client.force_login(social_affairs)
    page = client.get(reverse("admin:units_wardofficer_add")).content.decode()
    for user in (their_office, their_officer, unlinked):
        assert user.username not in page


def test_a_ward_cannot_be_linked_to_another_units_account(client, social_affairs, their_office, nhan_chinh):
    client.force_login(social_affairs)
    client.post(reverse("admin:units_wardofficer_add"), {
        "user": their_office.pk, "ward": nhan_chinh.pk, "position": "Cán bộ",
    })
    assert not WardOfficer.objects.filter(user=their_office).exists()


def test_the_plan_stays_thanh_xuans_for_its_officers(client, officer, their_office, plan, district_001):
    """What the other district writes never changes which plan Thanh Xuân's officers report under."""
    Campaign.objects.create(
        number="99/KH-UBND", title="Kế hoạch của quận khác", issuing_body="UBND quận Số 1",
        owner_district=district_001, issued_on=datetime.date(2026, 1, 1), start_year=2026, end_year=2030,
    )
    client.force_login(officer)
    page = client.get(reverse("reports:ward", args=["00364"])).content.decode()
    assert "99/KH-UBND" not in page and "2022" in page
