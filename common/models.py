import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataVersion(models.Model):
    """The version of the data the cached pages are drawn from: one row (see common.cache)."""

    token = models.CharField("mã phiên bản", max_length=32)
    changed_at = models.DateTimeField("thay đổi lúc")

    class Meta:
        verbose_name = "phiên bản dữ liệu"
        verbose_name_plural = "phiên bản dữ liệu"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%d/%m/%Y %H:%M:%S})"


def new_import_token() -> str:
    return secrets.token_hex(16)


class PendingImportQuerySet(models.QuerySet):
    def stale(self, *, now=None):
        """Previews older than IMPORT_PENDING_HOURS: never confirmed, and no longer to be."""
        now = now or timezone.now()
        return self.filter(created_at__lt=now - timedelta(hours=settings.IMPORT_PENDING_HOURS))


class PendingImport(models.Model):
    """A checked spreadsheet waiting for the user who uploaded it to confirm it: its bytes (none
    when it has errors, which no one confirms) and its preview, which the import page shows a page
    at a time. Reached by its random token and its uploader only."""

    token = models.CharField("mã tệp chờ nhập", max_length=32, unique=True, default=new_import_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="người tải lên"
    )
    model = models.CharField("bảng nhập vào", max_length=100, help_text="Nhãn của bảng, ví dụ wards.yearlycount.")
    file_name = models.CharField("tên tệp", max_length=255)
    file_format = models.PositiveSmallIntegerField("định dạng tệp")
    resource = models.PositiveSmallIntegerField("mẫu nhập", default=0)
    data = models.BinaryField("nội dung tệp", blank=True)
    report = models.BinaryField("kết quả kiểm tra")
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp chờ xác nhận nhập"
        verbose_name_plural = "tệp chờ xác nhận nhập"

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def confirmable(self) -> bool:
        return bool(self.data)
