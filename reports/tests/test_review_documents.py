"""The review reports as documents: what the PDF says, how it is laid out, and what it refuses.

Each test renders once (WeasyPrint takes about a second), and checks as much as it can on that
render. Expected figures are read from the wards' own tables, not from the report's selector.
"""

import datetime
import hashlib
import io
import re
import unicodedata

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import NomineeKind, Occasion
from campaign.models import ActorType
from reports.documents import review_html, review_pdf, review_xlsx
from reports.models import ReviewReport
from reports.pdf import StaticOnlyFetcher, html_to_pdf
from reports.review import review_content
from reports.services import review_report_issue
from reports.tests.factories import add_wards
from reports.tests.pdf_text import font_names, has_attachments, page_texts, reader, top_margin_text
from reports.tests.review_data import approve_years, assess, award, review
from units.models import Ward
from wards.models import Baseline, ReductionTarget, YearlyCount

ISSUE_DAY = datetime.date(2025, 6, 11)
A4 = (595.28, 841.89)
# The five wards of the plan's annex, in the plan's own order (TT 1–5 of its table), which the
# report's annex reproduces.
ANNEX_WARDS = ["Thanh Xuân Bắc", "Khương Đình", "Phương Liệt", "Khương Trung", "Nhân Chính"]


def expected_annex_line(number: int, ward: Ward, plan, review_year: int) -> str:
    """The ward's annex row as the PDF's text layer gives it, from the tables themselves."""
    baseline = Baseline.objects.get(campaign=plan, ward=ward).near_poor
    tokens = [str(number), ward.name, str(baseline)]
    remaining = None
    for year in plan.years:
        tokens.append(str(ReductionTarget.objects.get(campaign=plan, ward=ward, year=year).reduction))
        count = YearlyCount.objects.filter(
            campaign=plan, ward=ward, year=year, status=YearlyCount.Status.APPROVED
        ).first()
        if count is None or year > review_year:
            tokens.append("–")
        else:
            tokens.append(str(count.near_poor_start - count.near_poor_end))
            if year == review_year:
                remaining = count.near_poor_end
    tokens += ["–", "–"] if remaining is None else [str(baseline - remaining), str(remaining)]
    return " ".join(tokens)


@pytest.fixture
def final_data(plan, social_affairs, award_forms, khuong_dinh, nhan_chinh):
    # Nhân Chính reduces one household less than its target in 2024 and ends the plan with one.
    approve_years(plan, plan.years, shortfall={("00343", 2024): 1})
    assess(plan, 2023, khuong_dinh)
    assess(plan, 2024, nhan_chinh, result="partly")
    award(plan, social_affairs, form_code="co-thi-dua-thanh-pho", occasion=Occasion.FINAL, year=2025,
          name="UBND phường Khương Đình", ward=khuong_dinh, number="2150/QĐ-UBND",
          on=datetime.date(2025, 5, 30))
    award(plan, social_affairs, form_code="giay-khen-quan", occasion=Occasion.YEARLY, year=2023,
          name="Bà Lê Thị Hoa", ward=nhan_chinh, kind=NomineeKind.INDIVIDUAL,
          actor_type=ActorType.OFFICIAL, number="3412/QĐ-UBND", on=datetime.date(2023, 12, 20))


def test_the_issued_final_review(plan, final_data, social_affairs):
    report = review(plan)
    report = review_report_issue(report=report, user=social_affairs, today=ISSUE_DAY)
    pdf = bytes(report.pdf)
    assert report.is_issued and report.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.xlsx

    pages = page_texts(pdf)
    text = "\n".join(pages)
    # Vietnamese round-trips exactly, precomposed (NFC), as typed.
    assert text == unicodedata.normalize("NFC", text)
    for phrase in (
        "ỦY BAN NHÂN DÂN", "QUẬN THANH XUÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 86/BC-UBND", "Thanh Xuân, ngày 05 tháng 6 năm 2025",
        "BÁO CÁO", "Khương Đình", "cận nghèo", "Nơi nhận:", "Lưu: VT, LĐTBXH.", "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đặng Khánh Hòa",
        "CHỈ TIÊU VÀ KẾT QUẢ GIẢM HỘ CẬN NGHÈO GIAI ĐOẠN 2022–2025",
    ):
        assert phrase in text, phrase
    assert "DỰ THẢO" not in text

    # The annex: every ward's targets and results, and the totals, as in the tables.
    annex = next(page for page in pages if "PHỤ LỤC I\n" in page)
    lines = annex.splitlines()
    for number, name in enumerate(ANNEX_WARDS, start=1):
        ward = Ward.objects.get(name=name)
        assert expected_annex_line(number, ward, plan, 2025) in lines, name
    assert "TỔNG CỘNG 32 11 11 11 11 10 9 0 0 31 1" in lines
    chart = next(page for page in pages if "PHỤ LỤC II\n" in page)
    assert "Số hộ cận nghèo" in chart and "Cuối 2025" in chart  # the chart's own text

    # The final review's questions: Nhân Chính keeps one household, so the district falls short.
    assert "chưa đạt mục tiêu không còn hộ cận nghèo (còn 1 hộ)" in " ".join(text.split())
    assert "Nhân Chính 1 Không đạt Đạt" in text
    # Final awards with their decision; the yearly one only in the period's summary.
    assert "Cờ thi đua của UBND" in text and "2150/QĐ-UBND" in text
    assert "3412/QĐ-UBND" not in text and "Khen thưởng hằng năm và đột xuất trong giai đoạn: 1 lượt." in text

    # Layout: A4 everywhere, one family embedded, page numbers from page 2 only.
    pdf_reader = reader(pdf)
    for page in pdf_reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    assert font_names(pdf) <= {
        "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic", "Liberation-Serif-Bold-Italic",
        "TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT", "TimesNewRomanPS-ItalicMT", "TimesNewRomanPS-BoldItalicMT",
    }
    assert top_margin_text(pdf_reader.pages[0]) == ""
    assert top_margin_text(pdf_reader.pages[1]) == "2"
    assert len(pdf_reader.pages) >= 3


def test_the_final_review_lists_the_wards_short_of_the_goals(plan, final_data):
    content = review_content(report=review(plan), today=ISSUE_DAY)
    goals = content["goals"]
    assert (goals["met_count"], len(goals["rows"])) == (10, 11)
    assert [row["ward"].name for row in goals["shortfalls"]] == ["Nhân Chính"]
    page = " ".join(review_html(content=content, for_pdf=False).split())
    assert "Có 10 trên tổng số 11 phường đạt cả hai mục tiêu; 1 phường chưa đạt" in page
    # Every ward's households stay in the annex; the goals' table names the one that falls short.
    goals_table = page[page.index("Có 10 trên tổng số 11 phường đạt"):page.index("3. Duy trì không có hộ nghèo")]
    assert "Nhân Chính" in goals_table and "Khương Đình" not in goals_table


def test_the_mid_term_draft_keeps_to_its_period(plan, final_data):
    report = review(plan, ReviewReport.Kind.MID_TERM, number="", dated_on=None, lessons="")
    pdf = review_pdf(report=report, today=ISSUE_DAY)
    text = "\n".join(page_texts(pdf))
    assert "DỰ THẢO" in text
    assert "Số: /BC-UBND" in " ".join(text.split())
    assert "Sơ kết giữa kỳ" in text and "(Phần này chưa được soạn.)" in text
    annex = text[text.index("PHỤ LỤC"):].splitlines()
    # 2024 and 2025 are approved in the data, yet a mid-term report stops at 2023.
    for number, name in enumerate(ANNEX_WARDS, start=1):
        assert expected_annex_line(number, Ward.objects.get(name=name), plan, 2023) in annex, name
    assert "TỔNG CỘNG 32 11 11 11 11 10 – 0 – 22 10" in annex
    # Awards given so far: the 2023 yearly award with its decision; no final-review award.
    assert "3412/QĐ-UBND" in text and "2150/QĐ-UBND" not in text
    assert "2024" not in text.split("3. Kết quả đánh giá tiêu chí thi đua")[1].split("4. Công tác")[0]


def test_years_without_approved_figures_read_as_missing_not_zero(plan, make_count, khuong_dinh):
    # The final review with 2022 and 2023 approved for every ward, one ward in 2024, none in 2025.
    approve_years(plan, (2022, 2023))
    make_count(khuong_dinh, 2024, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    content = review_content(report=review(plan), today=ISSUE_DAY)
    checks = {check["year"]: check for check in content["poor_checks"]}
    assert (checks[2023]["poor_end"], checks[2023]["complete"]) == (0, True)
    assert (checks[2024]["poor_end"], checks[2024]["approved_wards"], checks[2024]["complete"]) == (0, 1, False)
    assert checks[2025]["poor_end"] is None and checks[2025]["near_poor_new"] is None

    page = " ".join(review_html(content=content, for_pdf=False).split())
    table = page[page.index("3. Duy trì không có hộ nghèo"):page.index("4. Kết quả đánh giá")]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row.split("</tr>")[0]).split()) for row in table.split("<tr>")[2:]]
    assert rows == ["2022 11/11 0 0 0 0 0", "2023 11/11 0 0 0 0 0", "2024 1/11 (chưa đủ) 0 0 0 0 0",
                    "2025 0/11 – – – – –"]
    assert "Dấu “–”: chưa có kết quả rà soát của năm" in page

    workbook = openpyxl.load_workbook(io.BytesIO(review_xlsx(report=content["report"], today=ISSUE_DAY)))
    poor = list(workbook["Hộ nghèo"].iter_rows(min_row=4, values_only=True))
    assert poor[2] == (2024, 1, 11, 0, 0, 0, 0, 0, "Chưa đủ số liệu: cộng 1/11 phường đã duyệt")
    assert poor[3] == (2025, 0, 11, "–", "–", "–", "–", "–", "Chưa có phường nào được duyệt")
    annex = {row[1]: row for row in workbook["Phụ lục"].iter_rows(min_row=4, values_only=True)}
    # 2024 and 2025 of the district: not a sum of one ward; 2025 of a ward: no figure.
    assert annex["TỔNG CỘNG"][9:15] == (10, "–", "–", 0, "–", "–")
    assert annex["Khương Đình"][12:15] == (0, "–", "–")


HOSTILE = (
    'Mở đầu <b>đậm</b> <script>alert("x")</script> <img src="file:///etc/passwd"> '
    '<link rel="attachment" href="file:///etc/hosts"> kết thúc'
)


def test_user_text_is_printed_as_text_and_nothing_is_fetched(plan, final_data):
    report = review(plan, deployment=HOSTILE, signer_name="<i>Đặng Khánh Hòa</i>")
    content = review_content(report=report, today=ISSUE_DAY)
    html = review_html(content=content, for_pdf=True)
    assert "<script>" not in html and "<b>đậm</b>" not in html and 'src="file:' not in html
    assert "&lt;script&gt;" in html and "&lt;link rel=&quot;attachment&quot;" in html

    fetcher = StaticOnlyFetcher()
    pdf = review_pdf(report=report, today=ISSUE_DAY, fetcher=fetcher)
    # Compared without whitespace: the line may break inside a long "word" such as a URL.
    text = "".join("".join(page_texts(pdf)).split())
    assert "".join(HOSTILE.split()) in text and "<i>ĐặngKhánhHòa</i>" in text
    assert fetcher.refused == []
    assert fetcher.served == ["https://thidua.invalid/static/css/report-pdf.css"]
    assert not has_attachments(pdf)


def test_the_fetcher_refuses_files_hosts_and_escapes():
    """The second fence, should markup ever reach WeasyPrint unescaped."""
    fetcher = StaticOnlyFetcher()
    for url in (
        "file:///etc/passwd", "http://127.0.0.1:8000/admin/", "https://example.com/a.css",
        "https://thidua.invalid/etc/passwd", "https://thidua.invalid/static/../../config/settings.py",
        "https://thidua.invalid/static/%2e%2e/%2e%2e/etc/hosts", "ftp://example.com/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("https://thidua.invalid/static/css/report-pdf.css").read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain;base64,eGlu").read() == b"xin"

    markup = (
        '<html><body><p>Chào</p><img src="file:///etc/passwd"><img src="http://example.com/x.png">'
        '<link rel="attachment" href="file:///etc/hosts"><a rel="attachment" href="file:///etc/hosts">x</a>'
        '</body></html>'
    )
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf(markup, fetcher=fetcher)
    assert set(fetcher.refused) >= {"file:///etc/passwd", "http://example.com/x.png", "file:///etc/hosts"}
    assert not has_attachments(pdf)
    assert b"root:" not in pdf and b"localhost" not in pdf


def test_the_spreadsheet_holds_the_same_tables(plan, final_data, khuong_dinh):
    # A formula typed as a ward's name is written as text.
    Ward.objects.filter(pk=khuong_dinh.pk).update(name='=HYPERLINK("http://x","Khương Đình")')
    report = review(plan)
    workbook = openpyxl.load_workbook(io.BytesIO(review_xlsx(report=report, today=ISSUE_DAY)))
    assert workbook.sheetnames == ["Phụ lục", "Hộ nghèo", "Mục tiêu 2025", "Tiêu chí thi đua", "Khen thưởng"]
    rows = list(workbook["Phụ lục"].iter_rows(min_row=4, values_only=True))
    by_name = {row[1]: row for row in rows}
    assert by_name['\'=HYPERLINK("http://x","Khương Đình")'][2:] == (6, 2, 2, 4, 2, 2, 2, 2, 2, 0, 0, 0, 0, 6, 6, 0)
    assert by_name["Nhân Chính"][2:] == (9, 3, 3, 6, 3, 3, 3, 3, 2, 1, 0, 0, 1, 9, 8, 1)
    assert by_name["TỔNG CỘNG"][2:] == (32, 11, 11, 21, 11, 11, 10, 10, 9, 1, 0, 0, 1, 32, 31, 1)
    awards = list(workbook["Khen thưởng"].iter_rows(min_row=4, values_only=True))
    assert [row[:7] for row in awards] == [(
        1, "Cờ thi đua của UBND Thành phố", "Tập thể", "UBND phường Khương Đình",
        'Phường =HYPERLINK("http://x","Khương Đình")', "2150/QĐ-UBND", "30/05/2025",
    )]


def review_again(report):
    return type(report).objects.select_related("campaign__owner_district").get(pk=report.pk)


def test_review_content_queries_do_not_grow_with_wards(plan, final_data):
    report = review(plan)
    with CaptureQueriesContext(connection) as at_11:
        review_content(report=report, today=ISSUE_DAY)
    add_wards(plan, 40)
    report = review_again(report)  # a fresh read, as each request makes
    with CaptureQueriesContext(connection) as at_51:
        content = review_content(report=report, today=ISSUE_DAY)
    assert len(at_51) == len(at_11) <= 9
    assert len(content["annex"]["rows"]) == 45


def test_a_render_that_overruns_its_time_is_abandoned(settings):
    from reports.pdf import RenderTimeout

    settings.REPORT_RENDER_TIMEOUT = 0.001
    with pytest.raises(RenderTimeout, match="Không tạo được tệp PDF trong 0.001 giây"):
        html_to_pdf("<p>" + "Hộ cận nghèo. " * 5000 + "</p>")


def test_the_annex_header_repeats_on_every_page(plan):
    add_wards(plan, 60)
    pdf = review_pdf(report=review(plan), today=ISSUE_DAY)
    pages = page_texts(pdf)
    start = next(index for index, text in enumerate(pages) if "PHỤ LỤC" in text)
    annex_pages = [text for text in pages[start:] if "Thử 0" in text]
    assert len(annex_pages) >= 2
    for text in annex_pages:
        assert "Tên phường" in text and "CT TH CT TH CT TH CT TH" in text


# What a records office would send back: the product's own words in a document it signs.
SOFTWARE_PHRASES = (
    "Số phường đã duyệt", "Chỉ tính số liệu", "số liệu duyệt", "số liệu đã duyệt", "số liệu được duyệt",
    "được duyệt số liệu",
)


def test_the_document_speaks_as_an_office_and_wraps_what_users_typed(plan, final_data):
    word = "Đ" * 3000
    report = review(plan, results=f"Kết quả nổi bật: {word}.")
    pdf = review_pdf(report=report, today=ISSUE_DAY)
    pages = page_texts(pdf)
    text = " ".join(" ".join(pages).split())
    for phrase in SOFTWARE_PHRASES:
        assert phrase not in text, phrase
    assert not re.search(r"\d+/\d+ phường đạt", text)
    assert "Có 10 trên tổng số 11 phường đạt cả hai mục tiêu" in text
    assert "Nguồn số liệu: kết quả rà soát hộ nghèo, hộ cận nghèo hằng năm của các phường" in text
    assert "Thực hiện (kết quả rà soát)" in text  # the chart's legend
    # The 3,000 letters are all there, broken at the margin into lines of the text's width.
    runs = [len(run) for run in re.findall("Đ{10,}", "\n".join(pages))]
    assert sum(runs) == 3000 and len(runs) > 50 and max(runs) < 60


def test_each_annex_has_its_heading_and_its_own_page_numbers(plan):
    add_wards(plan, 60)  # an annex of two pages
    pdf = review_pdf(report=review(plan), today=ISSUE_DAY)
    pages = page_texts(pdf)
    starts = {
        label: next(index for index, text in enumerate(pages) if label in text.splitlines())
        for label in ("PHỤ LỤC I", "PHỤ LỤC II")
    }
    assert 1 < starts["PHỤ LỤC I"] < starts["PHỤ LỤC II"] - 1
    assert "BIỂU ĐỒ SỐ HỘ CẬN NGHÈO CÒN LẠI SO VỚI KẾ HOẠCH GIAI ĐOẠN 2022–2025" in " ".join(pages[starts["PHỤ LỤC II"]].split())
    numbers = [top_margin_text(page).replace("DỰ THẢO", "").strip() for page in reader(pdf).pages]  # the draft badge aside
    # The report numbered from its page 2; each annex from its own first page, which bears none.
    assert numbers[:starts["PHỤ LỤC I"]] == ["", *map(str, range(2, starts["PHỤ LỤC I"] + 1))]
    assert numbers[starts["PHỤ LỤC I"]:starts["PHỤ LỤC II"]] == [
        "", *map(str, range(2, starts["PHỤ LỤC II"] - starts["PHỤ LỤC I"] + 1))
    ]
    assert numbers[starts["PHỤ LỤC II"]] == ""
