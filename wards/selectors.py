"""Reads about one ward's figures, shared by the admin form and the ward page."""

from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from campaign.models import Campaign
from units.models import Ward

from .models import Baseline, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount, expected_start


def target_subquery(year_ref: str = "year"):
    """The target of the same campaign, ward and year, for annotating YearlyCount rows."""
    return Subquery(
        ReductionTarget.objects.filter(
            campaign=OuterRef("campaign"), ward=OuterRef("ward"), year=OuterRef(year_ref)
        ).values("reduction")[:1]
    )


def count_form_context(*, campaign: Campaign, ward: Ward, year: int) -> dict:
    """What the figures form shows beside the fields: the year's target and the start's source."""
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
    """The first year of the plan the ward has no figures for, or None when all are in."""
    entered = set(
        YearlyCount.objects.filter(campaign=campaign, ward=ward).values_list("year", flat=True)
    )
    return next((year for year in campaign.years if year not in entered), None)


def ward_overview(*, campaign: Campaign, ward: Ward) -> dict:
    """The ward page: baseline, and per plan year the target, the figures and their status."""
    baseline = Baseline.objects.filter(campaign=campaign, ward=ward).first()
    targets = dict(
        ReductionTarget.objects.filter(campaign=campaign, ward=ward).values_list("year", "reduction")
    )
    counts = {c.year: c for c in YearlyCount.objects.filter(campaign=campaign, ward=ward)}
    return overview_from(campaign=campaign, baseline=baseline, targets=targets, counts=counts)


def overview_from(
    *, campaign: Campaign, baseline: Baseline | None, targets: dict[int, int],
    counts: dict[int, YearlyCount],
) -> dict:
    """`ward_overview` from rows already read: the baseline (or None), the targets and the
    figures by year. For pages that read them once for several purposes."""
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


def reporting_deadline(*, campaign: Campaign, ward: Ward, year: int) -> dict:
    """The ward's reporting window for `year`: opening date and deadline (with any extension).

    A year without a window has no dates: the district has not restricted entry for it.
    """
    window = ReportingWindow.objects.filter(campaign=campaign, year=year).first()
    if window is None:
        return {"window": None, "opens_on": None, "closes_on": None, "extended": False}
    extension = WindowExtension.objects.filter(window=window, ward=ward).first()
    return {
        "window": window,
        "opens_on": window.opens_on,
        "closes_on": extension.closes_on if extension else window.closes_on,
        "extended": extension is not None,
    }


def window_state(*, campaign: Campaign, ward: Ward, year: int, today: date | None = None) -> dict:
    """Whether officers may enter and submit `year` today, with the words pages show."""
    today = today or timezone.localdate()
    return window_state_from(reporting_deadline(campaign=campaign, ward=ward, year=year), today=today)


def window_state_from(deadline: dict, *, today: date) -> dict:
    """`window_state` from a deadline already read: a dict with window, opens_on, closes_on
    (None, None, None without a window) and extended, as `reporting_deadline` returns."""
    opens_on, closes_on = deadline["opens_on"], deadline["closes_on"]
    if closes_on is None:
        return {**deadline, "is_open": True, "days_left": None,
                "label": "Chưa đặt thời hạn báo cáo"}
    if today < opens_on:
        return {**deadline, "is_open": False, "days_left": None,
                "label": f"Chưa mở (mở từ {opens_on:%d/%m/%Y})"}
    if today > closes_on:
        return {**deadline, "is_open": False, "days_left": None,
                "label": f"Đã hết hạn ({closes_on:%d/%m/%Y})"}
    days_left = (closes_on - today).days
    when = "hôm nay" if days_left == 0 else f"còn {days_left} ngày"
    extended = ", đã gia hạn" if deadline["extended"] else ""
    return {**deadline, "is_open": True, "days_left": days_left,
            "label": f"Hạn nộp {closes_on:%d/%m/%Y} ({when}{extended})"}
