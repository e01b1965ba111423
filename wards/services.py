"""Writes to a ward's figures. Every path (admin, pages, imports) goes through these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import YearlyCount
from .roles import officer_ward


def count_check_editable(*, user, count: YearlyCount) -> None:
    """Refuse unless `user` may write `count` as it stands in the database.

    Only the ward's own officer (or a superuser) enters figures, and only while they are a draft
    or were returned; submitted and approved figures are locked.
    """
    if not user.is_superuser:
        ward = officer_ward(user)
        if ward is None or ward.pk != count.ward_id:
            raise PermissionDenied("Chỉ cán bộ của phường mới được nhập số liệu của phường.")
    if count.pk:
        stored = YearlyCount.objects.filter(pk=count.pk).values_list("status", "ward_id").first()
        if stored is None:
            raise ValidationError("Số liệu này không còn tồn tại.")
        status, ward_id = stored
        if ward_id != count.ward_id:
            raise ValidationError({"ward": "Không được chuyển số liệu sang phường khác."})
        if status not in YearlyCount.EDITABLE_STATUSES:
            label = YearlyCount.Status(status).label.lower()
            raise ValidationError(
                f"Số liệu năm {count.year} {label}, không thể sửa. "
                "Chỉ sửa được khi đang nhập hoặc bị trả lại."
            )


def count_save(*, count: YearlyCount, user) -> YearlyCount:
    """Create or update a ward's yearly figures as `user`, after every check."""
    with transaction.atomic():
        if count.pk:
            # Lock the row so a concurrent approval cannot slip between the check and the write.
            YearlyCount.objects.select_for_update().filter(pk=count.pk).exists()
        count_check_editable(user=user, count=count)
        count.full_clean()
        count.updated_by = user
        count.save()
    return count
