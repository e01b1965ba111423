"""Spreadsheets in and out, the same way for every table of the product.

Reading checks a file whole first: what its name says, small enough, no formulas or error cells,
one header row; openpyxl parses the XML through defusedxml (no entity expansion or external
entities). Writing quotes a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return,
which would otherwise run as a formula on the council's computer (OWASP), and lays every sheet out
for printing on A4 (`print_layout`).
"""

import csv
import datetime
import decimal
import io
import json
import logging
import re
import zipfile
import zlib

import openpyxl
import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.results import RowResult
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from . import limits
from .models import PendingImport, new_import_token

logger = logging.getLogger(__name__)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

NOT_XLSX = (
    "Tệp không phải là tệp Excel .xlsx hợp lệ (có thể đã hỏng, bị cắt dở, hoặc là loại tệp khác "
    "được đổi tên). Hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
)
NOT_UTF8_CSV = (
    "Tệp .csv phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành → CSV UTF-8). "
    "Nếu là tệp Excel, hãy chọn định dạng xlsx."
)
UNSAFE_DECLARATION = "Tệp Excel chứa khai báo XML không an toàn (DTD hoặc thực thể), hệ thống từ chối đọc."
UNSAFE_XML = (
    "Tệp Excel chứa chú thích XML, chỉ thị xử lý hoặc đoạn CDATA, những thứ Excel không bao giờ ghi, nên "
    "hệ thống từ chối đọc. Hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
)
NOT_UTF8_XML = (
    "Phần «{name}» của tệp Excel không viết bằng bảng mã UTF-8 như Excel vẫn lưu, hệ thống từ chối đọc. "
    "Hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
)
# The longest tag or text an XML part may hold: Excel's longest cell (32,767 characters) fits.
# Longer ones are refused unread, because expat's time grows with the square of a token's length.
MAX_XML_NODE_BYTES = 256 * 1024
BUSY = "Anh/chị đang có một tệp khác đang được kiểm tra hoặc nhập. Hãy đợi xong rồi thử lại."
PENDING_GONE = (
    "Không còn tệp chờ nhập này (đã nhập, đã hủy, quá hạn hoặc không phải tệp anh/chị tải lên). "
    "Hãy tải tệp lên lại."
)
UNREADABLE = (
    "Không đọc được tệp. Hãy kiểm tra tệp có đúng định dạng đã chọn (.xlsx hoặc .csv) "
    "và không bị hỏng, hoặc dùng tệp mẫu."
)


def neutralise(value):
    """`value` made safe to write into a cell: a formula-like string becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(value):
    """The text a neutralised cell stood for, so that an exported file imports unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r\n":
        return value[1:]
    return value


# Column widths (in Excel's character units) an A4 page holds upright within print_layout's
# margins; a wider sheet is printed landscape, and shrunk to one page's width either way.
PORTRAIT_WIDTH = 95
DEFAULT_COLUMN_WIDTH = 8.43
EXPORT_MAX_COLUMN_WIDTH = 40


def print_layout(sheet, *, title_rows: tuple[int, int] | None = None, landscape: bool | None = None) -> None:
    """Sets `sheet` to print on A4, every column on one page's width (as many pages down as it
    takes), the rows `title_rows` (first, last) repeated at the top of every page and "Trang 1/3"
    at the foot. Landscape when asked, or (None) when its columns are wider than an upright page.
    Every .xlsx the product writes calls it, so that a council member prints it as is."""
    if landscape is None:
        widths = (
            sheet.column_dimensions[get_column_letter(index)].width or DEFAULT_COLUMN_WIDTH
            for index in range(1, (sheet.max_column or 1) + 1)
        )
        landscape = sum(widths) > PORTRAIT_WIDTH
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    if title_rows is not None:
        sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.evenFooter.center.text = "Trang &P/&N"


# The points one line of 11 pt text takes in a row, and how much narrower than its width (in
# characters of "0") a column's wrapped text runs, words not being cut.
LINE_HEIGHT = 15
WRAP_SLACK = 1.05


def fit_row_heights(sheet, *, first_row: int = 1) -> None:
    """Gives every row from `first_row` on the height its wrapped cells take. Neither Excel nor
    LibreOffice recomputes row heights when it opens a file, so without it wrapped text is cut
    (Excel) or drawn over the next row (LibreOffice). An estimate, rounded up: a row may be a
    little taller than it needs, never shorter."""
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1.0
        for cell in row:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = sheet.column_dimensions[cell.column_letter].width or DEFAULT_COLUMN_WIDTH
            per_line = max(1, int(width * WRAP_SLACK) - 1)
            size = (cell.font.sz or 11) / 11 if cell.font else 1
            count = sum(max(1, -(-len(part) // per_line)) for part in cell.value.splitlines() or [""])
            lines = max(lines, count * size)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = round(lines * LINE_HEIGHT + 2)


def dataset_xlsx(dataset: tablib.Dataset) -> bytes:
    """An export as an .xlsx: bold headers kept in view and on every printed page, columns as wide
    as their content up to EXPORT_MAX_COLUMN_WIDTH (longer text wraps), laid out for A4."""
    book = openpyxl.Workbook()
    sheet = book.active
    title = re.sub(r"[\\/*?:\[\]]", "-", dataset.title or "")[:31]
    sheet.title = title or "Dữ liệu"
    headers = list(dataset.headers or [])
    widths = [len(str(h)) for h in headers]
    if headers:
        sheet.append([_cell_value(h) for h in headers])
        bold = Font(bold=True)
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in dataset:
        values = [_cell_value(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            length = max((len(line) for line in str(value).splitlines()), default=0) if value is not None else 0
            if index >= len(widths):
                widths.append(0)
            if length > widths[index]:
                widths[index] = length
            if length > EXPORT_MAX_COLUMN_WIDTH or (isinstance(value, str) and "\n" in value):
                sheet.cell(row=sheet.max_row, column=index + 1).alignment = wrap
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(6, min(EXPORT_MAX_COLUMN_WIDTH, width + 2))
    fit_row_heights(sheet)
    print_layout(sheet, title_rows=(1, 1) if headers else None)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell_value(value):
    """What openpyxl can write: text without the control characters XML cannot hold."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # Excel has no time zones: the time as read in Việt Nam.
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, decimal.Decimal, datetime.date, datetime.time)):
        return value
    return str(value)


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table. The message is written for the user."""


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _table(rows, *, cell_name) -> tablib.Dataset:
    dataset = tablib.Dataset()
    dataset.source_rows = []
    headers = None
    for number, values in rows:
        values = list(values)
        if _is_blank(values):
            continue
        if headers is None:
            while values and (values[-1] is None or str(values[-1]).strip() == ""):
                values.pop()
            headers = [str(v).strip() if v is not None else "" for v in values]
            if "" in headers:
                position = headers.index("") + 1
                raise SpreadsheetError(f"Dòng tiêu đề (dòng {number}) có cột thứ {position} để trống tên.")
            repeated = sorted({h for h in headers if headers.count(h) > 1})
            if repeated:
                raise SpreadsheetError("Dòng tiêu đề có cột lặp lại: " + ", ".join(f"«{h}»" for h in repeated) + ".")
            dataset.headers = headers
            continue
        extra = values[len(headers):]
        if not _is_blank(extra):
            position = len(headers) + next(i for i, v in enumerate(extra) if not _is_blank([v])) + 1
            raise SpreadsheetError(
                f"Dòng {number} có dữ liệu ở {cell_name(number, position)}, ngoài các cột có tiêu đề."
            )
        values = values[: len(headers)] + [None] * (len(headers) - len(values))
        dataset.append([v.strip() if isinstance(v, str) else v for v in values])
        dataset.source_rows.append(number)
        if len(dataset.source_rows) > settings.IMPORT_MAX_ROWS:
            raise SpreadsheetError(f"Tệp có quá {settings.IMPORT_MAX_ROWS:,} dòng số liệu; hãy chia nhỏ tệp.")
    if headers is None:
        raise SpreadsheetError("Tệp trống: không có dòng tiêu đề nào.")
    return dataset


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The first sheet of an .xlsx as a table, read in a child process bounded by
    IMPORT_MAX_READ_SECONDS and IMPORT_MAX_READ_MEMORY, so that no file holds a worker longer."""
    seconds = settings.IMPORT_MAX_READ_SECONDS
    try:
        headers, rows, source_rows = limits.run_limited(
            _read_xlsx_rows, data, seconds=seconds, memory_bytes=settings.IMPORT_MAX_READ_MEMORY
        )
    except limits.LimitExceeded as error:
        logger.warning("xlsx read stopped: %s limit", error.kind)
        if error.kind == "time":
            raise SpreadsheetError(
                f"Đọc tệp Excel quá {seconds:g} giây mà chưa xong nên hệ thống đã dừng. "
                "Hãy chia nhỏ tệp, hoặc mở tệp bằng Excel, lưu lại rồi tải lên lại."
            ) from None
        raise SpreadsheetError(
            "Tệp Excel cần quá nhiều bộ nhớ để đọc nên hệ thống đã dừng. Hãy chia nhỏ tệp rồi tải lên lại."
        ) from None
    dataset = tablib.Dataset(*rows, headers=headers)
    dataset.source_rows = source_rows
    return dataset


def _read_xlsx_rows(data: bytes) -> tuple[list[str], list[list], list[int]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise SpreadsheetError(NOT_XLSX) from None
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise SpreadsheetError(NOT_XLSX)
        # A few kilobytes can unpack to gigabytes: refuse before anything is unpacked.
        if sum(info.file_size for info in archive.infolist()) > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise SpreadsheetError("Tệp Excel khi giải nén quá lớn; hãy chia nhỏ tệp.")
        try:
            if archive.testzip() is not None:
                raise SpreadsheetError(NOT_XLSX)
            for info in archive.infolist():
                if not info.is_dir():
                    with archive.open(info) as part:
                        check_xml_part(info.filename, part)
        except (zipfile.BadZipFile, EOFError, OSError):
            raise SpreadsheetError(NOT_XLSX) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise _unreadable(error) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read what is there

        def rows():
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = []
                for cell in cells:
                    value = cell.value
                    if isinstance(value, (ArrayFormula, DataTableFormula)) or (
                        getattr(cell, "data_type", None) == "f"
                    ):
                        formula = getattr(value, "text", value)
                        raise SpreadsheetError(
                            f"Ô {cell.coordinate} chứa công thức «{str(formula)[:40]}». Hãy thay công thức "
                            "bằng giá trị (Sao chép → Dán đặc biệt → Chỉ giá trị) rồi tải lên lại."
                        )
                    if getattr(cell, "data_type", None) == "e":
                        raise SpreadsheetError(f"Ô {cell.coordinate} có giá trị lỗi «{value}».")
                    values.append(value)
                yield number, values

        def cell_name(number, position):
            return f"ô {openpyxl.utils.get_column_letter(position)}{number}"

        dataset = _table(rows(), cell_name=cell_name)
        return list(dataset.headers), [list(row) for row in dataset], dataset.source_rows
    except SpreadsheetError:
        raise
    except Exception as error:  # a sheet's XML is only parsed while its rows are read
        raise _unreadable(error) from None
    finally:
        book.close()


def check_xml_part(name: str, stream) -> None:
    """Refuses, before any parser sees it, an XML part with what Excel never writes: comments,
    processing instructions, DTDs, CDATA (`<!…`, `<?…`), an encoding other than UTF-8, or a tag or
    text longer than MAX_XML_NODE_BYTES. Linear in the part's size, 1 MiB read at a time."""
    chunk = stream.read(1 << 20)
    for bom in (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"):
        if chunk.startswith(bom):
            raise SpreadsheetError(NOT_UTF8_XML.format(name=name))
    chunk = chunk.removeprefix(b"\xef\xbb\xbf")
    if not chunk.lstrip().startswith(b"<"):
        return  # not XML (a picture, a printer's settings): no XML parser reads it
    if chunk.startswith(b"<?xml"):
        # The declaration is the one processing instruction a part may have, and it says UTF-8.
        end = chunk.find(b"?>", 0, 300)
        declared = re.search(rb"encoding\s*=\s*[\"']([^\"']*)", chunk[:end])
        if end < 0 or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
            raise SpreadsheetError(NOT_UTF8_XML.format(name=name))
        chunk = chunk[end + 2:]
    carry = b""
    while chunk:
        if b"\x00" in chunk:
            raise SpreadsheetError(NOT_UTF8_XML.format(name=name))
        data = carry + chunk
        if b"<!" in data or b"<?" in data:
            declaration = re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE)
            raise SpreadsheetError(UNSAFE_DECLARATION if declaration else UNSAFE_XML)
        # Each piece is one tag and the text after it; the last may go on in the next chunk.
        pieces = data.split(b"<")
        carry = b"<" + pieces.pop() if len(pieces) > 1 else pieces.pop()
        if pieces and len(max(pieces, key=len)) > MAX_XML_NODE_BYTES:
            for piece in pieces:
                if len(piece) > MAX_XML_NODE_BYTES:
                    _check_node_sizes(piece, complete=True)
        if len(carry) > MAX_XML_NODE_BYTES:
            _check_node_sizes(carry.removeprefix(b"<"), complete=False)
        chunk = stream.read(1 << 20)
    _check_node_sizes(carry.removeprefix(b"<"), complete=True)


def _check_node_sizes(piece: bytes, *, complete: bool) -> None:
    """`piece` is a tag's inside, ">", then text (or text alone, before the first tag)."""
    end = piece.find(b">")
    tag, text = (piece, b"") if end < 0 else (piece[:end], piece[end + 1:])
    if len(tag) > MAX_XML_NODE_BYTES or len(text) > MAX_XML_NODE_BYTES:
        raise SpreadsheetError(
            f"Tệp Excel có một ô hoặc một thẻ XML dài quá {MAX_XML_NODE_BYTES // 1024} KB, "
            "điều tệp của Excel không bao giờ có; hệ thống từ chối đọc."
        )


def _unreadable(error: Exception) -> SpreadsheetError:
    cause = error
    while cause is not None:
        if isinstance(cause, MemoryError):
            raise MemoryError  # the child's memory limit, however openpyxl wrapped it
        if type(cause).__module__.startswith("defusedxml"):
            return SpreadsheetError(UNSAFE_DECLARATION)
        cause = cause.__cause__ or cause.__context__
    logger.info("unreadable xlsx: %r", error)
    return SpreadsheetError(NOT_XLSX)


def read_csv(text: str) -> tablib.Dataset:
    if "\x00" in text:
        raise SpreadsheetError("Tệp không phải là tệp văn bản .csv.")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows():
        try:
            for values in reader:
                yield reader.line_num, [v if v != "" else None for v in values]
        except csv.Error as error:
            raise SpreadsheetError(f"Tệp .csv hỏng ở dòng {reader.line_num}: {error}.") from None

    return _table(rows(), cell_name=lambda number, position: f"cột thứ {position}")


class ExcelFormat(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return read_xlsx(in_stream)

    def export_data(self, dataset, **kwargs):
        return dataset_xlsx(dataset)


class CsvFormat(base_formats.CSV):
    def create_dataset(self, in_stream):
        return read_csv(in_stream)


class SheetImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["format"].initial = "0"
        self.fields["import_file"].help_text = (
            f"Tệp .xlsx hoặc .csv (UTF-8), tối đa {settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        )

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None:
            return cleaned
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            self.add_error(
                "import_file",
                f"Tệp quá lớn ({upload.size / 1024 / 1024:.1f} MB); "
                f"giới hạn {settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
            )
        elif chosen not in (None, ""):
            extension = self.formats[int(chosen)]().get_extension()
            if not upload.name.lower().endswith("." + extension):
                self.add_error(
                    "import_file",
                    f"Tệp «{upload.name}» không phải tệp .{extension} như định dạng đã chọn. "
                    "Chỉ nhận tệp Excel (.xlsx) hoặc .csv.",
                )
        return cleaned


class SheetExportForm(SelectableFieldsExportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].initial = "0"

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class SheetResource(resources.ModelResource):
    """Reads Vietnamese headers strictly (exactly the `column_name`s, in any order, export-only ones
    ignored) and writes no formula; the result carries a report for the preview page."""

    # Columns that may be missing from an import (besides read-only, export-only ones).
    optional_columns: tuple[str, ...] = ()

    class Meta:
        # Inherited by every resource: unchanged rows are shown, not written; rows are cleaned
        # like a form; the preview needs the instances; nothing is kept unless all rows pass.
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        store_instance = True
        skip_html_diff = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.file_name = ""
        self.source_rows = None
        self.refused = False

    def import_data_inner(self, dataset, *args, **kwargs):
        self._dataset, self.refused = dataset, False
        return super().import_data_inner(dataset, *args, **kwargs)

    def handle_import_error(self, result, error, raise_errors=False):
        if isinstance(error, SpreadsheetError):
            # The file is refused whole (its columns, its plan): none of its rows is read, where the
            # library would go on and fail on each, with "system error" messages beside the real one.
            self.refused = True
            del self._dataset[:]
        super().handle_import_error(result, error, raise_errors)

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.file_name = kwargs.get("file_name") or ""
        self.source_rows = getattr(dataset, "source_rows", None)
        self._check_headers(dataset)

    def _check_headers(self, dataset):
        fields = list(self.fields.values())
        canonical = {f.column_name.casefold(): f.column_name for f in fields}
        headers = [str(h or "").strip() for h in dataset.headers or []]
        unknown = [h for h in headers if h.casefold() not in canonical]
        if not unknown:
            dataset.headers = [canonical[h.casefold()] for h in headers]
        required = [
            f.column_name for f in fields
            if not f.readonly and f.column_name not in self.optional_columns
        ]
        present = {h.casefold() for h in headers}
        missing = [c for c in required if c.casefold() not in present]
        problems = []
        if unknown:
            problems.append("Cột không có trong mẫu: " + ", ".join(f"«{h}»" for h in unknown) + ".")
        if missing:
            problems.append("Thiếu cột: " + ", ".join(f"«{c}»" for c in missing) + ".")
        if problems:
            raise SpreadsheetError(" ".join(problems) + " Hãy dùng tệp mẫu hoặc tệp đã xuất từ hệ thống.")

    def sheet_row(self, number: int) -> int:
        if self.source_rows and 0 < number <= len(self.source_rows):
            return self.source_rows[number - 1]
        return number + 1

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        result.sheet_row = self.sheet_row(kwargs["row_number"])
        return result

    def save_instance(self, instance, is_create, row, **kwargs):
        try:
            super().save_instance(instance, is_create, row, **kwargs)
        except PermissionDenied as error:
            # A refusal is that row's problem, told like any other, not a server error.
            raise ValidationError(str(error) or "Tài khoản không có quyền ghi dòng này.") from None

    def after_import(self, dataset, result, **kwargs):
        # Not the library's reset of the id sequence: no column of ours carries an id, and setting
        # it to the largest id this transaction sees could hand out ids another import just took.
        result.sheet_report = self.report(result)

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def _column(self, key: str) -> str:
        if key == NON_FIELD_ERRORS:
            return ""
        for name, field in self.fields.items():
            if key in (name, field.attribute):
                return field.column_name
        return key

    def _changes(self, row_result):
        instance, original = row_result.instance, row_result.original
        changes = []
        for field in self.get_import_fields():
            if field.readonly or instance is None:
                continue
            new = field.export(instance)
            old = field.export(original) if original is not None else None
            if row_result.import_type == RowResult.IMPORT_TYPE_NEW or old != new:
                changes.append({"column": field.column_name, "old": old, "new": new})
        return changes

    def report(self, result) -> dict:
        errors = []
        for error in result.base_errors:
            problem = error.error
            if isinstance(problem, (SpreadsheetError, ValidationError)):
                message = " ".join(getattr(problem, "messages", [str(problem)]))
            else:
                logger.error("import failed", exc_info=problem)
                message = UNREADABLE
            errors.append({"row": None, "column": "", "message": message})
        for number, row_errors in result.row_errors():
            for error in row_errors:
                logger.error("import row %s failed", number, exc_info=error.error)
                errors.append({
                    "row": self.sheet_row(number), "column": "",
                    "message": "Không ghi được dòng này do lỗi hệ thống; hãy báo quản trị hệ thống.",
                })
        for invalid in result.invalid_rows:
            for key, messages_ in invalid.error_dict.items():
                for message in messages_:
                    errors.append({"row": self.sheet_row(invalid.number), "column": self._column(key), "message": message})
        errors.sort(key=lambda e: (e["row"] or 0))
        # New and changed rows are listed; unchanged ones only counted (a file of 50,000 rows that
        # changes three lists three).
        rows = []
        counts = dict.fromkeys((RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP), 0)
        for row_result in result.rows:
            if row_result.import_type not in counts:
                continue
            counts[row_result.import_type] += 1
            if row_result.import_type == RowResult.IMPORT_TYPE_SKIP:
                continue
            rows.append({
                "row": getattr(row_result, "sheet_row", None),
                "kind": row_result.import_type,
                "label": row_result.object_repr or "",
                "changes": self._changes(row_result),
            })
        return {"errors": errors, "rows": rows, "counts": counts, "total": result.total_rows}


class SheetExportMixin(ExportMixin):
    formats = [ExcelFormat, CsvFormat]
    export_formats = formats
    export_form_class = SheetExportForm
    export_filename = None

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # A filter the list does not have (?nam=2023, ?ward__id__exact=abc): the list itself
            # answers it with its "?e=1" page; the export built the list's query and failed on it.
            self.message_user(request, "Bộ lọc không hợp lệ; hãy chọn lại bộ lọc trên danh sách.", messages.ERROR)
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def get_export_filename(self, request, queryset, file_format):
        stem = self.export_filename or self.model._meta.model_name
        return f"{stem}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


class _HeldUpload:
    """The library's "temporary storage" of an upload, kept in memory for the preview only.
    import_action then stores the file in the database for the user who uploaded it (the
    library's TempFolderStorage wrote it to /tmp, left it there unless confirmed, and deleted
    whatever name the confirmation sent back)."""

    def __init__(self, data: bytes, encoding: str | None):
        self.name = new_import_token()
        self.data, self.encoding = data, encoding

    def read(self):
        return self.data if self.encoding is None else self.data.decode(self.encoding)


def _pack(report: dict) -> bytes:
    return zlib.compress(json.dumps(report, ensure_ascii=False, default=str).encode("utf-8"), 6)


def _unpack(blob) -> dict:
    return json.loads(zlib.decompress(bytes(blob)).decode("utf-8"))


class SheetAdminMixin(ImportMixin, SheetExportMixin):
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_formats = SheetExportMixin.formats
    import_form_class = SheetImportForm
    import_template_name = "admin/sheets/import.html"
    # Rows (or errors) a page of the preview shows; the counts above it cover the whole file.
    preview_page_size = 100

    def get_import_context(self, request) -> dict:
        return {}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        request = kwargs.pop("request", None)
        if request is not None:
            kwargs.update(self.get_import_context(request))
        # The library keeps valid rows of a file with invalid ones; this product writes all or nothing.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            message = str(e)
        elif isinstance(e, UnicodeDecodeError):
            message = NOT_UTF8_CSV
        else:
            logger.info("unreadable import file: %r", e)
            message = UNREADABLE
        form.add_error("import_file", message)

    def get_import_page_context(self, request) -> dict:
        return {}

    def write_to_tmp_storage(self, import_file, input_format):
        held = _HeldUpload(b"".join(import_file.chunks()), None if input_format.is_binary() else self.from_encoding)
        import_file.held = held
        return held

    def _import_url(self) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import", current_app=self.admin_site.name)

    def _pending_for(self, request, token) -> PendingImport | None:
        """The user's own pending import of this table named `token`, or None."""
        if not isinstance(token, str) or not re.fullmatch(r"[0-9a-f]{32}", token):
            return None
        return PendingImport.objects.filter(token=token, user=request.user, model=self.opts.label_lower).first()

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST" and "tep" in request.GET:
            return self._stored_preview(request)
        if request.method == "POST":
            try:
                with limits.one_at_a_time("sheet", request.user.pk):
                    response = super().import_action(request, **kwargs)
            except limits.Busy:
                messages.error(request, BUSY)
                return redirect(self._import_url())
        else:
            response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            context.update(self.get_import_page_context(request))
            if context.get("result") is not None:
                self._keep_preview(request, context)
        return response

    def _keep_preview(self, request, context) -> None:
        """Stores the checked file (if it may be confirmed) and its preview for the uploader, in
        place of any earlier one of theirs for this table, and shows the preview's first page."""
        report = getattr(context["result"], "sheet_report", None) or {"errors": [], "rows": [], "counts": {}, "total": 0}
        form = context["form"]
        upload = form.cleaned_data["import_file"]
        held = upload.held
        with transaction.atomic():
            PendingImport.objects.stale().delete()
            PendingImport.objects.filter(user=request.user, model=self.opts.label_lower).delete()
            pending = PendingImport.objects.create(
                token=held.name, user=request.user, model=self.opts.label_lower, file_name=upload.name[:255],
                file_format=int(form.cleaned_data["format"]), resource=self.get_resource_index(form),
                data=held.data if context.get("confirm_form") is not None else b"", report=_pack(report),
            )
        context.update(self._preview_context(request, pending, report, page=1))

    def _preview_context(self, request, pending: PendingImport, report: dict, *, page) -> dict:
        listed = report["errors"] or report["rows"]
        return {
            "report": report, "pending": pending,
            "preview_page": Paginator(listed, self.preview_page_size).get_page(page),
        }

    def _stored_preview(self, request):
        """A page of the preview of the user's pending import (?tep=<token>&trang=N)."""
        pending = self._pending_for(request, request.GET.get("tep"))
        if pending is None:
            messages.error(request, PENDING_GONE)
            return redirect(self._import_url())
        report = _unpack(pending.report)
        context = self.admin_site.each_context(request)
        form = self.create_import_form(request)
        context.update({
            "title": "Nhập từ tệp", "opts": self.model._meta, "form": form, "media": self.media + form.media,
            "fields_list": [
                (resource.get_display_name(), [f.column_name for f in resource.get_user_visible_fields()])
                for resource in (cls(**self.get_import_resource_kwargs(request)) for cls in self.get_import_resource_classes(request))
            ],
            **self.get_import_page_context(request),
            **self._preview_context(request, pending, report, page=request.GET.get("trang")),
        })
        if pending.confirmable:
            context["confirm_form"] = self.get_confirm_form_class(request)(initial={
                "import_file_name": pending.token, "original_file_name": pending.file_name,
                "format": str(pending.file_format), "resource": str(pending.resource),
            })
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirmation: imports the user's own pending file, never a name sent by the browser."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        pending = self._pending_for(request, request.POST.get("import_file_name"))
        if pending is None or not pending.confirmable:
            messages.error(request, PENDING_GONE)
            return redirect(self._import_url())
        if "cancel" in request.POST:
            pending.delete()
            messages.info(request, f"Đã hủy nhập tệp «{pending.file_name}»: không có gì được ghi.")
            return redirect(self._import_url())
        formats = self.get_import_formats()
        if pending.file_format >= len(formats):
            pending.delete()
            messages.error(request, PENDING_GONE)
            return redirect(self._import_url())
        input_format = formats[pending.file_format](encoding=self.from_encoding)
        form = self.get_confirm_form_class(request)(data={
            "import_file_name": pending.token, "original_file_name": pending.file_name,
            "format": str(pending.file_format), "resource": str(pending.resource),
        })
        form.is_valid()
        try:
            with limits.one_at_a_time("sheet", request.user.pk):
                data = bytes(pending.data)
                dataset = input_format.create_dataset(data if input_format.is_binary() else data.decode(self.from_encoding))
                result = self.process_dataset(dataset, form, request, **kwargs)
        except limits.Busy:
            messages.error(request, BUSY)
            return redirect(self._import_url())
        except (SpreadsheetError, UnicodeDecodeError) as error:
            pending.delete()
            messages.error(request, str(error) if isinstance(error, SpreadsheetError) else NOT_UTF8_CSV)
            return redirect(self._import_url())
        pending.delete()
        return self.process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            f"Đã nhập từ tệp: {totals[RowResult.IMPORT_TYPE_NEW]} dòng mới, "
            f"{totals[RowResult.IMPORT_TYPE_UPDATE]} dòng thay đổi, "
            f"{totals[RowResult.IMPORT_TYPE_SKIP]} dòng không đổi. Mọi thay đổi được ghi vào lịch sử.",
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation: nothing was written.
            messages.error(request, "Không nhập được: tệp có lỗi nên không dòng nào được ghi. Xem chi tiết bên dưới.")
            report = getattr(result, "sheet_report", None) or {"errors": [], "rows": [], "counts": {}, "total": 0}
            listed = report["errors"] or report["rows"]
            context = self.admin_site.each_context(request)
            context.update({
                "title": "Nhập từ tệp", "opts": self.model._meta, "result": result, "report": report,
                "preview_page": Paginator(listed, self.preview_page_size).get_page(1),
                "form": self.get_import_form_class(request)(
                    self.get_import_formats(), self.get_import_resource_classes(request)
                ),
            })
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else restore(str(value).strip())


class CodeWidget(widgets.Widget):
    def __init__(self, model, what, *, width: int, **kwargs):
        super().__init__(**kwargs)
        self.model, self.what, self.width = model, what, width
        self.queryset = model._default_manager.all()

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        code = f"{int(value):0{self.width}d}" if isinstance(value, (int, float)) else str(value).strip()
        # Units over time: of the holders of a reused code, the one valid today (else the latest).
        found = self.queryset.at_key(code) if hasattr(self.queryset, "at_key") else self.queryset.filter(code=code).first()
        if found is None:
            raise ValueError(f"Không có {self.what} mã «{code}» trong đơn vị của tài khoản.")
        return found

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else None


class DateWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"Ngày phải viết dạng ngày/tháng/năm, ví dụ 01/07/2025, không phải «{value}».") from None
