"""The figures' pages read a fixed number of queries, whatever the number of wards and districts.

Each page is requested on the plan's 11 wards, then again after 3 more districts of 20 wards
each, with four years of figures and their transitions, have been added: the count must not move.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from units.models import District, Province, Ward
from wards.models import Baseline, CountTransition, ReductionTarget, YearlyCount

pytestmark = pytest.mark.django_db

Status = YearlyCount.Status


def grow(plan, *, districts=3, wards_per_district=20):
    """More districts of Hà Nội, each ward with a baseline, targets, 4 years of figures and moves."""
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.create_user("can-bo-them")
    province = Province.objects.get(code="01")
    for d in range(districts):
        district = District.objects.create(province=province, code=f"9{d:02d}", name=f"Số {d + 1}")
        wards = Ward.objects.bulk_create(
            Ward(district=district, province_id=district.province_id, code=f"9{d:02d}{w:02d}", name=f"Số {d + 1}-{w + 1}", slug=f"so-{d}-{w}")
            for w in range(wards_per_district)
        )
        Baseline.objects.bulk_create(Baseline(campaign=plan, ward=ward, near_poor=10, poor=0) for ward in wards)
        ReductionTarget.objects.bulk_create(
            ReductionTarget(campaign=plan, ward=ward, year=year, reduction=2) for ward in wards for year in plan.years
        )
        counts = YearlyCount.objects.bulk_create(
            YearlyCount(
                campaign=plan, ward=ward, year=year, near_poor_start=10 - 2 * i, near_poor_escaped=2,
                near_poor_end=8 - 2 * i, status=Status.APPROVED if year < 2025 else Status.SUBMITTED,
            )
            for ward in wards for i, year in enumerate(plan.years)
        )
        CountTransition.objects.bulk_create(
            CountTransition(count=count, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=clerk)
            for count in counts
        )


def queries(client, url, status=200) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(captured)


@pytest.fixture
def our_counts(make_count, khuong_dinh, officer, social_affairs):
    """Khương Đình's 2022 approved (with a return and a reopening on record) and 2023 submitted."""
    first = make_count(khuong_dinh, 2022, status=Status.APPROVED, near_poor_escaped=2)
    for from_status, to_status in ((Status.DRAFT, Status.SUBMITTED), (Status.SUBMITTED, Status.RETURNED),
                                   (Status.RETURNED, Status.SUBMITTED), (Status.SUBMITTED, Status.APPROVED)):
        CountTransition.objects.create(count=first, from_status=from_status, to_status=to_status, by=social_affairs)
    second = make_count(khuong_dinh, 2023, status=Status.SUBMITTED, near_poor_escaped=1)
    return first, second


# Three more than before the review beside the figures: the year's targets, the plan's baseline
# and last year's approved figures (wards.selectors.count_review; not asked in the plan's first
# year), whatever the number of wards.
@pytest.mark.parametrize("who, year, expected", [
    ("officer", 2022, 13), ("officer", 2023, 14), ("social_affairs", 2022, 15), ("social_affairs", 2023, 16),
    ("home_affairs", 2023, 16),
])
def test_count_page(client, request, plan, our_counts, khuong_dinh, who, year, expected):
    client.force_login(request.getfixturevalue(who))
    url = reverse("wards:count", args=[khuong_dinh.code, year])
    small = queries(client, url)
    grow(plan)
    large = queries(client, url)
    assert small == large == expected


@pytest.mark.parametrize("who", ["officer", "social_affairs", "home_affairs"])
def test_home_redirect(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))
    small = queries(client, reverse("home"), status=302)
    grow(plan)
    assert queries(client, reverse("home"), status=302) == small <= 5


def test_login_page_and_health_check(client, plan):
    small = (queries(client, reverse("login")), queries(client, reverse("healthz")))
    grow(plan)
    assert (queries(client, reverse("login")), queries(client, reverse("healthz"))) == small
    assert small[0] == 0
