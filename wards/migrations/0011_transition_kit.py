"""The steps of yearly figures share their fields with every workflow's steps."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wards', '0010_units_moved_out'),
    ]

    operations = [
        migrations.AlterField(
            model_name='counttransition',
            name='reason',
            field=models.TextField(blank=True, verbose_name='lý do, ý kiến'),
        ),
    ]
