import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from campaign.models import Campaign
from units.access import PROVINCE, Role, has_role, reach
from units.models import Ward, WardOfficer
from wards.deadlines import deadline_for
from wards.models import ReportingWindow, YearlyCount


@override_settings(DEBUG=True)
def test_seed_demo_creates_accounts_and_consistent_figures(plan):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    assert WardOfficer.objects.count() == 11
    officer = authenticate(username="phuong-khuong-dinh", password="ThiDua@2025")
    assert reach(officer).ward == Ward.objects.get(code="00364")
    assert reach(authenticate(username="phuong-thanh-xuan-bac", password="ThiDua@2025")).ward.code == "00367"
    assert has_role(authenticate(username="ldtbxh", password="ThiDua@2025"), Role.SOCIAL_AFFAIRS)
    assert has_role(authenticate(username="noivu", password="ThiDua@2025"), Role.HOME_AFFAIRS)
    for username in ("ldtbxh", "noivu"):
        assert reach(authenticate(username=username, password="ThiDua@2025")).district.code == "009"
    city = authenticate(username="so-ldtbxh", password="ThiDua@2025")
    assert reach(city).level == PROVINCE and reach(city).province.code == "01" and not city.is_staff
    assert YearlyCount.objects.count() == 33
    for count in YearlyCount.objects.all():
        count.full_clean()  # every demo row passes the real validation
    ends = dict(YearlyCount.objects.filter(year=2024).values_list("ward__name", "near_poor_end"))
    assert ends["Thanh Xuân Bắc"] == 0
    assert ends["Nhân Chính"] == 4  # the ward that falls behind its targets
    kd = Ward.objects.get(code="00364")
    assert deadline_for(campaign=plan, ward=kd, year=2025).is_open  # the demo can enter 2025
    assert ReportingWindow.objects.get(year=2022).closes_on.isoformat() == "2022-12-15"


@override_settings(DEBUG=False)
def test_seed_demo_refuses_when_debug_is_off(plan):
    with pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("seed_demo", verbosity=0)
    assert not WardOfficer.objects.exists()
    call_command("seed_demo", "--force", verbosity=0)
    assert WardOfficer.objects.count() == 11


@override_settings(DEBUG=True)
def test_seed_demo_2026_carries_the_accounts_to_the_new_wards(plan):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_2026", verbosity=0)
    call_command("seed_demo_2026", verbosity=0)  # idempotent
    officer = authenticate(username="phuong-khuong-dinh", password="ThiDua@2025")
    unit = reach(officer)
    assert unit.ward.name == "Khương Đình" and unit.ward.district is None and unit.writes
    assert Ward.objects.get(code="00364", valid_to__isnull=False).pk in unit.history
    assert reach(authenticate(username="phuong-kim-giang", password="ThiDua@2025")).ward.name == "Khương Đình"
    assert reach(authenticate(username="phuong-khuong-mai", password="ThiDua@2025")).ward.name == "Phương Liệt"
    office = reach(authenticate(username="ldtbxh", password="ThiDua@2025"))
    assert office.ward.name == "Thanh Xuân" and office.office
    assert WardOfficer.objects.filter(valid_to__isnull=True).count() == 11
    assert YearlyCount.objects.count() == 33  # the history as it was
    # The ward's 2026–2030 plan, under the city's, both marked as sample data.
    plan = Campaign.objects.get(owner_ward=office.ward)
    assert (plan.start_year, plan.end_year) == (2026, 2030) and plan.title.startswith("[Dữ liệu mẫu]")
    assert plan.parent.owner_province.code == "01" and plan.parent.title.startswith("[Dữ liệu mẫu]")
    assert Campaign.objects.of_unit(authenticate(username="phuong-thanh-xuan-bac", password="ThiDua@2025")).get() == plan
    assert deadline_for(campaign=plan, ward=office.ward, year=2026).is_open
