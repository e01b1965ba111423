"""The city's journey, in Chromium: Sở LĐ-TB&XH signs in on its dashboard, opens a district, then
one of its wards, and goes back up."""

import pytest

from conftest import PASSWORD
from wards.models import YearlyCount

pytestmark = pytest.mark.browser


def test_city_staff_drill_down_from_the_city_to_a_ward(page, plan, city_staff, dong_da, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)

    # The dashboard's address, bookmarked: the login page, then the city's own dashboard.
    page.goto("/tong-quan/")
    page.fill("#id_username", "so-ldtbxh")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/tong-quan/tinh/01/")
    assert page.locator("h1").inner_text() == "Tiến độ giảm hộ cận nghèo Thành phố Hà Nội"
    rows = page.locator("table.city-table tbody tr")
    assert rows.count() == 2
    assert "Toàn thành phố" in page.inner_text("table.city-table tfoot")
    assert page.locator("svg[role=img]").count() == 1

    page.click("table.city-table >> text=Thanh Xuân")
    page.wait_for_load_state()
    assert page.url.endswith("/tong-quan/quan/009/")
    assert page.locator("h1").inner_text() == "Tiến độ giảm hộ cận nghèo Quận Thanh Xuân"
    row = page.locator("table.progress-table tr", has=page.locator("th a", has_text="Khương Đình")).first
    assert "giảm 2, còn 4" in row.inner_text() and "Đúng tiến độ" in row.inner_text()
    assert page.locator("a[href^='/admin/']").count() == 0  # no way into the district's data entry

    row.locator("th a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/phuong/00364/")
    assert page.locator("h1").inner_text() == "Phường Khương Đình"
    assert page.locator("text=Nhập số liệu năm").count() == 0

    page.click("text=← Tiến độ Quận Thanh Xuân")
    page.wait_for_load_state()
    page.click("text=← Thành phố Hà Nội")
    page.wait_for_load_state()
    assert page.url.endswith("/tong-quan/tinh/01/")
