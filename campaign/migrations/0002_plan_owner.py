"""A plan belongs to the unit that issued it (a district or a city) and may answer a parent plan."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0001_plan"),
        ("units", "0001_units_from_wards"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign", name="owner_district",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="plans",
                to="units.district", verbose_name="quận ban hành",
                help_text="Đơn vị sở hữu kế hoạch: kế hoạch của quận, các tiêu chí, chỉ tiêu, thời hạn báo cáo và báo cáo sơ kết, tổng kết của nó thuộc quận này.",
            ),
        ),
        migrations.AddField(
            model_name="campaign", name="owner_province",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="plans",
                to="units.province", verbose_name="tỉnh, thành phố ban hành",
                help_text="Với kế hoạch của thành phố (ví dụ 251/KH-UBND của Hà Nội). Chọn quận hoặc thành phố, không cả hai.",
            ),
        ),
        migrations.AddField(
            model_name="campaign", name="parent",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children",
                to="campaign.campaign", verbose_name="thực hiện kế hoạch",
                help_text="Kế hoạch cấp trên mà kế hoạch này thực hiện, ví dụ 251/KH-UBND của UBND Thành phố.",
            ),
        ),
        migrations.AlterField(
            model_name="campaign", name="number",
            field=models.CharField(help_text="Ví dụ: 255/KH-UBND.", max_length=40, verbose_name="số kế hoạch"),
        ),
    ]
