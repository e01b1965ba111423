"""An award form belongs to the plan that names it (section V of the plan)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0008_units_from_wards"),
        ("campaign", "0002_plan_owner"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardform", name="campaign",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="award_forms",
                to="campaign.campaign", verbose_name="kế hoạch",
                help_text="Kế hoạch nêu hình thức khen thưởng này (mục V của kế hoạch).",
            ),
        ),
        migrations.AlterField(
            model_name="awardform", name="code",
            field=models.SlugField(
                help_text="Tên ngắn không dấu, dùng trong dữ liệu mẫu và xuất tệp.", max_length=40, verbose_name="mã",
            ),
        ),
        migrations.AlterField(
            model_name="awardform", name="name",
            field=models.CharField(max_length=200, verbose_name="hình thức khen thưởng"),
        ),
    ]
