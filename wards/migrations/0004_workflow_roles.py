"""Grants the workflow's permissions: LĐ-TB&XH reviews figures and sets reporting windows."""

import importlib

from django.db import migrations

create_permissions_for = importlib.import_module("wards.migrations.0002_roles").create_roles

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

GRANTS = {
    "Phòng LĐ-TB&XH": {
        "wards.yearlycount": ("review",),
        "wards.counttransition": (VIEW,),
        "wards.historicalyearlycount": (VIEW,),
        "wards.reportingwindow": ALL,
        "wards.windowextension": ALL,
    },
    "Phòng Nội vụ": {
        "wards.counttransition": (VIEW,),
        "wards.historicalyearlycount": (VIEW,),
        "wards.reportingwindow": (VIEW,),
        "wards.windowextension": (VIEW,),
    },
    "Cán bộ phường": {
        "wards.counttransition": (VIEW,),
        "wards.historicalyearlycount": (VIEW,),
        "wards.reportingwindow": (VIEW,),
        "wards.windowextension": (VIEW,),
    },
}


def grant(apps, schema_editor, grants_by_role=GRANTS):
    # 0002's function first creates any permission the new models still lack.
    create_permissions_for(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in grants_by_role.items():
        group = Group.objects.get(name=name)
        for label, actions in grants.items():
            app_label, model = label.split(".")
            for action in actions:
                group.permissions.add(Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ))


def revoke(apps, schema_editor, grants_by_role=GRANTS):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in grants_by_role.items():
        group = Group.objects.filter(name=name).first()
        for label, actions in grants.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            if group:
                group.permissions.remove(*Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                ))


class Migration(migrations.Migration):
    dependencies = [("wards", "0003_workflow_windows_history")]

    operations = [migrations.RunPython(grant, revoke)]
