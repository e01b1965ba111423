from django.db import migrations

# The groups were named after the offices of 2022; they are named after what the role does, and
# the offices' names move to `Office`, by level and period.
RENAMES = {
    "Phòng LĐ-TB&XH": "Cơ quan thường trực",
    "Phòng Nội vụ": "Cơ quan thi đua, khen thưởng",
    "Cán bộ phường": "Cán bộ phường, xã",
    "Sở LĐ-TB&XH": "Cơ quan cấp tỉnh",
}


def rename(apps, mapping):
    Group = apps.get_model("auth", "Group")
    for old, new in mapping.items():
        group = Group.objects.filter(name=old).first()
        if group is None:
            continue
        twin = Group.objects.filter(name=new).first()
        if twin is None:
            group.name = new
            group.save(update_fields=["name"])
            continue
        # Both exist (a fresh database: the grants were applied under the new name, while earlier
        # migrations made the old one): the new group, with its granted permissions, takes the members.
        for user in group.user_set.all():
            user.groups.add(twin)
        group.delete()


def forwards(apps, schema_editor):
    rename(apps, RENAMES)


def backwards(apps, schema_editor):
    rename(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("units", "0004_unit_lifetimes_finish"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, backwards)]
