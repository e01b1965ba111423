"""The demo after the 2025 reorganisation: Thanh Xuân's wards and district end, the three new
wards stand under the city, and the demo accounts carry their work over to them."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from units import reorganisation, services
from units.models import StaffPosting, Succession, Ward, WardOfficer

from .seed_demo import DEMO_PASSWORD

ENDED = reorganisation.TWO_LEVELS - timedelta(days=1)


class Command(BaseCommand):
    help = (
        "Dữ liệu mẫu sau sắp xếp đơn vị hành chính năm 2025: ba phường mới trực thuộc thành phố, "
        "tài khoản mẫu chuyển sang phường kế thừa. Chạy sau seed_demo; chạy lại vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Chạy cả khi DEBUG tắt (máy thật: không nên).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG đang tắt: không tạo dữ liệu mẫu trên máy chạy thật. Dùng --force nếu chắc chắn.")
        call_command("load_units_2025", stdout=self.stdout)
        with transaction.atomic():
            moved = self._carry_over()
        self.stdout.write(self.style.SUCCESS(
            f"Đã chuyển {moved} tài khoản mẫu sang các phường mới từ {reorganisation.TWO_LEVELS:%d/%m/%Y} "
            f"(mật khẩu: {DEMO_PASSWORD})."
        ))

    def _carry_over(self) -> int:
        """Each posting to an old unit ends on 30/6/2025 and continues at the new ward that took
        the biggest part of it (its own name's ward where there is one)."""
        start = reorganisation.TWO_LEVELS
        thanh_xuan = Ward.objects.get(code="00367", valid_from=start)
        moved = 0
        for posting in WardOfficer.objects.filter(valid_to__isnull=True, ward__valid_to__lt=start).select_related("ward"):
            successor = self._successor(posting.ward)
            posting.valid_to = ENDED
            posting.save(update_fields=["valid_to"])
            WardOfficer.objects.get_or_create(
                user=posting.user, ward=successor, valid_from=start, defaults={"position": posting.position},
            )
            moved += 1
        for posting in StaffPosting.objects.filter(valid_to__isnull=True, district__valid_to__lt=start):
            posting.valid_to = ENDED
            posting.save(update_fields=["valid_to"])
            StaffPosting.objects.get_or_create(user=posting.user, ward=thanh_xuan, valid_from=start)
            moved += 1
        return moved

    @staticmethod
    def _successor(ward: Ward) -> Ward:
        """The successor the product would carry the posting to, else (a ward split between
        several) the first, as a demo may choose."""
        found = services.successor_of(ward)
        if found is not None:
            return found
        while True:
            step = Succession.objects.filter(predecessor=ward, successor__isnull=False).select_related("successor").first()
            if step.successor.valid_to is None:
                return step.successor
            ward = step.successor
