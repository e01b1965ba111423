"""Demo criteria assessments and nominations, on top of seed_demo's accounts and figures."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaign.models import Campaign
from demo.awards import seed_awards_demo


class Command(BaseCommand):
    help = "Tạo đánh giá tiêu chí và đề nghị khen thưởng mẫu (chạy sau seed_demo). Chạy lại vẫn an toàn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Chạy cả khi DEBUG tắt (máy thật: không nên)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG đang tắt: không tạo dữ liệu mẫu trên máy chạy thật. Dùng --force nếu chắc chắn.")
        campaign = Campaign.objects.plan_255()
        if campaign is None:
            raise CommandError("Chưa có kế hoạch: chạy seed_demo trước.")
        seed_awards_demo(campaign)
        self.stdout.write(self.style.SUCCESS("Đã tạo đánh giá tiêu chí và đề nghị khen thưởng mẫu."))
