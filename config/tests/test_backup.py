"""Backup and restore: a backup of real data restores into a fresh database (a new SQLite file, or
a new PostgreSQL database) and a fresh MEDIA_ROOT with every row and every file."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from common import backups
from conftest import upload


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def campaign_data(transactional_db, media, plan, officer, make_count, khuong_dinh):
    """Figures, a nomination with two documents, through the services."""
    from awards import services
    from awards.models import AwardForm, Nomination
    from wards.models import YearlyCount

    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    make_count(khuong_dinh, 2023, near_poor_escaped=1)
    nomination = Nomination(
        campaign=plan, occasion="yearly", year=2023, award_form=AwardForm.objects.get(campaign=plan, code="giay-khen-quan"),
        nominee_kind="collective", nominee_name="Tổ dân phố số 5", unit="Phường Khương Đình",
        actor_type="residential_group", achievements="Vận động 3 hộ cận nghèo thoát cận nghèo.",
        ward=khuong_dinh, proposing_ward=khuong_dinh,
    )
    services.nomination_create(nomination=nomination, user=officer, uploads=[
        ("submission_letter", upload("to-trinh.pdf")),
        ("achievement_report", upload("bao-cao-thanh-tich.docx")),
    ])


def restored_counts(database_url: str, tables) -> dict[str, int]:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    import psycopg2

    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield url
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(args, database_url, media_root):
    env = dict(os.environ, DATABASE_URL=database_url, MEDIA_ROOT=str(media_root))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )


def test_backup_restores_every_row_and_file_into_a_fresh_database(campaign_data, media, fresh_database, tmp_path):
    folder = tmp_path / "sao-luu"
    call_command("backup", str(folder), verbosity=0)

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    source_counts = backups.table_row_counts()
    source_files = backups.media_checksums(media)
    assert manifest["tables"] == source_counts
    assert manifest["media"] == source_files
    assert len(source_files) == 2
    assert source_counts["wards_yearlycount"] == 2 and source_counts["awards_nomination"] == 1
    assert source_counts["wards_ward"] == 11

    restored_media = tmp_path / "media-restored"
    result = manage(["restore", str(folder)], fresh_database, restored_media)
    assert result.returncode == 0, result.stderr
    assert "khớp manifest" in result.stdout

    assert restored_counts(fresh_database, source_counts) == source_counts
    assert backups.media_checksums(restored_media) == source_files

    # A second restore over the now full database is refused without --force.
    again = manage(["restore", str(folder)], fresh_database, tmp_path / "media-other")
    assert again.returncode != 0 and "--force" in again.stderr
    assert manage(["restore", "--force", str(folder)], fresh_database, restored_media).returncode == 0


def test_restore_refuses_a_tampered_backup(db, media, tmp_path):
    folder = tmp_path / "sao-luu"
    media.mkdir(parents=True)
    (media / "a.pdf").write_bytes(b"%PDF-1.4 a")
    call_command("backup", str(folder), verbosity=0)
    archive = folder / "media.tar.gz"
    archive.write_bytes(archive.read_bytes() + b"x")
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(folder), verbosity=0)


def test_backup_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="không trống"):
        call_command("backup", str(tmp_path), verbosity=0)


def test_a_backup_is_readable_by_its_owner_only(db, media, tmp_path):
    media.mkdir(parents=True)
    (media / "a.pdf").write_bytes(b"%PDF-1.4 a")
    folder = tmp_path / "sao-luu" / "2025-06-11"
    umask = os.umask(0o022)  # the usual one, which wrote 0644 files in a 0755 folder
    try:
        call_command("backup", str(folder), verbosity=0)
        assert os.umask(0o022) == 0o022  # the command puts the process's umask back
    finally:
        os.umask(umask)
    assert folder.stat().st_mode & 0o777 == 0o700
    files = {path.name: path.stat().st_mode & 0o777 for path in folder.iterdir()}
    assert files == {"database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump": 0o600,
                     "media.tar.gz": 0o600, "manifest.json": 0o600}
