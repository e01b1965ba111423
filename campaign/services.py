"""Writes to the plans themselves."""

from django.db import transaction

from .models import Campaign, Criterion, Milestone


@transaction.atomic
def plan_copy(*, source: Campaign, number: str, issuing_body: str, owner_district=None, owner_province=None,
              owner_ward=None, parent: Campaign | None = None, **fields) -> Campaign:
    """A new plan for another unit with `source`'s title, years, goal, milestones and criteria;
    `fields` override the copied values (title, start_year, end_year, issued_on, goal)."""
    values = {
        "title": source.title, "issued_on": source.issued_on, "start_year": source.start_year,
        "end_year": source.end_year, "goal": source.goal, **fields,
    }
    plan = Campaign(
        number=number, issuing_body=issuing_body, owner_district=owner_district, owner_province=owner_province,
        owner_ward=owner_ward, parent=parent, **values,
    )
    plan.full_clean()
    plan.save()
    Milestone.objects.bulk_create(
        Milestone(campaign=plan, kind=m.kind, year=m.year, held_on=m.held_on, description=m.description)
        for m in Milestone.objects.filter(campaign=source).order_by("pk")
        if plan.start_year <= m.year <= plan.end_year
    )
    Criterion.objects.bulk_create(
        Criterion(campaign=plan, actor_type=c.actor_type, order=c.order, scope=c.scope, text=c.text)
        for c in Criterion.objects.filter(campaign=source).order_by("pk")
    )
    return plan
