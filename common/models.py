from django.db import models


class DataVersion(models.Model):
    """The version of the data the cached pages are drawn from: one row (see common.cache)."""

    token = models.CharField("mã phiên bản", max_length=32)
    changed_at = models.DateTimeField("thay đổi lúc")

    class Meta:
        verbose_name = "phiên bản dữ liệu"
        verbose_name_plural = "phiên bản dữ liệu"

    def __str__(self):
        return f"{self.token} ({self.changed_at:%d/%m/%Y %H:%M:%S})"
