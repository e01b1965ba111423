"""Whether a ward's approved figures keep to the plan: one measure, read by every page.

A year is judged by **progress** (`progress_status`): households reduced since the plan's start
against the targets of every year up to then. The dashboards, the ward page, the reviews, the
yearly ranking and a nomination's evidence all read it here, so that a ward ahead in 2022 that
reduces less than 2023's own target, yet keeps to the path, is "Đúng tiến độ" on every page; each
page says that it shows the cumulative measure.
"""

from django.db import models


class ProgressStatus(models.TextChoices):
    AHEAD = "ahead", "Vượt tiến độ"
    ON_TRACK = "on_track", "Đúng tiến độ"
    BEHIND = "behind", "Chậm tiến độ"
    NOT_REPORTED = "not_reported", "Chưa báo cáo"
    NOT_YET_DUE = "not_yet_due", "Chưa đến hạn"
    AWAITING_APPROVAL = "awaiting_approval", "Chờ duyệt"
    # Returned or reopened figures wait for the ward, whatever the deadline says.
    RETURNED = "returned", "Bị trả lại, chờ phường sửa"
    ENDED = "ended", "Đơn vị đã sắp xếp"  # the ward did not stand at the year's end: no review is due

    @property
    def keeps_to_plan(self) -> bool:
        """Ahead of or on the path: what the ranking scores and a nomination's evidence counts as met."""
        return self in (ProgressStatus.AHEAD, ProgressStatus.ON_TRACK)


def progress_status(*, cumulative_achieved: int, cumulative_target: int) -> ProgressStatus:
    if cumulative_achieved > cumulative_target:
        return ProgressStatus.AHEAD
    if cumulative_achieved == cumulative_target:
        return ProgressStatus.ON_TRACK
    return ProgressStatus.BEHIND
