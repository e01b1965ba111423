"""The district progress dashboard: who may open it, and what it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.tests.factories import add_wards
from units.models import District, Ward
from wards.models import Baseline, YearlyCount

URL = "/tong-quan/"


def test_url_name():
    assert reverse("reports:dashboard") == URL


def test_anonymous_goes_to_login(client, plan):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "other_officer", "no_role"])
def test_ward_officers_and_users_without_role_are_refused(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["social_affairs", "home_affairs"])
def test_district_offices_see_the_dashboard(request, client, role, make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for name in ("Nhân Chính", "Kim Giang", "Khương Đình", "Thanh Xuân Bắc", "Phương Liệt"):
        assert name in page
    for label in ("Vượt tiến độ", "Đúng tiến độ", "Chậm tiến độ", "Chưa báo cáo", "Chưa đến hạn"):
        assert label in page
    assert page.count("<svg") == 2
    assert "font-family=\"'Liberation Sans', Arial, sans-serif\"" in page
    assert "Kế hoạch: Đầu kỳ 2022 32, Cuối 2022 21, Cuối 2023 10, Cuối 2024 0, Cuối 2025 0" in page
    assert 'href="/phuong/00364/"' in page
    # A cell leads to the figures' own page, not to the admin's form.
    assert f'href="{reverse("wards:count", args=[count.ward.key, 2022])}"' in page
    assert "/admin/wards/yearlycount/" not in page
    assert "css/reports.css" in page
    # Years are never written with a thousand separator.
    assert "2.022" not in page and "2.025" not in page


def test_dashboard_flags_breaches_and_pending_counts(client, social_affairs, make_count,
                                                      khuong_dinh, nhan_chinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, poor_end=1)
    make_count(nhan_chinh, 2022, status=YearlyCount.Status.SUBMITTED, near_poor_escaped=3)
    client.force_login(social_affairs)
    page = client.get(URL).content.decode()
    assert "có 1 hộ nghèo (mục tiêu: không có hộ nghèo)" in page
    assert "Số liệu đã gửi, chờ duyệt" in page


def test_dashboard_escapes_ward_names(client, plan, social_affairs):
    hostile = Ward.objects.create(district=District.objects.get(), code="99999", name="<script>")
    Baseline.objects.create(campaign=plan, ward=hostile, near_poor=1)
    client.force_login(social_affairs)
    page = client.get(URL).content.decode()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_dashboard_queries_do_not_grow_with_wards(client, plan, social_affairs,
                                                  django_assert_num_queries):
    client.force_login(social_affairs)
    with CaptureQueriesContext(connection) as at_11:
        assert client.get(URL).status_code == 200
    add_wards(plan, 40)
    with django_assert_num_queries(len(at_11)):
        page = client.get(URL).content.decode()
    assert "Thử 039" in page
