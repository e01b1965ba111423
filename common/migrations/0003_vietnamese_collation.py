from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's ICU collation for Vietnamese alphabetical order (common.collation); SQLite gets
    its namesake on every connection, so this does nothing there."""

    dependencies = [
        ("common", "0002_pending_import"),
    ]

    operations = [
        CreateCollation("vietnamese", provider="icu", locale="vi"),
    ]
