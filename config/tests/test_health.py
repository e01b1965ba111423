"""The health checks: readiness (/healthz) reads a real table within HEALTHZ_TIMEOUT, liveness
(/healthz/live) never asks the database."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connections

from common.models import DataVersion

# A file database of its own, its one table made directly, a client asking it while a second
# connection holds the file with BEGIN EXCLUSIVE (what a long write or a stuck backup does).
LOCKED_FILE = r"""
import sqlite3, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from common.models import DataVersion

with connection.schema_editor() as editor:
    editor.create_model(DataVersion)
client = Client()
print("free", client.get("/healthz").status_code)
locker = sqlite3.connect(sys.argv[1], isolation_level=None)
locker.execute("BEGIN EXCLUSIVE")
started = time.monotonic()
print("locked", client.get("/healthz").status_code, time.monotonic() - started)
print("live", client.get("/healthz/live").status_code)
locker.execute("ROLLBACK")
print("released", client.get("/healthz").status_code)
"""


def test_readiness_says_503_within_its_timeout_while_the_sqlite_file_is_locked(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{database}", "HEALTHZ_TIMEOUT": "0.3",
        "ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", LOCKED_FILE, str(database)], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["free"] == "200"
    status, seconds = lines["locked"].split()
    assert status == "503"
    assert float(seconds) < 1.5  # its own timeout, not sqlite3's usual 5 s
    assert lines["live"] == "200"
    assert lines["released"] == "200"
    assert "the database does not serve: database is locked" in result.stderr


@pytest.mark.django_db
def test_readiness_reads_a_real_table(client):
    assert client.get("/healthz").content == b"ok"
    with mock.patch.object(DataVersion._meta, "db_table", "no_such_table"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


@pytest.mark.django_db
def test_readiness_says_503_when_the_database_cannot_be_reached(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("down")):
        assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_readiness_leaves_the_connections_usual_wait_as_it_was(client):
    connection = connections["default"]
    client.get("/healthz")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 5000


def test_liveness_never_asks_the_database(client):
    with mock.patch.object(connections["default"], "cursor", side_effect=AssertionError("asked")):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.postgres
@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="a table lock of PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_readiness_says_503_within_its_timeout_while_postgresql_holds_the_table(client, settings):
    import time

    import psycopg2

    settings.HEALTHZ_TIMEOUT = 0.3
    db = connections["default"].settings_dict
    locker = psycopg2.connect(dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
                              port=db["PORT"] or 5432)
    try:
        with locker.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{DataVersion._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
            started = time.monotonic()
            assert client.get("/healthz").status_code == 503
            assert time.monotonic() - started < 1.5
            assert client.get("/healthz/live").status_code == 200
    finally:
        locker.rollback()
        locker.close()
    assert client.get("/healthz").status_code == 200
