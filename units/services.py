"""Writes to who works for which unit."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Ward, WardOfficer
from .roles import Role


@transaction.atomic
def officer_create(*, ward: Ward, username: str, full_name: str, email: str, password: str, position: str,
                   user, valid_from=None) -> WardOfficer:
    """A new account for a ward's officer, linked to `ward`, made by its district's office (or a
    superuser): the officers' role and staff status, nothing else."""
    if not (user.has_perm("units.add_wardofficer") and Ward.objects.editable_by(user).filter(pk=ward.pk).exists()):
        raise PermissionDenied("Chỉ cơ quan phụ trách giảm nghèo của đơn vị được thêm cán bộ cho phường, xã của mình.")
    account = get_user_model().objects.create_user(
        username=username, email=email, password=password, first_name=full_name, is_staff=True,
    )
    account.groups.add(Group.objects.get(name=Role.WARD_OFFICER.value))
    return WardOfficer.objects.create(user=account, ward=ward, position=position, valid_from=valid_from)
