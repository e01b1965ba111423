"""The version of the data the progress pages are drawn from (reports.progress_cache)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_review_report_district_required"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgressVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32, verbose_name="mã phiên bản")),
                ("changed_at", models.DateTimeField(verbose_name="thay đổi lúc")),
            ],
            options={
                "verbose_name": "phiên bản số liệu tiến độ",
                "verbose_name_plural": "phiên bản số liệu tiến độ",
            },
        ),
    ]
