import pytest
from django.test import override_settings
from django.urls import reverse

from wards.models import YearlyCount


def test_healthz_answers_after_reading_a_table(client, db, django_assert_max_num_queries):
    # Its timeout and the read, in a savepoint of the test's transaction (config/tests/test_health.py).
    with django_assert_max_num_queries(4):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_login_page_speaks_vietnamese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Mật khẩu" in page


def test_wrong_password_gets_a_vietnamese_message(client, officer):
    response = client.post(reverse("login"), {"username": "phuong-khuong-dinh", "password": "sai"})
    assert "mật khẩu chính xác" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/tong-quan/", "/phuong/00364/"])
def test_anonymous_goes_to_login(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_officer_lands_on_own_ward_page(client, officer):
    client.force_login(officer)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/phuong/00364/"
    page = response.content.decode()
    assert "Phường Khương Đình" in page
    assert "Nhập số liệu năm 2022" in page


def test_home_affairs_lands_on_its_appraisal_queue(client, home_affairs):
    client.force_login(home_affairs)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:queue")
    assert "Hàng chờ thẩm định khen thưởng" in response.content.decode()


@pytest.mark.parametrize("role", ["social_affairs"])
def test_district_offices_land_on_the_district_table(request, client, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/tong-quan/"
    page = response.content.decode()
    for name in ("Nhân Chính", "Kim Giang", "Khương Đình"):
        assert name in page
    assert "Vượt tiến độ" in page or "Chưa báo cáo" in page or "Chưa đến hạn" in page


def test_user_without_role_is_refused(client, no_role):
    client.force_login(no_role)
    assert client.get("/").status_code == 403
    assert client.get("/tong-quan/").status_code == 403
    assert client.get("/phuong/00364/").status_code == 403


def test_ward_page_shows_targets_figures_and_status(client, officer, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=3)
    client.force_login(officer)
    response = client.get("/phuong/00364/")
    rows = response.context["rows"]
    assert [(r["year"], r["target"], r["planned_end"]) for r in rows] == [
        (2022, 2, 4), (2023, 2, 2), (2024, 2, 0), (2025, 0, 0),
    ]
    assert rows[0]["count"].near_poor_end == 3
    page = response.content.decode()
    assert "Đã duyệt" in page
    assert "Nhập số liệu năm 2023" in page


def test_officer_cannot_open_another_wards_page(client, officer):
    client.force_login(officer)
    assert client.get("/phuong/00343/").status_code == 404
    assert client.get("/tong-quan/").status_code == 403


def test_district_office_opens_any_ward_page_but_cannot_enter(client, home_affairs):
    client.force_login(home_affairs)
    response = client.get("/phuong/00343/")
    assert response.status_code == 200
    assert "Nhập số liệu" not in response.content.decode()
    assert client.get("/phuong/99999/").status_code == 404


@override_settings(DEBUG=False)
def test_pages_are_not_cached(client, officer):
    client.force_login(officer)
    assert "no-cache" in client.get("/phuong/00364/")["Cache-Control"]
