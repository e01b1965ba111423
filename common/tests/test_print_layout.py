"""print_layout and the admin's exports: every sheet prints on A4 one page wide, headers repeated."""

import datetime
import io

import openpyxl
import tablib
from django.utils import timezone

from common.spreadsheets import ExcelFormat, dataset_xlsx, print_layout
from common.tests.printing import assert_printable, workbook


def saved(book) -> openpyxl.Workbook:
    output = io.BytesIO()
    book.save(output)
    return workbook(output.getvalue())


def test_a_narrow_sheet_prints_upright_and_a_wide_one_landscape():
    book = openpyxl.Workbook()
    narrow = book.active
    narrow.append(["Năm", "Số hộ"])
    print_layout(narrow, title_rows=(1, 1))
    wide = book.create_sheet("Rộng")
    wide.append([f"Cột {n}" for n in range(1, 15)])
    for letter in "ABCDEFGHIJKLMN":
        wide.column_dimensions[letter].width = 12
    print_layout(wide, title_rows=(1, 1))
    forced = book.create_sheet("Ngang")
    forced.append(["Một cột"])
    print_layout(forced, landscape=True)
    book = saved(book)
    assert_printable(book["Sheet"], title_rows="1:1", landscape=False)
    assert_printable(book["Rộng"], title_rows="1:1", landscape=True)
    assert_printable(book["Ngang"], title_rows=None, landscape=True)
    margins = book["Sheet"].page_margins
    assert (margins.left, margins.right) == (0.5, 0.5)


def test_an_export_is_laid_out_for_printing_and_keeps_its_values():
    dataset = tablib.Dataset(headers=["Phường", "Năm", "Ghi chú", "Cập nhật lúc"], title="Số liệu/2023")
    at = timezone.make_aware(datetime.datetime(2025, 3, 1, 8, 30))
    dataset.append(["Khương Đình", 2023, "Dài " * 40 + "\x07hết", at])
    dataset.append(["Nhân Chính", 2023, None, None])
    sheet = workbook(ExcelFormat().export_data(dataset)).active
    assert sheet.title == "Số liệu-2023"
    rows = list(sheet.values)
    assert rows[0] == ("Phường", "Năm", "Ghi chú", "Cập nhật lúc")
    assert rows[1][:3] == ("Khương Đình", 2023, "Dài " * 40 + "hết"), "a control character XML cannot hold is left out"
    assert rows[1][3] == datetime.datetime(2025, 3, 1, 8, 30), "the time as read in Việt Nam"
    assert rows[2] == ("Nhân Chính", 2023, None, None)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 40 and sheet["C2"].alignment.wrap_text
    assert_printable(sheet, title_rows="1:1", landscape=False)


def test_an_empty_export_still_opens():
    sheet = workbook(dataset_xlsx(tablib.Dataset())).active
    assert sheet.title == "Dữ liệu"
    assert_printable(sheet, title_rows=None)
