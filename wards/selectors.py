"""Reads about one ward's figures, shared by the admin form and the ward page."""

from django.db.models import OuterRef, Subquery

from campaign.models import Campaign
from units.models import Ward

from .models import Baseline, ReductionTarget, YearlyCount, expected_start


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
