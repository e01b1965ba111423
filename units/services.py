"""Writes to who works for which unit."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import Succession, Ward, WardOfficer
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


def successor_of(ward: Ward, *, or_first: bool = False) -> Ward | None:
    """The unit that carries on `ward`'s work: through any interim merger, the successor bearing
    its name, else the one that took it whole, else the only one; None when that is a choice,
    unless `or_first` (a demo may choose): then the first successor entered."""
    def steps_from(unit):
        return list(
            Succession.objects.filter(predecessor=unit, successor__isnull=False).select_related("successor").order_by("pk")
        )

    steps = steps_from(ward)
    while len(steps) == 1 and steps[0].successor.valid_to is not None:
        steps = steps_from(steps[0].successor)
    if not steps:
        return None
    for rule in (lambda s: s.successor.name == ward.name, lambda s: s.part == Succession.Part.WHOLE):
        found = [s.successor for s in steps if rule(s)]
        if len(found) == 1:
            return found[0]
    if len(steps) == 1:
        return steps[0].successor
    if not or_first:
        return None
    first = steps[0].successor
    return first if first.valid_to is None else successor_of(first, or_first=True)


@transaction.atomic
def carry_over(posting, *, to: Ward, user):
    """End `posting` (an officer's or a ward office's) on its unit's last day and post its user to
    `to` from the next: the old unit's history stays readable, the new unit's work is theirs."""
    if not user.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống chuyển cán bộ sang đơn vị kế thừa.")
    unit = posting.unit
    if unit.valid_to is None:
        raise ValidationError(f"{unit} vẫn còn hiệu lực: không có đơn vị kế thừa để chuyển.")
    if posting.valid_to is not None and posting.valid_to < unit.valid_to:
        raise ValidationError(f"Phân công của {posting.user} về {unit} đã kết thúc trước khi đơn vị sắp xếp.")
    start = max(unit.valid_to + datetime.timedelta(days=1), to.valid_from or datetime.date.min)
    posting.valid_to = start - datetime.timedelta(days=1)
    posting.full_clean()
    posting.save(update_fields=["valid_to"])
    model = type(posting)
    fields = {"position": posting.position} if model is WardOfficer else {}
    new = model(user=posting.user, ward=to, valid_from=start, **fields)
    new.full_clean()
    new.save()
    return new
