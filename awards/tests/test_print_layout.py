"""The council list and the nominations' export print as the council reads them: A4 landscape,
every column on the page's width, the header row on every page."""

import pytest
from django.urls import reverse

from awards import services
from awards.resources import NominationResource
from awards.spreadsheets import COLUMNS
from common.tests.printing import SOFFICE, assert_printable, pdf_page_text, pdf_pages, workbook, xlsx_to_pdf

LONG = (
    "Vận động, hỗ trợ các hộ cận nghèo trên địa bàn thoát cận nghèo bền vững; phối hợp với Mặt trận "
    "Tổ quốc và các đoàn thể tổ chức trao quà, hỗ trợ sinh kế, giới thiệu việc làm cho người lao động. "
) * 4


@pytest.fixture
def council(make_nomination, officer, social_affairs, home_affairs):
    """Eight nominations of 2023 before the council, with long achievements: several pages down."""
    for number in range(1, 9):
        nomination = make_nomination(officer, nominee_name=f"Tổ dân phố số {number}", achievements=LONG)
        services.nomination_submit(nomination=nomination, user=officer)
        services.nomination_forward(nomination=nomination, user=social_affairs)
        services.nomination_approve(nomination=nomination, user=home_affairs, reason="Đủ tiêu chuẩn.")


def council_list(client, home_affairs) -> bytes:
    client.force_login(home_affairs)
    response = client.get(reverse("awards:council-list", args=["yearly", 2023]))
    assert response.status_code == 200
    return response.content


def test_the_council_list_is_laid_out_for_a4(client, council, home_affairs):
    sheet = workbook(council_list(client, home_affairs)).active
    assert [cell.value for cell in sheet[4]] == [name for name, _ in COLUMNS]
    assert_printable(sheet, title_rows="4:4", landscape=True)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice Calc (soffice) is not installed")
def test_the_council_list_prints_all_seven_columns_on_page_one(client, council, home_affairs, tmp_path):
    pdf = xlsx_to_pdf(council_list(client, home_affairs), tmp_path)
    pages = pdf_pages(pdf)
    assert pages >= 2, "eight long rows take more than a page"
    first = " ".join(pdf_page_text(pdf, 1).split())
    for header, _ in COLUMNS:
        # A header may wrap inside its cell: each of its words is on the first page.
        assert all(word in first for word in header.split()), header
    assert "Kết quả thẩm định" in first and "Tổ dân phố số 1" in first
    second = " ".join(pdf_page_text(pdf, 2).split())
    assert "Tóm tắt thành tích" in second, "the header row repeats on every page"
    assert f"Trang 2/{pages}" in second


def test_the_nominations_export_is_laid_out_for_a4(client, council, officer):
    client.force_login(officer)
    fields = {f"nominationresource_{name}": "on" for name in NominationResource().get_export_order()}
    response = client.post(reverse("admin:awards_nomination_export"), {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    sheet = workbook(response.content).active
    assert sheet.max_row == 9
    assert_printable(sheet, title_rows="1:1", landscape=True)
