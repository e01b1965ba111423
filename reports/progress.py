"""Progress of the plan against its targets: per ward and year, for a district, a city, and a forecast.

Pages, PDFs and spreadsheets read a district through `district_progress` (or `ward_page`), so they
agree: five queries whatever the number of wards, rows built in Python to match the plan's annex;
`city_progress` sums districts in the database. Only APPROVED counts move a figure.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import TypedDict
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from campaign.models import Campaign
from common.collation import vietnamese
from units.models import District, Province, Ward, overlap_rule
from wards.models import Baseline, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount
from wards.deadlines import Deadline, deadline_from
from wards.selectors import overview_from
from wards.targets import ProgressStatus, progress_status

Status = YearlyCount.Status


COMPLETENESS_GROUPS = (
    ("approved", "Đã duyệt"),
    ("submitted", "Đã gửi, chờ duyệt"),
    ("returned", "Bị trả lại"),
    ("draft", "Đang nhập"),
    ("missing", "Chưa nhập"),
)

class Breach(TypedDict):
    """Approved figures that miss one of the standing goals (0 poor, 0 newly poor, 0 fallen back)."""

    ward: Ward
    year: int
    count: YearlyCount
    texts: list[str]


class PathPoint(TypedDict):
    key: str
    label: str
    year: int
    planned: int
    actual: int | None  # the sum over the `wards` approved wards only
    wards: int
    ward_count: int
    complete: bool


class WardCell(TypedDict):
    year: int
    target: int
    cumulative_target: int
    planned_remaining: int
    count: YearlyCount | None  # in any status
    count_status: str | None
    count_status_label: str | None
    result: YearlyCount | None
    achieved: int | None
    cumulative_achieved: int | None
    remaining: int | None
    status: ProgressStatus
    status_label: str
    deadline: date
    deadline_extended: bool
    deadline_passed: bool
    late: bool  # the ward still owes the figures after the deadline
    breaches: list[str]


class Forecast(TypedDict):
    approved_years: list[int]
    as_of_year: int | None
    remaining: int
    planned_remaining: int
    average_reduction: float | None
    years_left: int
    pace_needed: int | None  # households a year to reach 0; None when the plan is over
    projected_end: float | None
    reaches_zero: bool | None
    verdict: str


class WardRow(TypedDict):
    ward: Ward
    baseline: int
    has_baseline: bool
    total_target: int
    cells: list[WardCell]
    path: list[PathPoint]
    forecast: Forecast
    breaches: list[Breach]


class YearTotals(TypedDict):
    year: int
    target: int
    cumulative_target: int
    planned_remaining: int
    achieved: int
    actual_remaining: int | None
    approved_wards: int
    ward_count: int
    complete: bool
    status: ProgressStatus | None
    status_label: str | None
    breaches: list[Breach]


class Completeness(TypedDict, total=False):
    """The reporting-rate table of one year; also one list of wards per COMPLETENESS_GROUPS key."""

    year: int
    deadline: date
    has_window: bool
    deadline_passed: bool
    extensions: int
    ward_count: int
    late: list[Ward]
    numbers: dict[str, int]
    groups: list[dict]
    rate: float
    rate_percent: int


class DistrictProgress(TypedDict):
    campaign: Campaign
    today: date
    years: list[int]
    district: District | None
    ward_count: int
    baseline: int
    total_target: int
    wards: list[WardRow]
    totals: list[YearTotals]
    path: list[PathPoint]
    completeness: list[Completeness]
    latest_total: YearTotals | None  # the latest year every ward's figures are approved
    latest_partial: YearTotals | None  # a later year with some wards approved, not all
    breaches: list[Breach]


class CityCell(TypedDict):
    year: int
    target: int
    cumulative_target: int
    planned_remaining: int
    ward_count: int
    counts: dict[str, int]
    sent: int
    rate_percent: int
    approved_wards: int
    approved_start: int
    achieved: int
    actual_remaining: int | None
    complete: bool
    status: ProgressStatus | None
    status_label: str | None
    breaches: int


class CityRow(TypedDict):
    district: District | None
    ward: Ward | None  # a ward under the city with a plan of its own
    ward_count: int
    baseline: int
    total_target: int
    years: list[CityCell]


class CityProgress(TypedDict):
    campaign: Campaign
    today: date
    years: list[int]
    province: Province
    district_count: int
    own_plan_wards: int
    ward_count: int
    baseline: int
    total_target: int
    districts: list[CityRow]
    totals: list[CityCell]
    path: list[PathPoint]
    latest_total: CityCell | None
    latest_partial: CityCell | None



def district_progress(*, campaign: Campaign, today: date, district: District | None = None) -> DistrictProgress:
    """Every ward of `district` with a baseline in the campaign, by year, with totals (None: every ward)."""
    data = _load(campaign=campaign, district=district)
    return {**_progress(data=data, campaign=campaign, today=today), "district": district}


class WardProgress(WardRow):
    campaign: Campaign
    today: date
    years: list[int]


class WardPage(TypedDict):
    progress: WardProgress
    baseline: object
    rows: list[dict]
    total_target: int
    next_year: int | None
    editable: list[YearlyCount]
    next_window: Deadline | None


def ward_page(*, campaign: Campaign, ward: Ward, today: date) -> WardPage:
    data = _load(campaign=campaign, ward=ward)
    overview = overview_from(
        campaign=campaign,
        baseline=data.baselines[0] if data.baselines else None,
        targets={year: reduction for (_, year), reduction in data.targets.items()},
        counts={year: count for (_, year), count in data.counts.items()},
    )
    next_window = None
    if overview["next_year"]:
        next_window = data.deadline(ward.pk, overview["next_year"], today)
    return {
        **overview,
        "progress": _ward_progress(data=data, campaign=campaign, ward=ward, today=today),
        "next_window": next_window,
    }


@dataclass
class _Data:
    baselines: list[Baseline]
    targets: dict[tuple[int, int], int]
    counts: dict[tuple[int, int], YearlyCount]
    windows: dict[int, ReportingWindow]
    extensions: dict[tuple[int, int], date]

    def deadline(self, ward_id: int, year: int, today: date) -> Deadline:
        return deadline_from(
            year=year, window=self.windows.get(year), extension_closes_on=self.extensions.get((ward_id, year)),
            today=today,
        )


def _load(*, campaign: Campaign, ward: Ward | None = None, district: District | None = None) -> _Data:
    """Five queries whatever the number of wards: of one ward, of a district's wards, or of every ward."""
    # The models' default orderings join other tables; the dicts below need no order.
    baselines = Baseline.objects.filter(campaign=campaign).select_related("ward")
    targets = ReductionTarget.objects.filter(campaign=campaign).order_by()
    counts = YearlyCount.objects.filter(campaign=campaign).order_by()
    extensions = WindowExtension.objects.filter(window__campaign=campaign).order_by()
    if ward is not None:
        baselines, targets, counts, extensions = (
            qs.filter(ward=ward) for qs in (baselines, targets, counts, extensions)
        )
    elif district is not None:
        # Through the district's wards (an IN over the ward index), not a join from the
        # campaign's rows: a database holding a nation would otherwise read them all.
        wards = Ward.objects.filter(district=district).values("pk")
        baselines, targets, counts, extensions = (
            qs.filter(ward__in=wards) for qs in (baselines, targets, counts, extensions)
        )
    return _Data(
        baselines=list(baselines.order_by(vietnamese("ward__name"), "ward__code")),
        targets={
            (ward_id, year): reduction
            for ward_id, year, reduction in targets.values_list("ward_id", "year", "reduction")
        },
        counts={(c.ward_id, c.year): c for c in counts},
        windows={w.year: w for w in ReportingWindow.objects.filter(campaign=campaign).order_by()},
        extensions={
            (ward_id, year): closes_on
            for ward_id, year, closes_on in extensions.values_list("ward_id", "window__year", "closes_on")
        },
    )


def _ward_progress(*, data: _Data, campaign: Campaign, ward: Ward, today: date) -> WardProgress:
    progress = _progress(data=data, campaign=campaign, today=today, ward=ward)
    return {
        **progress["wards"][0],
        "campaign": campaign,
        "today": today,
        "years": progress["years"],
    }


def _progress(*, data: _Data, campaign: Campaign, today: date, ward: Ward | None = None) -> DistrictProgress:
    years = list(campaign.years)
    wards_with_baselines = [(b.ward, b.near_poor, True) for b in data.baselines]
    if ward is not None and not wards_with_baselines:
        # A ward outside the plan's annex still gets a row, with nothing to reduce.
        wards_with_baselines = [(ward, 0, False)]
    rows = []
    for row_ward, baseline, has_baseline in wards_with_baselines:
        deadlines = {year: data.deadline(row_ward.pk, year, today) for year in years}
        rows.append(_ward_row(
            ward=row_ward, baseline=baseline, has_baseline=has_baseline, years=years,
            today=today, deadlines=deadlines,
            targets={year: data.targets.get((row_ward.pk, year), 0) for year in years},
            counts={year: data.counts.get((row_ward.pk, year)) for year in years},
        ))

    totals = [_year_totals(rows=rows, index=index, year=year) for index, year in enumerate(years)]
    total_baseline = sum(row["baseline"] for row in rows)
    return {
        "campaign": campaign,
        "today": today,
        "years": years,
        "ward_count": len(rows),
        "baseline": total_baseline,
        "total_target": sum(row["total_target"] for row in rows),
        "wards": rows,
        "totals": totals,
        "path": _path(
            start_year=campaign.start_year, baseline=total_baseline, ward_count=len(rows),
            points=[(t["year"], t["planned_remaining"], t["actual_remaining"], t["approved_wards"])
                    for t in totals],
        ),
        "completeness": [
            _completeness(rows=rows, index=index, deadline=deadline_from(year=year, window=data.windows.get(year), today=today))
            for index, year in enumerate(years)
        ],
        **_headline(totals),
        "breaches": [breach for total in totals for breach in total["breaches"]],
    }


def city_progress(*, campaign: Campaign, province: Province, today: date) -> CityProgress:
    """The province's districts side by side, then its wards that run plans of their own (since
    1/7/2025), and the city's totals, each unit under its own plan answering the city's."""
    years = list(campaign.years)
    # The districts that stood during the plan's years: none for a plan begun after 30/6/2025.
    period = overlap_rule(date(campaign.start_year, 1, 1), date(campaign.end_year, 12, 31))
    districts = list(District.objects.filter(province=province).filter(period).order_by("code"))
    answering = Campaign.objects.filter(parent=campaign)
    by_district = list(answering.filter(owner_district__province=province).values_list("pk", flat=True))
    by_ward = dict(answering.filter(owner_ward__province=province).values_list("owner_ward", "pk"))
    wards = list(Ward.objects.filter(pk__in=by_ward).order_by(vietnamese("name"))) if by_ward else []
    area = Ward.objects.filter(province=province).values("pk")
    rows = [
        {**row, "district": unit, "ward": None}
        for unit, row in zip(districts, _unit_rows(years, {"campaign__in": by_district, "ward__in": area},
                                                     "ward__district", [d.pk for d in districts]))
    ]
    if wards:
        rows += [
            {**row, "district": None, "ward": unit}
            for unit, row in zip(wards, _unit_rows(years, {"campaign__in": list(by_ward.values()), "ward__in": area},
                                                     "ward", [w.pk for w in wards]))
        ]

    ward_count = sum(row["ward_count"] for row in rows)
    baseline = sum(row["baseline"] for row in rows)
    totals = []
    for index, year in enumerate(years):
        cells = [row["years"][index] for row in rows]
        by_status = {}
        for key, _ in COMPLETENESS_GROUPS:
            if key == "missing":
                continue
            number = sum(cell["counts"][key] for cell in cells)
            if number:
                by_status[key] = (
                    number,
                    sum(cell["approved_start"] for cell in cells) if key == "approved" else 0,
                    sum(cell["actual_remaining"] or 0 for cell in cells) if key == "approved" else 0,
                    sum(cell["breaches"] for cell in cells) if key == "approved" else 0,
                )
        totals.append(_city_cell(
            year=year, ward_count=ward_count, baseline=baseline,
            target=sum(cell["target"] for cell in cells),
            cumulative_target=sum(cell["cumulative_target"] for cell in cells),
            planned_remaining=sum(cell["planned_remaining"] for cell in cells), by_status=by_status,
        ))
    return {
        "campaign": campaign,
        "today": today,
        "years": years,
        "province": province,
        "district_count": sum(1 for row in rows if row["district"]),
        "own_plan_wards": sum(1 for row in rows if row["ward"]),
        "ward_count": ward_count,
        "baseline": baseline,
        "total_target": sum(row["total_target"] for row in rows),
        "districts": rows,
        "totals": totals,
        "path": _path(
            start_year=campaign.start_year, baseline=baseline, ward_count=ward_count,
            points=[(t["year"], t["planned_remaining"], t["actual_remaining"], t["approved_wards"])
                    for t in totals],
        ),
        **_headline(totals),
    }


def _headline(totals: list) -> dict:
    """What a dashboard may headline: the latest year whose figures every ward has approved, and a
    later year begun but not finished, which is shown as partial and never as a result."""
    latest = next((t for t in reversed(totals) if t["complete"]), None)
    partial = next(
        (t for t in reversed(totals)
         if t["approved_wards"] and not t["complete"] and (latest is None or t["year"] > latest["year"])),
        None,
    )
    return {"latest_total": latest, "latest_partial": partial}


def _unit_rows(years: list[int], scope: dict, group: str, unit_ids: list[int]) -> list[dict]:
    """Per unit (`group`: the wards' district, or the ward itself), in `unit_ids`' order: wards,
    baseline, targets and approved counts per year of the plans in `scope`, summed in the database."""
    in_plan = Baseline.objects.filter(campaign=OuterRef("campaign"), ward=OuterRef("ward"))

    def cumulative_target(year):
        return Coalesce(Subquery(
            ReductionTarget.objects.filter(campaign=OuterRef("campaign"), ward=OuterRef("ward"), year__lte=year)
            .order_by().values("ward").annotate(total=Sum("reduction")).values("total")
        ), 0)

    # Per unit: wards, baseline and planned remaining after each year, each ward's floored at 0.
    planned_key = {year: f"planned_{year}" for year in years}
    base = {
        row[group]: row
        for row in Baseline.objects.filter(**scope).order_by().values(group).annotate(
            wards=Count("pk"), baseline=Sum("near_poor"),
            **{planned_key[year]: Sum(Greatest(F("near_poor") - cumulative_target(year), Value(0)))
               for year in years},
        )
    }
    targets = {
        (unit_id, year): total
        for unit_id, year, total in ReductionTarget.objects.filter(Exists(in_plan), **scope)
        .order_by().values_list(group, "year").annotate(total=Sum("reduction"))
    }
    breach = Q(poor_end__gt=0) | Q(poor_new__gt=0) | Q(poor_fallen_back__gt=0)
    counts = defaultdict(dict)
    for unit_id, year, status, number, start, end, breaches in (
        YearlyCount.objects.filter(Exists(in_plan), **scope).order_by()
        .values_list(group, "year", "status")
        .annotate(number=Count("pk"), start=Sum("near_poor_start"), end=Sum("near_poor_end"),
                  breaches=Count("pk", filter=breach))
    ):
        counts[(unit_id, year)][status] = (number, start, end, breaches)

    rows = []
    for unit_id in unit_ids:
        row_base = base.get(unit_id, {})
        ward_count, baseline = row_base.get("wards", 0), row_base.get("baseline") or 0
        cells, cumulative = [], 0
        for year in years:
            target = targets.get((unit_id, year), 0)
            cumulative += target
            cells.append(_city_cell(
                year=year, ward_count=ward_count, baseline=baseline, target=target,
                cumulative_target=cumulative, planned_remaining=row_base.get(planned_key[year]) or 0,
                by_status=counts.get((unit_id, year), {}),
            ))
        rows.append({"ward_count": ward_count, "baseline": baseline, "total_target": cumulative, "years": cells})
    return rows


def _city_cell(
    *, year: int, ward_count: int, baseline: int, target: int, cumulative_target: int,
    planned_remaining: int, by_status: dict[str, tuple[int, int, int, int]],
) -> CityCell:
    """One district (or the city) in one year, from its figures counted per status:
    {status: (figures, sum of starts, sum of ends, figures missing a 0-poor goal)}."""
    numbers = {key: by_status.get(key, (0,))[0] for key, _ in COMPLETENESS_GROUPS if key != "missing"}
    numbers["missing"] = max(ward_count - sum(numbers.values()), 0)
    approved, approved_start, approved_end, breaches = by_status.get("approved", (0, 0, 0, 0))
    complete = ward_count > 0 and approved == ward_count
    status = None
    if complete:
        status = progress_status(cumulative_achieved=baseline - approved_end, cumulative_target=cumulative_target)
    sent = numbers["approved"] + numbers["submitted"]
    return {
        "year": year,
        "target": target,
        "cumulative_target": cumulative_target,
        "planned_remaining": planned_remaining,
        "ward_count": ward_count,
        "counts": numbers,
        "sent": sent,
        "rate_percent": round(sent * 100 / ward_count) if ward_count else 0,
        "approved_wards": approved,
        "approved_start": approved_start,
        "achieved": approved_start - approved_end,
        "actual_remaining": approved_end if approved else None,
        "complete": complete,
        "status": status,
        "status_label": status.label if status else None,
        "breaches": breaches,
    }


def _ward_row(
    *, ward: Ward, baseline: int, has_baseline: bool, years: list[int], today: date,
    targets: dict[int, int], counts: dict[int, YearlyCount | None],
    deadlines: dict[int, Deadline],
) -> WardRow:
    cells = []
    cumulative_target = 0
    for year in years:
        target = targets[year]
        cumulative_target += target
        count = counts[year]
        result = count if count is not None and count.status == Status.APPROVED else None
        deadline = deadlines[year]
        # A ward that ended (by `today`) before the year's end owes no review of that year.
        ended = ward.valid_to is not None and ward.valid_to < min(today, date(year, 12, 31)) and count is None
        passed = deadline.is_past and not ended
        if result is None:
            achieved = cumulative_achieved = remaining = None
            if count is not None and count.status == Status.SUBMITTED:
                status = ProgressStatus.AWAITING_APPROVAL
            elif count is not None and count.status == Status.RETURNED:
                status = ProgressStatus.RETURNED
            elif ended:
                status = ProgressStatus.ENDED
            else:
                status = ProgressStatus.NOT_REPORTED if passed else ProgressStatus.NOT_YET_DUE
        else:
            achieved, remaining = result.reduction, result.near_poor_end
            cumulative_achieved = baseline - remaining
            status = progress_status(
                cumulative_achieved=cumulative_achieved, cumulative_target=cumulative_target
            )
        cells.append({
            "year": year,
            "target": target,
            "cumulative_target": cumulative_target,
            "planned_remaining": max(baseline - cumulative_target, 0),
            "count": count,
            "count_status": count.status if count else None,
            "count_status_label": count.get_status_display() if count else None,
            "result": result,
            "achieved": achieved,
            "cumulative_achieved": cumulative_achieved,
            "remaining": remaining,
            "status": status,
            "status_label": status.label,
            "deadline": deadline.due_on,
            "deadline_extended": deadline.extended,
            "deadline_passed": passed,
            # Late: the ward itself still owes the figures (a submitted count awaits the district).
            "late": passed and (count is None or count.status in YearlyCount.EDITABLE_STATUSES),
            "breaches": result.goal_breaches if result else [],
        })
    return {
        "ward": ward,
        "baseline": baseline,
        "has_baseline": has_baseline,
        "total_target": cumulative_target,
        "cells": cells,
        "path": _path(
            start_year=years[0], baseline=baseline, ward_count=1,
            points=[(c["year"], c["planned_remaining"], c["remaining"], int(c["result"] is not None))
                    for c in cells],
        ),
        "forecast": _forecast(baseline=baseline, cells=cells, years=years),
        "breaches": [
            {"ward": ward, "year": c["year"], "count": c["count"], "texts": c["breaches"]}
            for c in cells if c["breaches"]
        ],
    }


def _path(
    *, start_year: int, baseline: int, ward_count: int,
    points: list[tuple[int, int, int | None, int]],
) -> list[PathPoint]:
    path = [{
        "key": "start", "label": f"Đầu kỳ {start_year}", "year": start_year,
        "planned": baseline, "actual": baseline,
        "wards": ward_count, "ward_count": ward_count, "complete": True,
    }]
    for year, planned, actual, wards in points:
        path.append({
            "key": str(year), "label": f"Cuối {year}", "year": year,
            "planned": planned, "actual": actual,
            "wards": wards, "ward_count": ward_count, "complete": wards == ward_count,
        })
    return path


def _year_totals(*, rows: list[WardRow], index: int, year: int) -> YearTotals:
    cells = [row["cells"][index] for row in rows]
    approved = [cell for cell in cells if cell["result"] is not None]
    planned_remaining = sum(cell["planned_remaining"] for cell in cells)
    actual_remaining = sum(cell["remaining"] for cell in approved) if approved else None
    cumulative_target = sum(cell["cumulative_target"] for cell in cells)
    complete = bool(rows) and len(approved) == len(rows)
    # The district is on track only when every ward's figures are in: a partial sum would flatter.
    status = None
    if complete:
        status = progress_status(
            cumulative_achieved=sum(row["baseline"] for row in rows) - actual_remaining,
            cumulative_target=cumulative_target,
        )
    return {
        "year": year,
        "target": sum(cell["target"] for cell in cells),
        "cumulative_target": cumulative_target,
        "planned_remaining": planned_remaining,
        "achieved": sum(cell["achieved"] for cell in approved),
        "actual_remaining": actual_remaining,
        "approved_wards": len(approved),
        "ward_count": len(rows),
        "complete": complete,
        "status": status,
        "status_label": status.label if status else None,
        "breaches": [breach for row in rows for breach in row["breaches"] if breach["year"] == year],
    }


def _completeness(*, rows: list[WardRow], index: int, deadline: Deadline) -> Completeness:
    groups: dict[str, list[Ward]] = {key: [] for key, _ in COMPLETENESS_GROUPS}
    late, extensions = [], 0
    for row in rows:
        cell = row["cells"][index]
        groups[cell["count_status"] or "missing"].append(row["ward"])
        if cell["late"]:
            late.append(row["ward"])
        extensions += cell["deadline_extended"]
    ward_count = len(rows)
    sent = len(groups["approved"]) + len(groups["submitted"])
    rate = sent / ward_count if ward_count else 0.0
    return {
        "year": deadline.year,
        "deadline": deadline.due_on,
        "has_window": deadline.has_window,
        "deadline_passed": deadline.is_past,
        "extensions": extensions,
        "ward_count": ward_count,
        **groups,
        "late": late,
        "numbers": {**{key: len(wards) for key, wards in groups.items()}, "late": len(late)},
        "groups": [
            {"key": key, "label": label, "wards": groups[key]} for key, label in COMPLETENESS_GROUPS
        ],
        "rate": rate,
        "rate_percent": round(rate * 100),
    }


def _number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _forecast(*, baseline: int, cells: list[WardCell], years: list[int]) -> Forecast:
    approved = [cell for cell in cells if cell["result"] is not None]
    end_year = years[-1]
    latest = approved[-1] if approved else None
    remaining = latest["remaining"] if latest else baseline
    as_of_year = latest["year"] if latest else None
    years_left = len([year for year in years if as_of_year is None or year > as_of_year])
    total_reduction = sum(cell["achieved"] for cell in approved)
    average = total_reduction / len(approved) if approved else None

    if remaining <= 0:
        pace, reaches, projected = 0, True, 0
    elif years_left == 0:
        pace, reaches, projected = None, False, remaining
    else:
        pace = -(-remaining // years_left)
        if approved:
            # Integer comparison: average × years_left ≥ remaining, without rounding.
            reaches = total_reduction * years_left >= remaining * len(approved)
            projected = max(remaining - average * years_left, 0)
        else:
            reaches, projected = None, None

    if remaining <= 0:
        verdict = "Đã hết hộ cận nghèo: đạt mục tiêu của kế hoạch."
    elif years_left == 0:
        verdict = f"Hết kế hoạch vẫn còn {remaining} hộ cận nghèo: chưa đạt mục tiêu về 0."
    elif average is None:
        verdict = (
            f"Chưa có số liệu được duyệt; cần giảm {pace} hộ mỗi năm để về 0 vào cuối năm {end_year}."
        )
    else:
        trend = f"bình quân {'giảm' if average >= 0 else 'tăng'} {_number(abs(average))} hộ/năm"
        if reaches:
            verdict = f"Theo nhịp độ hiện tại ({trend}) sẽ về 0 hộ trước cuối năm {end_year}."
        else:
            verdict = (
                f"Theo nhịp độ hiện tại ({trend}) cuối năm {end_year} còn khoảng "
                f"{_number(round(projected, 1))} hộ; cần giảm {pace} hộ mỗi năm."
            )

    planned_remaining = baseline
    if latest:
        planned_remaining = latest["planned_remaining"]
    return {
        "approved_years": [cell["year"] for cell in approved],
        "as_of_year": as_of_year,
        "remaining": remaining,
        "planned_remaining": planned_remaining,
        "average_reduction": average,
        "years_left": years_left,
        "pace_needed": pace,
        "projected_end": None if projected is None else round(projected, 1),
        "reaches_zero": reaches,
        "verdict": verdict,
    }
