"""The cached pages, keyed by a version of the data they are drawn from.

`version()` has two parts: a random token in the database (`DataVersion`), replaced once a write to
the tables the apps `watch()` commits, so that every worker sees another's change on its next
request and writers never queue on the version row (a token, not a counter: a restored backup or a
rollback never reuses a number cached elsewhere); and a counter of this process, raised by every
write, so that the writer (and a test) stops serving stale pages before the commit.

**Writes that bypass signals — `bulk_create`, `bulk_update`, `QuerySet.update()` or `.delete()`,
raw SQL, `loaddata`, a data generator — must call `bump()` when done**, or the pages may show the
data as it was.
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
    """The data's version, in one raw query: every cached page asks it first."""
    from .models import DataVersion

    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('token')} FROM {quote(DataVersion._meta.db_table)} WHERE {quote('id')} = 1")
        row = cursor.fetchone()
    return f"{row[0] if row else '-'}.{_local_changes}"


def bump(**_signal_kwargs) -> None:
    """Mark the data as changed. Inside a transaction the new token is written once, on commit;
    outside one, at once."""
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
    """The value cached under `key` (built by the caller from `version()`), else `build()` stored there."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def watch(*models) -> None:
    """Every save and delete of `models` replaces the version; each app names its own in AppConfig.ready."""
    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"data-version-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"data-version-delete-{model._meta.label}")
