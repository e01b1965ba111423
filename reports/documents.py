"""The review report as a document: the HTML preview and the PDF render one template from the same
`review_content`, so that what staff read on screen is what the district signs.
"""

from datetime import date

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from common import cache as data_cache
from common import limits

from . import charts
from .models import ReviewReport
from .pdf import RenderFailed, StaticOnlyFetcher, html_to_pdf
from .review import review_content
from .spreadsheets import review_workbook

TEMPLATE = "reports/review_document.html"


def review_chart(content: dict) -> SafeString:
    return charts.near_poor_path_chart(
        points=content["path"], font=charts.SERIF_FONT, words=charts.DOCUMENT_WORDS,
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


class DraftNotRendered(Exception):
    """No PDF of the draft for the data as they are, and the reader may not have one made."""


class RenderBusy(RenderFailed):
    """The user already has a PDF being rendered."""


def draft_pdf(*, report: ReviewReport, today: date, user, may_render: bool) -> bytes:
    """The draft's PDF as the data stand: cached per data version and the report's own last change,
    rendered only for a user who `may_render` (its drafters), one render at a time per user."""
    key = f"reports:draft-pdf:{report.pk}:{report.updated_at.isoformat()}:{today.isoformat()}:{data_cache.version()}"
    latest = f"reports:draft-pdf-latest:{report.pk}"

    def render() -> bytes:
        if not may_render:
            raise DraftNotRendered
        try:
            with limits.one_at_a_time("pdf", user.pk):
                pdf = review_pdf(report=report, today=today)
        except limits.Busy:
            raise RenderBusy(
                "Anh/chị đang có một bản PDF khác đang được tạo. Hãy đợi bản đó xong rồi thử lại."
            ) from None
        # A worker keeps one PDF per draft: the one of an older version goes when a newer one comes.
        previous = cache.get(latest)
        if previous and previous != key:
            cache.delete(previous)
        cache.set(latest, key, data_cache.TIMEOUT)
        return pdf

    return data_cache.cached(key, render)


def review_xlsx(*, report: ReviewReport, today: date) -> bytes:
    return review_workbook(content=review_content(report=report, today=today))
