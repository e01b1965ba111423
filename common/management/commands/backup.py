"""manage.py backup <folder>: the database, the uploaded files and a manifest to check them by."""

import os
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from common import backups


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên (MEDIA_ROOT) vào một thư mục mới hoặc trống."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Thư mục đích (mới hoặc trống).")

    def handle(self, *args, folder: Path, **options):
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"Thư mục {folder} không trống.")
        # The backup holds password hashes, sessions and households' data: its owner's alone, from
        # the first byte written (the umask reaches pg_dump too), not 0644 files in a 0755 folder.
        umask = os.umask(0o077)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o700)
            self._write(folder)
        finally:
            os.umask(umask)

    def _write(self, folder: Path):
        dump = folder / backups.dump_file_name()
        backups.dump_database(dump)
        # Counted after the dump: rows written in between make the restore's check fail loudly
        # rather than pass on figures the dump lacks. Run it in a quiet moment for an exact manifest.
        tables = backups.table_row_counts()
        root = backups.media_root()
        media = backups.media_checksums(root)
        archive = folder / backups.MEDIA_ARCHIVE
        backups.archive_media(root, archive)

        backups.write_manifest(folder, {
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": dump.name, "sha256": backups.sha256(dump)},
            "media_archive": {"file": archive.name, "sha256": backups.sha256(archive)},
            "tables": tables,
            "media": media,
        })
        for path in folder.iterdir():
            path.chmod(0o600)
        self.stdout.write(
            f"Đã sao lưu vào {folder}: {len(tables)} bảng, {sum(tables.values())} dòng, {len(media)} tệp."
        )
