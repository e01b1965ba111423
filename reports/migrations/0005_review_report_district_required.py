"""Every review report has its district; one report of each kind per district and campaign."""

import django.db.models.deletion
from django.db import migrations, models



class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_fill_review_report_district"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reviewreport",
            options={
                "ordering": ["campaign", "district", "kind"],
                "permissions": [("issue_reviewreport", "Ban hành báo cáo sơ kết, tổng kết (khóa tệp PDF)")],
                "verbose_name": "báo cáo sơ kết, tổng kết",
                "verbose_name_plural": "báo cáo sơ kết, tổng kết",
            },
        ),
        migrations.AlterField(
            model_name="reviewreport",
            name="district",
            field=models.ForeignKey(
                help_text="Quận báo cáo: số liệu, đánh giá và khen thưởng trong báo cáo là của các phường thuộc quận này.",
                on_delete=django.db.models.deletion.PROTECT, related_name="review_reports", to="wards.district",
                verbose_name="quận",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewreport",
            constraint=models.UniqueConstraint(
                fields=("campaign", "district", "kind"), name="one_review_report_per_district_kind",
                violation_error_message="Quận đã có báo cáo loại này trong kế hoạch: sửa báo cáo đã có.",
            ),
        ),
    ]
