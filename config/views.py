"""The project's own pages: the way in, and the health checks."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.http import HttpResponse
from django.shortcuts import redirect

from common.models import DataVersion
from units.access import DISTRICT, NO_ROLE, PROVINCE, WARD, has_role, reach
from units.roles import Role

logger = logging.getLogger(__name__)


def healthz(request):
    """Readiness: 200 when the database serves a read of a real table within HEALTHZ_TIMEOUT
    seconds, else 503. `SELECT 1` needs no table, and answered while the SQLite file was locked."""
    try:
        _read_a_table(settings.HEALTHZ_TIMEOUT)
    except DatabaseError as error:
        logger.warning("health check: the database does not serve: %s", error)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def healthz_live(request):
    """Liveness: the process answers; the database is not asked."""
    return HttpResponse("ok", content_type="text/plain")


def _read_a_table(seconds: float) -> None:
    """Read the data version's row, which every cached page reads first, waiting at most `seconds`
    for a lock; raise DatabaseError when the database does not answer so."""
    connection = connections[DEFAULT_DB_ALIAS]
    milliseconds = max(1, int(seconds * 1000))
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
            elif connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
            cursor.execute(f"SELECT COUNT(*) FROM {quote(DataVersion._meta.db_table)}")
            cursor.fetchone()
    finally:
        if connection.vendor == "sqlite" and connection.connection is not None:
            # Back to the connection's own wait (Python's sqlite3: 5 s unless OPTIONS["timeout"]).
            usual = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
            connection.connection.execute(f"PRAGMA busy_timeout = {usual}")


@login_required
def home(request):
    unit = reach(request.user)
    if unit.level == WARD:
        return redirect("reports:ward", code=unit.ward.key)
    if unit.level == DISTRICT and has_role(request.user, Role.HOME_AFFAIRS):
        # Nội vụ's work is the proposals waiting for its appraisal, not the figures.
        return redirect("awards:queue")
    if unit.everything or unit.level in (DISTRICT, PROVINCE) or unit.unposted:
        return redirect("reports:dashboard")
    raise PermissionDenied(NO_ROLE)
