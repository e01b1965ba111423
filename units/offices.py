"""The names of the offices that play the product's roles, read from `Office` for the day they
speak of: a page of today names today's offices, a message about a 2023 report the offices of
2023. Nothing else in the product names an office.

The table is a few rows of reference data, read once and kept for a few minutes per process
(and dropped at once when this process changes it)."""

import datetime
import time
from dataclasses import dataclass

from django.utils import timezone

from .roles import Role

TTL = 300
_cache: dict = {"rows": None, "at": 0.0}


def forget(**_signal_kwargs) -> None:
    _cache["rows"] = None


def _rows():
    from .models import Office

    if _cache["rows"] is None or time.monotonic() - _cache["at"] > TTL:
        _cache["rows"], _cache["at"] = list(Office.objects.order_by("pk")), time.monotonic()
    return _cache["rows"]


def warm() -> None:
    _rows()


def _level_of(role: Role, unit) -> tuple[str, int | None]:
    """The level whose office plays `role` for `unit`, and the unit's province."""
    from .models import District, Province, Ward

    if isinstance(unit, Province):
        return "province", unit.pk
    if role == Role.CITY_SOCIAL_AFFAIRS:
        return "province", unit.province_id
    if isinstance(unit, District):
        return "district", unit.province_id
    if isinstance(unit, Ward):
        # A ward under a district had its district's offices for its whole lifetime.
        return ("district" if unit.district_id else "ward"), unit.province_id
    return "district", None


def office(role: Role, unit, *, on: datetime.date | None = None):
    """The `Office` row playing `role` for `unit` on `on` (today): the province's own name first."""
    day = on or timezone.localdate()
    level, province_id = _level_of(role, unit)
    found = [
        o for o in _rows()
        if o.role == role.value and o.level == level and o.province_id in (None, province_id)
        and (o.valid_from is None or o.valid_from <= day) and (o.valid_to is None or day <= o.valid_to)
    ]
    found.sort(key=lambda o: (o.province_id is None, -(o.valid_from or datetime.date.min).toordinal()))
    return found[0] if found else None


def office_name(role: Role, unit, *, on: datetime.date | None = None, full: bool = False) -> str:
    """"Phòng LĐ-TB&XH", "Phòng Kinh tế, Hạ tầng và Đô thị", …; the role's own label when no row says."""
    row = office(role, unit, on=on) if unit is not None else None
    if row is None:
        return role.label
    return row.name if full else row.short_name


@dataclass(frozen=True)
class Offices:
    """The offices a page about one unit names (short names)."""

    social: str
    home: str
    city: str


def offices_for(unit, *, on: datetime.date | None = None) -> Offices:
    return Offices(
        social=office_name(Role.SOCIAL_AFFAIRS, unit, on=on),
        home=office_name(Role.HOME_AFFAIRS, unit, on=on),
        city=office_name(Role.CITY_SOCIAL_AFFAIRS, unit, on=on) if unit is not None else Role.CITY_SOCIAL_AFFAIRS.label,
    )
