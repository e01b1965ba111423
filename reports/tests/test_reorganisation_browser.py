"""The city after the 2025 reorganisation, in Chromium: the city's office opens its page in
2026, finds the new wards directly under the city, opens Thanh Xuân ward and, from its table of
predecessors, one old ward's 2022–2025 results, which it reads and cannot change."""

import pytest

from conftest import PASSWORD
from reports.tests.review_data import approve_years
from units import reorganisation
from units.models import District, Province, Succession, Ward
from wards.models import YearlyCount

pytestmark = pytest.mark.browser


def test_city_staff_drill_from_the_new_wards_into_their_predecessors(page, plan, city_staff):
    approve_years(plan, [2022, 2023, 2024])
    reorganisation.load(Province, District, Ward, Succession)
    old = Ward.objects.get(name="Thanh Xuân Bắc", valid_from__isnull=True)
    figures = {c.year: c.near_poor_end for c in YearlyCount.objects.filter(ward=old)}

    page.goto("/dang-nhap/")
    page.fill("#id_username", "so-ldtbxh")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/tong-quan/tinh/01/")
    units = page.locator("section.units").inner_text()
    assert "3 phường, xã trực thuộc thành phố" in units
    names = page.locator("section.units table tbody th").all_inner_texts()
    assert names == ["Phường Khương Đình", "Phường Phương Liệt", "Phường Thanh Xuân"]

    page.click("section.units table >> text=Phường Thanh Xuân")
    page.wait_for_load_state()
    assert page.url.endswith("/phuong/00367/")
    assert page.locator("h1").inner_text() == "Phường Thanh Xuân"
    lineage = page.locator("section.lineage")
    assert "Các đơn vị trước sắp xếp" in lineage.inner_text()
    row = lineage.locator("tbody tr", has=page.locator("th a", has_text="Thanh Xuân Bắc")).first
    assert [c for c in row.locator("td.num").all_inner_texts()] == [str(figures[y]) for y in (2022, 2023, 2024)]
    # The splits' shares are unknown: the total says it is not complete, never a sum of a part.
    assert "chưa đủ" in lineage.locator("tfoot").inner_text()

    row.locator("th a").click()
    page.wait_for_load_state()
    assert page.url.endswith("/phuong/00367-2025-06-30/")
    text = page.locator("main").inner_text()
    assert "hoạt động đến hết ngày 30/06/2025" in text
    results = page.locator("table", has=page.locator("caption", has_text="Hộ cận nghèo của Phường Thanh Xuân Bắc"))
    for year in (2022, 2023, 2024):
        cells = results.locator("tbody tr", has=page.locator(f"th:text-is('{year}')")).inner_text().split("\t")
        assert str(figures[year]) in cells and cells[-1] == "Đã duyệt"
    # Read only: no way to enter or send figures for the old ward.
    assert page.locator("text=Nhập số liệu năm").count() == 0
    assert page.locator("main form[method=post]").count() == 0
