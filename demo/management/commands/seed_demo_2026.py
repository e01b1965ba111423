"""The demo after the 2025 reorganisation: Thanh Xuân's wards and district end, the three new
wards stand under the city, and the demo accounts carry their work over to them."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from campaign.models import Campaign, Milestone

from units import reorganisation, services
from units.models import StaffPosting, Ward, WardOfficer
from wards.models import Baseline, ReductionTarget, ReportingWindow

from .seed_demo import DEMO_PASSWORD

ENDED = reorganisation.TWO_LEVELS - timedelta(days=1)
SAMPLE = "[Dữ liệu mẫu]"


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
            plan = self._plan()
        self.stdout.write(self.style.SUCCESS(
            f"Đã chuyển {moved} tài khoản mẫu sang các phường mới từ {reorganisation.TWO_LEVELS:%d/%m/%Y} "
            f"(mật khẩu: {DEMO_PASSWORD}) và tạo {plan} (dữ liệu mẫu) của {plan.owner_ward}."
        ))

    def _carry_over(self) -> int:
        """Each posting to an old unit ends on 30/6/2025 and continues at the new ward that took
        the biggest part of it (its own name's ward where there is one)."""
        start = reorganisation.TWO_LEVELS
        thanh_xuan = Ward.objects.get(code="00367", valid_from=start)
        moved = 0
        for posting in WardOfficer.objects.filter(valid_to__isnull=True, ward__valid_to__lt=start).select_related("ward"):
            successor = services.successor_of(posting.ward, or_first=True)
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

    def _plan(self) -> Campaign:
        """A 2026–2030 plan of ward Thanh Xuân under a 2026–2030 plan of the city, both marked as
        sample data: the plans' real numbers and targets are the units' to enter."""
        thanh_xuan = Ward.objects.get(code="00367", valid_from=reorganisation.TWO_LEVELS)
        city = Campaign.objects.filter(owner_province=thanh_xuan.province, start_year=2026).first()
        if city is None:
            city = Campaign.objects.create(
                number="MẪU-01/KH-UBND", title=f"{SAMPLE} Giảm nghèo bền vững giai đoạn 2026–2030",
                owner_province=thanh_xuan.province, issuing_body=f"UBND {thanh_xuan.province.name}",
                issued_on=date(2026, 1, 15), start_year=2026, end_year=2030,
                goal=f"{SAMPLE} Giảm hộ cận nghèo bình quân mỗi năm; không phát sinh hộ nghèo theo chuẩn mới.",
            )
        plan = Campaign.objects.filter(owner_ward=thanh_xuan, start_year=2026).first()
        if plan is not None:
            return plan
        plan = Campaign(
            number="MẪU-12/KH-UBND", issuing_body="UBND phường Thanh Xuân", owner_ward=thanh_xuan,
            parent=city, title=f"{SAMPLE} Hưởng ứng Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” "
            "giai đoạn 2026–2030", issued_on=date(2026, 2, 10), start_year=2026, end_year=2030,
            goal=f"{SAMPLE} Đến cuối năm 2030 phường không còn hộ cận nghèo.",
        )
        plan.full_clean()
        plan.save()
        Milestone.objects.bulk_create([
            Milestone(campaign=plan, kind=Milestone.Kind.LAUNCH, year=2026, held_on=date(2026, 2, 10)),
            Milestone(campaign=plan, kind=Milestone.Kind.MID_TERM, year=2028, held_on=date(2028, 6, 11)),
            Milestone(campaign=plan, kind=Milestone.Kind.FINAL, year=2030, held_on=date(2030, 6, 11)),
        ])
        Baseline.objects.create(campaign=plan, ward=thanh_xuan, near_poor=20, poor=0)
        ReductionTarget.objects.bulk_create(
            ReductionTarget(campaign=plan, ward=thanh_xuan, year=year, reduction=4) for year in plan.years
        )
        ReportingWindow.objects.create(
            campaign=plan, year=2026, opens_on=date(2026, 11, 1),
            closes_on=max(date(2026, 12, 15), timezone.localdate() + timedelta(days=30)),
        )
        return plan
