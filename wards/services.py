"""Writes to a ward's figures and their workflow. Every path (admin, pages, imports) calls these.

draft → submitted (the ward's officer) → approved (LĐ-TB&XH) or returned with a reason (back to
the officer, who fixes and submits again). Approved figures are locked; LĐ-TB&XH may reopen them,
with a reason, which sends them back to the officer and flags the later years of the ward.
"""

import copy
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from units.access import DISTRICT, office_of, officers_of, reach
from units.models import Ward
from units.roles import Role

from .models import FIGURE_FIELDS, Baseline, CountTransition, ReportingWindow, WindowExtension, YearlyCount, start_from
from .selectors import window_state

logger = logging.getLogger(__name__)
Status = YearlyCount.Status
ONE_COUNT_PER_WARD_YEAR = next(c for c in YearlyCount._meta.constraints if c.name == "one_count_per_ward_year")
# The history table keeps a change reason of at most this many characters.
REASON_MAX = 100
# Rows per INSERT or UPDATE statement when a batch of figures is written.
WRITE_BATCH = 500


def _check_officer_of(user, ward_id: int) -> None:
    unit = reach(user)
    if unit.everything:
        return
    if unit.ward is None or unit.ward.pk != ward_id:
        raise PermissionDenied("Chỉ cán bộ của phường mới được nhập và gửi số liệu của phường.")


def _check_in_district(user, district_id: int) -> None:
    """District staff act on the wards of the district they are posted to, and no other."""
    unit = reach(user)
    if unit.everything:
        return
    if unit.level != DISTRICT or unit.district.pk != district_id:
        raise PermissionDenied("Phường này không thuộc quận của tài khoản.")


def _check_may_enter(user, ward: Ward) -> None:
    """The ward's officer enters its figures; LĐ-TB&XH of the ward's district may too, from a
    file the ward sent.

    Figures entered on a ward's behalf stay a draft: the ward's officer still submits them.
    """
    if user.has_perm("wards.enter_for_wards_yearlycount"):
        _check_in_district(user, ward.district_id)
        return
    _check_officer_of(user, ward.pk)


def _check_reviewer(user, ward: Ward) -> None:
    if not user.has_perm("wards.review_yearlycount"):
        raise PermissionDenied("Chỉ Phòng LĐ-TB&XH được duyệt, trả lại hoặc mở lại số liệu.")
    _check_in_district(user, ward.district_id)


def _check_window(user, count: YearlyCount, *, is_open: bool | None = None) -> None:
    """Refuse outside the year's reporting window (or the ward's extension of it).

    `is_open` is the answer of a caller that has already read the windows (an import): only a
    closed window is asked of the selector again, for the words of the refusal.
    """
    if user.is_superuser or is_open:
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


def _reviewers(ward: Ward):
    """LĐ-TB&XH of the ward's own district: nobody elsewhere hears of its figures."""
    return office_of(Role.SOCIAL_AFFAIRS, district_id=ward.district_id)


def _officers_of(ward: Ward):
    return officers_of(ward.pk)


def count_check_editable(*, user, count: YearlyCount, expected_version: int | None = None) -> None:
    """Refuse unless `user` may write `count` as it stands in the database.

    Only the ward's own officer (or a superuser) enters figures, inside the reporting window, and
    only while they are a draft or were returned; submitted and approved figures are locked.
    LĐ-TB&XH may enter them on the ward's behalf, under the same locks and window.
    With `expected_version` (the version a form was opened at), figures saved by someone else
    since then are refused rather than overwritten.
    """
    _check_may_enter(user, count.ward)
    if count.pk:
        stored = YearlyCount.objects.filter(pk=count.pk)
        if transaction.get_connection().in_atomic_block:
            # Inside a write (the admin's change view) the row stays locked until the write
            # ends, so what is checked here still holds when the row is saved.
            stored = stored.select_for_update(of=("self",))
        _check_stored(count, stored.first(), expected_version)
    _check_window(user, count)


def _check_stored(count: YearlyCount, stored: YearlyCount | None, expected_version: int | None) -> None:
    """The rules a change must meet against the row as stored (and locked by the caller)."""
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


def _clean(count: YearlyCount) -> None:
    # The check constraints repeat clean()'s balance and poor-household rules (the database
    # still enforces them); validating them again would cost two queries a row. The
    # one-row-per-ward-and-year rule is left to the caller, which checks it only for a new or
    # moved row. The ward and the campaign were just read (the officer's ward was checked), and
    # the user who last saved is replaced by the one saving now, so their existence is not
    # asked of the database once more either.
    count.full_clean(exclude=["campaign", "ward", "updated_by"], validate_constraints=False)


def _is_new_or_moved(count: YearlyCount, stored: YearlyCount | None) -> bool:
    return stored is None or (stored.campaign_id, stored.year) != (count.campaign_id, count.year)


def _stamp(count: YearlyCount, stored: YearlyCount | None, user) -> None:
    """Set who saves, the next version, and the history's user and reason, before writing."""
    count.start_needs_check = False  # the start was just checked against last year's end
    count.updated_by = user
    count.version = stored.version + 1 if stored is not None else 0
    count._history_user = user
    # A caller's reason (an import names its file) wins; otherwise the line says what changed.
    count._change_reason = _short(getattr(count, "_change_reason", None) or _changes(stored, count))


def count_save(*, count: YearlyCount, user, expected_version: int | None = None) -> YearlyCount:
    """Create or update a ward's yearly figures as `user`, after every check.

    Optimistic concurrency: the save is refused when the stored row has been saved since the
    version the caller started from — `expected_version` when given (a form's hidden field),
    otherwise the version `count` was loaded with. Two creations of the same ward and year give
    one row; the second is refused with the constraint's message. Many rows at once (an
    import): `CountBatch`, which applies the same rules.
    """
    with transaction.atomic():
        stored = None
        if count.pk:
            stored = _locked(count)
            if expected_version is None:
                expected_version = count.version
        _check_may_enter(user, count.ward)
        if count.pk:
            _check_stored(count, stored, expected_version)
        _check_window(user, count)
        _clean(count)
        if _is_new_or_moved(count, stored):
            ONE_COUNT_PER_WARD_YEAR.validate(YearlyCount, count)
        reason = getattr(count, "_change_reason", None)
        _stamp(count, stored, user)
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


class CountBatch:
    """count_save for many rows of one campaign, as one user: the rows of an imported file.

    What count_save reads for each row — the stored row (locked), the reporting window and the
    ward's extension, the baseline or last year's end — is read once, for the batch's wards, when
    the batch is made; `add()` then checks a row against every rule of count_save, with the same
    messages, without a query, and `write()` writes the rows added since the last write, with
    their history rows (same user, same reason) in bulk. Rows are checked in the order they are
    added, so a row may start from the end of an earlier row of the batch, as it would if each
    had been saved in turn. Make it inside the transaction that writes, and roll that back if
    any row is refused: the import is all or nothing.
    """

    def __init__(self, *, campaign, user, wards):
        self.campaign, self.user = campaign, user
        self.wards = {ward.pk: ward for ward in wards}
        self.today = timezone.localdate()
        stored = YearlyCount.objects.filter(campaign=campaign, ward_id__in=list(self.wards))
        if transaction.get_connection().in_atomic_block:
            stored = stored.select_for_update(of=("self",))
        # The rows as stored, by primary key and by (ward, year): never changed by the batch.
        self._stored, self._stored_at = {}, {}
        for row in stored:
            row.campaign, row.ward = campaign, self.wards[row.ward_id]
            self._stored[row.pk] = self._stored_at[row.ward_id, row.year] = row
        # The latest figures of each (ward, year): as stored, or as added to the batch.
        self._rows = dict(self._stored_at)
        self._baselines = dict(
            Baseline.objects.filter(campaign=campaign, ward_id__in=list(self.wards)).values_list("ward_id", "near_poor")
        )
        self._windows = {window.year: window for window in ReportingWindow.objects.filter(campaign=campaign)}
        self._extensions = {
            (window_id, ward_id): closes_on
            for window_id, ward_id, closes_on in WindowExtension.objects.filter(
                window__campaign=campaign, ward_id__in=list(self.wards)
            ).values_list("window_id", "ward_id", "closes_on")
        }
        self._pending = []  # (count, the caller's reason, is new) added since the last write
        self._added_pks = set()
        self._flagged = {}  # (ward, year) -> the row whose start no longer matches last year's end

    def stored(self, ward_id: int, year: int) -> YearlyCount | None:
        """A copy of the stored figures of a ward and year, to change and add, or None."""
        row = self._stored_at.get((ward_id, year))
        return copy.copy(row) if row is not None else None

    def as_stored(self, count: YearlyCount) -> YearlyCount | None:
        """The row `count` was copied from, as stored when the batch was made; None for a new row."""
        return self._stored.get(count.pk) if count.pk else None

    def expected_start(self, count: YearlyCount) -> tuple[int | None, str]:
        """What YearlyCount.expected_start() would answer once the earlier rows were saved."""
        previous = self._rows.get((count.ward_id, count.year - 1))
        return start_from(
            campaign=self.campaign, ward=self.wards[count.ward_id], year=count.year,
            baseline=self._baselines.get(count.ward_id),
            previous_end=previous.near_poor_end if previous is not None else None,
        )

    def _window_open(self, ward_id: int, year: int) -> bool:
        # The rule of selectors.window_state, on the windows read once.
        window = self._windows.get(year)
        if window is None:
            return True
        closes_on = self._extensions.get((window.pk, ward_id), window.closes_on)
        return window.opens_on <= self.today <= closes_on

    def add(self, count: YearlyCount, *, expected_version: int | None = None) -> YearlyCount:
        """Check `count` as count_save would and keep it for the next write; refuse it as count_save
        would (PermissionDenied, ValidationError), leaving the batch as it was."""
        if count.campaign_id != self.campaign.pk or count.ward_id not in self.wards:
            raise ValueError(f"{count} is not in this batch's campaign and wards.")
        _check_may_enter(self.user, self.wards[count.ward_id])
        if count.pk in self._added_pks:
            raise ValueError(f"{count} was already added to this batch.")
        stored = None
        if count.pk:
            stored = self._stored.get(count.pk)
            _check_stored(count, stored, count.version if expected_version is None else expected_version)
        _check_window(self.user, count, is_open=self._window_open(count.ward_id, count.year))
        if count.year in self.campaign.years:
            count._known_start = self.expected_start(count)
        try:
            _clean(count)
        finally:
            count._known_start = None
        key = (count.ward_id, count.year)
        if _is_new_or_moved(count, stored) and key in self._rows:
            raise ValidationError(
                ONE_COUNT_PER_WARD_YEAR.get_violation_error_message(), code=ONE_COUNT_PER_WARD_YEAR.violation_error_code
            )
        reason = getattr(count, "_change_reason", None)
        _stamp(count, stored, self.user)
        self._pending.append((count, reason, stored is None))
        if count.pk:
            self._added_pks.add(count.pk)
            self._rows.pop((stored.ward_id, stored.year), None)
        self._rows[key] = count
        # A later year whose start no longer matches this end must be looked at again.
        self._flagged.pop(key, None)
        later_key = (count.ward_id, count.year + 1)
        later = self._rows.get(later_key)
        if later is not None and later.near_poor_start != count.near_poor_end:
            self._flagged[later_key] = later
        return count

    def write(self) -> None:
        """Write the rows added since the last write, their history rows, and the later years' flags."""
        if not (self._pending or self._flagged):
            return
        pending, self._pending = self._pending, []
        flagged, self._flagged = self._flagged, {}
        new = [count for count, _, is_new in pending if is_new]
        changed = [count for count, _, is_new in pending if not is_new]
        try:
            # One savepoint for the whole write, so that a refused insert leaves the caller's
            # transaction usable (PostgreSQL aborts it otherwise) to report the refusal.
            with transaction.atomic():
                self._insert(new)
                self._update(changed)
                flagged_pks = [row.pk for row in flagged.values()]
                if flagged_pks:
                    YearlyCount.objects.filter(pk__in=flagged_pks).update(start_needs_check=True)
        except IntegrityError:
            taken = self._taken(new)
            if taken is None:
                raise
            raise taken from None
        finally:
            for count, reason, _ in pending:
                count._change_reason = reason

    def _insert(self, counts: list[YearlyCount]) -> None:
        if not counts:
            return
        if not transaction.get_connection().features.can_return_rows_from_bulk_insert:
            # Without the new rows' ids their history rows cannot be made in bulk: save each.
            for count in counts:
                count.save(force_insert=True)
            return
        YearlyCount.objects.bulk_create(counts, batch_size=WRITE_BATCH)
        YearlyCount.history.bulk_history_create(counts, batch_size=WRITE_BATCH)

    def _update(self, counts: list[YearlyCount]) -> None:
        """Save the changed rows as Model.save() would (every column but the creation time)."""
        if not counts:
            return
        now = timezone.now()
        for count in counts:
            count.updated_at = now  # what save() stamps on an auto_now field
        # One UPDATE statement run for every row: QuerySet.bulk_update() would build a CASE of
        # thousands of branches for each of the twenty columns (20 s for 2,000 rows on SQLite).
        connection = transaction.get_connection()
        quote = connection.ops.quote_name
        meta = YearlyCount._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key and f.name != "created_at"]
        sql = (
            f"UPDATE {quote(meta.db_table)} SET "
            + ", ".join(f"{quote(f.column)} = %s" for f in fields)
            + f" WHERE {quote(meta.pk.column)} = %s"
        )
        rows = [
            [f.get_db_prep_save(getattr(count, f.attname), connection) for f in fields] + [count.pk]
            for count in counts
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        YearlyCount.history.bulk_history_create(counts, update=True, batch_size=WRITE_BATCH)

    def _taken(self, counts: list[YearlyCount]) -> ValidationError | None:
        """The refusal of an insert that met rows created meanwhile by someone else, if it did."""
        keys = {(count.ward_id, count.year) for count in counts}
        taken = sorted(
            key for key in YearlyCount.objects.filter(
                campaign=self.campaign, ward_id__in={ward for ward, _ in keys}
            ).values_list("ward_id", "year")
            if key in keys
        )
        if not taken:
            return None
        names = ", ".join(f"{self.wards[ward]} năm {year}" for ward, year in taken[:5])
        more = f" và {len(taken) - 5} dòng khác" if len(taken) > 5 else ""
        return ValidationError(
            f"Số liệu của {names}{more} vừa được người khác tạo trong lúc nhập tệp — "
            "không dòng nào được ghi; hãy tải tệp lên lại."
        )


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
            users=_reviewers(count.ward), count=count,
            subject=f"[Thi đua vì người nghèo] {count.ward} gửi số liệu năm {count.year}",
            text=f"{count.ward} đã gửi số liệu hộ nghèo, cận nghèo năm {count.year}, chờ Phòng LĐ-TB&XH duyệt.",
        )
    logger.info("count %s submitted by %s", count.pk, user.username)
    return count


def count_return(*, count: YearlyCount, user, reason: str) -> YearlyCount:
    reason = (reason or "").strip()
    with transaction.atomic():
        count = _locked(count)
        _check_reviewer(user, count.ward)
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
        _check_reviewer(user, count.ward)
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
        _check_reviewer(user, count.ward)
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
    _check_reviewer(user, ward)
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
