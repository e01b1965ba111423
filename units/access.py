"""Who acts for which unit: the one question every access check asks.

`reach(user)` answers it once per request (the answer is kept on the user object), from the
user's posting running today (else their latest):

- a superuser acts for every unit;
- a ward's officer acts for that ward, and reads its predecessors' history;
- the staff of a ward's own offices (since 1/7/2025) act for the ward and its plans;
- a district's offices' staff act for the district and its wards;
- a city's department reads the city, its districts and wards, and changes nothing;
- anyone else acts for nothing.

Rows are changed only while the posting and the unit are current: an ended posting, or a unit
that has ended, leaves read access to its history. Every model's `visible_to` and `editable_by`
are built from these rules; what a role may do with the rows it reaches is the permissions'
business (units.roles).
"""

from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .roles import Role

if TYPE_CHECKING:
    from .models import District, Province, Ward

ALL, WARD, DISTRICT, PROVINCE, NONE = "all", "ward", "district", "province", "none"
DISTRICT_ROLES = (Role.SOCIAL_AFFAIRS, Role.HOME_AFFAIRS)
NOTHING = Q(pk__in=[])
NO_ROLE = "Tài khoản chưa được giao vai trò trong hệ thống."


@dataclass(frozen=True)
class Reach:
    """The unit a user acts for. `office`: the user works for a ward's own offices (the two-level
    government), not as its officer. `active`: the posting and its unit are current, so the user
    may change their unit's rows; an ended posting or unit leaves read access to its history.
    `history`: wards read besides the unit, read-only (the unit's predecessors, earlier postings'
    wards); `history_districts`: districts of earlier postings (their wards and plans, read-only).
    `unposted`: staff whose unit is not recorded yet (the pages tell them whom to ask)."""

    level: str
    ward: "Ward | None" = None
    district: "District | None" = None
    province: "Province | None" = None
    office: bool = False
    active: bool = True
    history: frozenset = frozenset()
    history_districts: frozenset = frozenset()
    unposted: bool = False

    @property
    def everything(self) -> bool:
        return self.level == ALL

    @property
    def writes(self) -> bool:
        """Whether the user may change rows of their unit at all (city staff only read)."""
        return self.level == ALL or (self.level in (WARD, DISTRICT) and self.active)

    @property
    def district_id(self) -> int | None:
        if self.level == WARD:
            return self.ward.district_id
        return self.district.pk if self.level == DISTRICT else None

    @property
    def province_id(self) -> int | None:
        if self.level == WARD:
            return self.ward.province_id
        if self.level == DISTRICT:
            return self.district.province_id
        return self.province.pk if self.level == PROVINCE else None

    @property
    def unit(self):
        return {WARD: self.ward, DISTRICT: self.district, PROVINCE: self.province}.get(self.level)


NO_REACH = Reach(NONE)


def _group_names(user) -> set[str]:
    # Cached on the user object: one query per request whatever the number of checks.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.is_active and role.value in _group_names(user)


def reach(user) -> Reach:
    if user is None or not (user.is_authenticated and user.is_active):
        return NO_REACH
    cached = getattr(user, "_reach", None)
    if cached is not None:
        return cached
    user._reach = _reach(user)
    return user._reach


def _latest(postings, today):
    """The posting running today, else the latest to have ended (None: no posting yet begun)."""
    begun = [p for p in postings if p.valid_from is None or p.valid_from <= today]
    running = [p for p in begun if p.valid_to is None or p.valid_to >= today]
    if running:
        return max(running, key=lambda p: (p.valid_from or date.min, p.pk))
    return max(begun, key=lambda p: (p.valid_to, p.pk), default=None)


def _reach(user) -> Reach:
    from .models import StaffPosting, Succession, WardOfficer

    if user.is_superuser:
        return Reach(ALL)
    today = timezone.localdate()
    names = _group_names(user)
    officer_postings = staff_postings = []
    # Whether a ward was formed from others is read with the posting: most wards have no
    # predecessor, and their officers' reach costs the one query it always did.
    formed = Exists(Succession.objects.filter(successor=OuterRef("ward"), predecessor__isnull=False))
    if Role.WARD_OFFICER.value in names:
        officer_postings = list(
            WardOfficer.objects.select_related("ward__district", "ward__province").filter(user=user)
            .annotate(formed=formed).order_by()
        )
    office_role = any(role.value in names for role in DISTRICT_ROLES)
    city_role = Role.CITY_SOCIAL_AFFAIRS.value in names
    if office_role or city_role:
        staff_postings = list(
            StaffPosting.objects.select_related("ward__district", "ward__province", "district", "province").filter(user=user)
            .annotate(formed=formed).order_by()
        )
    usable = [
        *officer_postings,
        *(p for p in staff_postings if (p.ward_id or p.district_id) and office_role),
        *(p for p in staff_postings if p.province_id and city_role),
    ]
    posting = _latest(usable, today)
    if posting is None:
        return Reach(NONE, unposted=bool(office_role or city_role))
    unit = posting.unit
    active = posting.valid_on(today) and unit.valid_on(today)
    earlier = [p for p in usable if p is not posting and (p.valid_from is None or p.valid_from <= today)]
    wards = {p.ward_id for p in earlier if p.ward_id}
    districts = frozenset(p.district_id for p in earlier if getattr(p, "district_id", None) and not p.ward_id)
    if isinstance(posting, WardOfficer) or posting.ward_id:
        if posting.formed:
            wards |= ancestors_of(posting.ward_id)
        wards.discard(posting.ward_id)
        return Reach(
            WARD, ward=posting.ward, office=not isinstance(posting, WardOfficer), active=active,
            history=frozenset(wards), history_districts=districts,
        )
    if posting.district_id:
        return Reach(DISTRICT, district=posting.district, active=active, history=frozenset(wards),
                     history_districts=districts - {posting.district_id})
    return Reach(PROVINCE, province=posting.province, active=active)


def ancestors_of(ward_id: int) -> set[int]:
    """The wards that went, wholly or in part, into `ward_id`, and theirs, back to the first."""
    from .models import Succession

    found, frontier = set(), {ward_id}
    while frontier:
        step = set(
            Succession.objects.filter(successor__in=frontier, predecessor__isnull=False)
            .values_list("predecessor_id", flat=True)
        ) - found - {ward_id}
        found |= step
        frontier = step
    return found


def forget(user) -> None:
    """Drop what `reach` learnt about `user` (after a posting or a group changes in a request)."""
    for name in ("_reach", "_role_names"):
        if hasattr(user, name):
            delattr(user, name)


def _at(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def current_rule(path: str = "") -> Q:
    """Units (at `path`) that have not ended: nothing about an ended unit is changed again."""
    today = timezone.localdate()
    return Q(**{_at(path, "valid_to__isnull"): True}) | Q(**{_at(path, "valid_to__gte"): today})


def history_rule(reach: Reach, path: str = "") -> Q:
    """Wards (at `path`) the user reads as history only."""
    rule = NOTHING
    if reach.history:
        rule |= Q(**{f"{path}__in" if path else "pk__in": sorted(reach.history)})
    if reach.history_districts:
        rule |= Q(**{_at(path, "district__in"): sorted(reach.history_districts)})
    return rule


def ward_rule(reach: Reach, path: str = "", *, write: bool = False) -> Q:
    """Rows of the wards the user acts for, through the ward at `path` ("" for wards); written
    only while the user's posting and the ward are current, never as history."""
    if reach.everything:
        return Q()
    if write and not reach.writes:
        return NOTHING
    if reach.level == WARD:
        rule = Q(**{path or "pk": reach.ward.pk})
    elif reach.level == DISTRICT:
        rule = Q(**{_at(path, "district"): reach.district.pk})
    elif reach.level == PROVINCE:
        rule = Q(**{_at(path, "province"): reach.province.pk})
    else:
        rule = NOTHING
    if write:
        return rule & current_rule(path)
    return rule | history_rule(reach, path)


reach_rule = ward_rule


def district_rule(reach: Reach, path: str = "", *, write: bool = False, officers: bool = True) -> Q:
    """Rows of the district the user acts for (or whose ward lies in it, if `officers`), through
    the district at `path` ("" for districts). Writing is the district's staff's alone."""
    if reach.everything:
        return Q()
    if write:
        if reach.level != DISTRICT or not reach.active:
            return NOTHING
        return Q(**{path or "pk": reach.district.pk}) & current_rule(path)
    rule = NOTHING
    if reach.level == DISTRICT:
        rule = Q(**{path or "pk": reach.district.pk})
    elif reach.level == WARD and officers and reach.ward.district_id:
        rule = Q(**{path or "pk": reach.ward.district_id})
    elif reach.level == PROVINCE:
        rule = Q(**{_at(path, "province"): reach.province.pk})
    if reach.history_districts:
        rule |= Q(**{f"{path}__in" if path else "pk__in": sorted(reach.history_districts)})
    return rule


def province_rule(reach: Reach, path: str = "") -> Q:
    if reach.everything:
        return Q()
    province_id = reach.province_id
    return Q(**{path or "pk": province_id}) if province_id else NOTHING


def geography_rule(reach: Reach) -> Q:
    """Who changes units themselves (codes, parents, lifetime, succession): the superuser."""
    return Q() if reach.everything else NOTHING


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to a unit. A subclass says how, in `read_rule` and `write_rule`."""

    def read_rule(self, reach: Reach) -> Q:
        raise NotImplementedError

    def write_rule(self, reach: Reach) -> Q:
        return self.read_rule(reach) if reach.writes else NOTHING

    def visible_to(self, user):
        return self.filter(self.read_rule(reach(user)))

    def editable_by(self, user):
        return self.filter(self.write_rule(reach(user)))


class WardRowsQuerySet(ScopedQuerySet):
    """Rows of a ward (at `ward_path`): read by its unit's users, written by its ward and district."""

    ward_path = "ward"

    def read_rule(self, reach):
        return ward_rule(reach, self.ward_path)

    def write_rule(self, reach):
        return ward_rule(reach, self.ward_path, write=True)


def get_visible_ward(user, key: str):
    """The ward at `key` (its code, or "code-YYYY-MM-DD" for a unit that ended that day) among
    those `user` reads, else 404. An officer's own ward was read with their posting."""
    from django.http import Http404

    from .models import Ward, parse_key

    unit = reach(user)
    code, ended = parse_key(key)
    if unit.level == WARD and not unit.history:
        if key == unit.ward.key or (ended is None and code == unit.ward.code):
            return unit.ward
        raise Http404("Không tìm thấy phường, xã.")
    ward = Ward.objects.visible_to(user).select_related("district__province", "province").at_key(key)
    if ward is None:
        raise Http404("Không tìm thấy phường, xã.")
    return ward


def accounts_of(user):
    """The accounts `user` may link to its wards: all for the superuser, else its own unit's
    (a district's: its wards' officers and its staff; a ward's office: the ward's)."""
    accounts = get_user_model().objects.all()
    unit = reach(user)
    if unit.everything:
        return accounts
    if unit.level == DISTRICT:
        return accounts.filter(
            Q(officer_postings__ward__district=unit.district) | Q(postings__district=unit.district)
        ).distinct()
    if unit.level == WARD and unit.office:
        return accounts.filter(Q(officer_postings__ward=unit.ward) | Q(postings__ward=unit.ward)).distinct()
    return accounts.none()


def _running(path: str) -> Q:
    today = timezone.localdate()
    return (Q(**{f"{path}__valid_from__isnull": True}) | Q(**{f"{path}__valid_from__lte": today})) & (
        Q(**{f"{path}__valid_to__isnull": True}) | Q(**{f"{path}__valid_to__gte": today})
    )


def office_of(role: Role, *, district_id: int | None = None, ward_id: int | None = None):
    """The active users of `role` posted now to the district, or to the ward's own offices: who
    is told of its news. Nobody elsewhere hears of it."""
    if district_id is None and ward_id is None:
        return get_user_model().objects.none()
    unit = {"postings__district_id": district_id} if district_id is not None else {"postings__ward_id": ward_id}
    return get_user_model().objects.filter(
        _running("postings"), groups__name=role.value, is_active=True, **unit,
    ).distinct()


def reviewers_of(role: Role, ward):
    """The office `role` in charge of `ward`: its district's until the district ends, its own after."""
    if ward.district_id and not (ward.district.valid_to and ward.district.valid_to < timezone.localdate()):
        return office_of(role, district_id=ward.district_id)
    return office_of(role, ward_id=ward.pk)


def officers_of(ward_id: int):
    return get_user_model().objects.filter(
        _running("officer_postings"), officer_postings__ward_id=ward_id, is_active=True,
    ).distinct()


def reach_required(*levels: str, message: str = NO_ROLE):
    """A view for users acting at one of `levels` (a superuser always passes): 403 to others, after login."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            unit = reach(request.user)
            if not (unit.everything or unit.level in levels):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator
