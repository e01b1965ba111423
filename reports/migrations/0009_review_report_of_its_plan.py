"""A review report is its plan's, and so its plan owner's: the district column goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_role_grants"),
        ("campaign", "0003_plans_of_their_owners"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reviewreport", name="one_review_report_per_district_kind"),
        migrations.RemoveField(model_name="reviewreport", name="district"),
        migrations.AlterModelOptions(
            name="reviewreport",
            options={
                "ordering": ["campaign", "kind"],
                "permissions": [("issue_reviewreport", "Ban hành báo cáo sơ kết, tổng kết (khóa tệp PDF)")],
                "verbose_name": "báo cáo sơ kết, tổng kết",
                "verbose_name_plural": "báo cáo sơ kết, tổng kết",
            },
        ),
        migrations.AddConstraint(
            model_name="reviewreport",
            constraint=models.UniqueConstraint(
                fields=("campaign", "kind"), name="one_review_report_per_plan_kind",
                violation_error_message="Kế hoạch đã có báo cáo loại này: sửa báo cáo đã có.",
            ),
        ),
    ]
