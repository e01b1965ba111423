"""The roles of the product and the one question every access check asks: which wards?

A ward officer acts for one ward (WardOfficer). District staff (Phòng LĐ-TB&XH, Phòng Nội vụ)
see the wards of the district they are posted to, city staff (Sở LĐ-TB&XH) those of their
province, read only (StaffPosting). A superuser sees everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import District, Province, StaffPosting, Ward, WardOfficer
from .roles import Role  # noqa: F401 (re-exported)


def _group_names(user) -> set[str]:
    # Cached on the user object: one query per request whatever the number of checks.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and user.is_active and role.value in _group_names(user)


def is_district_staff(user) -> bool:
    """LĐ-TB&XH, Nội vụ or a superuser: sees every ward of the district."""
    return user.is_authenticated and user.is_active and (
        user.is_superuser
        or has_role(user, Role.SOCIAL_AFFAIRS)
        or has_role(user, Role.HOME_AFFAIRS)
    )


def _posting(user) -> StaffPosting | None:
    if not hasattr(user, "_posting"):
        user._posting = (
            StaffPosting.objects.select_related("district", "province").filter(user=user).order_by().first()
        )
    return user._posting


def staff_district(user) -> District | None:
    """The district a district staff member is posted to; None for a superuser or anyone else."""
    if user.is_superuser or not is_district_staff(user):
        return None
    posting = _posting(user)
    return posting.district if posting else None


def is_city_staff(user) -> bool:
    """Sở LĐ-TB&XH, posted to a province: reads its districts' dashboards and wards' pages."""
    return has_role(user, Role.CITY_SOCIAL_AFFAIRS) and city_province(user) is not None


def city_province(user) -> Province | None:
    """The province a city staff member is posted to, or None."""
    if not has_role(user, Role.CITY_SOCIAL_AFFAIRS):
        return None
    posting = _posting(user)
    return posting.province if posting else None


def scope_districts(queryset, user):
    """Districts `user` may see: all for a superuser, their own for district staff, their
    province's for city staff, their ward's for an officer."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_superuser:
        return queryset
    if is_district_staff(user):
        district = staff_district(user)
        return queryset.filter(pk=district.pk) if district else queryset.none()
    province = city_province(user)
    if province is not None:
        return queryset.filter(province=province)
    ward = officer_ward(user)
    return queryset.filter(pk=ward.district_id) if ward else queryset.none()


def officer_ward(user) -> Ward | None:
    """The ward a ward officer acts for, or None for anyone else."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return None
    if not hasattr(user, "_officer_ward"):
        link = (
            WardOfficer.objects.select_related("ward__district").filter(user=user).order_by().first()
            if has_role(user, Role.WARD_OFFICER)
            else None
        )
        user._officer_ward = link.ward if link else None
    return user._officer_ward


def scope_to_user(queryset, user, ward_path: str = "ward", owner_path: str | None = None):
    """Rows of `queryset` that `user` may see, through the ward at `ward_path` ("" for wards):
    all for a superuser, their district's for district staff, their province's for city
    staff, one ward for an officer.

    Where a row may have no ward (a district's own nomination or assessment), `owner_path`
    names the user who made it: the row is the district of that user's posting.
    """
    prefix = f"{ward_path}__" if ward_path else ""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return queryset
    if is_district_staff(user):
        district = staff_district(user)
        if district is None:
            return queryset.none()
        rule = Q(**{f"{prefix}district_id": district.pk})
        if owner_path:
            rule |= Q(**{f"{ward_path}__isnull": True, f"{owner_path}__posting__district_id": district.pk})
        return queryset.filter(rule)
    province = city_province(user)
    if province is not None:
        return queryset.filter(**{f"{prefix}district__province_id": province.pk})
    ward = officer_ward(user)
    if ward is None:
        return queryset.none()
    lookup = "pk" if ward_path == "" else ward_path
    return queryset.filter(**{lookup: ward.pk})


def get_ward_for_user(user, code: str, *, city_staff: bool = False) -> Ward:
    """The ward at `code` if `user` may see it: 404 to another ward's officer and to staff of
    another district, 403 to others. City staff pass only where `city_staff` says they read."""
    ward = officer_ward(user)
    if ward is not None:
        if ward.code != code:
            raise Http404("Không tìm thấy phường.")
        return ward
    if not (is_district_staff(user) or (city_staff and is_city_staff(user))):
        raise PermissionDenied("Tài khoản chưa được giao vai trò trong hệ thống.")
    try:
        return scope_to_user(Ward.objects.select_related("district"), user, "").get(code=code)
    except Ward.DoesNotExist:
        raise Http404("Không tìm thấy phường.") from None
