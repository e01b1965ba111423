"""The district of a review report now lives in the units app (no change to the tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_progress_version'),
        ('units', '0001_units_from_wards'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reviewreport',
                    name='district',
                    field=models.ForeignKey(help_text='Quận báo cáo: số liệu, đánh giá và khen thưởng trong báo cáo là của các phường thuộc quận này.', on_delete=django.db.models.deletion.PROTECT, related_name='review_reports', to='units.district', verbose_name='quận'),
                ),
            ],
            database_operations=[],
        ),
    ]
