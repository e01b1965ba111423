"""Creates the three roles as auth groups, with the model permissions of DESIGN.md's table."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

ROLES = {
    "Phòng LĐ-TB&XH": {
        "campaign.campaign": ALL,
        "campaign.milestone": ALL,
        "campaign.criterion": ALL,
        "wards.district": (VIEW, CHANGE),
        "wards.ward": (VIEW, ADD, CHANGE),
        "wards.wardofficer": ALL,
        "wards.baseline": ALL,
        "wards.reductiontarget": ALL,
        "wards.yearlycount": (VIEW,),
    },
    "Phòng Nội vụ": {
        "campaign.campaign": (VIEW,),
        "campaign.milestone": (VIEW,),
        "campaign.criterion": (VIEW,),
        "wards.district": (VIEW,),
        "wards.ward": (VIEW,),
        "wards.baseline": (VIEW,),
        "wards.reductiontarget": (VIEW,),
        "wards.yearlycount": (VIEW,),
    },
    "Cán bộ phường": {
        "campaign.campaign": (VIEW,),
        "campaign.milestone": (VIEW,),
        "campaign.criterion": (VIEW,),
        "wards.district": (VIEW,),
        "wards.ward": (VIEW,),
        "wards.baseline": (VIEW,),
        "wards.reductiontarget": (VIEW,),
        "wards.yearlycount": (VIEW, ADD, CHANGE),
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for label, actions in grants.items():
            app_label, model = label.split(".")
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("campaign", "0001_plan"),
        ("wards", "0001_wards_targets_counts"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
