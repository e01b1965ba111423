"""manage.py clear_pending_documents: removes the dossier files kept for a nomination form that was
never sent again within a day (awards.models.PENDING_DOCUMENT_LIFETIME)."""

from django.core.management import BaseCommand

from awards import services


class Command(BaseCommand):
    help = (
        "Xóa các tệp hồ sơ đã nhận cho một đề nghị khen thưởng chưa lưu (biểu mẫu có lỗi) "
        "quá một ngày mà biểu mẫu không được gửi lại. Chạy mỗi ngày."
    )

    def handle(self, *args, **options):
        removed = services.pending_documents_clear()
        self.stdout.write(f"Đã xóa {removed} tệp hồ sơ đã nhận quá một ngày chưa được lưu vào đề nghị.")
