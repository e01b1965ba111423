"""The rules every write of a ward's yearly figures meets, written once: `check_count_write` reads
what it needs from a context, `StoredCount` for one row or the import batch (`wards.batch`) for a
whole file, so that the checks and messages are the same whichever path writes.
"""

from typing import Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.workflow import short
from units.access import DISTRICT, WARD, reach
from units.offices import office_name
from units.roles import Role

from .deadlines import Deadline, deadline_for
from .models import FIGURE_FIELDS, YearlyCount, expected_start

Status = YearlyCount.Status
ONE_COUNT_PER_WARD_YEAR = next(c for c in YearlyCount._meta.constraints if c.name == "one_count_per_ward_year")


def check_current(unit, ward) -> None:
    """Nothing about an ended ward, or by an ended posting, is changed again: it is history."""
    if ward.valid_to and ward.valid_to < timezone.localdate():
        raise PermissionDenied(
            f"{ward} đã kết thúc hoạt động từ {ward.valid_to:%d/%m/%Y}: số liệu của phường chỉ còn để xem."
        )
    if not unit.active:
        raise PermissionDenied("Phân công của tài khoản đã kết thúc: chỉ xem được số liệu của đơn vị cũ.")


def check_officer_of(user, ward) -> None:
    unit = reach(user)
    if unit.everything:
        return
    if unit.level != WARD or unit.office or unit.ward.pk != ward.pk:
        raise PermissionDenied("Chỉ cán bộ của phường mới được nhập và gửi số liệu của phường.")
    check_current(unit, ward)


def in_charge(unit, ward) -> bool:
    """Whether the office `unit` acts for is in charge of `ward`: its district's, or its own."""
    if unit.level == DISTRICT:
        return ward.district_id == unit.district.pk
    return unit.level == WARD and unit.office and ward.pk == unit.ward.pk


def check_office_of(user, ward) -> None:
    unit = reach(user)
    if unit.everything:
        return
    if not in_charge(unit, ward):
        raise PermissionDenied("Phường này không thuộc đơn vị của tài khoản.")
    check_current(unit, ward)


def check_may_enter(user, ward) -> None:
    """The ward's officer enters its figures; the office in charge may too, from a file the ward
    sent. Figures entered on a ward's behalf stay a draft: its officer submits them."""
    if user.has_perm("wards.enter_for_wards_yearlycount"):
        check_office_of(user, ward)
        return
    check_officer_of(user, ward)


def check_reviewer(user, ward) -> None:
    if not user.has_perm("wards.review_yearlycount"):
        raise PermissionDenied(f"Chỉ {office_name(Role.SOCIAL_AFFAIRS, ward)} được duyệt, trả lại hoặc mở lại số liệu.")
    check_office_of(user, ward)


def check_window(user, count: YearlyCount, deadline: Deadline) -> None:
    if user.is_superuser or deadline.is_open:
        return
    raise ValidationError(
        f"Ngoài thời hạn báo cáo năm {count.year}: {deadline.label}. "
        f"Liên hệ {office_name(Role.SOCIAL_AFFAIRS, count.ward)} để được gia hạn."
    )


def _stale_message(stored: YearlyCount) -> str:
    when = timezone.localtime(stored.updated_at)
    who = ""
    if stored.updated_by is not None:
        who = f" (bởi {stored.updated_by.get_full_name() or stored.updated_by.username})"
    return (
        f"Số liệu đã được người khác sửa lúc {when:%H:%M} ngày {when:%d/%m/%Y}{who} — "
        "hãy tải lại trang và nhập lại."
    )


def check_stored(count: YearlyCount, stored: YearlyCount | None, expected_version: int | None) -> None:
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


def is_new_or_moved(count: YearlyCount, stored: YearlyCount | None) -> bool:
    return stored is None or (stored.campaign_id, stored.year) != (count.campaign_id, count.year)


class CountContext(Protocol):
    """What the rules read about a row: as stored, its deadline, its expected start, whether it is taken."""

    def stored(self, count: YearlyCount) -> YearlyCount | None: ...
    def deadline(self, count: YearlyCount) -> Deadline: ...
    def expected_start(self, count: YearlyCount) -> tuple[int | None, str]: ...
    def taken(self, count: YearlyCount) -> bool: ...


class StoredCount:
    """The context of one row, read from the database; inside a write, the stored row is locked
    until the write ends, so that what is checked still holds when the row is saved."""

    def stored(self, count):
        rows = YearlyCount.objects.select_related("updated_by").filter(pk=count.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update(of=("self",))
        return rows.first()

    def deadline(self, count):
        return deadline_for(campaign=count.campaign, ward=count.ward, year=count.year)

    def expected_start(self, count):
        return expected_start(campaign=count.campaign, ward=count.ward, year=count.year)

    def taken(self, count):
        return YearlyCount.objects.filter(
            campaign=count.campaign_id, ward=count.ward_id, year=count.year
        ).exclude(pk=count.pk).exists()


def clean(count: YearlyCount, *, start: tuple[int | None, str] | None) -> None:
    """The model's own rules, against the start the year must carry (None: outside the plan). What
    was just read, the caller's unique check and the database's constraints are not asked again."""
    count._known_start = start
    try:
        count.full_clean(exclude=["campaign", "ward", "updated_by"], validate_constraints=False)
    finally:
        count._known_start = None


def check_count_access(count: YearlyCount, *, user, context: CountContext,
                       expected_version: int | None = None) -> YearlyCount | None:
    """Whether `user` may write `count` now; the stored row (None for a new one). With
    `expected_version` (a form's), figures saved by someone else since are refused, not overwritten."""
    check_may_enter(user, count.ward)
    stored = None
    if count.pk:
        stored = context.stored(count)
        check_stored(count, stored, count.version if expected_version is None else expected_version)
    check_window(user, count, context.deadline(count))
    return stored


def check_count_write(count: YearlyCount, *, user, context: CountContext,
                      expected_version: int | None = None) -> YearlyCount | None:
    """Every rule a write of `count` by `user` must meet; returns the stored row (None for a new one)."""
    stored = check_count_access(count, user=user, context=context, expected_version=expected_version)
    clean(count, start=context.expected_start(count) if count.year in count.campaign.years else None)
    if is_new_or_moved(count, stored) and context.taken(count):
        raise ValidationError(
            ONE_COUNT_PER_WARD_YEAR.get_violation_error_message(), code=ONE_COUNT_PER_WARD_YEAR.violation_error_code
        )
    return stored


def changes(stored: YearlyCount | None, count: YearlyCount) -> str:
    if stored is None:
        return "Tạo số liệu"
    changed = [name for name in (*FIGURE_FIELDS, "note") if getattr(stored, name) != getattr(count, name)]
    if not changed:
        return "Lưu lại, không đổi số liệu"
    parts = []
    for name in changed:
        label = YearlyCount._meta.get_field(name).verbose_name
        parts.append(str(label) if name == "note" else f"{label} {getattr(stored, name)}→{getattr(count, name)}")
    return "Sửa: " + "; ".join(parts)


def stamp(count: YearlyCount, stored: YearlyCount | None, user) -> None:
    count.start_needs_check = False  # the start was just checked against last year's end
    count.updated_by = user
    count.version = stored.version + 1 if stored is not None else 0
    count._history_user = user
    # A caller's reason (an import names its file) wins; otherwise the line says what changed.
    count._change_reason = short(getattr(count, "_change_reason", None) or changes(stored, count))
