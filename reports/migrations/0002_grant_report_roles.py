"""Grants the document register: LĐ-TB&XH drafts and issues the review reports; Nội vụ and the
ward officers read them (list, preview, download)."""

import importlib

from django.db import migrations

roles_0004 = importlib.import_module("wards.migrations.0004_workflow_roles")

GRANTS = {
    "Phòng LĐ-TB&XH": {"reports.reviewreport": ("view", "add", "change", "issue")},
    "Phòng Nội vụ": {"reports.reviewreport": ("view",)},
    "Cán bộ phường": {"reports.reviewreport": ("view",)},
}


def grant(apps, schema_editor):
    roles_0004.grant(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    roles_0004.revoke(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_review_report_register"),
        ("wards", "0006_import_export_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
