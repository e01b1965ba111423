"""The units leave the wards app for the units app: the wards' rows refer to them there.

Only Django's record changes; the tables stay. The content types (and so the permissions granted
on them) follow the models, so that "wards.change_ward" becomes "units.change_ward"."""

import django.db.models.deletion
from django.db import migrations, models


MOVED = ("province", "district", "ward", "wardofficer", "staffposting")


def move_content_types(apps, schema_editor):
    """Rename wards.<model> to units.<model>; where both exist (permissions created for the new
    app meanwhile), the groups keep their grants on the new one and the old one goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="wards", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="units", model=model).first()
        if new is None:
            old.app_label = "units"
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            twin, _ = Permission.objects.get_or_create(
                content_type=new, codename=permission.codename, defaults={"name": permission.name}
            )
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
        old.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0007_units_from_wards"),
        ("awards", "0008_units_from_wards"),
        ('units', '0001_units_from_wards'),
        ('wards', '0009_ward_name_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='staffposting',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='ward',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='staffposting',
                    name='province',
                ),
                migrations.RemoveField(
                    model_name='staffposting',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='ward',
                    name='successor',
                ),
                migrations.AlterField(
                    model_name='yearlycount',
                    name='ward',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='counts', to='units.ward', verbose_name='phường'),
                ),
                migrations.AlterField(
                    model_name='baseline',
                    name='ward',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='baselines', to='units.ward', verbose_name='phường'),
                ),
                migrations.AlterField(
                    model_name='reductiontarget',
                    name='ward',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='units.ward', verbose_name='phường'),
                ),
                migrations.AlterField(
                    model_name='windowextension',
                    name='ward',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='extensions', to='units.ward', verbose_name='phường'),
                ),
                migrations.AlterField(
                    model_name='historicalwindowextension',
                    name='ward',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.ward', verbose_name='phường'),
                ),
                migrations.RemoveField(
                    model_name='wardofficer',
                    name='ward',
                ),
                migrations.AlterField(
                    model_name='historicalyearlycount',
                    name='ward',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.ward', verbose_name='phường'),
                ),
                migrations.RemoveField(
                    model_name='wardofficer',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='District',
                ),
                migrations.DeleteModel(
                    name='Province',
                ),
                migrations.DeleteModel(
                    name='StaffPosting',
                ),
                migrations.DeleteModel(
                    name='Ward',
                ),
                migrations.DeleteModel(
                    name='WardOfficer',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
