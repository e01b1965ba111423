"""The ward officer's first journey, in Chromium: log in, land on the ward page, enter figures."""

import pytest

from wards.models import YearlyCount

pytestmark = pytest.mark.browser


def test_officer_enters_the_first_years_figures(page, log_in, officer, khuong_dinh):
    log_in("phuong-khuong-dinh")
    assert page.url.endswith("/phuong/00364/")
    assert page.locator("h1").inner_text() == "Phường Khương Đình"

    page.click("text=Nhập số liệu năm 2022")
    assert page.input_value("#id_year") == "2022"
    assert page.input_value("#id_near_poor_start") == "6"
    assert "Chỉ tiêu giảm hộ cận nghèo năm 2022: 2 hộ" in page.inner_text("#count-context")

    page.fill("#id_near_poor_escaped", "3")
    page.fill("#id_near_poor_new", "1")
    page.fill("#id_near_poor_end", "4")
    assert "khớp với số cuối năm" in page.inner_text("#count-balance")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    assert page.url.endswith("/phuong/00364/")
    row = page.locator("tbody tr").first
    assert row.locator("th").inner_text() == "2022"
    assert row.locator("td").nth(5).inner_text() == "4"  # near-poor at year end
    assert "Đang nhập" in row.inner_text()
    count = YearlyCount.objects.get()
    assert (count.near_poor_start, count.near_poor_escaped, count.near_poor_new, count.near_poor_end) == (6, 3, 1, 4)


def test_unbalanced_figures_are_refused_in_vietnamese(page, log_in, officer, khuong_dinh):
    log_in("phuong-khuong-dinh")
    page.click("text=Nhập số liệu năm 2022")
    page.fill("#id_near_poor_escaped", "2")
    page.fill("#id_near_poor_end", "5")
    assert "chưa khớp với số cuối năm (5)" in page.inner_text("#count-balance")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    errors = page.inner_text(".errorlist")
    assert "Số liệu không cân đối: đầu năm 6 − giảm 2 + tăng 0 = 4, nhưng số cuối năm nhập là 5." in errors
    assert not YearlyCount.objects.exists()
