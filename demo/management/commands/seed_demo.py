"""Demo accounts and plausible figures for 2022–2024, for trying the product out."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from campaign.models import Campaign
from units.access import Role
from units.models import District, StaffPosting, Ward, WardOfficer
from wards.models import ReportingWindow, YearlyCount

DEMO_PASSWORD = "ThiDua@2025"

# Per ward with near-poor households: per year (escaped, other decreases, new, fallen back).
# Nhân Chính falls behind its targets; the others keep to them or do better.
DEMO_MOVEMENTS = {
    "Thanh Xuân Bắc": [(2, 0, 0, 0), (2, 0, 0, 0), (2, 0, 0, 0)],
    "Khương Đình": [(3, 0, 0, 0), (2, 0, 1, 0), (2, 0, 0, 0)],
    "Phương Liệt": [(3, 0, 0, 0), (3, 1, 1, 0), (3, 0, 0, 0)],
    "Khương Trung": [(1, 0, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0)],
    "Nhân Chính": [(2, 0, 0, 0), (2, 0, 0, 1), (2, 0, 0, 0)],
}
DEMO_STATUS = {
    2022: YearlyCount.Status.APPROVED,
    2023: YearlyCount.Status.APPROVED,
    2024: YearlyCount.Status.SUBMITTED,
}


class Command(BaseCommand):
    help = "Tạo tài khoản và số liệu mẫu (chỉ dùng để dùng thử). Chạy lại nhiều lần vẫn an toàn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Chạy cả khi DEBUG tắt (máy thật: không nên)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG đang tắt: không tạo tài khoản mẫu trên máy chạy thật. Dùng --force nếu chắc chắn."
            )
        if Campaign.objects.plan_255() is None:
            call_command("loaddata", "plan_255", verbosity=0)
        with transaction.atomic():
            self._accounts()
            self._figures()
            self._windows()
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}) và số liệu mẫu 2022–2024."
        ))

    def _user(self, username, full_name, role):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=username)
        # Vietnamese names read family name first; Django's get_full_name() puts first_name first.
        user.first_name, user.last_name = full_name, ""
        user.is_staff = True
        user.email = f"{username}@thidua.example.vn"
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role.value))
        return user

    def _accounts(self):
        district = District.objects.get(code="009")
        for username, full_name, role in (
            ("ldtbxh", "Nguyễn Thị Lan", Role.SOCIAL_AFFAIRS),
            ("noivu", "Trần Văn Minh", Role.HOME_AFFAIRS),
        ):
            user = self._user(username, full_name, role)
            StaffPosting.objects.update_or_create(user=user, defaults={"district": district, "province": None})
        city = self._user("so-ldtbxh", "Lê Thu Hà", Role.CITY_SOCIAL_AFFAIRS)
        city.is_staff = False
        city.save(update_fields=["is_staff"])
        StaffPosting.objects.update_or_create(user=city, defaults={"district": None, "province": district.province})
        for ward in Ward.objects.filter(valid_to__isnull=True):
            user = self._user(f"phuong-{ward.slug}", f"Cán bộ phường {ward.name}", Role.WARD_OFFICER)
            WardOfficer.objects.update_or_create(
                user=user, defaults={"ward": ward, "position": "Cán bộ Lao động – Thương binh và Xã hội"}
            )

    def _figures(self):
        campaign = Campaign.objects.plan_255()
        for baseline in campaign.baselines.select_related("ward"):
            movements = DEMO_MOVEMENTS.get(baseline.ward.name, [(0, 0, 0, 0)] * 3)
            start = baseline.near_poor
            for year, (escaped, out_other, new, fallen_back) in zip(range(2022, 2025), movements):
                end = start - escaped - out_other + new + fallen_back
                # Demo data is written directly, in the state the workflow would have left it.
                YearlyCount.objects.update_or_create(
                    campaign=campaign, ward=baseline.ward, year=year,
                    defaults={
                        "near_poor_start": start, "near_poor_escaped": escaped,
                        "near_poor_out_other": out_other, "near_poor_new": new,
                        "near_poor_fallen_back": fallen_back, "near_poor_end": end,
                        "status": DEMO_STATUS[year],
                    },
                )
                start = end

    def _windows(self):
        """The annual review is due by mid-December; the demo keeps 2025 open so it can be tried."""
        campaign = Campaign.objects.plan_255()
        today = timezone.localdate()
        for year in campaign.years:
            closes_on = date(year, 12, 15)
            if year == campaign.end_year:
                closes_on = max(closes_on, today + timedelta(days=30))
            ReportingWindow.objects.update_or_create(
                campaign=campaign, year=year,
                defaults={"opens_on": date(year, 11, 1), "closes_on": closes_on},
            )
