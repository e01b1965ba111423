"""The review report as a document: the HTML preview and the PDF render one template from the same
`review_content`, so that what staff read on screen is what the district signs.
"""

from datetime import date

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import charts
from .models import ReviewReport
from .pdf import StaticOnlyFetcher, html_to_pdf
from .review import review_content
from .spreadsheets import review_workbook

TEMPLATE = "reports/review_document.html"


def review_chart(content: dict) -> SafeString:
    return charts.near_poor_path_chart(
        points=content["path"], font=charts.SERIF_FONT,
        title="Hộ cận nghèo toàn quận: thực hiện so với kế hoạch",
    )


def review_html(*, content: dict, for_pdf: bool) -> str:
    report = content["report"]
    return render_to_string(TEMPLATE, {
        **content,
        "for_pdf": for_pdf,
        "draft": not report.is_issued,
        "chart": review_chart(content),
    })


def review_pdf(*, report: ReviewReport, today: date, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """A fresh PDF of the report: for drafts (marked DỰ THẢO) and at the moment of issuing."""
    content = review_content(report=report, today=today)
    return html_to_pdf(review_html(content=content, for_pdf=True), fetcher=fetcher)


def review_xlsx(*, report: ReviewReport, today: date) -> bytes:
    return review_workbook(content=review_content(report=report, today=today))
