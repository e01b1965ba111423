"""The inline SVG charts: the data they show, the font they name, and escaped text."""

from datetime import date

from django.utils.safestring import SafeString

from reports import charts
from reports.progress import district_progress, ward_page
from units.models import District, Ward
from wards.models import Baseline, YearlyCount

FONT = "font-family=\"'Liberation Sans', Arial, sans-serif\""


def test_district_chart_shows_the_plan_and_the_approved_figures(plan, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    progress = district_progress(campaign=plan, today=date(2023, 6, 11))
    svg = charts.near_poor_path_chart(points=progress["path"], title="Hộ cận nghèo toàn quận")

    assert isinstance(svg, SafeString)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and "<title>Hộ cận nghèo toàn quận</title>" in svg
    assert svg.count(FONT) == svg.count("<text") + 1  # the <svg> and every text
    for planned in (32, 21, 10, 0):
        assert f">{planned}</text>" in svg
    assert "Kế hoạch: Đầu kỳ 2022 32, Cuối 2022 21, Cuối 2023 10, Cuối 2024 0, Cuối 2025 0" in svg
    # Only Khương Đình is approved: 4 households, drawn pale and said to be partial.
    assert ">4</text>" in svg and "1/11 phường" in svg and "Chưa đủ các phường" in svg
    assert "Cuối 2023 chưa có" in svg
    assert "Số hộ cận nghèo" in svg and "Thực hiện (số liệu đã duyệt)" in svg


def test_ward_chart_has_a_bar_and_a_plan_marker_per_ward(plan, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=1)
    progress = district_progress(campaign=plan, today=date(2023, 6, 11))
    svg = charts.ward_remaining_chart(rows=progress["wards"], title="Còn lại theo phường")
    assert 'role="img"' in svg and FONT in svg
    assert "Khương Đình: còn 5 (cuối 2022), kế hoạch 4" in svg
    assert "Nhân Chính: còn 9 (đầu kỳ), kế hoạch 9" in svg
    assert svg.count("<rect") == 11 + 1  # one bar per ward, one legend swatch


def test_ward_path_chart_of_one_ward(plan, khuong_dinh):
    progress = ward_page(campaign=plan, ward=khuong_dinh, today=date(2022, 10, 1))["progress"]
    svg = charts.near_poor_path_chart(points=progress["path"], title="Phường Khương Đình")
    assert "Kế hoạch: Đầu kỳ 2022 6, Cuối 2022 4, Cuối 2023 2, Cuối 2024 0, Cuối 2025 0" in svg
    assert "phường)" not in svg  # one ward: no "n/m phường" notes


def test_charts_escape_every_text(plan):
    hostile = Ward.objects.create(
        district=District.objects.get(), code="99999", name='<script>alert("x")</script>'
    )
    Baseline.objects.create(campaign=plan, ward=hostile, near_poor=3)
    progress = district_progress(campaign=plan, today=date(2023, 6, 11))

    bars = charts.ward_remaining_chart(rows=progress["wards"], title="<b>tiêu đề</b>")
    path = charts.near_poor_path_chart(points=progress["path"], title='"><script>')
    for svg in (bars, path):
        assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in bars
    assert "&lt;b&gt;tiêu đề&lt;/b&gt;" in bars
    assert 'aria-label="&quot;&gt;&lt;script&gt;' in path
