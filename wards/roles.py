"""The three roles of the product and the one question every access check asks: which wards?"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .models import Ward, WardOfficer


class Role(models.TextChoices):
    # The values are the names of the auth groups created by migration wards.0002.
    SOCIAL_AFFAIRS = "Phòng LĐ-TB&XH", "Phòng Lao động – Thương binh và Xã hội"
    HOME_AFFAIRS = "Phòng Nội vụ", "Phòng Nội vụ"
    WARD_OFFICER = "Cán bộ phường", "Cán bộ UBND phường"


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


def officer_ward(user) -> Ward | None:
    """The ward a ward officer acts for, or None for anyone else."""
    if not (user.is_authenticated and user.is_active) or user.is_superuser:
        return None
    if not hasattr(user, "_officer_ward"):
        link = (
            WardOfficer.objects.select_related("ward").filter(user=user).first()
            if has_role(user, Role.WARD_OFFICER)
            else None
        )
        user._officer_ward = link.ward if link else None
    return user._officer_ward


def scope_to_user(queryset, user, ward_path: str = "ward"):
    """Rows of `queryset` that `user` may see: all for district staff, one ward for an officer."""
    if is_district_staff(user):
        return queryset
    ward = officer_ward(user)
    if ward is None:
        return queryset.none()
    lookup = "pk" if ward_path == "" else ward_path
    return queryset.filter(**{lookup: ward.pk})


def get_ward_for_user(user, code: str) -> Ward:
    """The ward at `code` if `user` may see it: 404 to another ward's officer, 403 to others."""
    ward = officer_ward(user)
    if ward is not None:
        if ward.code != code:
            raise Http404("Không tìm thấy phường.")
        return ward
    if not is_district_staff(user):
        raise PermissionDenied("Tài khoản chưa được giao vai trò trong hệ thống.")
    try:
        return Ward.objects.select_related("district").get(code=code)
    except Ward.DoesNotExist:
        raise Http404("Không tìm thấy phường.") from None
