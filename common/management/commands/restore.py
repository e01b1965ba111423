"""manage.py restore <folder>: a backup into an empty database and MEDIA_ROOT, checked by its manifest."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connection

from common import backups


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống và MEDIA_ROOT, rồi đối chiếu số dòng "
        "từng bảng và mã SHA-256 từng tệp với manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Thư mục do lệnh backup tạo.")
        parser.add_argument(
            "--force", action="store_true",
            help="Ghi đè cả khi cơ sở dữ liệu hoặc MEDIA_ROOT đã có dữ liệu.",
        )

    def handle(self, *args, folder: Path, force: bool, **options):
        manifest = backups.read_manifest(folder)
        dump = folder / manifest["database"]["file"]
        archive = folder / manifest["media_archive"]["file"]
        if manifest["database"]["vendor"] != connection.vendor:
            raise CommandError(
                f"Bản sao lưu của {manifest['database']['vendor']}, cơ sở dữ liệu đích là {connection.vendor}."
            )
        for path, expected in [(dump, manifest["database"]["sha256"]), (archive, manifest["media_archive"]["sha256"])]:
            if not path.is_file() or backups.sha256(path) != expected:
                raise CommandError(f"{path.name} thiếu hoặc không khớp mã SHA-256 trong manifest.")

        root = backups.media_root()
        if not force:
            with connection.cursor() as cursor:
                if connection.introspection.table_names(cursor):
                    raise CommandError("Cơ sở dữ liệu đích đã có bảng. Dùng --force để ghi đè.")
            if root.is_dir() and any(root.iterdir()):
                raise CommandError(f"MEDIA_ROOT ({root}) không trống. Dùng --force để ghi đè.")

        backups.restore_database(dump, force=force)
        backups.extract_media(archive, root)

        problems = []
        counts = backups.table_row_counts()
        for table, expected in manifest["tables"].items():
            if counts.get(table) != expected:
                problems.append(f"bảng {table}: {counts.get(table)} dòng, manifest ghi {expected}")
        files = backups.media_checksums(root)
        for name, expected in manifest["media"].items():
            if files.get(name) != expected:
                problems.append(f"tệp {name}: thiếu hoặc khác mã SHA-256")
        if problems:
            raise CommandError("Khôi phục không khớp manifest:\n" + "\n".join(problems))
        self.stdout.write(
            f"Đã khôi phục và đối chiếu: {len(counts)} bảng, {sum(manifest['tables'].values())} dòng, "
            f"{len(manifest['media'])} tệp khớp manifest."
        )
