"""What every .xlsx the product writes must carry to print as is (see common.spreadsheets.print_layout)."""

import io
import shutil
import subprocess
from pathlib import Path

import openpyxl


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def assert_printable(sheet, *, title_rows: str | None, landscape: bool | None = None) -> None:
    """`sheet` prints on A4, one page wide, `title_rows` ("4:4") on every page, numbered pages."""
    setup = sheet.page_setup
    assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
    assert str(setup.paperSize) == str(sheet.PAPERSIZE_A4)
    if title_rows is None:
        assert not sheet.print_title_rows
    else:
        first, last = title_rows.split(":")
        assert sheet.print_title_rows == f"${first}:${last}", sheet.title
    if landscape is not None:
        assert setup.orientation == ("landscape" if landscape else "portrait"), sheet.title
    assert sheet.oddFooter.center.text == "Trang &P/&N"


SOFFICE = shutil.which("soffice")


def xlsx_to_pdf(content: bytes, folder: Path) -> Path:
    """The .xlsx as LibreOffice Calc prints it (its own profile in `folder`, so that parallel
    runs do not share one)."""
    source = folder / "sheet.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return folder / "sheet.pdf"


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
