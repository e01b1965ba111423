"""Reads that feed the award pages and the council spreadsheet.

Each selector runs a fixed number of queries whatever the number of wards or nominations, and
reads only approved yearly figures as results, like the progress reports do.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from campaign.models import ActorType, Campaign, Criterion
from wards.models import Baseline, ReductionTarget, Ward, YearlyCount
from wards.roles import scope_to_user

from .models import (
    AssessmentResult, CriterionAssessment, Nomination, NominationDocument, Occasion,
)

Status = Nomination.Status
# The dossier in the order it is read: letter, report, minutes, the rest.
KIND_ORDER = {kind: index for index, kind in enumerate(NominationDocument.Kind.values)}


def _in_dossier_order(documents) -> list[NominationDocument]:
    return sorted(documents, key=lambda d: (KIND_ORDER[d.kind], d.uploaded_at, d.pk))

# Points of a criterion assessment in the ranking; the figures add TARGET_POINTS and GOAL_POINTS.
RESULT_POINTS = {AssessmentResult.MET: 2, AssessmentResult.PARTLY: 1, AssessmentResult.NOT_MET: 0}
TARGET_POINTS = 2
GOAL_POINTS = 1

QUEUE_STATUSES = (Status.FORWARDED, Status.APPROVED, Status.SENT_TO_CITY)
# What the council sees: everything LĐ-TB&XH has sent on to Nội vụ, whatever became of it.
COUNCIL_STATUSES = (Status.FORWARDED, Status.APPROVED, Status.REJECTED, Status.SENT_TO_CITY, Status.AWARDED)
OCCASION_ORDER = {Occasion.FINAL: 0, Occasion.YEARLY: 1, Occasion.SUDDEN: 2}


def nominations_for_user(user):
    """Nominations `user` may see: their district's for district staff (a ward's proposals, and
    the district's own, made by its staff), their ward's proposals for an officer."""
    queryset = Nomination.objects.select_related("award_form", "ward", "proposing_ward", "campaign")
    return scope_to_user(queryset, user, "proposing_ward", owner_path="created_by")


def nomination_list(*, user, campaign: Campaign, status: str = "", occasion: str = "") -> dict:
    nominations = nominations_for_user(user).filter(campaign=campaign)
    counts = dict(nominations.order_by().values_list("status").annotate(n=Count("pk")))
    if status:
        nominations = nominations.filter(status=status)
    if occasion:
        nominations = nominations.filter(occasion=occasion)
    return {
        "nominations": list(nominations.annotate(document_count=Count("documents"))),
        "status_counts": [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices
        ],
        "total": sum(counts.values()),
    }


def criteria_for(*, campaign: Campaign, actor_type: str) -> list[Criterion]:
    return list(Criterion.objects.filter(campaign=campaign, actor_type=actor_type).order_by("order"))


def ward_evidence(*, campaign: Campaign, ward: Ward, up_to_year: int) -> dict:
    """A ward's record in the movement, from approved figures and assessments: four queries.

    Keys: ward, years [{year, target, count (approved or None), status_label, reduction,
    met_target, breaches}], baseline, statements [sentences computed from the rows],
    assessments [{year, items: [CriterionAssessment], met, partly, not_met}].
    """
    years = [y for y in campaign.years if y <= up_to_year]
    baseline = Baseline.objects.filter(campaign=campaign, ward=ward).values_list("near_poor", flat=True).first()
    targets = dict(
        ReductionTarget.objects.filter(campaign=campaign, ward=ward).order_by().values_list("year", "reduction")
    )
    counts = {c.year: c for c in YearlyCount.objects.filter(campaign=campaign, ward=ward).order_by()}
    rows = []
    for year in years:
        count = counts.get(year)
        approved = count if count is not None and count.status == YearlyCount.Status.APPROVED else None
        target = targets.get(year, 0)
        rows.append({
            "year": year,
            "target": target,
            "count": approved,
            "status_label": count.get_status_display() if count else "Chưa nhập",
            "reduction": approved.reduction if approved else None,
            # A ward with nothing left to reduce has met its target, whatever the number says.
            "met_target": (approved.reduction >= target or approved.near_poor_end == 0) if approved else None,
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
        "statements": _statements(rows=rows, baseline=baseline),
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


def _statements(*, rows: list[dict], baseline: int | None) -> list[dict]:
    """Plain sentences about the approved years: {text, good (True/False/None)}."""
    approved = [r for r in rows if r["count"] is not None]
    pending = [r["year"] for r in rows if r["count"] is None]
    statements = []
    if not approved:
        statements.append({"text": "Chưa có năm nào có số liệu được Phòng LĐ-TB&XH duyệt.", "good": None})
    else:
        met = [r["year"] for r in approved if r["met_target"]]
        missed = [r["year"] for r in approved if not r["met_target"]]
        if not missed:
            statements.append({
                "text": f"Đạt chỉ tiêu giảm hộ cận nghèo tất cả {len(met)} năm đã duyệt ({_years(met)}).",
                "good": True,
            })
        else:
            statements.append({
                "text": f"Không đạt chỉ tiêu giảm hộ cận nghèo năm {_years(missed)}"
                        + (f"; đạt năm {_years(met)}." if met else "."),
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
    """What a nomination's page shows beside its fields: criteria, evidence, dossier, history."""
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


def appraisal_queue(*, campaign: Campaign, today: date) -> dict:
    """Nội vụ's desk: what waits for them, by occasion and age, with counts per status.

    Three queries: the counts, the waiting nominations with their age, their documents.
    """
    all_nominations = Nomination.objects.filter(campaign=campaign)
    counts = dict(all_nominations.order_by().values_list("status").annotate(n=Count("pk")))
    waiting = list(
        all_nominations.filter(status__in=QUEUE_STATUSES)
        .select_related("award_form", "ward", "proposing_ward")
        .annotate(waiting_since=Max("transitions__at"))
        .prefetch_related(Prefetch("documents", queryset=NominationDocument.objects.order_by()))
        .order_by("waiting_since", "pk")
    )
    groups = defaultdict(list)
    for nomination in waiting:
        since = nomination.waiting_since
        nomination.age_days = (today - timezone.localtime(since).date()).days if since else 0
        nomination.dossier = _in_dossier_order(nomination.documents.all())
        groups[(nomination.occasion, nomination.year)].append(nomination)
    next_step = {
        Status.FORWARDED: "Thẩm định",
        Status.APPROVED: "Ghi quyết định hoặc trình Thành phố",
        Status.SENT_TO_CITY: "Chờ quyết định của Thành phố",
    }
    for nomination in waiting:
        nomination.next_step = next_step[nomination.status]
    return {
        "groups": [
            {
                "occasion": occasion, "year": year,
                "label": items[0].occasion_label,
                "nominations": items,
                "oldest_days": max(n.age_days for n in items),
            }
            for (occasion, year), items in sorted(
                groups.items(), key=lambda item: (OCCASION_ORDER[item[0][0]], -item[0][1])
            )
        ],
        "status_counts": [
            {"value": value, "label": label, "count": counts.get(value, 0), "waiting": value in QUEUE_STATUSES}
            for value, label in Status.choices
        ],
        "waiting_total": len(waiting),
        "occasions": council_occasions(campaign=campaign),
    }


def council_occasions(*, campaign: Campaign) -> list[dict]:
    """The occasions that have nominations in front of the council, for the export links."""
    pairs = (
        Nomination.objects.filter(campaign=campaign, status__in=COUNCIL_STATUSES)
        .order_by().values_list("occasion", "year").distinct()
    )
    result = []
    for occasion, year in sorted(set(pairs), key=lambda p: (OCCASION_ORDER[p[0]], -p[1])):
        label = Nomination(occasion=occasion, year=year).occasion_label
        result.append({"occasion": occasion, "year": year, "label": label})
    return result


def council_rows(*, campaign: Campaign, occasion: str, year: int) -> list[Nomination]:
    """The nominations of one occasion as the emulation council goes through them: one query."""
    return list(
        Nomination.objects.filter(
            campaign=campaign, occasion=occasion, year=year, status__in=COUNCIL_STATUSES
        )
        .select_related("award_form", "ward", "proposing_ward")
        .order_by("award_form__order", "nominee_kind", "nominee_name", "pk")
    )


def ward_ranking(*, campaign: Campaign, year: int) -> dict:
    """Section VII.5: the movement's yearly results as they count in the wards' yearly ranking.

    Per ward: the criteria assessments of the year (Đạt 2 points, Đạt một phần 1, Không đạt 0),
    the approved figures (TARGET_POINTS for meeting the year's target, GOAL_POINTS for keeping no
    poor, no fallen-back and no newly poor households) and the awards received. Wards are ranked
    by their share of the points they could have had, so a ward assessed on fewer criteria is not
    penalised. Five queries whatever the number of wards.
    """
    baselines = list(
        Baseline.objects.filter(campaign=campaign).select_related("ward").order_by("ward__name", "ward__code")
    )
    targets = dict(
        ReductionTarget.objects.filter(campaign=campaign, year=year).order_by().values_list("ward_id", "reduction")
    )
    counts = {
        c.ward_id: c
        for c in YearlyCount.objects.filter(campaign=campaign, year=year, status=YearlyCount.Status.APPROVED).order_by()
    }
    results = defaultdict(Counter)
    for ward_id, result, n in (
        CriterionAssessment.objects.filter(
            campaign=campaign, year=year, subject_name="", criterion__actor_type=ActorType.WARD
        ).order_by().values_list("ward_id", "result").annotate(n=Count("pk"))
    ):
        results[ward_id][result] = n
    awards = dict(
        Nomination.objects.filter(campaign=campaign, year=year, status=Status.AWARDED, ward__isnull=False)
        .order_by().values_list("ward_id").annotate(n=Count("pk"))
    )
    rows = []
    for baseline in baselines:
        ward = baseline.ward
        tally = results.get(ward.pk, Counter())
        assessed = sum(tally.values())
        criteria_points = sum(RESULT_POINTS[key] * n for key, n in tally.items())
        count = counts.get(ward.pk)
        target = targets.get(ward.pk, 0)
        met_target = None if count is None else (count.reduction >= target or count.near_poor_end == 0)
        kept_goals = None if count is None else not count.goal_breaches
        points = criteria_points + (TARGET_POINTS if met_target else 0) + (GOAL_POINTS if kept_goals else 0)
        possible = 2 * assessed + TARGET_POINTS + GOAL_POINTS
        rows.append({
            "ward": ward,
            "assessed": assessed,
            "met": tally.get(AssessmentResult.MET, 0),
            "partly": tally.get(AssessmentResult.PARTLY, 0),
            "not_met": tally.get(AssessmentResult.NOT_MET, 0),
            "criteria_points": criteria_points,
            "count": count,
            "target": target,
            "met_target": met_target,
            "kept_goals": kept_goals,
            "points": points,
            "possible": possible,
            "percent": round(100 * points / possible),
            "awards": awards.get(ward.pk, 0),
            "complete": assessed > 0 and count is not None,
        })
    rows.sort(key=lambda r: (-r["percent"], -r["points"], r["ward"].name))
    rank, previous = 0, None
    for index, row in enumerate(rows, start=1):
        # Equal shares share a place (1, 2, 2, 4).
        if row["percent"] != previous:
            rank, previous = index, row["percent"]
        row["rank"] = rank
    return {
        "campaign": campaign,
        "year": year,
        "rows": rows,
        "incomplete": [r["ward"] for r in rows if not r["complete"]],
        "points": {"met": RESULT_POINTS[AssessmentResult.MET], "partly": RESULT_POINTS[AssessmentResult.PARTLY],
                   "target": TARGET_POINTS, "goals": GOAL_POINTS},
    }


def assessment_grid(*, campaign: Campaign, year: int) -> dict:
    """The wards × ward criteria of one year, with what has been assessed, and the other actors
    assessed that year: four queries."""
    wards = [b.ward for b in Baseline.objects.filter(campaign=campaign).select_related("ward").order_by("ward__name")]
    criteria = criteria_for(campaign=campaign, actor_type=ActorType.WARD)
    existing = {
        (a.ward_id, a.criterion_id): a
        for a in CriterionAssessment.objects.filter(campaign=campaign, year=year, subject_name="", ward__isnull=False)
    }
    return {
        "year": year,
        "criteria": criteria,
        "rows": [
            {"ward": ward, "cells": [{"criterion": c, "assessment": existing.get((ward.pk, c.pk))} for c in criteria]}
            for ward in wards
        ],
        "others": list(
            CriterionAssessment.objects.filter(campaign=campaign, year=year)
            .exclude(subject_name="").select_related("criterion", "ward")
        ),
    }
