"""manage.py seed_scale --level city|nation [--seed N]: synthetic data at scale (demo/scale.py)."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import scale


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu giả lập ở quy mô thành phố (30 quận, 580 phường, 10.000 đề nghị khen thưởng) "
        "hoặc cả nước (63 tỉnh, 700 quận, 10.600 phường, 100.000 đề nghị) trong một cơ sở dữ liệu "
        "riêng, trống, để đo hiệu năng. Không ghi gì nếu cơ sở dữ liệu đã có dữ liệu thật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--level", choices=sorted(scale.LEVELS), required=True,
                            help="Quy mô: city (một thành phố) hoặc nation (cả nước).")
        parser.add_argument("--seed", type=int, default=1,
                            help="Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu (mặc định 1).")
        parser.add_argument("--password", default=scale.PASSWORD,
                            help=f"Mật khẩu chung của mọi tài khoản tạo ra (mặc định {scale.PASSWORD}).")
        parser.add_argument("--replace", action="store_true",
                            help="Xóa dữ liệu giả lập của lần chạy trước rồi tạo lại "
                                 "(chỉ với cơ sở dữ liệu do seed_scale tạo).")
        parser.add_argument("--fingerprint", action="store_true",
                            help="In dấu vân tay (SHA-256) của dữ liệu, để so sánh hai lần chạy.")
        # Small sizes for tests and smoke runs, not for users.
        for name in ("--provinces", "--districts", "--wards-per-district", "--nominations"):
            parser.add_argument(name, type=int, help=argparse.SUPPRESS)

    def handle(self, *args, level, seed, password, replace, fingerprint, **options):
        try:
            size = scale.level_size(
                level, provinces=options["provinces"], districts=options["districts"],
                wards_per_district=options["wards_per_district"], nominations=options["nominations"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        database = connection.settings_dict["NAME"]
        self.stdout.write(
            f"seed_scale --level {level} --seed {seed} vào {connection.vendor} ({database}): "
            f"{size.provinces} tỉnh, {size.districts} quận, {_n(size.wards)} phường, "
            f"{_n(size.nominations)} đề nghị khen thưởng"
        )
        try:
            result = scale.seed_scale(size=size, seed=seed, password=password, replace=replace,
                                      log=self.stdout.write)
        except scale.SeedRefused as error:
            raise CommandError(str(error)) from None

        self.stdout.write("Số dòng mỗi bảng:")
        width = max(len(table) for table in result.rows)
        for table, rows in result.rows.items():
            self.stdout.write(f"  {table:<{width}} {_n(rows):>9}")
        self.stdout.write(f"Tài khoản (mật khẩu chung: {result.password}):")
        for username, role in result.accounts:
            self.stdout.write(f"  {username}: {role}")
        if fingerprint:
            self.stdout.write(f"Dấu vân tay dữ liệu: {scale.fingerprint()}")
        self.stdout.write(self.style.SUCCESS(
            f"Xong trong {result.seconds:.1f} giây: {_n(sum(result.rows.values()))} dòng."
        ))
