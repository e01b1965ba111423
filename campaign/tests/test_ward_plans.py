"""Plans of wards under the city (the two-level government since 1/7/2025): the ward's own offices
keep them, its officers enter against them, and no other ward, district or city changes them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from campaign.models import Campaign
from units.access import Role
from units.models import District, Province, StaffPosting, Succession, Ward, WardOfficer
from units.reorganisation import TWO_LEVELS, load
from wards.models import Baseline, ReductionTarget, YearlyCount
from wards.tests.test_admin import form_data


def new_ward(code):
    return Ward.objects.get(code=code, valid_from=TWO_LEVELS)


@pytest.fixture
def world(plan, make_user):
    """After the reorganisation: a 2026–2030 plan of ward Thanh Xuân and one of Khương Đình, each
    with an officer and an office of its own; a second city with a ward plan too."""
    load(Province, District, Ward, Succession)
    city_plan = Campaign.objects.create(
        number="1/KH-UBND", title="Giảm nghèo 2026–2030", owner_province=plan.parent.owner_province,
        issuing_body="UBND Thành phố Hà Nội", issued_on=datetime.date(2026, 1, 5), start_year=2026, end_year=2030,
    )
    plans, people = {}, {}
    for code, slug in (("00367", "thanh-xuan"), ("00364", "khuong-dinh")):
        ward = new_ward(code)
        ward_plan = Campaign(
            number="12/KH-UBND", title="Vì người nghèo 2026–2030", owner_ward=ward, parent=city_plan,
            issuing_body=f"UBND phường {ward.name}", issued_on=datetime.date(2026, 2, 1), start_year=2026, end_year=2030,
        )
        ward_plan.full_clean()
        ward_plan.save()
        Baseline.objects.create(campaign=ward_plan, ward=ward, near_poor=10)
        ReductionTarget.objects.create(campaign=ward_plan, ward=ward, year=2026, reduction=2)
        officer = make_user(f"can-bo-{slug}", Role.WARD_OFFICER)
        WardOfficer.objects.create(user=officer, ward=ward, valid_from=TWO_LEVELS)
        office = make_user(f"phong-kt-{slug}", is_staff=True)  # the ward's office in charge
        office.groups.add(Group.objects.get(name=Role.SOCIAL_AFFAIRS.value))
        StaffPosting.objects.create(user=office, ward=ward, valid_from=TWO_LEVELS)
        plans[slug], people[slug] = ward_plan, {"officer": officer, "office": office}
    return plans, people


def add_2026(client, ward_plan):
    ward = ward_plan.owner_ward
    data = form_data(ward, year=2026)
    data.update(campaign=ward_plan.pk, near_poor_escaped=2, near_poor_end=8)
    return client.post(reverse("admin:wards_yearlycount_add"), data)


def test_the_ward_enters_and_its_own_office_approves(client, world):
    plans, people = world
    client.force_login(people["thanh-xuan"]["officer"])
    assert add_2026(client, plans["thanh-xuan"]).status_code == 302
    count = YearlyCount.objects.get(campaign=plans["thanh-xuan"], year=2026)
    assert count.near_poor_end == 8
    client.post(reverse("wards:count-submit", args=["00367", 2026]), {"confirmed": "1"})
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.SUBMITTED
    # Another ward's office may not approve it; its own may.
    client.force_login(people["khuong-dinh"]["office"])
    assert client.post(reverse("wards:count-approve", args=["00367", 2026])).status_code == 404
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.SUBMITTED
    client.force_login(people["thanh-xuan"]["office"])
    client.post(reverse("wards:count-approve", args=["00367", 2026]), {"confirmed": "1"})
    count.refresh_from_db()
    assert count.status == YearlyCount.Status.APPROVED
    page = client.get(reverse("reports:ward", args=["00367"])).content.decode()
    assert "Kế hoạch 12/KH-UBND" in page and "Các đơn vị trước sắp xếp" in page


def test_plans_are_their_wards_own(client, world, social_affairs, make_user):
    plans, people = world
    thanh_xuan, khuong_dinh = plans["thanh-xuan"], plans["khuong-dinh"]
    for who in (people["khuong-dinh"]["officer"], people["khuong-dinh"]["office"]):
        assert not Campaign.objects.visible_to(who).filter(pk=thanh_xuan.pk).exists()
        assert not Campaign.objects.editable_by(who).filter(pk=thanh_xuan.pk).exists()
    assert Campaign.objects.editable_by(people["thanh-xuan"]["office"]).filter(pk=thanh_xuan.pk).exists()
    assert not Campaign.objects.editable_by(people["thanh-xuan"]["officer"]).exists()
    # The dissolved district's staff, and the city, change nothing of them.
    assert not Campaign.objects.editable_by(social_affairs).filter(pk__in=[thanh_xuan.pk, khuong_dinh.pk]).exists()
    city = make_user("so-nnmt", Role.CITY_SOCIAL_AFFAIRS)
    assert set(Campaign.objects.visible_to(city).filter(owner_ward__isnull=False)) == {thanh_xuan, khuong_dinh}
    assert not Campaign.objects.editable_by(city).exists()
    other_city = Province.objects.create(code="31", name="Thành phố Hải Phòng")
    outsider = make_user("so-hp", Role.CITY_SOCIAL_AFFAIRS, province=other_city)
    assert not Campaign.objects.visible_to(outsider).filter(owner_ward__isnull=False).exists()
    # Khương Đình's officer, entering against Thanh Xuân's plan with valid data, is refused.
    client.force_login(people["khuong-dinh"]["officer"])
    add_2026(client, thanh_xuan)
    assert not YearlyCount.objects.filter(campaign=thanh_xuan).exists()
    # Thanh Xuân's office edits its own plan; Khương Đình's office gets a 404 for it.
    client.force_login(people["khuong-dinh"]["office"])
    url = reverse("admin:campaign_campaign_change", args=[thanh_xuan.pk])
    assert client.get(url).status_code == 302  # "không tồn tại": back to the list
    client.force_login(people["thanh-xuan"]["office"])
    assert client.get(url).status_code == 200


def test_a_ward_office_adds_a_plan_that_is_its_wards(client, world):
    plans, people = world
    client.force_login(people["thanh-xuan"]["office"])
    response = client.post(reverse("admin:campaign_campaign_add"), {
        "number": "30/KH-UBND", "title": "Kế hoạch năm 2027", "issuing_body": "UBND phường Thanh Xuân",
        "issued_on": "05/01/2027", "start_year": 2027, "end_year": 2027, "goal": "", "parent": plans["thanh-xuan"].parent_id,
        "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Campaign.objects.get(number="30/KH-UBND")
    assert made.owner_ward == new_ward("00367") and made.owner_district is None and made.owner_province is None


def test_the_city_page_sums_the_wards_own_plans(client, world, make_user):
    plans, people = world
    client.force_login(people["thanh-xuan"]["officer"])
    add_2026(client, plans["thanh-xuan"])
    client.post(reverse("wards:count-submit", args=["00367", 2026]), {"confirmed": "1"})
    client.force_login(people["thanh-xuan"]["office"])
    client.post(reverse("wards:count-approve", args=["00367", 2026]), {"confirmed": "1"})
    city = make_user("so-nnmt", Role.CITY_SOCIAL_AFFAIRS)
    client.force_login(city)
    page = client.get(reverse("reports:city-dashboard", args=["01"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 phường, xã có kế hoạch riêng, 2 phường có trong bảng chỉ tiêu" in text
    assert "Tiến độ theo phường, xã" in text
    assert f'href="{reverse("reports:ward", args=["00367"])}">Phường Thanh Xuân</a>' in text
    # 1 of the 2 wards approved: the city's headline gives no total for 2026, only how much is in.
    assert "Số liệu năm 2026</span>" in text
    assert "Chưa đủ số liệu: 1/2 phường" in text
