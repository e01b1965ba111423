"""The data version of the cached pages moved to common (common.cache): its old table goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0010_report_steps_history'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ProgressVersion',
        ),
    ]
