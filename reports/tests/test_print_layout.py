"""The review's workbook prints as the city reads it: every sheet on A4, one page wide, its header
row on every page; the wide annex landscape."""

import datetime

import pytest

from common.tests.printing import SOFFICE, assert_printable, pdf_page_text, workbook, xlsx_to_pdf
from reports.documents import review_xlsx
from reports.tests.review_data import approve_years, review

ISSUE_DAY = datetime.date(2025, 6, 11)


@pytest.fixture
def final_review(plan):
    approve_years(plan, plan.years)
    return review(plan)


def test_every_sheet_of_the_review_workbook_is_laid_out_for_a4(final_review):
    book = workbook(review_xlsx(report=final_review, today=ISSUE_DAY))
    assert book.sheetnames == ["Phụ lục", "Hộ nghèo", "Mục tiêu 2025", "Tiêu chí thi đua", "Khen thưởng"]
    for sheet in book.worksheets:
        assert_printable(sheet, title_rows="3:3")
    assert book["Phụ lục"].page_setup.orientation == "landscape", "eighteen columns"
    assert book["Mục tiêu 2025"].page_setup.orientation == "portrait", "four columns"
    assert book["Phụ lục"].row_dimensions[3].height > 30, "the wrapped headers are not cut"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice Calc (soffice) is not installed")
def test_the_annex_prints_every_column_on_its_page(final_review, tmp_path):
    book = workbook(review_xlsx(report=final_review, today=ISSUE_DAY))
    for name in book.sheetnames[1:]:
        del book[name]
    import io

    output = io.BytesIO()
    book.save(output)
    first = " ".join(pdf_page_text(xlsx_to_pdf(output.getvalue(), tmp_path), 1).split())
    for header in ("TT", "Tên phường", "2022: chỉ tiêu giảm", "2025: còn lại cuối năm", "Còn lại cuối 2025"):
        assert all(word in first for word in header.split()), header
    assert "TỔNG CỘNG" in first
