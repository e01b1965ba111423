"""Writes to a ward's figures and their workflow. Every path (admin, pages, imports) calls these.

draft → submitted (the ward's officer) → approved (LĐ-TB&XH) or returned with a reason (back to
the officer, who fixes and submits again). Approved figures are locked; LĐ-TB&XH may reopen them,
with a reason, which sends them back to the officer and flags the later years of the ward.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import FIGURE_FIELDS, CountTransition, ReportingWindow, Ward, WindowExtension, YearlyCount
from .roles import Role, officer_ward
from .selectors import window_state

logger = logging.getLogger(__name__)
Status = YearlyCount.Status
ONE_COUNT_PER_WARD_YEAR = next(c for c in YearlyCount._meta.constraints if c.name == "one_count_per_ward_year")
# The history table keeps a change reason of at most this many characters.
REASON_MAX = 100


def _check_officer_of(user, ward_id: int) -> None:
    if user.is_superuser:
        return
    ward = officer_ward(user)
    if ward is None or ward.pk != ward_id:
        raise PermissionDenied("Chỉ cán bộ của phường mới được nhập và gửi số liệu của phường.")


def _check_may_enter(user, ward_id: int) -> None:
    """The ward's officer enters its figures; LĐ-TB&XH may too, from a file the ward sent.

    Figures entered on a ward's behalf stay a draft: the ward's officer still submits them.
    """
    if user.has_perm("wards.enter_for_wards_yearlycount"):
        return
    _check_officer_of(user, ward_id)


def _check_reviewer(user) -> None:
    if not user.has_perm("wards.review_yearlycount"):
        raise PermissionDenied("Chỉ Phòng LĐ-TB&XH được duyệt, trả lại hoặc mở lại số liệu.")


def _check_window(user, count: YearlyCount) -> None:
    if user.is_superuser:
        return
    state = window_state(campaign=count.campaign, ward=count.ward, year=count.year)
    if not state["is_open"]:
        raise ValidationError(
            f"Ngoài thời hạn báo cáo năm {count.year}: {state['label']}. "
            "Liên hệ Phòng LĐ-TB&XH để được gia hạn."
        )


def _locked(count: YearlyCount) -> YearlyCount:
    """The stored row, locked until the transaction ends, so two moves cannot interleave."""
    return YearlyCount.objects.select_for_update().select_related("campaign", "ward").get(pk=count.pk)


def _short(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def _move(count: YearlyCount, *, to: str, user, reason: str = "") -> None:
    CountTransition.objects.create(
        count=count, from_status=count.status, to_status=to, by=user, reason=reason
    )
    count.status = to
    count.updated_by = user
    count._history_user = user  # history names the actor outside requests too (imports, commands)
    # The full reason is on the transition; the history line only has room for its start.
    count._change_reason = _short(f"{Status(to).label}: {reason}" if reason else Status(to).label)
    count.save()


def _stale_message(stored: YearlyCount) -> str:
    when = timezone.localtime(stored.updated_at)
    who = ""
    if stored.updated_by is not None:
        who = f" (bởi {stored.updated_by.get_full_name() or stored.updated_by.username})"
    return (
        f"Số liệu đã được người khác sửa lúc {when:%H:%M} ngày {when:%d/%m/%Y}{who} — "
        "hãy tải lại trang và nhập lại."
    )


def _changes(stored: YearlyCount | None, count: YearlyCount) -> str:
    """The history line of a save: what was created, or which figures changed and how."""
    if stored is None:
        return "Tạo số liệu"
    fields = [*FIGURE_FIELDS, "note"]
    changed = [
        name for name in fields if getattr(stored, name) != getattr(count, name)
    ]
    if not changed:
        return "Lưu lại, không đổi số liệu"
    parts = []
    for name in changed:
        label = YearlyCount._meta.get_field(name).verbose_name
        if name == "note":
            parts.append(str(label))
        else:
            parts.append(f"{label} {getattr(stored, name)}→{getattr(count, name)}")
    return "Sửa: " + "; ".join(parts)


def _notify(*, users, subject: str, count: YearlyCount, text: str) -> None:
    """Tell the next actor by email, once the transaction has committed."""
    recipients = sorted({u.email for u in users if u.email and u.is_active})
    if not recipients:
        return
    link = reverse("wards:count", kwargs={"code": count.ward.code, "year": count.year})
    body = f"{text}\n\nXem số liệu: {settings.SITE_URL}{link}\n"
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def _reviewers():
    return get_user_model().objects.filter(groups__name=Role.SOCIAL_AFFAIRS.value, is_active=True)


def _officers_of(ward: Ward):
    return get_user_model().objects.filter(ward_officer__ward=ward, is_active=True)


def count_check_editable(*, user, count: YearlyCount, expected_version: int | None = None) -> None:
    """Refuse unless `user` may write `count` as it stands in the database.

    Only the ward's own officer (or a superuser) enters figures, inside the reporting window, and
    only while they are a draft or were returned; submitted and approved figures are locked.
    LĐ-TB&XH may enter them on the ward's behalf, under the same locks and window.
    With `expected_version` (the version a form was opened at), figures saved by someone else
    since then are refused rather than overwritten.
    """
    _check_may_enter(user, count.ward_id)
    if count.pk:
        stored = YearlyCount.objects.filter(pk=count.pk).select_related("updated_by")
        if transaction.get_connection().in_atomic_block:
            # Inside a write (count_save, the admin's change view) the row stays locked until the
            # write ends, so what is checked here still holds when the row is saved.
            stored = stored.select_for_update(of=("self",))
        stored = stored.first()
        if stored is None:
            raise ValidationError("Số liệu này không còn tồn tại.")
        if stored.ward_id != count.ward_id:
            raise ValidationError({"ward": "Không được chuyển số liệu sang phường khác."})
        if stored.status not in YearlyCount.EDITABLE_STATUSES:
            raise ValidationError(
                f"Số liệu năm {count.year} {Status(stored.status).label.lower()}, không thể sửa. "
                "Chỉ sửa được khi đang nhập hoặc bị trả lại."
            )
        if expected_version is not None and expected_version != stored.version:
            raise ValidationError(_stale_message(stored))
    _check_window(user, count)


def count_save(*, count: YearlyCount, user, expected_version: int | None = None) -> YearlyCount:
    """Create or update a ward's yearly figures as `user`, after every check.

    Optimistic concurrency: the save is refused when the stored row has been saved since the
    version the caller started from — `expected_version` when given (a form's hidden field),
    otherwise the version `count` was loaded with. Two creations of the same ward and year give
    one row; the second is refused with the constraint's message.
    """
    with transaction.atomic():
        stored = None
        if count.pk:
            stored = _locked(count)
            if expected_version is None:
                expected_version = count.version
        count_check_editable(user=user, count=count, expected_version=expected_version)
        # The check constraints repeat clean()'s balance and poor-household rules (the database
        # still enforces them); validating them again would cost two queries a row. Only the
        # one-row-per-ward-and-year rule needs the database, and only when the row is new or moves.
        # The ward and the campaign were just read (the officer's ward was checked above), so
        # their existence is not asked of the database once more either.
        count.full_clean(exclude=["campaign", "ward"], validate_constraints=False)
        if stored is None or (stored.campaign_id, stored.year) != (count.campaign_id, count.year):
            ONE_COUNT_PER_WARD_YEAR.validate(YearlyCount, count)
        count.start_needs_check = False  # the start was just checked against last year's end
        count.updated_by = user
        count.version = stored.version + 1 if stored is not None else 0
        count._history_user = user
        # A caller's reason (an import names its file) wins; otherwise the line says what changed.
        reason = getattr(count, "_change_reason", None)
        count._change_reason = _short(reason or _changes(stored, count))
        try:
            # No savepoint of its own: an error leaves this function, and its atomic block
            # rolls back to where it began.
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
        # A later year whose start no longer matches this end must be looked at again.
        YearlyCount.objects.filter(
            campaign=count.campaign, ward=count.ward, year=count.year + 1
        ).exclude(near_poor_start=count.near_poor_end).update(start_needs_check=True)
    return count


def count_submit(*, count: YearlyCount, user) -> YearlyCount:
    with transaction.atomic():
        count = _locked(count)
        _check_officer_of(user, count.ward_id)
        if count.status not in YearlyCount.EDITABLE_STATUSES:
            raise ValidationError(
                f"Số liệu năm {count.year} {count.get_status_display().lower()}: không gửi lại được."
            )
        _check_window(user, count)
        count.full_clean()
        count.start_needs_check = False
        _move(count, to=Status.SUBMITTED, user=user)
        _notify(
            users=_reviewers(), count=count,
            subject=f"[Thi đua vì người nghèo] {count.ward} gửi số liệu năm {count.year}",
            text=f"{count.ward} đã gửi số liệu hộ nghèo, cận nghèo năm {count.year}, chờ Phòng LĐ-TB&XH duyệt.",
        )
    logger.info("count %s submitted by %s", count.pk, user.username)
    return count


def count_return(*, count: YearlyCount, user, reason: str) -> YearlyCount:
    reason = (reason or "").strip()
    with transaction.atomic():
        count = _locked(count)
        _check_reviewer(user)
        if count.status != Status.SUBMITTED:
            raise ValidationError("Chỉ trả lại được số liệu đã gửi, đang chờ duyệt.")
        if not reason:
            raise ValidationError({"reason": "Phải ghi lý do trả lại để phường biết cần sửa gì."})
        _move(count, to=Status.RETURNED, user=user, reason=reason)
        _notify(
            users=_officers_of(count.ward), count=count,
            subject=f"[Thi đua vì người nghèo] Số liệu năm {count.year} bị trả lại",
            text=f"Phòng LĐ-TB&XH trả lại số liệu năm {count.year} của {count.ward}.\nLý do: {reason}",
        )
    logger.info("count %s returned by %s", count.pk, user.username)
    return count


def count_approve(*, count: YearlyCount, user) -> YearlyCount:
    with transaction.atomic():
        count = _locked(count)
        _check_reviewer(user)
        if count.status != Status.SUBMITTED:
            raise ValidationError("Chỉ duyệt được số liệu đã gửi, đang chờ duyệt.")
        if count.year > count.campaign.start_year and not YearlyCount.objects.filter(
            campaign=count.campaign, ward=count.ward, year=count.year - 1, status=Status.APPROVED
        ).exists():
            raise ValidationError(
                f"Phải duyệt số liệu năm {count.year - 1} của {count.ward} trước: "
                f"số đầu năm {count.year} lấy từ số cuối năm {count.year - 1} đã duyệt."
            )
        count.full_clean()
        _move(count, to=Status.APPROVED, user=user)
        _notify(
            users=_officers_of(count.ward), count=count,
            subject=f"[Thi đua vì người nghèo] Số liệu năm {count.year} đã được duyệt",
            text=f"Phòng LĐ-TB&XH đã duyệt số liệu năm {count.year} của {count.ward}.",
        )
    logger.info("count %s approved by %s", count.pk, user.username)
    return count


def count_reopen(*, count: YearlyCount, user, reason: str) -> YearlyCount:
    """Unlock approved figures for correction; later years of the ward are flagged for a check."""
    reason = (reason or "").strip()
    with transaction.atomic():
        count = _locked(count)
        _check_reviewer(user)
        if count.status != Status.APPROVED:
            raise ValidationError("Chỉ mở lại được số liệu đã duyệt.")
        if not reason:
            raise ValidationError({"reason": "Phải ghi lý do mở lại số liệu đã duyệt."})
        _move(count, to=Status.RETURNED, user=user, reason=reason)
        YearlyCount.objects.filter(
            campaign=count.campaign, ward=count.ward, year__gt=count.year
        ).update(start_needs_check=True)
        _notify(
            users=_officers_of(count.ward), count=count,
            subject=f"[Thi đua vì người nghèo] Số liệu năm {count.year} được mở lại để sửa",
            text=f"Phòng LĐ-TB&XH mở lại số liệu năm {count.year} của {count.ward}.\nLý do: {reason}",
        )
    logger.info("count %s reopened by %s", count.pk, user.username)
    return count


def window_extend(*, window: ReportingWindow, ward: Ward, closes_on, reason: str, user) -> WindowExtension:
    """Give one ward a later deadline for one year (or move its existing extension)."""
    _check_reviewer(user)
    with transaction.atomic():
        extension = WindowExtension.objects.select_for_update().filter(window=window, ward=ward).first()
        moved = extension is not None
        extension = extension or WindowExtension(window=window, ward=ward)
        extension.closes_on, extension.reason, extension.granted_by = closes_on, reason, user
        extension.full_clean()
        extension._history_user = user
        extension._change_reason = _short(
            f"{'Dời' if moved else 'Gia'} hạn đến {closes_on:%d/%m/%Y}: {reason}".strip()
        )
        extension.save()
    logger.info("window %s extended for ward %s by %s", window.pk, ward.pk, user.username)
    return extension
