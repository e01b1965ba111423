"""Staff see the wards of the unit they are posted to, and nothing of another district's.

A second district of Hà Nội, with its own ward, officer and staff, sits beside Thanh Xuân. Each
side is tried on the other's pages, admin lists and actions; the migration that introduced
postings is tried on a database of one district.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import district_plan_for, migrate_to, migrate_to_latest
from units.access import DISTRICT, PROVINCE, Role, reach
from units.models import District, Province, StaffPosting, Ward
from wards.models import Baseline, ReductionTarget, YearlyCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoang_mai(plan):
    """A second district of Hà Nội with one ward, its baseline, targets and a submitted count."""
    district = District.objects.create(province=Province.objects.get(code="01"), code="008", name="Hoàng Mai")
    ward = Ward.objects.create(district=district, code="00331", name="Định Công")
    own = district_plan_for(district)
    Baseline.objects.create(campaign=own, ward=ward, near_poor=40, poor=0)
    for year in own.years:
        ReductionTarget.objects.create(campaign=own, ward=ward, year=year, reduction=5)
    YearlyCount.objects.create(
        campaign=own, ward=ward, year=2022, near_poor_start=40, near_poor_escaped=5, near_poor_end=35,
        status=YearlyCount.Status.SUBMITTED,
    )
    return district


@pytest.fixture
def their_staff(make_user, hoang_mai):
    return {
        "social": make_user("ldtbxh-hoang-mai", Role.SOCIAL_AFFAIRS, district=hoang_mai),
        "home": make_user("noivu-hoang-mai", Role.HOME_AFFAIRS, district=hoang_mai),
    }


@pytest.fixture
def city_staff(make_user, plan):
    return make_user("so-ldtbxh", Role.CITY_SOCIAL_AFFAIRS)


def test_district_staff_see_their_district_only(social_affairs, home_affairs, their_staff, hoang_mai):
    thanh_xuan = District.objects.get(code="009")
    for user in (social_affairs, home_affairs):
        assert reach(user).level == DISTRICT and reach(user).district == thanh_xuan
        wards = Ward.objects.visible_to(user)
        assert wards.count() == Ward.objects.filter(district=thanh_xuan).count() == 11
        assert list(District.objects.visible_to(user)) == [thanh_xuan]
    for user in their_staff.values():
        assert list(Ward.objects.visible_to(user).values_list("code", flat=True)) == ["00331"]
        assert list(YearlyCount.objects.visible_to(user).values_list("ward__code", flat=True)) == ["00331"]


def test_city_staff_see_their_province(city_staff, hoang_mai):
    assert reach(city_staff).level == PROVINCE
    assert reach(city_staff).province.code == "01"
    assert Ward.objects.visible_to(city_staff).count() == 12
    assert District.objects.visible_to(city_staff).count() == 2
    assert not Ward.objects.editable_by(city_staff).exists()
    # Another province's wards stay out of sight.
    other = Province.objects.create(code="79", name="Thành phố Hồ Chí Minh")
    district = District.objects.create(province=other, code="760", name="Quận 1")
    Ward.objects.create(district=district, code="26734", name="Bến Nghé")
    assert Ward.objects.visible_to(city_staff).count() == 12


def test_staff_without_a_posting_see_no_ward(make_user, plan):
    user = make_user("ldtbxh-moi", Role.SOCIAL_AFFAIRS)
    user.postings.all().delete()
    user = get_user_model().objects.get(pk=user.pk)
    assert reach(user).unposted and reach(user).district is None
    assert not Ward.objects.visible_to(user).exists()
    assert not District.objects.visible_to(user).exists()


def test_superuser_sees_every_district(make_user, hoang_mai):
    root = make_user("quantri", is_superuser=True)
    assert Ward.objects.visible_to(root).count() == 12
    assert District.objects.visible_to(root).count() == 2


def test_another_districts_ward_is_not_found(client, social_affairs, their_staff, hoang_mai, khuong_dinh, city_staff):
    for user, code, status in (
        (social_affairs, "00331", 404), (their_staff["social"], khuong_dinh.code, 404),
        (their_staff["home"], "00331", 200), (city_staff, "00331", 200),
    ):
        client.force_login(user)
        assert client.get(reverse("reports:ward", args=[code])).status_code == status
    # City staff read the ward page, never its figures' page.
    client.force_login(city_staff)
    assert client.get(reverse("wards:count", args=["00331", 2022])).status_code == 403


def test_count_pages_and_actions_of_another_district_are_refused(client, social_affairs, hoang_mai, plan):
    count = YearlyCount.objects.get(ward__code="00331")
    client.force_login(social_affairs)
    assert client.get(reverse("wards:count", args=["00331", 2022])).status_code == 404
    response = client.post(reverse("wards:count-approve", args=["00331", 2022]), {"confirmed": "1"})
    assert response.status_code == 404
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.SUBMITTED


def test_their_staff_approve_their_ward(client, their_staff, hoang_mai):
    client.force_login(their_staff["social"])
    response = client.post(reverse("wards:count-approve", args=["00331", 2022]), {"confirmed": "1"})
    assert response.status_code == 302
    assert YearlyCount.objects.get(ward__code="00331").status == YearlyCount.Status.APPROVED


@pytest.mark.parametrize("model", ["units_ward", "wards_yearlycount", "wards_reductiontarget", "wards_baseline"])
def test_admin_lists_hold_only_the_district(client, social_affairs, their_staff, hoang_mai, make_count, khuong_dinh, model):
    make_count(khuong_dinh, 2022)
    url = reverse(f"admin:{model}_changelist")
    client.force_login(social_affairs)
    ours = client.get(url).content.decode()
    assert "Khương Đình" in ours and "Định Công" not in ours
    client.force_login(their_staff["social"])
    theirs = client.get(url).content.decode()
    assert "Định Công" in theirs and "Khương Đình" not in theirs


def test_admin_change_page_of_another_districts_row_is_hidden(client, social_affairs, hoang_mai):
    target = ReductionTarget.objects.get(ward__code="00331", year=2023)
    client.force_login(social_affairs)
    response = client.post(
        reverse("admin:wards_reductiontarget_change", args=[target.pk]),
        {"campaign": target.campaign_id, "ward": target.ward_id, "year": 2023, "reduction": 99},
    )
    # The admin answers a row outside the queryset with a redirect and a "does not exist" message.
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.reduction == 5


def test_district_list_in_the_admin(client, social_affairs, hoang_mai):
    client.force_login(social_affairs)
    page = client.get(reverse("admin:units_district_changelist")).content.decode()
    assert "Thanh Xuân" in page and "Hoàng Mai" not in page


def test_city_staff_have_no_admin_and_no_figures(client, city_staff, hoang_mai):
    client.force_login(city_staff)
    response = client.get(reverse("admin:wards_yearlycount_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert client.get(reverse("wards:count", args=["00331", 2022])).status_code == 403
    assert client.post(reverse("wards:count-approve", args=["00331", 2022])).status_code == 403
    assert YearlyCount.objects.get(ward__code="00331").status == YearlyCount.Status.SUBMITTED


def test_a_posting_names_exactly_one_unit(make_user, plan):
    user = get_user_model().objects.create_user("hai-don-vi")
    province = Province.objects.get(code="01")
    district = District.objects.get(code="009")
    for fields in ({"district": district, "province": province}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffPosting.objects.create(user=user, **fields)
    posting = StaffPosting(user=user, district=district, province=province)
    with pytest.raises(Exception, match="Chọn đúng một đơn vị"):
        posting.full_clean()


BEFORE_POSTINGS = [("wards", "0007_count_version_extension_history")]
POSTINGS = [("wards", "0008_province_staff_posting")]


def _district_staff(apps, districts):
    """District staff of LĐ-TB&XH without a posting and a ward officer, as wards.0007 stored them."""
    District = apps.get_model("wards", "District")
    for code in districts:
        District.objects.create(code=code, name=f"Quận {code}", province_code="01", province_name="Thành phố Hà Nội")
    User, Group = apps.get_model("auth", "User"), apps.get_model("auth", "Group")
    staff = User.objects.create(username="ldtbxh-cu", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="Phòng LĐ-TB&XH")[0])
    officer = User.objects.create(username="phuong-cu", is_staff=True)
    officer.groups.add(Group.objects.get_or_create(name="Cán bộ phường")[0])
    Group.objects.filter(name="Sở LĐ-TB&XH").delete()
    return staff.pk, officer.pk


@pytest.mark.django_db(transaction=True)
def test_the_migration_posts_existing_staff_to_the_only_district():
    staff, officer = _district_staff(migrate_to(BEFORE_POSTINGS), ["009"])
    apps = migrate_to(POSTINGS)
    StaffPosting = apps.get_model("wards", "StaffPosting")
    assert StaffPosting.objects.get(user=staff).district.code == "009"
    assert not StaffPosting.objects.filter(user=officer).exists()
    assert apps.get_model("auth", "Group").objects.filter(name="Sở LĐ-TB&XH").exists()
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_migration_posts_nobody_when_there_are_several_districts():
    staff, _ = _district_staff(migrate_to(BEFORE_POSTINGS), ["009", "008"])
    apps = migrate_to(POSTINGS)
    assert not apps.get_model("wards", "StaffPosting").objects.filter(user=staff).exists()
    migrate_to_latest()


def test_services_refuse_staff_of_another_district(social_affairs, their_staff, hoang_mai, plan):
    """The services hold the rule themselves, whatever page or command calls them."""
    from datetime import date

    from django.core.exceptions import PermissionDenied

    from wards import services
    from wards.models import ReportingWindow

    count = YearlyCount.objects.get(ward__code="00331")
    with pytest.raises(PermissionDenied, match="không thuộc đơn vị của tài khoản"):
        services.count_approve(count=count, user=social_affairs)
    with pytest.raises(PermissionDenied, match="không thuộc đơn vị của tài khoản"):
        services.count_return(count=count, user=social_affairs, reason="Sai số")
    draft = YearlyCount(campaign=plan, ward=count.ward, year=2023, near_poor_start=35, near_poor_end=35)
    with pytest.raises(PermissionDenied, match="không thuộc đơn vị của tài khoản"):
        services.count_save(count=draft, user=social_affairs)
    window = ReportingWindow.objects.create(
        campaign=plan, year=2023, opens_on=date(2023, 11, 1), closes_on=date(2023, 12, 15)
    )
    with pytest.raises(PermissionDenied, match="không thuộc đơn vị của tài khoản"):
        services.window_extend(window=window, ward=count.ward, closes_on=date(2023, 12, 31), reason="x", user=social_affairs)
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.SUBMITTED
    assert not YearlyCount.objects.filter(ward=count.ward, year=2023).exists()
    # Their own district's office may.
    services.count_approve(count=count, user=their_staff["social"])
    assert YearlyCount.objects.get(pk=count.pk).status == YearlyCount.Status.APPROVED
