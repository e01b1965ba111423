"""The council list: the nominations of one occasion as the emulation council goes through them."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from common.spreadsheets import fit_row_heights, neutralise, print_layout

from .models import Nomination

COLUMNS = [
    ("STT", 6),
    ("Tên tập thể, cá nhân, hộ gia đình", 32),
    ("Đơn vị", 28),
    ("Hình thức khen thưởng", 26),
    ("Tóm tắt thành tích", 60),
    ("Đơn vị đề nghị", 24),
    ("Kết quả thẩm định", 36),
]
SUMMARY_LENGTH = 600


def _summary(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _nominee(nomination: Nomination) -> str:
    if nomination.position:
        return f"{nomination.nominee_name}, {nomination.position}"
    return nomination.nominee_name


def council_workbook(*, rows: list[Nomination], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách đề nghị"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    sheet.append([neutralise("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG TRÌNH HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG")])
    sheet.append([neutralise(title)])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"].font = Font(italic=True)
    sheet.append([neutralise(name) for name, _ in COLUMNS])
    header_row = sheet.max_row
    for index, (_, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
        sheet.column_dimensions[cell.column_letter].width = width
    for number, nomination in enumerate(rows, start=1):
        values = [
            number,
            _nominee(nomination),
            nomination.nominee_unit,
            str(nomination.award_form),
            _summary(nomination.achievements),
            nomination.proposing_unit,
            nomination.appraisal_result,
        ]
        sheet.append([neutralise(value) for value in values])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            cell.border = border
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    fit_row_heights(sheet, first_row=header_row)
    print_layout(sheet, title_rows=(header_row, header_row), landscape=True)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
