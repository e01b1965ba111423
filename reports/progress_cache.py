"""The progress pages' cache, keyed by a version of the data they are drawn from.

The ward page and the district and city dashboards are functions of the figures, targets,
baselines, reporting windows and extensions, wards, districts, provinces and plans (and of the
day). `version()` names the state of that data. It has three parts:

- a random token kept in the database (`ProgressVersion`), replaced after every committed write
  to those tables: every gunicorn worker, each with its own cache, sees a change made through
  another one on its next request. The token is written once the writing transaction has
  committed, never inside it: a reader that sees the new token also sees the new data, and
  concurrent writers never queue on the version row;
- the latest history row of the yearly figures: every write of figures by the product leaves
  one, the imports that write in bulk included;
- a counter of this process, raised at once by every write, so that the process that writes (and
  a test, whose transaction never commits) stops serving its cached pages even before the commit.

Writes through the ORM's `save()` and `delete()` replace the token by themselves (signals,
connected in `ReportsConfig.ready`), and figures written with their history rows move the
version however they are written. **Any other write that bypasses the signals — `bulk_create`,
`bulk_update`, `QuerySet.update()` or `.delete()` of these models without history rows, raw
SQL, `loaddata` of a dump, a data generator — must call `bump()` when it is done.** Until it
does, the pages may show the data as it was.

A random token rather than a counter: a restored backup or a rolled-back transaction never
brings back a number that already names other data in some worker's cache.
"""

import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

# A page is a function of the version and the day; a day is enough for a cached copy to live.
TIMEOUT = 24 * 60 * 60
_local_changes = 0


def version() -> str:
    """The data's version: one query."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection))
        token, figures = cursor.fetchone()
    return f"{token or '-'}.{figures or 0}.{_local_changes}"


def _version_sql(connection) -> str:
    """The token, and the latest history row of the yearly figures: every write of figures by
    the product (a form, a workflow step, an import written in bulk) leaves one, so the version
    follows figures even where no signal is sent. Raw SQL because every progress page asks this
    first, and the ORM would spend ten times longer building the query than the database takes
    to answer it (two index lookups)."""
    from wards.models import YearlyCount

    from .models import ProgressVersion

    quote = connection.ops.quote_name
    history = YearlyCount.history.model._meta
    return (
        f"SELECT (SELECT {quote('token')} FROM {quote(ProgressVersion._meta.db_table)} WHERE {quote('id')} = 1), "
        f"(SELECT MAX({quote(history.pk.column)}) FROM {quote(history.db_table)})"
    )


def bump(**_signal_kwargs) -> None:
    """Mark the progress data as changed: every cached page is recomputed on its next request.

    Call it after writes that send no signal (bulk_create, QuerySet.update or delete, raw SQL).
    Inside a transaction the new token is written when the transaction commits (once, however
    many rows it wrote); outside one, at once.
    """
    global _local_changes
    _local_changes += 1
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and any(
        entry[1] is _write_token for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_write_token)


def _write_token() -> None:
    from .models import ProgressVersion

    token, now = secrets.token_hex(12), timezone.now()
    if not ProgressVersion.objects.filter(pk=1).update(token=token, changed_at=now):
        ProgressVersion.objects.update_or_create(pk=1, defaults={"token": token, "changed_at": now})


def cached(key: str, build) -> str:
    """The page part cached under `key` (which the caller builds from `version()`), else
    `build()` stored there."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def connect_signals() -> None:
    """Every save and delete of the models the progress pages read replaces the version."""
    from campaign.models import Campaign
    from units.models import District, Province, Ward
    from wards.models import Baseline, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount

    for model in (Campaign, Province, District, Ward, Baseline, ReductionTarget, YearlyCount,
                  ReportingWindow, WindowExtension):
        post_save.connect(bump, sender=model, dispatch_uid=f"progress-version-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"progress-version-delete-{model._meta.label}")
