"""Grants the export of nominations: the district offices export all, an officer their ward's."""

import importlib

from django.db import migrations

roles_0004 = importlib.import_module("wards.migrations.0004_workflow_roles")

GRANTS = {
    "Phòng LĐ-TB&XH": {"awards.nomination": ("export",)},
    "Phòng Nội vụ": {"awards.nomination": ("export",)},
    "Cán bộ phường": {"awards.nomination": ("export",)},
}


def grant(apps, schema_editor):
    roles_0004.grant(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    roles_0004.revoke(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_export_permission"), ("wards", "0006_import_export_roles")]

    operations = [migrations.RunPython(grant, revoke)]
