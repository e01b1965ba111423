"""The admin's change lists of wards and figures run the same number of queries whatever the
number of wards and rows: Thanh Xuân's 11 wards first, then 3 districts of 30 wards more.

Each list is read as the officer of Khương Đình, as LĐ-TB&XH of Thanh Xuân and as a superuser;
its page holds up to 100 rows, so the larger world fills pages the smaller one does not.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from units.models import District, Province, StaffPosting, Ward, WardOfficer
from wards.models import Baseline, CountTransition, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount

CHANGE_LISTS = [
    "wards_yearlycount", "units_ward", "wards_reductiontarget", "wards_baseline", "wards_counttransition",
    "wards_windowextension", "units_wardofficer", "units_district", "units_province", "units_staffposting",
    "wards_reportingwindow",
]
# Filters and searches the lists are used with.
QUERIES = {
    "wards_yearlycount": ["", "?year=2023", "?status=approved", "?q=Khương"],
    "units_ward": ["", "?q=Khương"],
    "wards_reductiontarget": ["", "?year=2023"],
    "wards_counttransition": ["", "?count__year=2022"],
}


def fill(plan, wards, *, by):
    """Figures for every year of `wards`, with a transition each, an extension and an officer."""
    counts = YearlyCount.objects.bulk_create(
        YearlyCount(
            campaign=plan, ward=ward, year=year, near_poor_start=5, near_poor_end=5,
            status=YearlyCount.Status.SUBMITTED, updated_by=by,
        )
        for ward in wards for year in plan.years
    )
    CountTransition.objects.bulk_create(
        CountTransition(count=count, from_status="draft", to_status="submitted", by=by) for count in counts
    )
    window, _ = ReportingWindow.objects.get_or_create(
        campaign=plan, year=2024, defaults={"opens_on": "2024-11-01", "closes_on": "2024-12-15"}
    )
    WindowExtension.objects.bulk_create(
        WindowExtension(window=window, ward=ward, closes_on="2024-12-30", reason="Rà soát lại", granted_by=by)
        for ward in wards
    )


def grow(plan, make_user, by):
    """Three districts of 30 wards more (one of them Thanh Xuân), each under its own plan, with all
    their rows."""
    from conftest import district_plan_for

    hanoi = Province.objects.get(code="01")
    other = Province.objects.create(code="79", name="Thành phố Hồ Chí Minh")
    districts = [
        District.objects.get(code="009"),
        District.objects.create(province=hanoi, code="001", name="Ba Đình"),
        District.objects.create(province=other, code="760", name="Quận 1"),
    ]
    plans = [plan] + [district_plan_for(district, plan=plan) for district in districts[1:]]
    for d, (district, own) in enumerate(zip(districts, plans)):
        wards = Ward.objects.bulk_create(
            Ward(district=district, province_id=district.province_id, code=f"{70000 + 100 * d + i:05d}", name=f"Số {d}-{i}", slug=f"so-{d}-{i}")
            for i in range(30)
        )
        Baseline.objects.bulk_create(Baseline(campaign=own, ward=ward, near_poor=5) for ward in wards)
        ReductionTarget.objects.bulk_create(
            ReductionTarget(campaign=own, ward=ward, year=year, reduction=1) for ward in wards for year in own.years
        )
        fill(own, wards, by=by)
        for i, ward in enumerate(wards):
            WardOfficer.objects.create(user=make_user(f"can-bo-{d}-{i}"), ward=ward)
    for i, district in enumerate(districts[1:]):
        StaffPosting.objects.create(user=make_user(f"phong-{i}"), district=district)


def queries(client, user, name, query):
    client.force_login(user)
    url = reverse(f"admin:{name}_changelist") + query
    client.get(url)  # content types, permissions and templates warmed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    app_label, model = name.split("_", 1)
    # The list opens exactly for the users whose role may view the model.
    expected = 200 if user.has_perm(f"{app_label}.view_{model}") else 403
    assert response.status_code == expected, (url, response.status_code)
    return response.status_code, len(captured)


@pytest.fixture
def superuser(make_user):
    return make_user("quan-tri", is_superuser=True)


def test_change_lists_do_not_grow_with_wards_and_rows(client, plan, officer, social_affairs, superuser, make_user):
    users = {"officer": officer, "social affairs": social_affairs, "superuser": superuser}
    fill(plan, list(Ward.objects.all()), by=social_affairs)
    cases = [
        (who, name, query) for who in users for name in CHANGE_LISTS for query in QUERIES.get(name, [""])
    ]
    small = {case: queries(client, users[case[0]], case[1], case[2]) for case in cases}

    grow(plan, make_user, by=social_affairs)
    assert YearlyCount.objects.count() > 100, "the superuser's list fills a page"
    large = {case: queries(client, users[case[0]], case[1], case[2]) for case in cases}

    grew = {case: (small[case], large[case]) for case in cases if small[case] != large[case]}
    assert not grew, grew
    allowed = [case for case in cases if large[case][0] == 200]
    assert {case[0] for case in allowed} == set(users), "every user reads some of these lists"


def test_yearly_figures_list_shows_the_units_a_user_picks_from(client, plan, social_affairs, superuser, make_user):
    grow(plan, make_user, by=social_affairs)
    url = reverse("admin:wards_yearlycount_changelist")

    client.force_login(social_affairs)
    page = client.get(url).content.decode()
    assert "?ward__id__exact=" in page and "Phường Số 0-29" in page, "41 wards of Thanh Xuân to pick from"
    assert "Phường Số 1-0" not in page, "nor another district's ward"

    client.force_login(superuser)
    page = client.get(url).content.decode()
    assert "?ward__id__exact=" not in page, "101 wards: the search box, not a list"
    assert "?ward__district__id__exact=" in page and "Quận Ba Đình" in page
    assert page.count('class="action-select"') == 100
