"""The district's LĐ-TB&XH reads its dashboard in Chromium: the 11 wards of Thanh Xuân in
Vietnamese alphabetical order, as a clerk would look one up."""

import pytest

from units.tests.test_vietnamese_order import THANH_XUAN_WARDS

pytestmark = pytest.mark.browser


def test_the_district_dashboard_reads_its_wards_in_vietnamese_order(page, log_in, plan, social_affairs):
    log_in("ldtbxh")
    page.goto("/tong-quan/quan/009/")
    assert page.locator("h1").inner_text() == "Tiến độ giảm hộ cận nghèo Quận Thanh Xuân"
    names = [name.strip() for name in page.locator("table.progress-table tbody th[scope=row]").all_inner_texts()]
    assert names == THANH_XUAN_WARDS
    # "Khương Đình" heads the three Khương wards, "Thượng Đình" closes the list.
    assert names.index("Khương Đình") < names.index("Khương Mai") < names.index("Khương Trung")
