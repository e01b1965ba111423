"""Review reports per district: the column, empty until the next migration fills it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_grant_report_roles"),
        ("wards", "0008_province_staff_posting"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reviewreport",
            name="one_review_report_per_kind",
        ),
        migrations.AddField(
            model_name="reviewreport",
            name="district",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="review_reports",
                to="wards.district", verbose_name="quận",
            ),
        ),
    ]
