"""The roles of the product and what each may do: the one table of grants.

A role is a Django group; a migration applies the table (`apply_grants`) and the authorization
matrix checks the product against it. The permission says what; the unit the user acts for
(units.access) says where.
"""

from django.apps import apps as global_apps
from django.db import models


class Role(models.TextChoices):
    # The values are the names of the auth groups: what a role does, not which office plays it,
    # which changes with the organisation and is read from `Office` (units.offices).
    SOCIAL_AFFAIRS = "Cơ quan thường trực", "Cơ quan thường trực phong trào"
    HOME_AFFAIRS = "Cơ quan thi đua, khen thưởng", "Cơ quan thi đua, khen thưởng"
    WARD_OFFICER = "Cán bộ phường, xã", "Cán bộ UBND phường, xã"
    CITY_SOCIAL_AFFAIRS = "Cơ quan cấp tỉnh", "Sở theo dõi phong trào của tỉnh, thành phố"


VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)

# What every role reads of the plan and of the units (their own unit's rows only).
_READ_PLAN = {
    "campaign.campaign": (VIEW,),
    "campaign.milestone": (VIEW,),
    "campaign.criterion": (VIEW,),
    "units.district": (VIEW,),
    "units.ward": (VIEW, "export"),
    "wards.baseline": (VIEW,),
    "wards.reductiontarget": (VIEW, "export"),
    "wards.reportingwindow": (VIEW,),
    "wards.windowextension": (VIEW,),
    "wards.counttransition": (VIEW,),
    "wards.historicalyearlycount": (VIEW,),
    "awards.awardform": (VIEW,),
    "awards.criterionassessment": (VIEW,),
    "awards.nominationtransition": (VIEW,),
    "reports.reviewreport": (VIEW,),
}

GRANTS: dict[Role, dict[str, tuple[str, ...]]] = {
    # The district's social affairs office keeps its own plan, its wards' names and officers,
    # approves figures, assesses the wards, consolidates nominations and issues the reviews.
    # Units themselves (codes, districts, dissolution, succession) are the superuser's.
    Role.SOCIAL_AFFAIRS: {
        **_READ_PLAN,
        "campaign.campaign": ALL,
        "campaign.milestone": ALL,
        "campaign.criterion": ALL,
        "units.ward": (VIEW, CHANGE, "import", "export"),
        "units.wardofficer": ALL,
        "wards.baseline": ALL,
        "wards.reductiontarget": (*ALL, "import", "export"),
        "wards.reportingwindow": ALL,
        "wards.windowextension": ALL,
        "wards.yearlycount": (VIEW, "review", "enter_for_wards", "import", "export"),
        "awards.criterionassessment": ALL,
        "awards.nomination": (VIEW, ADD, CHANGE, "forward", "export"),
        "awards.nominationdocument": (VIEW, ADD, DELETE),
        "reports.reviewreport": (VIEW, ADD, CHANGE, "issue"),
    },
    # The home affairs office reads the plan and the figures, and appraises the nominations.
    Role.HOME_AFFAIRS: {
        **_READ_PLAN,
        "wards.yearlycount": (VIEW, "export"),
        "awards.nomination": (VIEW, "appraise", "export"),
        "awards.nominationdocument": (VIEW,),
    },
    # A ward's officer enters the ward's figures and proposes its awards.
    Role.WARD_OFFICER: {
        **_READ_PLAN,
        "wards.yearlycount": (VIEW, ADD, CHANGE, "import", "export"),
        "awards.nomination": (VIEW, ADD, CHANGE, "export"),
        "awards.nominationdocument": (VIEW, ADD, DELETE),
    },
    # The city's department reads pages only: no model permission.
    Role.CITY_SOCIAL_AFFAIRS: {},
}


def grant_codenames(role: Role) -> set[tuple[str, str]]:
    pairs = set()
    for label, actions in GRANTS[role].items():
        app_label, model = label.split(".")
        pairs.update((app_label, f"{action}_{model}") for action in actions)
    return pairs


def apply_grants(apps=global_apps, schema_editor=None, *, strict: bool = False) -> None:
    """Make every role's group hold exactly the table's permissions (a migration's RunPython, or
    tests after a flush). Missing permissions are created first; those of models later than the
    migration are left to the migration that adds them, unless `strict` refuses them."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = grant_codenames(role)
        found = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.select_related("content_type").filter(
                content_type__app_label__in={app for app, _ in wanted} or {""},
            )
        }
        missing = sorted(wanted - set(found))
        if missing and strict:
            raise LookupError(f"Permissions of the grants table that do not exist: {missing}")
        group.permissions.set([found[pair] for pair in wanted if pair in found])
