"""Which plan a user works under, and which plan a unit's pages show."""

from datetime import date

from django.utils import timezone

from .models import Campaign

SESSION_KEY = "ke_hoach"
_UNSET = object()


def plans_of_user(user):
    return Campaign.objects.of_unit(user).order_by("-end_year", "-issued_on", "-pk")


def current_plan(request, *, today: date | None = None) -> Campaign | None:
    """The plan the user works under: their choice (in the session) among their unit's plans, else
    the one running this year, else the latest; None if none. Never another unit's plan."""
    known = getattr(request, "_current_plan", _UNSET)
    if known is not _UNSET:
        return known
    plans = Campaign.objects.of_unit(request.user).select_related("parent")
    # One query gives the default and tells whether there is a choice to make.
    first_two = list(plans.running_first(today or timezone.localdate())[:2])
    request._plan_choice = len(first_two) > 1
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    plan = None
    if isinstance(chosen, int) and request._plan_choice:
        plan = next((p for p in first_two if p.pk == chosen), None) or plans.filter(pk=chosen).first()
    if plan is None:
        plan = first_two[0] if first_two else None
    request._current_plan = plan
    return plan


def choose_plan(request, plan: Campaign) -> None:
    request.session[SESSION_KEY] = plan.pk
    request._current_plan, request._plan_choice = plan, True


def district_plan(district, *, within: Campaign | None, today: date | None = None) -> Campaign | None:
    """The plan a district's pages show to someone working under `within`: `within` itself when
    it is the district's, the district's plan answering it when it is the district's city's,
    else the district's own plan running this year (or its latest)."""
    plans = Campaign.objects.filter(owner_district=district)
    if within is not None:
        if within.owner_district_id == district.pk:
            return within
        if within.owner_province_id == district.province_id:
            answering = plans.filter(parent=within).order_by("-issued_on", "-pk").first()
            if answering is not None:
                return answering
    return plans.running_first(today or timezone.localdate()).first()


def ward_plan(request, ward) -> Campaign | None:
    """The plan a ward's pages show: the user's own if it is the ward's district's (or, for a ward
    under no district, the ward's own), else `district_plan`'s or the ward's running plan."""
    within = current_plan(request)
    if ward.district_id is None:
        if within is not None and within.owner_ward_id == ward.pk:
            return within
        return Campaign.objects.filter(owner_ward=ward).running_first(timezone.localdate()).first()
    return district_plan(ward.district, within=within)


def unit_can_choose(request) -> bool:
    current_plan(request)
    return request._plan_choice
