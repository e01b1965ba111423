"""How a ward's approved figures are judged against the plan's targets: the two measures the pages
show, in one place.

- The **year's target** (`year_target_met`): that year's reduction against its own target (the
  yearly ranking, a nomination's evidence).
- **Progress** (`progress_status`): households reduced since the plan's start against the targets
  of every year up to then (the dashboards, the ward page, the reviews).

A ward can miss one year's target and still be on track: each page names the measure it shows.
"""

from django.db import models


class ProgressStatus(models.TextChoices):
    AHEAD = "ahead", "Vượt tiến độ"
    ON_TRACK = "on_track", "Đúng tiến độ"
    BEHIND = "behind", "Chậm tiến độ"
    NOT_REPORTED = "not_reported", "Chưa báo cáo"
    NOT_YET_DUE = "not_yet_due", "Chưa đến hạn"
    AWAITING_APPROVAL = "awaiting_approval", "Chờ duyệt"
    ENDED = "ended", "Đơn vị đã sắp xếp"  # the ward did not stand at the year's end: no review is due


def year_target_met(count, target: int) -> bool:
    """Whether a year's figures meet its own target; a ward with nothing left to reduce has met it."""
    return count.reduction >= target or count.near_poor_end == 0


def progress_status(*, cumulative_achieved: int, cumulative_target: int) -> ProgressStatus:
    if cumulative_achieved > cumulative_target:
        return ProgressStatus.AHEAD
    if cumulative_achieved == cumulative_target:
        return ProgressStatus.ON_TRACK
    return ProgressStatus.BEHIND
