"""Who acts for which unit: the one question every access check asks.

`reach(user)` answers it once per request (the answer is kept on the user object):

- a superuser acts for every unit;
- a ward officer (Cán bộ phường, linked to a ward) acts for that ward;
- district staff (Phòng LĐ-TB&XH, Phòng Nội vụ, posted to a district) act for it and its wards;
- city staff (Sở LĐ-TB&XH, posted to a province) read it, its districts and wards, change nothing;
- anyone else acts for nothing.

Every model's `visible_to` and `editable_by` are built from these rules; what a role may do with
the rows it reaches is the permissions' business (units.roles).
"""

from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from .roles import Role

if TYPE_CHECKING:
    from .models import District, Province, Ward

ALL, WARD, DISTRICT, PROVINCE, NONE = "all", "ward", "district", "province", "none"
DISTRICT_ROLES = (Role.SOCIAL_AFFAIRS, Role.HOME_AFFAIRS)
NOTHING = Q(pk__in=[])
NO_ROLE = "Tài khoản chưa được giao vai trò trong hệ thống."


@dataclass(frozen=True)
class Reach:
    """`unposted`: district or city staff whose unit is not recorded yet. They act for nothing,
    and the pages tell them whom to ask."""

    level: str
    ward: "Ward | None" = None
    district: "District | None" = None
    province: "Province | None" = None
    unposted: bool = False

    @property
    def everything(self) -> bool:
        return self.level == ALL

    @property
    def writes(self) -> bool:
        """Whether the user may change rows of their unit at all (city staff only read)."""
        return self.level in (ALL, WARD, DISTRICT)

    @property
    def district_id(self) -> int | None:
        if self.level == WARD:
            return self.ward.district_id
        return self.district.pk if self.level == DISTRICT else None

    @property
    def province_id(self) -> int | None:
        if self.level == WARD:
            return self.ward.district.province_id
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


def _reach(user) -> Reach:
    from .models import StaffPosting, WardOfficer

    if user.is_superuser:
        return Reach(ALL)
    names = _group_names(user)
    if Role.WARD_OFFICER.value in names:
        link = WardOfficer.objects.select_related("ward__district").filter(user=user).order_by().first()
        if link is not None:
            return Reach(WARD, ward=link.ward)
    district_role = any(role.value in names for role in DISTRICT_ROLES)
    city_role = Role.CITY_SOCIAL_AFFAIRS.value in names
    if not (district_role or city_role):
        return NO_REACH
    posting = StaffPosting.objects.select_related("district", "province").filter(user=user).order_by().first()
    if district_role and posting is not None and posting.district_id:
        return Reach(DISTRICT, district=posting.district)
    if city_role and posting is not None and posting.province_id:
        return Reach(PROVINCE, province=posting.province)
    return Reach(NONE, unposted=True)


def forget(user) -> None:
    """Drop what `reach` learnt about `user` (after a posting or a group changes in a request)."""
    for name in ("_reach", "_role_names"):
        if hasattr(user, name):
            delattr(user, name)


def _at(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def ward_rule(reach: Reach, path: str = "", *, write: bool = False) -> Q:
    if reach.everything:
        return Q()
    if write and not reach.writes:
        return NOTHING
    if reach.level == WARD:
        return Q(**{path or "pk": reach.ward.pk})
    if reach.level == DISTRICT:
        return Q(**{_at(path, "district"): reach.district.pk})
    if reach.level == PROVINCE:
        return Q(**{_at(path, "district__province"): reach.province.pk})
    return NOTHING


def district_rule(reach: Reach, path: str = "", *, write: bool = False, officers: bool = True) -> Q:
    """Rows of the district the user acts for (or whose ward lies in it, if `officers`), through
    the district at `path` ("" for districts). Writing is the district's staff's alone."""
    if reach.everything:
        return Q()
    if reach.level == DISTRICT:
        return Q(**{path or "pk": reach.district.pk})
    if write:
        return NOTHING
    if reach.level == WARD and officers:
        return Q(**{path or "pk": reach.ward.district_id})
    if reach.level == PROVINCE:
        return Q(**{_at(path, "province"): reach.province.pk})
    return NOTHING


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


def get_visible_ward(user, code: str):
    """The ward at `code` among those `user` reads, else 404 (an officer's costs no query)."""
    from django.http import Http404

    from .models import Ward

    unit = reach(user)
    if unit.level == WARD:
        if unit.ward.code != code:
            raise Http404("Không tìm thấy phường.")
        return unit.ward
    try:
        return Ward.objects.visible_to(user).select_related("district__province").get(code=code)
    except Ward.DoesNotExist:
        raise Http404("Không tìm thấy phường.") from None


def accounts_of(user):
    """The accounts `user` may link to its wards: all for the superuser, else its district's own."""
    accounts = get_user_model().objects.all()
    unit = reach(user)
    if unit.everything:
        return accounts
    if unit.level != DISTRICT:
        return accounts.none()
    return accounts.filter(
        Q(ward_officer__ward__district=unit.district) | Q(posting__district=unit.district)
    ).distinct()


def office_of(role: Role, *, district_id: int | None):
    """The active users of `role` posted to the district: who is told of its wards' news."""
    if district_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(
        groups__name=role.value, is_active=True, posting__district_id=district_id,
    )


def officers_of(ward_id: int):
    return get_user_model().objects.filter(ward_officer__ward_id=ward_id, is_active=True)


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
