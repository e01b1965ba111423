"""What a review report says beyond its narrative: its tables of figures, assessments and awards.
The figures come from `district_progress`, so that the document and the dashboard agree.
"""

from collections import defaultdict
from datetime import date
from typing import TypedDict

from django.db.models import Count

from awards.models import CriterionAssessment, Nomination, Occasion
from campaign.models import ActorType, Milestone
from common.collation import vietnamese
from wards.models import Baseline

from .progress import DistrictProgress, PathPoint, district_progress
from .rollup import successors_rolled_up


class ReviewContent(TypedDict):
    report: object
    campaign: object
    review_year: int
    as_of: date  # the date the figures are read at
    years: list[int]
    shown_years: list[int]  # those up to the review year
    progress: DistrictProgress
    annex: dict
    poor_checks: list[dict]
    goals: dict | None  # the final review's only
    assessments: list[dict]
    awards: list
    earlier_awards_count: int
    award_summary: list[dict]
    award_summary_is_earlier: bool
    path: list[PathPoint]
    successors: list  # the units the district's wards went into, when it ended before as_of


def review_content(*, report, today: date) -> ReviewContent:
    """One dict for page, PDF and sheet, in nine queries whatever the number of wards. Results
    after the review year are left out, so that a mid-term report drafted late describes the mid-term."""
    campaign, district = report.campaign, report.district
    as_of = report.dated_on or today
    progress = district_progress(campaign=campaign, today=as_of, district=district)
    review_year = report.review_year
    years = progress["years"]
    shown_years = [year for year in years if year <= review_year]

    annex_rows = dict(
        Baseline.objects.filter(campaign=campaign, annex_row__isnull=False).order_by().values_list("ward_id", "annex_row")
    )
    annex = _annex(progress=progress, review_year=review_year, annex_rows=annex_rows)
    poor_checks = [
        _poor_check(progress=progress, index=index, year=year)
        for index, year in enumerate(years) if year <= review_year
    ]

    tallies = defaultdict(lambda: {key: 0 for key in ("met", "partly", "not_met")})
    for year, actor_type, result, n in (
        # The plan's own assessments: its wards', and those of its district's other actors.
        CriterionAssessment.objects.filter(campaign=campaign, year__lte=review_year).order_by().values_list("year", "criterion__actor_type", "result").annotate(n=Count("pk"))
    ):
        tallies[(year, actor_type)][result] += n
    actor_order = {value: index for index, value in enumerate(ActorType.values)}
    assessments = [
        {"year": year, "actor_type": ActorType(actor).label, **tally, "total": sum(tally.values())}
        for (year, actor), tally in sorted(tallies.items(), key=lambda i: (i[0][0], actor_order[i[0][1]]))
    ]

    awarded = Nomination.objects.filter(
        campaign=campaign, status=Nomination.Status.AWARDED, year__lte=review_year,
    ).select_related("award_form", "ward").order_by(
        "award_form__order", "decision_date", "decision_number", vietnamese("nominee_name"), "pk",
    )
    if report.dated_on:
        # A decision signed after the report cannot appear in it.
        awarded = awarded.filter(decision_date__lte=report.dated_on)
    awarded = list(awarded)
    if report.kind == "final":
        awards = [n for n in awarded if n.occasion == Occasion.FINAL]
        earlier = [n for n in awarded if n.occasion != Occasion.FINAL]
    else:
        awards, earlier = awarded, []
    summary = defaultdict(lambda: {"form": None, "collective": 0, "individual": 0, "household": 0})
    for nomination in earlier or awards:
        row = summary[nomination.award_form_id]
        row["form"] = nomination.award_form
        row[nomination.nominee_kind] += 1
    award_summary = [
        {**row, "total": row["collective"] + row["individual"] + row["household"]}
        for row in sorted(summary.values(), key=lambda r: (r["form"].order, r["form"].pk))
    ]

    path = [
        {**point, "actual": point["actual"] if point["year"] <= review_year or point["key"] == "start" else None}
        for point in progress["path"]
    ]
    return {
        "report": report,
        "campaign": campaign,
        "review_year": review_year,
        "as_of": as_of,
        "years": years,
        "shown_years": shown_years,
        "progress": progress,
        "annex": annex,
        "poor_checks": poor_checks,
        "goals": _goals(progress=progress) if report.kind == "final" else None,
        "assessments": assessments,
        "awards": awards,
        "earlier_awards_count": len(earlier),
        "award_summary": award_summary,
        "award_summary_is_earlier": bool(earlier) or report.kind == "final",
        "path": path,
        "successors": _successors(district=district, progress=progress, as_of=as_of, years=shown_years),
    }


def _successors(*, district, progress: DistrictProgress, as_of: date, years: list[int]) -> list:
    """Written after its district ended, a report also reads its wards' results as the units that
    carry them on: their figures rolled up (an annex); none for a report of its district's time."""
    if district is None or district.valid_to is None or district.valid_to >= as_of:
        return []
    return successors_rolled_up([row["ward"] for row in progress["wards"]], as_of, years)


def _annex(*, progress: DistrictProgress, review_year: int, annex_rows: dict[int, int]) -> dict:
    """The plan's annex with results beside the targets. A result is None when not approved or after
    the review year; a total's, unless every ward's is in. Like the annex, `rows` lists the wards
    with near-poor households, in the annex's own order (`annex_rows`: its TT by ward id), then
    any it does not number in Vietnamese order; `others` the rest, which the totals still count."""
    review_index = progress["years"].index(review_year) if review_year in progress["years"] else -1
    rows = []
    for row in progress["wards"]:
        cells = []
        for cell in row["cells"]:
            counted = cell["year"] <= review_year and cell["result"] is not None
            cells.append({
                "year": cell["year"],
                "target": cell["target"],
                "achieved": cell["achieved"] if counted else None,
                "remaining": cell["remaining"] if counted else None,
            })
        remaining = cells[review_index]["remaining"] if cells else None
        rows.append({
            "ward": row["ward"],
            "baseline": row["baseline"],
            "cells": cells,
            "total_target": row["total_target"],
            "remaining": remaining,
            "cumulative": None if remaining is None else row["baseline"] - remaining,
        })
    totals = []
    for index, year in enumerate(progress["years"]):
        column = [r["cells"][index] for r in rows]
        complete = bool(rows) and all(c["achieved"] is not None for c in column)
        totals.append({
            "year": year,
            "target": sum(c["target"] for c in column),
            "achieved": sum(c["achieved"] for c in column) if complete else None,
            "approved_wards": sum(1 for c in column if c["achieved"] is not None),
            "remaining": sum(c["remaining"] for c in column) if complete else None,
        })
    remaining = totals[review_index]["remaining"] if totals else None
    listed = [
        r for r in rows
        if r["baseline"] or r["total_target"] or any(c["remaining"] for c in r["cells"])
    ]
    listed.sort(key=lambda r: (r["ward"].pk not in annex_rows, annex_rows.get(r["ward"].pk, 0)))
    for number, row in enumerate(listed, start=1):
        row["number"] = number
    return {
        "rows": listed,
        "others": [r["ward"] for r in rows if r not in listed],
        "totals": {
            "baseline": progress["baseline"],
            "cells": totals,
            "total_target": progress["total_target"],
            "remaining": remaining,
            "cumulative": None if remaining is None else progress["baseline"] - remaining,
        },
        "ward_count": len(rows),
    }


POOR_CHECK_FIELDS = ("poor_end", "poor_new", "poor_fallen_back", "near_poor_new", "near_poor_fallen_back")


def _poor_check(*, progress: DistrictProgress, index: int, year: int) -> dict:
    """The year's poor households summed over its approved wards: None without any (no data is not
    0), and `complete` False while some wards are missing (a partial sum, to be marked as one)."""
    results = [row["cells"][index]["result"] for row in progress["wards"]]
    approved = [r for r in results if r is not None]
    return {
        "year": year,
        "approved_wards": len(approved),
        "ward_count": len(results),
        "complete": bool(results) and len(approved) == len(results),
        **{field: sum(getattr(r, field) for r in approved) if approved else None for field in POOR_CHECK_FIELDS},
        "breaches": progress["totals"][index]["breaches"],
    }


def _goals(*, progress: DistrictProgress) -> dict:
    """The final review's two questions, per ward and for the district: reached_zero (0 near-poor
    households at the plan's end) and kept_no_poor (no poor, newly poor or fallen-back household in
    any year); False as soon as one approved year fails, None while years are missing."""
    last_year = progress["years"][-1]
    rows = []
    for row in progress["wards"]:
        last = row["cells"][-1]
        reached = None if last["remaining"] is None else last["remaining"] == 0
        approved = [c for c in row["cells"] if c["result"] is not None]
        if row["breaches"]:
            kept = False
        elif len(approved) == len(row["cells"]):
            kept = True
        else:
            kept = None
        rows.append({
            "ward": row["ward"], "remaining": last["remaining"], "reached_zero": reached,
            "kept_no_poor": kept, "breach_years": sorted({b["year"] for b in row["breaches"]}),
            "missing_years": [c["year"] for c in row["cells"] if c["result"] is None],
        })

    def combine(values):
        if any(v is False for v in values):
            return False
        return None if any(v is None for v in values) else bool(values)

    shortfalls = [r for r in rows if not (r["reached_zero"] is True and r["kept_no_poor"] is True)]
    return {
        "year": last_year,
        "rows": rows,
        # The wards that miss a goal or cannot be judged yet: the report lists these.
        "shortfalls": shortfalls,
        "met_count": len(rows) - len(shortfalls),
        "district_remaining": progress["totals"][-1]["actual_remaining"]
        if progress["totals"][-1]["complete"] else None,
        "district_reached_zero": combine([r["reached_zero"] for r in rows]),
        "district_kept_no_poor": combine([r["kept_no_poor"] for r in rows]),
    }
