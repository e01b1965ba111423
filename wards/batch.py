"""Figures of many wards at once, as one user (an imported file's rows): every rule of
`wards.rules`, read once for the whole file, then written in bulk with their history.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common import cache

from . import rules
from .deadlines import Deadline, deadline_from
from .models import Baseline, ReportingWindow, WindowExtension, YearlyCount, start_from

WRITE_BATCH = 500


class CountBatch:
    """count_save for many rows of one campaign: what it reads per row (the stored row, locked) is
    read once; `add()` checks a row by the same rules without a query, in order, and `write()` writes
    in bulk. Make it inside the writing transaction and roll that back if any row is refused."""

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

    def stored_at(self, ward_id: int, year: int) -> YearlyCount | None:
        """A copy of the stored figures of a ward and year, to change and add, or None."""
        row = self._stored_at.get((ward_id, year))
        return copy.copy(row) if row is not None else None

    def stored(self, count: YearlyCount) -> YearlyCount | None:
        return self._stored.get(count.pk)

    def as_stored(self, count: YearlyCount) -> YearlyCount | None:
        return self._stored.get(count.pk) if count.pk else None

    # The batch is the rules' context for its rows (rules.CountContext): what they read, read once.

    def expected_start(self, count: YearlyCount) -> tuple[int | None, str]:
        """What YearlyCount.expected_start() would answer once the earlier rows were saved."""
        previous = self._rows.get((count.ward_id, count.year - 1))
        return start_from(
            campaign=self.campaign, ward=self.wards[count.ward_id], year=count.year,
            baseline=self._baselines.get(count.ward_id),
            previous_end=previous.near_poor_end if previous is not None else None,
        )

    def deadline(self, count: YearlyCount) -> Deadline:
        window = self._windows.get(count.year)
        extension = self._extensions.get((window.pk, count.ward_id)) if window is not None else None
        return deadline_from(year=count.year, window=window, extension_closes_on=extension, today=self.today)

    def taken(self, count: YearlyCount) -> bool:
        return (count.ward_id, count.year) in self._rows

    def add(self, count: YearlyCount, *, expected_version: int | None = None) -> YearlyCount:
        """Check `count` as count_save would and keep it for the next write; a refusal changes nothing."""
        if count.campaign_id != self.campaign.pk or count.ward_id not in self.wards:
            raise ValueError(f"{count} is not in this batch's campaign and wards.")
        if count.pk in self._added_pks:
            raise ValueError(f"{count} was already added to this batch.")
        count.ward = self.wards[count.ward_id]
        stored = rules.check_count_write(count, user=self.user, context=self, expected_version=expected_version)
        key = (count.ward_id, count.year)
        reason = getattr(count, "_change_reason", None)
        rules.stamp(count, stored, self.user)
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
        # Bulk writes send no signal: the cached pages learn of them from here.
        cache.bump()

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
        if not counts:
            return
        now = timezone.now()
        for count in counts:
            count.updated_at = now
        # One UPDATE statement run for every row: bulk_update() would build a huge CASE per column.
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
