"""Grants the awards permissions to the three roles (the groups of wards.0002).

LĐ-TB&XH assesses criteria, proposes for the district and forwards the wards' proposals; Nội vụ
appraises and records decisions; a ward officer proposes for their own ward. Which rows each may
touch is decided by the services and the scoped admin, not by these model permissions alone.
"""

import importlib

from django.db import migrations

create_permissions_for = importlib.import_module("wards.migrations.0002_roles").create_roles

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

GRANTS = {
    "Phòng LĐ-TB&XH": {
        "awards.awardform": (VIEW,),
        "awards.criterionassessment": ALL,
        "awards.nomination": (VIEW, ADD, CHANGE, "forward"),
        "awards.nominationdocument": (VIEW, ADD, DELETE),
        "awards.nominationtransition": (VIEW,),
    },
    "Phòng Nội vụ": {
        "awards.awardform": (VIEW,),
        "awards.criterionassessment": (VIEW,),
        "awards.nomination": (VIEW, "appraise"),
        "awards.nominationdocument": (VIEW,),
        "awards.nominationtransition": (VIEW,),
    },
    "Cán bộ phường": {
        "awards.awardform": (VIEW,),
        "awards.criterionassessment": (VIEW,),
        "awards.nomination": (VIEW, ADD, CHANGE),
        "awards.nominationdocument": (VIEW, ADD, DELETE),
        "awards.nominationtransition": (VIEW,),
    },
}


def _permissions(apps, label, actions):
    Permission = apps.get_model("auth", "Permission")
    app_label, model = label.split(".")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
        for action in actions
    ]


def grant(apps, schema_editor):
    # wards.0002's function first creates the permissions of models that have none yet.
    create_permissions_for(apps, schema_editor)
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = Group.objects.get(name=name)
        for label, actions in grants.items():
            group.permissions.add(*_permissions(apps, label, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for label, actions in grants.items():
            group.permissions.remove(*_permissions(apps, label, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_seed_award_forms"),
        ("wards", "0004_workflow_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
