"""HTML to PDF with WeasyPrint, fenced in.

The documents hold text staff typed: autoescaping turns markup into text, and the fetcher is the
second fence, serving only the project's static files (from disk, no HTTP) and `data:` URIs.
Rendering is bounded: narratives have a maximum length, and each render runs in a child process
(common.limits) that is killed after REPORT_RENDER_TIMEOUT seconds or beyond REPORT_RENDER_MEMORY
bytes, so that a render the caller gave up on stops at once instead of holding a render thread.
"""

import logging
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from common import limits

logger = logging.getLogger(__name__)

# The document's base URL: an origin that cannot exist (.invalid is reserved), so a relative URL
# can only resolve to it, and the fetcher maps its static path to files on disk.
BASE_URL = "https://thidua.invalid/"


class RenderFailed(Exception):
    """No PDF: the render was stopped. The message is written for the user."""


class RenderTimeout(RenderFailed):
    """The PDF took longer than REPORT_RENDER_TIMEOUT seconds."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URIs and the project's static files; refuses (and records) anything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_file(url)
        if path is None:
            self.refused.append(url)
            logger.warning("report PDF: refused to fetch %s", url[:200])
            raise ValueError("Chỉ được dùng tệp tĩnh của hệ thống trong báo cáo.")
        self.served.append(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers={
            "Content-Type": "text/css" if path.suffix == ".css" else "application/octet-stream",
        })

    @staticmethod
    def _static_file(url: str) -> Path | None:
        parts = urlsplit(url)
        prefix = urlsplit(BASE_URL + settings.STATIC_URL.lstrip("/")).path
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
            return None
        name = posixpath.normpath(unquote(parts.path[len(prefix):]))
        if name.startswith(("/", "..")) or "\\" in name or "\0" in name:
            return None
        candidates = []
        try:
            candidates.append(staticfiles_storage.path(name))
        except NotImplementedError:  # a storage without local files
            pass
        found = finders.find(name)
        if found:
            candidates.append(found)
        for candidate in candidates:
            path = Path(candidate)
            if path.is_file():
                return path
        return None


def _render(html: str, fetcher: StaticOnlyFetcher) -> tuple[bytes, list[str], list[str]]:
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    # The child's fetcher is a copy: what it served and refused goes back with the PDF.
    return pdf, fetcher.refused, fetcher.served


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    fetcher = fetcher or StaticOnlyFetcher()
    timeout = settings.REPORT_RENDER_TIMEOUT
    try:
        pdf, refused, served = limits.run_limited(
            _render, html, fetcher, seconds=timeout, memory_bytes=settings.REPORT_RENDER_MEMORY
        )
    except limits.LimitExceeded as error:
        if error.kind == "time":
            logger.error("report PDF: rendering took longer than %s s and was stopped", timeout)
            raise RenderTimeout(
                f"Không tạo được tệp PDF trong {timeout} giây. Hãy thử lại sau ít phút."
            ) from None
        logger.error("report PDF: rendering needed more than %s bytes and was stopped", settings.REPORT_RENDER_MEMORY)
        raise RenderFailed(
            "Không tạo được tệp PDF: báo cáo cần quá nhiều bộ nhớ. Hãy rút gọn các phần thuyết minh rồi thử lại."
        ) from None
    fetcher.refused[:], fetcher.served[:] = refused, served
    return pdf
