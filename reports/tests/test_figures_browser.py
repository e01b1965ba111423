"""What LĐ-TB&XH reads, in Chromium, when one ward of eleven has approved figures: the dashboard
headlines no total, and the ranking ranks only the wards with something to rank on."""

import pytest

from wards.models import YearlyCount

pytestmark = pytest.mark.browser


def test_partial_figures_are_not_shown_as_results(page, log_in, social_affairs, make_count, khuong_dinh):
    # Khương Đình (6 at the start, targets 2, 2, 2): 3, 1 and 2 out, so on the path each year.
    for year, escaped in ((2022, 3), (2023, 1), (2024, 2)):
        make_count(khuong_dinh, year, status=YearlyCount.Status.APPROVED, near_poor_escaped=escaped)

    log_in("ldtbxh")
    assert page.locator("h1").inner_text() == "Tiến độ giảm hộ cận nghèo Quận Thanh Xuân"
    summary = page.inner_text("section.summary")
    assert "Số liệu năm 2024" in summary and "Chưa đủ số liệu: 1/11 phường" in summary
    assert "Còn lại cuối năm" not in summary
    footer = page.inner_text("table.progress-table tfoot")
    assert "Cộng 1 phường đã duyệt: 0" in footer and "chưa phải số của toàn quận" in footer
    assert "Thực tế còn" not in footer
    row = page.locator("table.progress-table tr", has=page.locator("th a", has_text="Khương Đình")).first
    assert "Đúng tiến độ" in row.inner_text()

    page.click("nav >> text=Xếp hạng phường")
    page.wait_for_load_state()
    page.click("ul.filters >> text=Năm 2023")
    page.wait_for_load_state()
    first = page.locator("table.data tbody tr").first
    assert first.locator("td.rank").inner_text() == "1"
    assert "Khương Đình" in first.inner_text()
    # The dashboard's measure: 4 of 4 reduced by the end of 2023, though 2023 alone reduced 1 of 2.
    assert "Đúng tiến độ (lũy kế giảm 4/4; năm 2023 giảm 1/2)" in first.inner_text()
    ranks = page.locator("table.data tbody td.rank").all_inner_texts()
    assert ranks == ["1"] + ["Chưa xếp hạng"] * 10
    assert page.locator("text=Chưa xếp hạng (chưa đánh giá tiêu chí, chưa có số liệu được duyệt)").count() == 1
    assert "lũy kế từ đầu kỳ so với chỉ tiêu lũy kế" in page.inner_text("main")
