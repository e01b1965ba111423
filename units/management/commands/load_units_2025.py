from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from units import reorganisation
from units.models import District, Province, Succession, Ward


class Command(BaseCommand):
    help = (
        "Nhập việc sắp xếp đơn vị hành chính năm 2025 của quận Thanh Xuân (Nghị quyết 1286/NQ-UBTVQH15 "
        "và 1656/NQ-UBTVQH15): các phường cũ hết hiệu lực, ba phường mới trực thuộc thành phố. Chạy lại vẫn an toàn."
    )

    def handle(self, *args, **options):
        if reorganisation.applied(Ward):
            self.stdout.write("Đã có dữ liệu sắp xếp đơn vị hành chính năm 2025: không nhập lại.")
            return
        before, rows = reorganisation.checksum(apps)
        try:
            with transaction.atomic():
                entered = reorganisation.load(Province, District, Ward, Succession)
                after, _ = reorganisation.checksum(apps)
                if after != before:
                    raise CommandError("Số liệu lịch sử bị thay đổi khi nhập: đã hoàn tác, không nhập gì.")
        except reorganisation.NotApplicable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Lịch sử ({rows} dòng) trước khi nhập: {before}")
        self.stdout.write(f"Lịch sử sau khi nhập:            {after}")
        self.stdout.write(self.style.SUCCESS(
            f"Đã nhập {entered['wards']} phường mới và {entered['successions']} dòng kế thừa."
        ))
