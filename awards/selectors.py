"""Reads that feed the award pages and the council spreadsheet: a fixed number of queries whatever
the number of nominations, the user's district or ward only, approved yearly figures only.
"""

from collections import Counter, defaultdict
from datetime import date
from typing import TypedDict

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Min, Q, Sum, Value, When
from django.urls import reverse
from django.utils import timezone

from campaign.models import ActorType, Campaign, Criterion
from common.collation import vietnamese, vietnamese_key
from units.models import District, Ward
from units.offices import office_name
from units.roles import Role
from wards.models import Baseline, ReductionTarget, YearlyCount
from wards.targets import ProgressStatus, progress_status

from .models import (
    AssessmentResult, CriterionAssessment, Nomination, NominationDocument, NomineeKind, Occasion, nominee_unit_label,
    occasion_label, proposing_unit_label,
)

Status = Nomination.Status
# The dossier in the order it is read: letter, report, minutes, the rest.
KIND_ORDER = {kind: index for index, kind in enumerate(NominationDocument.Kind.values)}


def _in_dossier_order(documents) -> list[NominationDocument]:
    return sorted(documents, key=lambda d: (KIND_ORDER[d.kind], d.uploaded_at, d.pk))


def url_maker(name: str, arity: int = 1):
    """A formatter of route `name`'s URL, reversed once rather than per row; plain arguments only."""
    stand_ins = [f"7310429{i}" for i in range(arity)]
    pattern = reverse(name, args=stand_ins)
    for index, stand_in in enumerate(stand_ins):
        pattern = pattern.replace(stand_in, f"{{{index}}}")
    return pattern.format


# Points of a criterion assessment in the ranking; the figures add TARGET_POINTS and GOAL_POINTS.
RESULT_POINTS = {AssessmentResult.MET: 2, AssessmentResult.PARTLY: 1, AssessmentResult.NOT_MET: 0}
TARGET_POINTS = 2
GOAL_POINTS = 1

QUEUE_STATUSES = (Status.FORWARDED, Status.APPROVED, Status.SENT_TO_CITY)
# What the council sees: everything LĐ-TB&XH has sent on to Nội vụ, whatever became of it.
COUNCIL_STATUSES = (Status.FORWARDED, Status.APPROVED, Status.REJECTED, Status.SENT_TO_CITY, Status.AWARDED)
OCCASION_ORDER = {Occasion.FINAL: 0, Occasion.MID_TERM: 1, Occasion.YEARLY: 2, Occasion.SUDDEN: 3}
NEXT_STEP = {
    Status.FORWARDED: "Thẩm định",
    Status.APPROVED: "Ghi quyết định hoặc trình Thành phố",
    Status.SENT_TO_CITY: "Chờ quyết định của Thành phố",
}
PAGE_SIZE = 20


def nominations_for_user(user):
    return Nomination.objects.visible_to(user).select_related(
        "award_form", "ward", "proposing_ward", "district", "campaign__owner_district", "campaign__owner_province",
    )


class CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


def _page(queryset, *, number, count: int) -> dict:
    paginator = CountedPaginator(queryset, PAGE_SIZE, count=count)
    page = paginator.get_page(number)
    note = ""
    if number not in (None, "", str(page.number)):
        note = f"Không có trang “{number}”: đang hiển thị trang {page.number}/{paginator.num_pages}."
    return {
        "page": page,
        "page_links": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "page_note": note,
    }


KIND_LABELS = dict(NomineeKind.choices)
STATUS_LABELS = dict(Status.choices)
ROW_COLUMNS = (
    "pk", "nominee_name", "nominee_kind", "unit", "ward_id", "ward__name", "award_form__name", "proposing_ward_id",
    "proposing_ward__name", "status", "occasion", "year", "decision_number", "status_changed_at", "district_id",
    "district__province_id",
)


class NominationRow(TypedDict, total=False):
    pk: int
    url: str
    nominee_name: str
    kind_label: str
    nominee_unit: str
    award_form: str
    proposing_unit: str
    status: str
    status_label: str
    occasion: str
    year: int
    occasion_label: str
    decision_number: str
    status_changed_at: object
    ward_id: int | None
    document_count: int
    age_days: int
    dossier: list[dict]
    next_step: str


class EvidenceYear(TypedDict):
    year: int
    target: int
    count: YearlyCount | None  # approved only
    status_label: str
    reduction: int | None
    cumulative_target: int
    cumulative_achieved: int | None
    status: ProgressStatus | None  # the dashboards' measure, of approved figures only
    on_track: bool | None
    breaches: list[str]


class Evidence(TypedDict):
    ward: Ward
    years: list[EvidenceYear]
    baseline: int | None
    statements: list[dict]
    assessments: list[dict]


def _rows(queryset) -> list[NominationRow]:
    """A page's nominations as plain rows with labels and links, from one query: nothing per row later."""
    detail_url = url_maker("awards:nomination-detail")
    wards, districts = {}, {}

    def ward(pk, name) -> Ward:
        if pk not in wards:
            wards[pk] = Ward(pk=pk, name=name)
        return wards[pk]

    def district(pk, province_id) -> District:
        # Enough of the district for its offices' names (units.offices).
        if pk not in districts:
            districts[pk] = District(pk=pk, province_id=province_id)
        return districts[pk]

    rows = []
    for (
        pk, name, kind, unit, ward_id, ward_name, form, proposing_id, proposing_name, status, occasion, year,
        decision_number, since, district_id, province_id,
    ) in queryset.values_list(*ROW_COLUMNS):
        rows.append({
            "pk": pk, "url": detail_url(pk), "nominee_name": name, "kind_label": KIND_LABELS[kind],
            "nominee_unit": nominee_unit_label(unit, ward(ward_id, ward_name) if ward_id else None),
            "award_form": form,
            "proposing_unit": proposing_unit_label(
                ward(proposing_id, proposing_name) if proposing_id else None,
                district(district_id, province_id) if district_id else None,
            ),
            "status": status, "status_label": STATUS_LABELS[status], "occasion": occasion, "year": year,
            "occasion_label": occasion_label(occasion, year), "decision_number": decision_number,
            "status_changed_at": since, "ward_id": ward_id,
        })
    return rows


def nomination_list(*, user, campaign: Campaign, status: str = "", occasion: str = "", page=1) -> dict:
    """The user's nominations, newest first, a page at a time, with counts per status: three queries."""
    visible = Nomination.objects.visible_to(user).filter(campaign=campaign)
    tally = visible.order_by().values_list("status", "occasion").annotate(n=Count("pk"))
    counts = Counter()
    for row_status, row_occasion, n in tally:
        if not occasion or row_occasion == occasion:
            counts[row_status] += n
    nominations = visible
    if status:
        nominations = nominations.filter(status=status)
    if occasion:
        nominations = nominations.filter(occasion=occasion)
    total = sum(counts.values())
    pages = _page(nominations.order_by("-created_at", "-pk"), number=page, count=counts[status] if status else total)
    rows = _rows(pages["page"].object_list)
    files = dict(
        NominationDocument.objects.filter(nomination__in=[r["pk"] for r in rows])
        .order_by().values_list("nomination").annotate(n=Count("pk"))
    )
    for row in rows:
        row["document_count"] = files.get(row["pk"], 0)
    return {
        "nominations": rows,
        **pages,
        "status_counts": [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices
        ],
        "total": total,
    }


def criteria_for(*, campaign: Campaign, actor_type: str) -> list[Criterion]:
    return list(Criterion.objects.filter(campaign=campaign, actor_type=actor_type).order_by("order"))


def ward_evidence(*, campaign: Campaign, ward: Ward, up_to_year: int) -> Evidence:
    years = [y for y in campaign.years if y <= up_to_year]
    baseline = Baseline.objects.filter(campaign=campaign, ward=ward).values_list("near_poor", flat=True).first()
    targets = dict(
        ReductionTarget.objects.filter(campaign=campaign, ward=ward).order_by().values_list("year", "reduction")
    )
    counts = {c.year: c for c in YearlyCount.objects.filter(campaign=campaign, ward=ward).order_by()}
    rows, cumulative_target = [], 0
    for year in years:
        count = counts.get(year)
        approved = count if count is not None and count.status == YearlyCount.Status.APPROVED else None
        target = targets.get(year, 0)
        cumulative_target += target
        achieved = (baseline or 0) - approved.near_poor_end if approved else None
        status = None
        if approved:
            status = progress_status(cumulative_achieved=achieved, cumulative_target=cumulative_target)
        rows.append({
            "year": year,
            "target": target,
            "count": approved,
            "status_label": count.get_status_display() if count else "Chưa nhập",
            "reduction": approved.reduction if approved else None,
            "cumulative_target": cumulative_target,
            "cumulative_achieved": achieved,
            "status": status,
            "on_track": status.keeps_to_plan if status else None,
            "breaches": approved.goal_breaches if approved else [],
        })
    assessments = defaultdict(list)
    for assessment in (
        CriterionAssessment.objects.filter(
            campaign=campaign, ward=ward, subject_name="", year__lte=up_to_year
        ).select_related("criterion").order_by("year", "criterion__order")
    ):
        assessments[assessment.year].append(assessment)
    return {
        "ward": ward,
        "baseline": baseline,
        "years": rows,
        "statements": _statements(rows=rows, baseline=baseline, ward=ward),
        "assessments": [
            {
                "year": year, "items": items,
                **{key: sum(1 for a in items if a.result == key) for key in AssessmentResult.values},
            }
            for year, items in sorted(assessments.items())
        ],
    }


def _years(values) -> str:
    return ", ".join(str(v) for v in values)


def _statements(*, rows: list[dict], baseline: int | None, ward: Ward) -> list[dict]:
    approved = [r for r in rows if r["count"] is not None]
    pending = [r["year"] for r in rows if r["count"] is None]
    statements = []
    if not approved:
        office = office_name(Role.SOCIAL_AFFAIRS, ward)
        statements.append({"text": f"Chưa có năm nào có số liệu được {office} duyệt.", "good": None})
    else:
        met = [r["year"] for r in approved if r["on_track"]]
        missed = [r["year"] for r in approved if not r["on_track"]]
        if not missed:
            statements.append({
                "text": f"Đúng hoặc vượt tiến độ giảm hộ cận nghèo (lũy kế so với chỉ tiêu lũy kế) "
                        f"tất cả {len(met)} năm đã duyệt ({_years(met)}).",
                "good": True,
            })
        else:
            statements.append({
                "text": f"Chậm tiến độ giảm hộ cận nghèo (lũy kế so với chỉ tiêu lũy kế) năm {_years(missed)}"
                        + (f"; đúng hoặc vượt tiến độ năm {_years(met)}." if met else "."),
                "good": False,
            })
        breaches = [r for r in approved if r["breaches"]]
        if not breaches:
            statements.append({
                "text": "Không có hộ nghèo, hộ tái nghèo, hộ nghèo phát sinh mới trong các năm đã duyệt.",
                "good": True,
            })
        else:
            for r in breaches:
                statements.append({"text": f"Năm {r['year']}: {'; '.join(r['breaches'])}.", "good": False})
        last = approved[-1]
        end = last["count"].near_poor_end
        if end == 0:
            statements.append({"text": f"Không còn hộ cận nghèo cuối năm {last['year']}.", "good": True})
        else:
            start = f" (đầu kỳ: {baseline} hộ)" if baseline is not None else ""
            statements.append({
                "text": f"Còn {end} hộ cận nghèo cuối năm {last['year']}{start}.", "good": None,
            })
    if pending:
        statements.append({
            "text": f"Năm {_years(pending)}: số liệu chưa được duyệt, chưa tính vào minh chứng.", "good": None,
        })
    return statements


def nomination_detail(*, nomination: Nomination) -> dict:
    evidence = None
    if nomination.ward_id:
        up_to = nomination.year if nomination.occasion != Occasion.FINAL else nomination.campaign.end_year
        evidence = ward_evidence(campaign=nomination.campaign, ward=nomination.ward, up_to_year=up_to)
    documents = _in_dossier_order(nomination.documents.select_related("uploaded_by"))
    present = {d.kind for d in documents}
    return {
        "criteria": criteria_for(campaign=nomination.campaign, actor_type=nomination.actor_type),
        "evidence": evidence,
        "documents": documents,
        "missing_kinds": [
            NominationDocument.Kind(k).label for k in NominationDocument.REQUIRED_KINDS if k not in present
        ],
        "has_minutes": NominationDocument.Kind.MEETING_MINUTES in present,
        "transitions": list(nomination.transitions.select_related("by")),
    }


def appraisal_queue(*, user, campaign: Campaign, today: date, page=1) -> dict:
    """Nội vụ's desk: what waits in their district by occasion, oldest first, with counts: three queries."""
    visible = Nomination.objects.visible_to(user).filter(campaign=campaign)
    tally = list(
        visible.order_by().values_list("status", "occasion", "year")
        .annotate(n=Count("pk"), since=Min("status_changed_at", filter=Q(status__in=QUEUE_STATUSES)))
    )
    counts, groups, council = Counter(), {}, set()
    for status, occasion, year, n, since in tally:
        counts[status] += n
        if status in COUNCIL_STATUSES:
            council.add((occasion, year))
        if status in QUEUE_STATUSES:
            group = groups.setdefault((occasion, year), {"occasion": occasion, "year": year, "count": 0})
            group["count"] += n
            group["since"] = min(group.get("since", since), since)
    for group in groups.values():
        group["label"] = occasion_label(group["occasion"], group["year"])
        group["oldest_days"] = _age_days(group.pop("since"), today)
    waiting_total = sum(counts[s] for s in QUEUE_STATUSES)
    council_url = url_maker("awards:council-list", 2)

    occasion_rank = Case(
        *(When(occasion=occasion, then=Value(rank)) for occasion, rank in OCCASION_ORDER.items()),
        output_field=IntegerField(),
    )
    waiting = (
        visible.filter(status__in=QUEUE_STATUSES)
        .alias(occasion_rank=occasion_rank)
        .order_by("occasion_rank", "-year", "status_changed_at", "pk")
    )
    pages = _page(waiting, number=page, count=waiting_total)
    rows = _rows(pages["page"].object_list)
    dossiers = _dossier_links([row["pk"] for row in rows])
    sections = []
    for row in rows:
        row["age_days"] = _age_days(row["status_changed_at"], today)
        row["dossier"] = dossiers.get(row["pk"], [])
        row["next_step"] = NEXT_STEP[row["status"]]
        key = (row["occasion"], row["year"])
        if not sections or sections[-1]["key"] != key:
            sections.append({"key": key, **groups[key], "nominations": []})
        sections[-1]["nominations"].append(row)
    return {
        "groups": sections,
        **pages,
        "status_counts": [
            {"value": value, "label": label, "count": counts.get(value, 0), "waiting": value in QUEUE_STATUSES}
            for value, label in Status.choices
        ],
        "waiting_total": waiting_total,
        "occasions": [
            {"url": council_url(occasion, year), "label": occasion_label(occasion, year)}
            for occasion, year in sorted(council, key=lambda p: (OCCASION_ORDER[p[0]], -p[1]))
        ],
    }


def _dossier_links(nomination_ids: list[int]) -> dict[int, list[dict]]:
    download_url = url_maker("awards:document-download")
    labels = dict(NominationDocument.Kind.choices)
    files = defaultdict(list)
    rows = (
        NominationDocument.objects.filter(nomination__in=nomination_ids).order_by()
        .values_list("nomination_id", "pk", "kind", "original_name")
    )
    for nomination_id, pk, kind, name in sorted(rows, key=lambda r: (r[0], KIND_ORDER[r[2]], r[1])):
        files[nomination_id].append({"url": download_url(pk), "kind": labels[kind], "name": name})
    return files


def _age_days(since, today: date) -> int:
    return (today - timezone.localtime(since).date()).days if since else 0


def council_rows(*, user, campaign: Campaign, occasion: str, year: int) -> list[Nomination]:
    visible = Nomination.objects.visible_to(user).filter(campaign=campaign)
    return list(
        visible.filter(occasion=occasion, year=year, status__in=COUNCIL_STATUSES)
        .select_related("award_form", "ward", "proposing_ward", "district")
        .order_by("award_form__order", "nominee_kind", vietnamese("nominee_name"), "pk")
    )


def _wards_of(user):
    return Ward.objects.visible_to(user).values("pk")


def ward_ranking(*, user, campaign: Campaign, year: int) -> dict:
    """Section VII.5: the year's results as they count in the wards' yearly ranking (RESULT_POINTS per
    assessment; TARGET_POINTS for approved figures on or ahead of the cumulative path, the dashboards'
    measure, and GOAL_POINTS), ranked by the share of the points a ward could have had, so that fewer
    criteria assessed is no penalty. A ward with neither assessments nor approved figures has nothing
    to be ranked on: it comes last, unranked. Five queries."""
    wards = _wards_of(user)
    baselines = list(
        Baseline.objects.filter(campaign=campaign, ward__in=wards)
        .select_related("ward").order_by(vietnamese("ward__name"), "ward__code")
    )
    targets = {
        ward_id: (target or 0, cumulative)
        for ward_id, target, cumulative in ReductionTarget.objects.filter(campaign=campaign, year__lte=year, ward__in=wards)
        .order_by().values("ward_id").annotate(target=Sum("reduction", filter=Q(year=year)), cumulative=Sum("reduction"))
        .values_list("ward_id", "target", "cumulative")
    }
    counts = {
        c.ward_id: c
        for c in YearlyCount.objects.filter(
            campaign=campaign, year=year, status=YearlyCount.Status.APPROVED, ward__in=wards
        ).order_by()
    }
    results = defaultdict(Counter)
    for ward_id, result, n in (
        CriterionAssessment.objects.filter(
            campaign=campaign, year=year, subject_name="", criterion__actor_type=ActorType.WARD, ward__in=wards
        ).order_by().values_list("ward_id", "result").annotate(n=Count("pk"))
    ):
        results[ward_id][result] = n
    # Awards to a ward's people counted for that ward, whoever in its district proposed them.
    awards = dict(
        Nomination.objects.visible_to(user).filter(campaign=campaign, year=year, status=Status.AWARDED)
        .filter(ward__in=wards).order_by().values_list("ward_id").annotate(n=Count("pk"))
    )
    rows = []
    for baseline in baselines:
        ward = baseline.ward
        tally = results.get(ward.pk, Counter())
        assessed = sum(tally.values())
        criteria_points = sum(RESULT_POINTS[key] * n for key, n in tally.items())
        count = counts.get(ward.pk)
        target, cumulative_target = targets.get(ward.pk, (0, 0))
        status = achieved = None
        if count is not None:
            achieved = baseline.near_poor - count.near_poor_end
            status = progress_status(cumulative_achieved=achieved, cumulative_target=cumulative_target)
        on_track = None if status is None else status.keeps_to_plan
        kept_goals = None if count is None else not count.goal_breaches
        points = criteria_points + (TARGET_POINTS if on_track else 0) + (GOAL_POINTS if kept_goals else 0)
        possible = 2 * assessed + TARGET_POINTS + GOAL_POINTS
        ranked = assessed > 0 or count is not None
        rows.append({
            "ward": ward,
            "assessed": assessed,
            "met": tally.get(AssessmentResult.MET, 0),
            "partly": tally.get(AssessmentResult.PARTLY, 0),
            "not_met": tally.get(AssessmentResult.NOT_MET, 0),
            "criteria_points": criteria_points,
            "count": count,
            "target": target,
            "cumulative_target": cumulative_target,
            "cumulative_achieved": achieved,
            "status": status,
            "on_track": on_track,
            "kept_goals": kept_goals,
            "points": points if ranked else None,
            "possible": possible if ranked else None,
            "percent": round(100 * points / possible) if ranked else None,
            "awards": awards.get(ward.pk, 0),
            "ranked": ranked,
            "complete": assessed > 0 and count is not None,
            "rank": None,
        })
    unranked = [r for r in rows if not r["ranked"]]
    rows = [r for r in rows if r["ranked"]]
    rows.sort(key=lambda r: (-r["percent"], -r["points"], vietnamese_key(r["ward"].name)))
    rank, previous = 0, None
    for index, row in enumerate(rows, start=1):
        # Equal shares share a place (1, 2, 2, 4).
        if row["percent"] != previous:
            rank, previous = index, row["percent"]
        row["rank"] = rank
    return {
        "campaign": campaign,
        "year": year,
        "rows": rows + unranked,
        "incomplete": [r["ward"] for r in rows if not r["complete"]],
        "unranked": [r["ward"] for r in unranked],
        "points": {"met": RESULT_POINTS[AssessmentResult.MET], "partly": RESULT_POINTS[AssessmentResult.PARTLY],
                   "target": TARGET_POINTS, "goals": GOAL_POINTS},
    }


def assessment_grid(*, user, campaign: Campaign, year: int) -> dict:
    """The user's wards × ward criteria of one year, and the district's other actors: five queries."""
    visible_wards = _wards_of(user)
    wards = [
        b.ward for b in Baseline.objects.filter(campaign=campaign, ward__in=visible_wards)
        .select_related("ward").order_by(vietnamese("ward__name"), "ward__code")
    ]
    criteria = criteria_for(campaign=campaign, actor_type=ActorType.WARD)
    existing = {
        (a.ward_id, a.criterion_id): a
        # Unordered: an ORDER BY on (campaign, year) would draw SQLite to the unique index.
        for a in CriterionAssessment.objects.filter(
            campaign=campaign, year=year, subject_name="", ward__in=[w.pk for w in wards]
        ).order_by()
    }
    return {
        "year": year,
        "criteria": criteria,
        "rows": [
            {"ward": ward, "cells": [{"criterion": c, "assessment": existing.get((ward.pk, c.pk))} for c in criteria]}
            for ward in wards
        ],
        # Those of the user's wards, then those outside any ward (the district's own, by their
        # assessor): two queries that each follow an index, where one with OR would read the year.
        "others": sorted([
            *CriterionAssessment.objects.filter(campaign=campaign, year=year, ward__in=visible_wards)
            .exclude(subject_name="").select_related("criterion", "ward").order_by(),
            *CriterionAssessment.objects.visible_to(user)
            .filter(campaign=campaign, year=year, ward__isnull=True).select_related("criterion").order_by(),
        ], key=lambda a: (vietnamese_key(a.ward.name if a.ward_id else ""), vietnamese_key(a.subject_name), a.criterion.order, a.pk)),
    }
