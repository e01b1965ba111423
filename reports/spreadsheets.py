"""The review report's tables as an .xlsx workbook for the city, from `review_content` like the PDF.
Every text cell goes through `neutralise`: people typed it, and it must never run as a formula.
"""

import io

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from common.spreadsheets import fit_row_heights, neutralise, print_layout

BOLD = Font(bold=True)


def _sheet(workbook, title: str, heading: str, header: list[str], rows: list[list], widths=None):
    sheet = workbook.create_sheet(title)
    sheet.append([neutralise(heading)])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([])
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[3]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    sheet.freeze_panes = "A4"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    fit_row_heights(sheet, first_row=3)
    print_layout(sheet, title_rows=(3, 3))
    return sheet


MISSING = "–"  # no approved figure: never written as 0 or left blank


def _shown(value):
    return MISSING if value is None else value


def _yes_no(value) -> str:
    return {True: "Đạt", False: "Không đạt", None: "Chưa đủ số liệu"}[value]


def _poor_check_note(check: dict) -> str:
    if not check["approved_wards"]:
        return "Chưa có phường nào được duyệt"
    if not check["complete"]:
        return f"Chưa đủ số liệu: cộng {check['approved_wards']}/{check['ward_count']} phường đã duyệt"
    return ""


def review_workbook(*, content: dict) -> bytes:
    report, annex = content["report"], content["annex"]
    years = content["years"]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)

    header = ["TT", "Tên phường", "Số hộ cận nghèo đầu kỳ"]
    for year in years:
        header += [f"{year}: chỉ tiêu giảm", f"{year}: thực hiện giảm", f"{year}: còn lại cuối năm"]
    header += ["Tổng chỉ tiêu giảm", f"Lũy kế đã giảm đến cuối {content['review_year']}",
               f"Còn lại cuối {content['review_year']}"]
    rows = []
    for row in annex["rows"]:
        line = [row["number"], row["ward"].name, row["baseline"]]
        for cell in row["cells"]:
            line += [cell["target"], _shown(cell["achieved"]), _shown(cell["remaining"])]
        rows.append(line + [row["total_target"], _shown(row["cumulative"]), _shown(row["remaining"])])
    totals = annex["totals"]
    line = ["", "TỔNG CỘNG", totals["baseline"]]
    for cell in totals["cells"]:
        line += [cell["target"], _shown(cell["achieved"]), _shown(cell["remaining"])]
    rows.append(line + [totals["total_target"], _shown(totals["cumulative"]), _shown(totals["remaining"])])
    sheet = _sheet(
        workbook, "Phụ lục",
        f"CHỈ TIÊU VÀ KẾT QUẢ GIẢM HỘ CẬN NGHÈO GIAI ĐOẠN {years[0]}–{years[-1]} "
        f"(kèm theo {report}; “–”: chưa có số liệu được duyệt, ở dòng tổng cộng: chưa đủ các phường)",
        header, rows, widths=[5, 22] + [12] * (len(header) - 2),
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD

    _sheet(
        workbook, "Hộ nghèo",
        "Duy trì không có hộ nghèo, hộ tái nghèo, hộ nghèo phát sinh mới (số liệu đã duyệt)",
        ["Năm", "Số phường đã duyệt", "Tổng số phường", "Hộ nghèo cuối năm", "Hộ nghèo phát sinh mới",
         "Hộ tái nghèo", "Hộ cận nghèo phát sinh mới", "Hộ tái cận nghèo", "Ghi chú"],
        [[c["year"], c["approved_wards"], c["ward_count"],
          *[_shown(c[field]) for field in ("poor_end", "poor_new", "poor_fallen_back", "near_poor_new",
                                           "near_poor_fallen_back")],
          _poor_check_note(c)]
         for c in content["poor_checks"]],
        widths=[8, 12, 12, 14, 14, 14, 14, 14, 40],
    )

    goals = content["goals"]
    if goals is not None:
        rows = [
            [g["ward"].name, _shown(g["remaining"]), _yes_no(g["reached_zero"]), _yes_no(g["kept_no_poor"])]
            for g in goals["rows"]
        ]
        rows.append(["Toàn quận", _shown(goals["district_remaining"]), _yes_no(goals["district_reached_zero"]),
                     _yes_no(goals["district_kept_no_poor"])])
        _sheet(
            workbook, "Mục tiêu 2025", f"Kết quả thực hiện mục tiêu đến cuối năm {goals['year']}",
            ["Phường", f"Hộ cận nghèo cuối năm {goals['year']}", "Không còn hộ cận nghèo",
             "Duy trì không có hộ nghèo, tái nghèo, nghèo phát sinh mới"],
            rows, widths=[24, 16, 18, 28],
        )

    _sheet(
        workbook, "Tiêu chí thi đua", "Kết quả đánh giá tiêu chí thi đua",
        ["Năm", "Đối tượng", "Đạt", "Đạt một phần", "Không đạt", "Tổng số lượt đánh giá"],
        [[a["year"], str(a["actor_type"]), a["met"], a["partly"], a["not_met"], a["total"]]
         for a in content["assessments"]],
        widths=[8, 44, 10, 14, 12, 14],
    )

    _sheet(
        workbook, "Khen thưởng", "Khen thưởng " + ("tổng kết" if goals is not None else "đến sơ kết giữa kỳ"),
        ["TT", "Hình thức khen thưởng", "Đối tượng", "Tên tập thể, cá nhân, hộ", "Đơn vị, địa chỉ",
         "Số quyết định", "Ngày quyết định", "Cơ quan quyết định"],
        [[index, n.award_form.name, n.get_nominee_kind_display(), n.nominee_name, n.nominee_unit,
          n.decision_number, n.decision_date.strftime("%d/%m/%Y"), n.decided_by]
         for index, n in enumerate(content["awards"], start=1)],
        widths=[5, 34, 12, 30, 30, 16, 14, 30],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lineage_workbook(*, lineage: dict) -> bytes:
    """A ward's predecessors and their approved near-poor households by year, with the roll-up
    into the ward as the page shows it: "–" for no figure, "~" for an estimate, and the units a
    partial total lacks."""
    ward, years = lineage["ward"], lineage["years"]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    rows = []
    for row in lineage["rows"]:
        source = row["source"]
        cells = [
            count.near_poor_end if count else ("–" if source.ward else "ngoài hệ thống")
            for count in row["cells"].values()
        ]
        rows.append(["  " * source.depth + source.name, source.part_label, source.succession.legal_basis, *cells])
    rows.append([f"Cộng vào {ward}", "", "", *[
        total.shown["near_poor_end"] + ("" if total.complete else " (chưa đủ)") for total in lineage["totals"]
    ]])
    for total in lineage["totals"]:
        if not total.complete:
            missing = "; ".join(f"{m['name']} ({m['reason']})" for m in total.missing)
            rows.append([f"Năm {total.year} chưa đủ số liệu, thiếu:", missing])
    _sheet(
        workbook, "Đơn vị trước sắp xếp", f"Hộ cận nghèo cuối năm của các đơn vị đã sắp xếp vào {ward}",
        ["Đơn vị", "Phạm vi", "Căn cứ", *[str(year) for year in years]], rows, widths=[40, 36, 60],
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
