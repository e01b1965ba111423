"""The scratch database every in-process benchmark starts from: migrated, flushed, the plan loaded.

SQLite in a temporary folder unless DATABASE_URL is set: then that database is flushed first, so
never point it at real data. The roles' groups are put back after the flush, as in the tests.
"""

import os
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scratch_database() -> tempfile.TemporaryDirectory:
    """Set Django up on a fresh database; keep the returned folder alive while it is used."""
    folder = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(50))
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ["DB_CONN_MAX_AGE"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from units.roles import apply_grants

    apply_grants(strict=True)
    call_command("loaddata", "plan_255", verbosity=0)
    return folder
