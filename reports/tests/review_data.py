"""The district's data as the reviews see it: approved figures, assessments and awards."""

import datetime

from awards.models import AssessmentResult, AwardForm, CriterionAssessment, Nomination, NomineeKind, Occasion
from campaign.models import ActorType, Campaign, Criterion
from reports.models import ReviewReport
from units.models import District, Ward
from wards.models import ReductionTarget, YearlyCount, expected_start

APPROVED = YearlyCount.Status.APPROVED


def plan_of(district: District, plan: Campaign) -> Campaign:
    """`district`'s own plan: `plan` for Thanh Xuân, the copy the tests made for another."""
    return plan if plan.owner_district_id == district.pk else Campaign.objects.get(owner_district=district)


def approve_years(plan: Campaign, years, *, shortfall=None, district_code: str | None = None) -> None:
    """Approved counts for every ward with a baseline (of the district at `district_code` if
    given): each meets its target, except the (ward code, year) pairs in `shortfall`, which
    reduce that much less."""
    shortfall = shortfall or {}
    if district_code:
        plan = plan_of(District.objects.get(code=district_code), plan)
    targets = {(t.ward_id, t.year): t.reduction for t in ReductionTarget.objects.filter(campaign=plan)}
    wards = Ward.objects.filter(baselines__campaign=plan)
    if district_code:
        wards = wards.filter(district__code=district_code)
    for ward in wards.order_by("name"):
        for year in years:
            start, _ = expected_start(campaign=plan, ward=ward, year=year)
            escaped = max(targets.get((ward.pk, year), 0) - shortfall.get((ward.code, year), 0), 0)
            escaped = min(escaped, start)
            YearlyCount.objects.create(
                campaign=plan, ward=ward, year=year, status=APPROVED, near_poor_start=start,
                near_poor_escaped=escaped, near_poor_end=start - escaped,
            )


def assess(plan: Campaign, year: int, ward: Ward, result=AssessmentResult.MET) -> None:
    plan = plan_of(ward.district, plan)
    criterion = Criterion.objects.filter(campaign=plan, actor_type=ActorType.WARD).order_by("order").first()
    CriterionAssessment.objects.create(campaign=plan, year=year, criterion=criterion, ward=ward, result=result)


def award(plan: Campaign, user, *, form_code: str, occasion: str, year: int, name: str, ward=None,
          kind=NomineeKind.COLLECTIVE, actor_type=ActorType.WARD, number: str, on: datetime.date) -> Nomination:
    if ward is not None:
        plan = plan_of(ward.district, plan)
    form = AwardForm.objects.get(campaign=plan, code=form_code)
    return Nomination.objects.create(
        campaign=plan, occasion=occasion, year=year, award_form=form, nominee_kind=kind,
        nominee_name=name, ward=ward, actor_type=actor_type, achievements="Hoàn thành xuất sắc.",
        status=Nomination.Status.AWARDED, decision_number=number, decision_date=on,
        decided_by=form.decider, created_by=user,
    )


def review(plan: Campaign, kind=ReviewReport.Kind.FINAL, **fields) -> ReviewReport:
    defaults = {
        "number": "86/BC-UBND" if kind == ReviewReport.Kind.FINAL else "97/BC-UBND",
        "dated_on": datetime.date(2025, 6, 5) if kind == ReviewReport.Kind.FINAL else datetime.date(2023, 6, 5),
        "signer_name": "Đặng Khánh Hòa",
        **{name: f"Nội dung phần {name}: quận đã triển khai đồng bộ, cận nghèo giảm đều."
           for name in ReviewReport.NARRATIVE_FIELDS},
    }
    defaults.update(fields)
    district = defaults.pop("district", None)  # another district's own plan, if given
    report = ReviewReport(campaign=plan_of(district, plan) if district else plan, kind=kind, **defaults)
    report.full_clean()
    report.save()
    # As the pages and the services read it: with its plan and its owner.
    return ReviewReport.objects.select_related("campaign__owner_district").get(pk=report.pk)
