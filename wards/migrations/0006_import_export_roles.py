"""Grants spreadsheet import and export: who may load which table, and who may download it.

LĐ-TB&XH imports wards, targets and, on a ward's behalf, its yearly figures; officers import their
own ward's figures; every role exports what it can see (an officer: their own ward only).
"""

import importlib

from django.db import migrations

roles_0004 = importlib.import_module("wards.migrations.0004_workflow_roles")

GRANTS = {
    "Phòng LĐ-TB&XH": {
        "wards.ward": ("import", "export"),
        "wards.reductiontarget": ("import", "export"),
        "wards.yearlycount": ("import", "export", "enter_for_wards"),
    },
    "Phòng Nội vụ": {
        "wards.ward": ("export",),
        "wards.reductiontarget": ("export",),
        "wards.yearlycount": ("export",),
    },
    "Cán bộ phường": {
        "wards.ward": ("export",),
        "wards.reductiontarget": ("export",),
        "wards.yearlycount": ("import", "export"),
    },
}


def grant(apps, schema_editor):
    roles_0004.grant(apps, schema_editor, GRANTS)


def revoke(apps, schema_editor):
    roles_0004.revoke(apps, schema_editor, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("wards", "0005_import_export_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
