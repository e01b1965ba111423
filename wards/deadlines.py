"""When a ward's figures of a year may be entered, and when they are due: the one rule.

A year whose plan sets a reporting window is open from its opening day to its deadline, or to the
ward's extension of it. A year without a window is not restricted: entry is open, and the figures
are due by the end of that year (the annual review's own calendar).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Deadline:
    year: int
    today: date
    opens_on: date | None = None  # None: no window
    closes_on: date | None = None  # the window's deadline, or the ward's extension
    extended: bool = False

    @property
    def has_window(self) -> bool:
        return self.closes_on is not None

    @property
    def due_on(self) -> date:
        return self.closes_on or date(self.year, 12, 31)

    @property
    def is_open(self) -> bool:
        return not self.has_window or self.opens_on <= self.today <= self.closes_on

    @property
    def is_past(self) -> bool:
        return self.today > self.due_on

    @property
    def days_left(self) -> int | None:
        if not self.has_window or not self.is_open:
            return None
        return (self.closes_on - self.today).days

    @property
    def label(self) -> str:
        if not self.has_window:
            return f"Chưa đặt thời hạn báo cáo (hạn chung: cuối năm, {self.due_on:%d/%m/%Y})"
        if self.today < self.opens_on:
            return f"Chưa mở (mở từ {self.opens_on:%d/%m/%Y})"
        if self.today > self.closes_on:
            return f"Đã hết hạn ({self.closes_on:%d/%m/%Y})"
        when = "hôm nay" if self.days_left == 0 else f"còn {self.days_left} ngày"
        extended = ", đã gia hạn" if self.extended else ""
        return f"Hạn nộp {self.closes_on:%d/%m/%Y} ({when}{extended})"


def deadline_from(*, year: int, window=None, extension_closes_on: date | None = None,
                  today: date | None = None) -> Deadline:
    """The deadline of `year` from its window (or None) and the ward's extension of it, read already."""
    today = today or timezone.localdate()
    if window is None:
        return Deadline(year=year, today=today)
    return Deadline(
        year=year, today=today, opens_on=window.opens_on, closes_on=extension_closes_on or window.closes_on,
        extended=extension_closes_on is not None,
    )


def deadline_for(*, campaign, ward, year: int, today: date | None = None) -> Deadline:
    """The ward's deadline of `year` under `campaign`, read from the database (two queries)."""
    from .models import ReportingWindow, WindowExtension

    window = ReportingWindow.objects.filter(campaign=campaign, year=year).first()
    extension = None
    if window is not None:
        extension = WindowExtension.objects.filter(window=window, ward=ward).values_list("closes_on", flat=True).first()
    return deadline_from(year=year, window=window, extension_closes_on=extension, today=today)
