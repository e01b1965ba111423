"""Backup and restore of the whole application. A backup folder holds the database
(``database.sqlite3`` by SQLite's online backup API, or ``database.pgdump``), ``media.tar.gz`` with
MEDIA_ROOT's files, and ``manifest.json`` (row counts, SHA-256 of every file) to check a restore.
"""

import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError
from django.db import connection

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_file_name() -> str:
    if connection.vendor not in DUMP_FILES:
        raise CommandError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
    return DUMP_FILES[connection.vendor]


def table_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor, include_views=False)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the default database, so no password shows in a process list."""
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")]:
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    except FileNotFoundError:
        raise CommandError(f"Không tìm thấy {command[0]}: cài gói postgresql-client-15.") from None
    if result.returncode != 0:
        raise CommandError(f"{command[0]} thất bại: {result.stderr.strip()}")


def dump_database(target: Path) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        import sqlite3

        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)])


def restore_database(source: Path, *, force: bool) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        import sqlite3

        # The backup API replaces the whole target database, whatever it held.
        dump = sqlite3.connect(source)
        try:
            dump.backup(connection.connection)
        finally:
            dump.close()
    else:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, "--dbname", connection.settings_dict["NAME"], str(source)])
    connection.close()


def archive_media(root: Path, target: Path) -> None:
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)


def extract_media(source: Path, root: Path) -> None:
    with tarfile.open(source, "r:gz") as archive:
        members = archive.getmembers()
        for member in members:
            parts = Path(member.name).parts
            if not member.isfile() or member.name.startswith("/") or ".." in parts:
                raise CommandError(f"Tệp lưu trữ có mục không hợp lệ: {member.name}")
        root.mkdir(parents=True, exist_ok=True)
        # Only regular files with relative paths are left (checked above), whatever the Python.
        if hasattr(tarfile, "data_filter"):
            archive.extractall(root, members=members, filter="data")
        else:
            archive.extractall(root, members=members)


def write_manifest(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise CommandError(f"Không có {MANIFEST} trong {folder}.")
    return json.loads(path.read_text(encoding="utf-8"))


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)
