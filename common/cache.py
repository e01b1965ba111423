"""The cached pages, keyed by a version of the data they are drawn from.

The progress pages (the ward page, the district and city dashboards) and Nội vụ's queue are
functions of the rows of the models the apps `watch()` (and of the day). `version()` names the
state of that data. It has two parts:

- a random token kept in the database (`DataVersion`), replaced after every committed write to
  those tables: every gunicorn worker, each with its own cache, sees a change made through
  another one on its next request. The token is written once the writing transaction has
  committed, never inside it: a reader that sees the new token also sees the new data, and
  concurrent writers never queue on the version row;
- a counter of this process, raised at once by every write, so that the process that writes (and
  a test, whose transaction never commits) stops serving its cached pages even before the commit.

Writes through the ORM's `save()` and `delete()` replace the token by themselves (signals).
**Any other write of these models — `bulk_create`, `bulk_update`, `QuerySet.update()` or
`.delete()`, raw SQL, `loaddata` of a dump, a data generator — must call `bump()` when it is
done** (the import batch does). Until it does, the pages may show the data as it was.

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
    """The data's version: one query (in SQL: every cached page asks it first, and the ORM would
    spend longer building the query than the database takes to answer it)."""
    from .models import DataVersion

    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('token')} FROM {quote(DataVersion._meta.db_table)} WHERE {quote('id')} = 1")
        row = cursor.fetchone()
    return f"{row[0] if row else '-'}.{_local_changes}"


def bump(**_signal_kwargs) -> None:
    """Mark the data as changed: every cached page is recomputed on its next request.

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
    from .models import DataVersion

    token, now = secrets.token_hex(12), timezone.now()
    if not DataVersion.objects.filter(pk=1).update(token=token, changed_at=now):
        DataVersion.objects.update_or_create(pk=1, defaults={"token": token, "changed_at": now})


def cached(key: str, build) -> str:
    """The page part cached under `key` (which the caller builds from `version()`), else
    `build()` stored there."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def watch(*models) -> None:
    """Every save and delete of `models` (which cached pages read) replaces the version: each
    app names its own in its AppConfig.ready."""
    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"data-version-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"data-version-delete-{model._meta.label}")
