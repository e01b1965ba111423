"""The error pages in Vietnamese: 400, 403 (and a refused form's CSRF check), 404 and 500, each
saying what happened and leading home; the 500 page renders without a request or the database."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

from units.access import NO_ROLE

pytestmark = pytest.mark.django_db

ENGLISH = ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification failed")


def assert_vietnamese(html: str, *phrases: str):
    for phrase in phrases:
        assert phrase in html
    assert 'href="/"' in html and "Về trang chủ" in html
    for english in ENGLISH:
        assert english not in html


def test_404_in_vietnamese(client, settings, officer):
    settings.DEBUG = False
    client.force_login(officer)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert_vietnamese(response.content.decode(), "Không tìm thấy trang", "Mã lỗi 404")


def test_404_for_another_wards_figures(client, settings, officer, other_officer, make_count, nhan_chinh):
    settings.DEBUG = False
    make_count(nhan_chinh, 2022)
    client.force_login(officer)
    response = client.get(f"/phuong/{nhan_chinh.code}/2022/")
    assert response.status_code == 404
    assert_vietnamese(response.content.decode(), "Không tìm thấy trang", "không thuộc đơn vị")


def test_403_in_vietnamese(client, settings, no_role):
    # An account of no role has no landing page; the reason given by the view is shown.
    settings.DEBUG = False
    client.force_login(no_role)
    response = client.get("/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_vietnamese(html, "Không có quyền truy cập", "Mã lỗi 403", "Chưa có gì được thay đổi")
    assert str(NO_ROLE) in html


def test_csrf_failure_in_vietnamese(settings, officer):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post("/dang-xuat/")
    assert response.status_code == 403
    assert_vietnamese(response.content.decode(), "Biểu mẫu đã hết hạn, chưa được gửi", "cookie")


def test_400_in_vietnamese(client, settings):
    settings.DEBUG = False
    response = client.get("/", headers={"host": "khong-duoc-phep.example"})
    assert response.status_code == 400
    assert_vietnamese(response.content.decode(), "Yêu cầu không hợp lệ", "Mã lỗi 400")


def test_500_renders_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert_vietnamese(html, "Hệ thống gặp lỗi", "Mã lỗi 500")


def test_500_in_vietnamese(settings, officer):
    from unittest import mock

    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    with mock.patch("config.views.reach", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    assert_vietnamese(response.content.decode(), "Hệ thống gặp lỗi")


@pytest.mark.browser
def test_error_pages_in_chromium(page, log_in, no_role, live_server):
    log_in(no_role.username)
    response = page.goto("/khong-co-trang-nay/")
    assert response.status == 404
    assert page.inner_text("h1") == "Không tìm thấy trang"
    assert "không thuộc đơn vị của tài khoản đang đăng nhập" in page.inner_text("main")
    response = page.goto("/")
    assert response.status == 403
    assert page.inner_text("h1") == "Không có quyền truy cập"
    assert "Chưa có gì được thay đổi" in page.inner_text("main")
