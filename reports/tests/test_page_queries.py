"""Every page of the reports app runs a fixed number of queries, whatever the number of wards and
districts: each is counted on the plan's 11 wards, then again with many more (Thanh Xuân grown
to 31 wards, two more districts of 20 wards in Hà Nội, a city of two more districts elsewhere),
both when the progress pages come from their cache and when they are computed afresh.

The numbers are the page's whole cost, the signed-in user included: session and user (2), the
user's roles (1), their ward or posting (1), the plan they work under (1, for the page and its
footer), then the page's own.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache

from reports.models import ReviewReport
from reports.services import review_report_issue
from reports.tests.factories import add_district, add_wards
from reports.tests.review_data import approve_years, review
from units.models import District, Province

PDF = b"%PDF-1.4 stand-in\n"


def grow(plan):
    """From one district of 11 wards to a city of 3 districts and another city beside it."""
    add_wards(plan, 20, district=District.objects.get(code="009"))
    add_district(plan, code="006", name="Đống Đa", wards=20)
    add_district(plan, code="007", name="Hai Bà Trưng", wards=20)
    hai_phong = Province.objects.create(code="31", name="Thành phố Hải Phòng")
    add_district(plan, code="303", name="Hồng Bàng", wards=20, province=hai_phong)


def queries(client, url, number, django_assert_num_queries, *, cached: bool, status=200):
    if cached:
        client.get(url)  # fills the cache
    else:
        cache.clear()
    with django_assert_num_queries(number):
        response = client.get(url)
    assert response.status_code == status
    return response


# (url, user fixture, queries from the cache, queries computed afresh, status)
PAGES = [
    # session, user, roles, posting, plan; the version; afresh: the selector's five. A reviewer's
    # header also counts what waits (reports.inbox.waiting_count): permissions (2) and the count.
    ("/tong-quan/", "social_affairs", 9, 14, 200),
    # ... and the district; city staff also read the district's plan answering the city's.
    ("/tong-quan/quan/009/", "social_affairs", 10, 15, 200),
    ("/tong-quan/quan/009/", "city_staff", 8, 13, 200),
    # afresh: the districts, the plans answering the city's, then three aggregates.
    ("/tong-quan/tinh/01/", "city_staff", 6, 14, 200),  # afresh: + the units of the day, the wards' own plans
    # session, user, roles, ward link, plan; the version; afresh: the five rows.
    ("/phuong/00364/", "officer", 6, 12, 200),
    # ... and the ward; city staff also read its district's plan.
    ("/phuong/00364/", "social_affairs", 10, 16, 200),
    ("/phuong/00364/", "city_staff", 8, 14, 200),
]


@pytest.mark.parametrize("cached", [True, False], ids=["cached", "afresh"])
@pytest.mark.parametrize("url,who,from_cache,afresh,status", PAGES)
def test_progress_pages_do_not_grow(request, client, plan, django_assert_num_queries, url, who, from_cache,
                                    afresh, status, cached):
    client.force_login(request.getfixturevalue(who))
    number = from_cache if cached else afresh
    response = queries(client, url, number, django_assert_num_queries, cached=cached, status=status)
    assert b"<svg" in response.content  # the cached page part is markup, not escaped text
    grow(plan)
    queries(client, url, number, django_assert_num_queries, cached=cached, status=status)


def test_the_way_in_does_not_grow(client, plan, city_staff, superuser, django_assert_num_queries):
    """/tong-quan/ sends city staff to their city, a superuser of one city to it (session, user,
    then roles and posting, or the districts and the cities); a superuser of several cities
    picks one from a list (and the page's header asks for the roles)."""
    add_district(plan, code="008", name="Cầu Giấy", wards=2)
    for user, number in ((city_staff, 4), (superuser, 4)):
        client.force_login(user)
        with django_assert_num_queries(number):
            assert client.get("/tong-quan/").status_code == 302
    grow(plan)
    client.force_login(city_staff)
    with django_assert_num_queries(4):
        assert client.get("/tong-quan/").status_code == 302
    client.force_login(superuser)
    with django_assert_num_queries(5):
        assert "Thành phố Hải Phòng" in client.get("/tong-quan/").content.decode()
    Province.objects.bulk_create([Province(code=f"{n}", name=f"Tỉnh {n}") for n in range(40, 60)])
    with django_assert_num_queries(5):
        assert "Tỉnh 59" in client.get("/tong-quan/").content.decode()


@pytest.fixture
def reports(plan, social_affairs):
    """A draft mid-term report and an issued final report of Thanh Xuân."""
    approve_years(plan, [2022, 2023])
    draft = review(plan, ReviewReport.Kind.MID_TERM)
    final = review(plan)
    with mock.patch("reports.documents.html_to_pdf", return_value=PDF):
        final = review_report_issue(report=final, user=social_affairs, today=datetime.date(2025, 6, 11))
    return {"draft": draft, "final": final}


# (url name, report, queries): session, user, roles, posting, then the page's own; the pages
# (not the downloads) also read the plan the user works under, for their footer.
REVIEW_PAGES = [
    ("review-list", None, 9),  # the reports; the add permission (2); the header's "Chờ duyệt (N)"
    # the report; the change and issue permissions (2); its plan is the user's (1); its review's year (1)
    ("review-detail", "draft", 11),
    ("review-detail", "final", 10),  # the report (an issued one is changed by nobody); its review's year; the header's count (3)
    ("review-preview", "draft", 14),  # the report; review_content's nine; no stored file read
    # the report's state; the user drafts it: permissions (2), its plan (1); the data version; then as the preview
    ("review-pdf", "draft", 19),
    ("review-pdf", "final", 6),  # the report with its PDF, not its .xlsx; the year for its file name
    ("review-xlsx", "draft", 14),
    ("review-xlsx", "final", 6),
]


@pytest.mark.parametrize("name,which,number", REVIEW_PAGES)
def test_review_pages_do_not_grow(client, plan, reports, social_affairs, django_assert_num_queries, name, which,
                                  number):
    from django.urls import reverse

    url = reverse(f"reports:{name}", args=[reports[which].pk] if which else [])
    client.force_login(social_affairs)
    with mock.patch("reports.documents.html_to_pdf", return_value=PDF):
        with django_assert_num_queries(number):
            assert client.get(url).status_code == 200
        grow(plan)
        with django_assert_num_queries(number):
            assert client.get(url).status_code == 200
