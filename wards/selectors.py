"""Reads about one ward's figures, shared by the admin form and the ward page."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from campaign.models import Campaign
from units.models import Ward

from .models import (
    POOR_DECREASE_FIELDS, POOR_INCREASE_FIELDS, Baseline, CountTransition, ReductionTarget, YearlyCount, expected_start,
)


def target_subquery(year_ref: str = "year"):
    return Subquery(
        ReductionTarget.objects.filter(
            campaign=OuterRef("campaign"), ward=OuterRef("ward"), year=OuterRef(year_ref)
        ).values("reduction")[:1]
    )


def count_form_context(*, campaign: Campaign, ward: Ward, year: int) -> dict:
    target = (
        ReductionTarget.objects.filter(campaign=campaign, ward=ward, year=year)
        .values_list("reduction", flat=True)
        .first()
    )
    start, source = expected_start(campaign=campaign, ward=ward, year=year)
    return {
        "ward": ward,
        "year": year,
        "target": target or 0,
        "has_target": target is not None,
        "expected_start": start,
        "start_source": source,
        "target_end": None if start is None else max(start - (target or 0), 0),
    }


def next_year_to_enter(*, campaign: Campaign, ward: Ward) -> int | None:
    entered = set(
        YearlyCount.objects.filter(campaign=campaign, ward=ward).values_list("year", flat=True)
    )
    return next((year for year in campaign.years if year not in entered), None)


def overview_from(
    *, campaign: Campaign, baseline: Baseline | None, targets: dict[int, int],
    counts: dict[int, YearlyCount],
) -> dict:
    """The ward page's plan years (baseline, per year target, planned end, figures) from rows already read."""
    start = baseline.near_poor if baseline else None
    planned = start
    rows = []
    for year in campaign.years:
        target = targets.get(year, 0)
        planned = None if planned is None else max(planned - target, 0)
        count = counts.get(year)
        rows.append({
            "year": year,
            "target": target,
            "planned_end": planned,
            "count": count,
        })
    return {
        "baseline": baseline,
        "rows": rows,
        "total_target": sum(targets.values()),
        "next_year": next((year for year in campaign.years if year not in counts), None),
        "editable": [counts[year] for year in sorted(counts) if counts[year].is_editable],
    }


def counts_waiting(*, user, campaign: Campaign):
    """The figures of `campaign` submitted and waiting for `user`'s review, oldest submission
    first: none for a user who does not review (the moves check the same permission and unit)."""
    if campaign is None or not user.has_perm("wards.review_yearlycount"):
        return YearlyCount.objects.none()
    submitted_at = Subquery(
        CountTransition.objects.filter(count=OuterRef("pk"), to_status=YearlyCount.Status.SUBMITTED)
        .order_by("-at", "-pk").values("at")[:1]
    )
    return (
        YearlyCount.objects.editable_by(user)
        .filter(campaign=campaign, status=YearlyCount.Status.SUBMITTED)
        # Rows written without a recorded step (an old import) wait since their last change.
        .annotate(submitted_at=Coalesce(submitted_at, "updated_at"))
        .order_by("submitted_at", "pk")
    )


def last_returns(counts) -> dict:
    """Each returned count's last return (or reopening): {count pk: CountTransition}, one query."""
    transitions = (
        CountTransition.objects.filter(count__in=counts, to_status=YearlyCount.Status.RETURNED)
        .select_related("by").order_by("count_id", "-at", "-pk")
    )
    latest = {}
    for transition in transitions:
        latest.setdefault(transition.count_id, transition)
    return latest


def count_review(*, count: YearlyCount) -> dict:
    """What a reviewer reads beside a year's figures: the year's target and the plan's planned end,
    last year's approved figures (None: none approved, or the plan's first year) and the balance.
    Three queries."""
    campaign, ward, year = count.campaign, count.ward, count.year
    targets = dict(
        ReductionTarget.objects.filter(campaign=campaign, ward=ward, year__lte=year).values_list("year", "reduction")
    )
    baseline = Baseline.objects.filter(campaign=campaign, ward=ward).values_list("near_poor", flat=True).first()
    previous = (
        YearlyCount.objects.filter(campaign=campaign, ward=ward, year=year - 1, status=YearlyCount.Status.APPROVED)
        .first() if year > campaign.start_year else None
    )
    poor = None
    if count.poor_start is not None:
        decreases = sum(getattr(count, name) or 0 for name in POOR_DECREASE_FIELDS)
        increases = sum(getattr(count, name) or 0 for name in POOR_INCREASE_FIELDS)
        poor = {"start": count.poor_start, "decreases": decreases, "increases": increases,
                "computed": count.poor_start - decreases + increases, "end": count.poor_end}
        poor["balances"] = poor["computed"] == count.poor_end
    return {
        "target": targets.get(year),
        "planned_end": None if baseline is None else max(baseline - sum(targets.values()), 0),
        "baseline": baseline,
        "previous": previous,
        "first_year": year == campaign.start_year,
        # The start the rules expect: last year's approved end, or the plan's baseline.
        "start_matches": (
            (previous.near_poor_end if previous else None) if year > campaign.start_year else baseline
        ) in (None, count.near_poor_start),
        "balance": {
            "start": count.near_poor_start, "decreases": count.decreases, "increases": count.increases,
            "computed": count.computed_end, "end": count.near_poor_end,
            "balances": count.computed_end == count.near_poor_end,
        },
        "poor_balance": poor,
        "rows": figure_rows(count, previous),
    }


def figure_rows(count: YearlyCount, previous: YearlyCount | None) -> list[dict]:
    """The figures' table, this year beside last year's approved figures: label, value, previous,
    each value a list of parts (numbers or text, shown "a / b / c"), None where it is missing ("–")."""

    def poor_parts(c, *names):
        return None if c is None or c.poor_start is None else tuple(getattr(c, n) for n in names)

    def of(c, read):
        return None if c is None else read(c)

    def parts(value):
        # One shape for the template: a list of parts, None for a missing figure.
        return None if value is None else list(value) if isinstance(value, tuple) else [value]

    lines = [
        ("Chuẩn nghèo áp dụng", lambda c: c.standard_label),
        ("Tổng số hộ dân cư", lambda c: c.total_households),
        ("Hộ nghèo đầu năm", lambda c: c.poor_start),
        ("Hộ nghèo giảm: thoát nghèo / lý do khác", lambda c: poor_parts(c, "poor_escaped", "poor_out_other")),
        ("Hộ nghèo tăng: phát sinh mới / tái nghèo / lý do khác",
         lambda c: poor_parts(c, "poor_new", "poor_fallen_back", "poor_in_other")
         or (c.poor_new, c.poor_fallen_back, None)),
        ("Số hộ nghèo cuối năm", lambda c: c.poor_end, lambda c: c.poor_rate),
        ("Hộ cận nghèo đầu năm", lambda c: c.near_poor_start),
        ("Giảm: thoát cận nghèo / chuyển thành hộ nghèo / lý do khác",
         lambda c: (c.near_poor_escaped, c.near_poor_to_poor, c.near_poor_out_other)),
        ("Tăng: phát sinh mới / tái cận nghèo / từ hộ nghèo / lý do khác",
         lambda c: (c.near_poor_new, c.near_poor_fallen_back, c.near_poor_from_poor, c.near_poor_in_other)),
        ("Hộ cận nghèo cuối năm", lambda c: c.near_poor_end, lambda c: c.near_poor_rate),
        ("Giảm trong năm (đầu năm − cuối năm)", lambda c: c.reduction),
    ]
    rows = []
    for label, read, *rate in lines:
        row = {"label": label, "value": parts(read(count)), "previous": parts(of(previous, read))}
        if rate:
            row["rate"], row["previous_rate"] = rate[0](count), of(previous, rate[0])
        rows.append(row)
    return rows
