"""Writes to a ward's figures and their workflow. Every path (admin, pages, imports) calls these.

draft → submitted (the ward's officer) → approved (LĐ-TB&XH) or returned with a reason (back to
the officer, who fixes and submits again). Approved figures are locked; LĐ-TB&XH may reopen them,
with a reason, which sends them back to the officer and flags the later years of the ward.
Many rows at once (an import): `wards.batch.CountBatch`, under the same rules.
"""

import logging
from dataclasses import asdict, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from common import workflow
from common.workflow import DANGER, SECONDARY, Action, Move
from units.access import office_of, officers_of
from units.offices import office_name, offices_for
from units.roles import Role

from . import rules
from .models import ReportingWindow, WindowExtension, YearlyCount
from .rules import StoredCount, check_officer_of, check_reviewer

logger = logging.getLogger(__name__)
Status = YearlyCount.Status
SUBJECT = "[Thi đua vì người nghèo]"

# A label names an office by its role ({social}, {home}, {city}): count_actions fills in the
# offices of the count's ward.
SUBMIT = Move(
    "submit", YearlyCount.EDITABLE_STATUSES, Status.SUBMITTED, "Gửi {social} duyệt",
    check=lambda user, count: check_officer_of(user, count.ward),
    confirm="Số liệu năm {year} của {ward} sẽ được gửi tới {social} duyệt. Từ lúc gửi, phường không sửa "
            "được số liệu nữa, trừ khi {social} trả lại.",
)
APPROVE = Move(
    "approve", (Status.SUBMITTED,), Status.APPROVED, "Duyệt số liệu",
    check=lambda user, count: check_reviewer(user, count.ward),
    confirm="Số liệu năm {year} của {ward} sẽ được duyệt và khóa: phường không sửa được nữa, các trang tiến độ "
            "và báo cáo tính số liệu này. Muốn sửa lại phải mở lại số liệu, có ghi lý do. Phường được báo "
            "qua thư điện tử.",
)
RETURN = Move(
    "return", (Status.SUBMITTED,), Status.RETURNED, "Trả lại cho phường", style=SECONDARY,
    check=lambda user, count: check_reviewer(user, count.ward),
    reason="Lý do trả lại", reason_required=True,
    confirm="Số liệu năm {year} sẽ được trả lại cho {ward} sửa rồi gửi lại; phường được báo qua thư điện tử, "
            "kèm lý do trả lại.",
)
REOPEN = Move(
    "reopen", (Status.APPROVED,), Status.RETURNED, "Mở lại để phường sửa", style=DANGER,
    check=lambda user, count: check_reviewer(user, count.ward),
    reason="Lý do mở lại số liệu đã duyệt", reason_required=True,
    confirm="Số liệu năm {year} của {ward} đã duyệt sẽ được mở lại: không còn là số liệu đã duyệt cho đến khi "
            "phường sửa, gửi lại và được duyệt lại; số đầu năm của các năm sau của phường phải kiểm tra lại. "
            "Phường được báo qua thư điện tử, kèm lý do.",
)
MOVES = (SUBMIT, APPROVE, RETURN, REOPEN)
MOVE_BY_NAME = {m.name: m for m in MOVES}
URL_NAMES = {"submit": "wards:count-submit", "approve": "wards:count-approve", "return": "wards:count-return",
             "reopen": "wards:count-reopen"}


def count_actions(*, count: YearlyCount, user) -> list[Action]:
    """What `user` may do with `count` now, as its page offers it: the same rules the moves check."""
    args = [count.ward.key, count.year]
    offered = workflow.actions(MOVES, user=user, obj=count, url=lambda name: reverse(URL_NAMES[name], args=args))
    names = asdict(offices_for(count.ward))
    offered = [replace(action, label=action.label.format(**names)) for action in offered]
    if SUBMIT.offered(user, count):
        # Who may submit the figures may change them too.
        edit = Action("edit", "Sửa số liệu", reverse("admin:wards_yearlycount_change", args=[count.pk]),
                      style=SECONDARY, method="get")
        offered.insert(0, edit)
    return offered


def count_confirmation(*, count: YearlyCount, user, move: str, values) -> workflow.Confirmation | None:
    """What the page confirming `move` on `count` says (None: the move runs now, and its service
    refuses it if the page would not offer it)."""
    names = {**asdict(offices_for(count.ward)), "year": count.year, "ward": count.ward}
    return workflow.confirmation(
        MOVES, name=move, user=user, obj=count, values=values, names=names,
        subject=f"Số liệu hộ nghèo, cận nghèo năm {count.year} của {count.ward}",
    )


def _locked(count: YearlyCount) -> YearlyCount:
    return workflow.locked(YearlyCount.objects.select_related("campaign", "ward"), count.pk)


def _notify(*, users, subject: str, count: YearlyCount, text: str) -> None:
    link = reverse("wards:count", kwargs={"code": count.ward.key, "year": count.year})
    workflow.notify(users=users, subject=f"{SUBJECT} {subject}", body=f"{text}\n\nXem số liệu: {settings.SITE_URL}{link}\n")


def _office(count: YearlyCount) -> str:
    """The office in charge of the count's ward, as the messages name it."""
    return office_name(Role.SOCIAL_AFFAIRS, count.ward)


def _reviewers(ward):
    """LĐ-TB&XH of the ward's own district: nobody elsewhere hears of its figures."""
    return office_of(Role.SOCIAL_AFFAIRS, district_id=ward.district_id)


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def count_check_editable(*, user, count: YearlyCount, expected_version: int | None = None) -> None:
    """Refuse unless `user` may write `count` as stored (the admin form asks first; count_save again, locked)."""
    rules.check_count_access(count, user=user, context=StoredCount(), expected_version=expected_version)


def count_save(*, count: YearlyCount, user, expected_version: int | None = None) -> YearlyCount:
    """Create or update a ward's yearly figures as `user`, after every check. Refused when the row
    was saved since `expected_version` (a form's hidden field; else the version `count` was loaded
    with); of two creations of the same ward and year, the second is refused."""
    with transaction.atomic():
        stored = rules.check_count_write(count, user=user, context=StoredCount(), expected_version=expected_version)
        reason = getattr(count, "_change_reason", None)
        rules.stamp(count, stored, user)
        try:
            # No savepoint of its own: an error rolls this function's atomic block back.
            count.save(force_insert=stored is None)
        except IntegrityError:
            if stored is not None:
                raise
            # Another request created the same ward and year between our check and our insert.
            raise ValidationError(
                f"{count.ward} đã có số liệu năm {count.year} (vừa được người khác tạo) — "
                "hãy tải lại trang và sửa số liệu đã có."
            ) from None
        finally:
            count._change_reason = reason
        YearlyCount.objects.filter(
            campaign=count.campaign, ward=count.ward, year=count.year + 1
        ).exclude(near_poor_start=count.near_poor_end).update(start_needs_check=True)
    return count


def count_submit(*, count: YearlyCount, user) -> YearlyCount:
    with transaction.atomic():
        count = _locked(count)
        SUBMIT.guard(user, count, f"Số liệu năm {count.year} {count.get_status_display().lower()}: không gửi lại được.")
        rules.check_window(user, count, StoredCount().deadline(count))
        count.full_clean()
        count.start_needs_check = False
        workflow.move(count, to=Status.SUBMITTED, user=user)
        count.updated_by = user
        count.save()
        _notify(
            users=_reviewers(count.ward), count=count, subject=f"{count.ward} gửi số liệu năm {count.year}",
            text=f"{count.ward} đã gửi số liệu hộ nghèo, cận nghèo năm {count.year}, chờ {_office(count)} duyệt.",
        )
    logger.info("count %s submitted by %s", count.pk, user.username)
    return count


def count_return(*, count: YearlyCount, user, reason: str) -> YearlyCount:
    with transaction.atomic():
        count = _locked(count)
        RETURN.guard(user, count, "Chỉ trả lại được số liệu đã gửi, đang chờ duyệt.")
        reason = _reason(reason, "Phải ghi lý do trả lại để phường biết cần sửa gì.")
        workflow.move(count, to=Status.RETURNED, user=user, reason=reason)
        count.updated_by = user
        count.save()
        _notify(
            users=officers_of(count.ward_id), count=count, subject=f"Số liệu năm {count.year} bị trả lại",
            text=f"{_office(count)} trả lại số liệu năm {count.year} của {count.ward}.\nLý do: {reason}",
        )
    logger.info("count %s returned by %s", count.pk, user.username)
    return count


def count_approve(*, count: YearlyCount, user) -> YearlyCount:
    with transaction.atomic():
        count = _locked(count)
        APPROVE.guard(user, count, "Chỉ duyệt được số liệu đã gửi, đang chờ duyệt.")
        if count.year > count.campaign.start_year and not YearlyCount.objects.filter(
            campaign=count.campaign, ward=count.ward, year=count.year - 1, status=Status.APPROVED
        ).exists():
            raise ValidationError(
                f"Phải duyệt số liệu năm {count.year - 1} của {count.ward} trước: "
                f"số đầu năm {count.year} lấy từ số cuối năm {count.year - 1} đã duyệt."
            )
        count.full_clean()
        workflow.move(count, to=Status.APPROVED, user=user)
        count.updated_by = user
        count.save()
        _notify(
            users=officers_of(count.ward_id), count=count, subject=f"Số liệu năm {count.year} đã được duyệt",
            text=f"{_office(count)} đã duyệt số liệu năm {count.year} của {count.ward}.",
        )
    logger.info("count %s approved by %s", count.pk, user.username)
    return count


def count_reopen(*, count: YearlyCount, user, reason: str) -> YearlyCount:
    with transaction.atomic():
        count = _locked(count)
        REOPEN.guard(user, count, "Chỉ mở lại được số liệu đã duyệt.")
        reason = _reason(reason, "Phải ghi lý do mở lại số liệu đã duyệt.")
        workflow.move(count, to=Status.RETURNED, user=user, reason=reason)
        count.updated_by = user
        count.save()
        YearlyCount.objects.filter(
            campaign=count.campaign, ward=count.ward, year__gt=count.year
        ).update(start_needs_check=True)
        _notify(
            users=officers_of(count.ward_id), count=count, subject=f"Số liệu năm {count.year} được mở lại để sửa",
            text=f"{_office(count)} mở lại số liệu năm {count.year} của {count.ward}.\nLý do: {reason}",
        )
    logger.info("count %s reopened by %s", count.pk, user.username)
    return count


def window_extend(*, window: ReportingWindow, ward, closes_on, reason: str, user) -> WindowExtension:
    """Give one ward a later deadline for one year (or move its existing extension)."""
    check_reviewer(user, ward)
    with transaction.atomic():
        extension = WindowExtension.objects.select_for_update().filter(window=window, ward=ward).first()
        moved = extension is not None
        extension = extension or WindowExtension(window=window, ward=ward)
        extension.closes_on, extension.reason, extension.granted_by = closes_on, reason, user
        extension.full_clean()
        extension._history_user = user
        extension._change_reason = workflow.short(
            f"{'Dời' if moved else 'Gia'} hạn đến {closes_on:%d/%m/%Y}: {reason}".strip()
        )
        extension.save()
    logger.info("window %s extended for ward %s by %s", window.pk, ward.pk, user.username)
    return extension
