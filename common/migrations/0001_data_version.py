"""The version of the data the cached pages are drawn from (common.cache)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=32, verbose_name='mã phiên bản')),
                ('changed_at', models.DateTimeField(verbose_name='thay đổi lúc')),
            ],
            options={
                'verbose_name': 'phiên bản dữ liệu',
                'verbose_name_plural': 'phiên bản dữ liệu',
            },
        ),
    ]
