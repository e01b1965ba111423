"""Every existing plan gets the district that issued it as its owner, and its parent plan a row.

The plan goes to the district its issuing body names ("UBND quận Thanh Xuân"), else to the only
district, else to the district with most wards in it. The plan it answers (parent_plan_number:
251/KH-UBND of UBND thành phố Hà Nội) becomes a plan of that city. Where other districts' wards
had rows under the same plan (a database holding several districts under one shared plan), each
of those districts gets its own copy of the plan (its milestones, criteria, reporting windows and
award forms) and its rows move to it, so that every district keeps exactly what it had and owns
it alone. The award forms, until now shared by all, become the plan's own. Nothing else changes:
figures, approvals, history and issued documents stay as they were.
"""

from collections import Counter

from django.db import migrations
from django.db.models import Count


def _district_of(apps, plan, involved):
    District = apps.get_model("units", "District")
    body = (plan.issuing_body or "").casefold()
    named = [d for d in (involved or District.objects.all()) if d.name.casefold() in body]
    if len(named) == 1:
        return named[0]
    if involved:
        return involved[0]
    districts = list(District.objects.all()[:2])
    if len(districts) == 1:
        return districts[0]
    raise RuntimeError(
        f"Kế hoạch {plan.number}: không xác định được quận ban hành. Ghi tên quận vào “cơ quan "
        "ban hành” (ví dụ UBND quận Thanh Xuân) rồi chạy lại migrate."
    )


def _involved(apps, plan):
    """The districts whose wards have rows under `plan`, most rows first."""
    tally = Counter()
    for app_label, model, path in (
        ("wards", "Baseline", "ward__district"), ("wards", "ReductionTarget", "ward__district"),
        ("wards", "YearlyCount", "ward__district"), ("awards", "Nomination", "district"),
        ("awards", "CriterionAssessment", "ward__district"), ("reports", "ReviewReport", "district"),
    ):
        rows = apps.get_model(app_label, model).objects.filter(campaign=plan).exclude(**{f"{path}__isnull": True})
        tally.update(dict(rows.order_by().values_list(path).annotate(n=Count("pk"))))
    District = apps.get_model("units", "District")
    by_pk = {d.pk: d for d in District.objects.filter(pk__in=list(tally))}
    return [by_pk[pk] for pk, _ in sorted(tally.items(), key=lambda item: (-item[1], by_pk[item[0]].code))]


def _parent(apps, plan, district):
    if not plan.parent_plan_number:
        return None
    Campaign = apps.get_model("campaign", "Campaign")
    province = district.province
    parent = Campaign.objects.filter(owner_province=province, number=plan.parent_plan_number).first()
    if parent is None:
        parent = Campaign.objects.create(
            number=plan.parent_plan_number, title=plan.title, owner_province=province,
            issuing_body=plan.parent_plan_body or f"UBND {province.name}",
            issued_on=plan.parent_plan_issued_on or plan.issued_on,
            start_year=plan.start_year, end_year=plan.end_year,
        )
    return parent


def _copy_forms(apps, forms, plan, district, owner):
    AwardForm = apps.get_model("awards", "AwardForm")
    copies = {}
    for form in forms:
        decider = form.decider.replace(owner.name, district.name) if owner else form.decider
        copies[form.pk] = AwardForm.objects.create(
            campaign=plan, code=form.code, name=form.name, order=form.order, decided_by=form.decided_by,
            decider=decider, for_yearly=form.for_yearly, for_final=form.for_final, for_sudden=form.for_sudden,
            for_collective=form.for_collective, for_individual=form.for_individual,
            for_household=form.for_household,
        )
    return copies


def _split_off(apps, plan, district, owner, forms):
    """A copy of `plan` for `district`, and the district's rows moved onto it."""
    Campaign = apps.get_model("campaign", "Campaign")
    Milestone = apps.get_model("campaign", "Milestone")
    Criterion = apps.get_model("campaign", "Criterion")
    ReportingWindow = apps.get_model("wards", "ReportingWindow")
    WindowExtension = apps.get_model("wards", "WindowExtension")
    Nomination = apps.get_model("awards", "Nomination")
    CriterionAssessment = apps.get_model("awards", "CriterionAssessment")
    copy = Campaign.objects.create(
        number=plan.number, title=plan.title, owner_district=district, parent=plan.parent,
        issuing_body=f"UBND quận {district.name}", issued_on=plan.issued_on,
        start_year=plan.start_year, end_year=plan.end_year, goal=plan.goal,
    )
    for milestone in Milestone.objects.filter(campaign=plan):
        Milestone.objects.create(
            campaign=copy, kind=milestone.kind, year=milestone.year, held_on=milestone.held_on,
            description=milestone.description,
        )
    criteria = {}
    for criterion in Criterion.objects.filter(campaign=plan):
        criteria[criterion.pk] = Criterion.objects.create(
            campaign=copy, actor_type=criterion.actor_type, order=criterion.order, scope=criterion.scope,
            text=criterion.text,
        )
    for window in ReportingWindow.objects.filter(campaign=plan):
        twin = ReportingWindow.objects.create(
            campaign=copy, year=window.year, opens_on=window.opens_on, closes_on=window.closes_on
        )
        WindowExtension.objects.filter(window=window, ward__district=district).update(window=twin)
    copies = _copy_forms(apps, forms, copy, district, owner)
    ward_rows = {"campaign": plan, "ward__district": district}
    for model in ("Baseline", "ReductionTarget", "YearlyCount"):
        apps.get_model("wards", model).objects.filter(**ward_rows).update(campaign=copy)
    for old, new in copies.items():
        Nomination.objects.filter(campaign=plan, district=district, award_form_id=old).update(
            campaign=copy, award_form=new
        )
    assessments = CriterionAssessment.objects.filter(campaign=plan, ward__district=district)
    for old, new in criteria.items():
        assessments.filter(criterion_id=old).update(campaign=copy, criterion=new)
    # Assessments of no ward belonged to their assessor's district.
    unplaced = CriterionAssessment.objects.filter(
        campaign=plan, ward__isnull=True, assessed_by__posting__district=district
    )
    for old, new in criteria.items():
        unplaced.filter(criterion_id=old).update(campaign=copy, criterion=new)
    apps.get_model("reports", "ReviewReport").objects.filter(campaign=plan, district=district).update(campaign=copy)


def assign_owners(apps, schema_editor):
    Campaign = apps.get_model("campaign", "Campaign")
    AwardForm = apps.get_model("awards", "AwardForm")
    Nomination = apps.get_model("awards", "Nomination")
    shared_forms = list(AwardForm.objects.filter(campaign__isnull=True).order_by("pk"))
    plans = list(Campaign.objects.filter(owner_district__isnull=True, owner_province__isnull=True).order_by("pk"))
    for index, plan in enumerate(plans):
        involved = _involved(apps, plan)
        owner = _district_of(apps, plan, involved)
        plan.owner_district = owner
        plan.parent = _parent(apps, plan, owner)
        plan.save(update_fields=["owner_district", "parent"])
        if index == 0:
            AwardForm.objects.filter(pk__in=[f.pk for f in shared_forms]).update(campaign=plan)
        else:
            copies = _copy_forms(apps, shared_forms, plan, owner, None)
            for old, new in copies.items():
                Nomination.objects.filter(campaign=plan, award_form_id=old).update(award_form=new)
        own_forms = list(AwardForm.objects.filter(campaign=plan).order_by("pk"))
        for district in involved:
            if district.pk != owner.pk:
                _split_off(apps, plan, district, owner, own_forms)
        Nomination.objects.filter(campaign=plan, district__isnull=True).update(district=owner)
    # A database with no plan yet: the forms come with the plan's reference data.
    AwardForm.objects.filter(campaign__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0002_plan_owner"),
        ("awards", "0009_award_form_plan"),
        ("wards", "0010_units_moved_out"),
        ("reports", "0008_role_grants"),
    ]

    operations = [migrations.RunPython(assign_owners, migrations.RunPython.noop)]
