"""Offices' names in templates, read from `Office` (units.offices) for a unit and a day:
{% office_name "social" ward %}, {% office_name "home" district on=report.dated_on %},
{% office_name "city" province full=True %}; without `on`, today's name."""

from django.template import Library

from units import offices
from units.roles import Role

register = Library()

ROLES = {"social": Role.SOCIAL_AFFAIRS, "home": Role.HOME_AFFAIRS, "city": Role.CITY_SOCIAL_AFFAIRS}


@register.simple_tag
def office_name(role: str, unit, on=None, full: bool = False) -> str:
    return offices.office_name(ROLES[role], unit, on=on, full=full)
