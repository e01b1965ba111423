"""manage.py clear_pending_imports: removes the checked files never confirmed (IMPORT_PENDING_HOURS)."""

from django.conf import settings
from django.core.management import BaseCommand

from common.models import PendingImport


class Command(BaseCommand):
    help = (
        "Xóa các tệp nhập đã kiểm tra nhưng không được xác nhận quá IMPORT_PENDING_HOURS giờ. "
        "Chạy theo lịch dọn dẹp (ví dụ mỗi giờ)."
    )

    def handle(self, *args, **options):
        removed, _ = PendingImport.objects.stale().delete()
        self.stdout.write(
            f"Đã xóa {removed} tệp chờ nhập quá {settings.IMPORT_PENDING_HOURS} giờ chưa được xác nhận."
        )
