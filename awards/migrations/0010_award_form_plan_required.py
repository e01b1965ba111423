"""Every award form is a plan's; a plan names each form once."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0009_award_form_plan"),
        ("campaign", "0003_plans_of_their_owners"),
    ]

    operations = [
        migrations.AlterField(
            model_name="awardform", name="campaign",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="award_forms", to="campaign.campaign",
                verbose_name="kế hoạch", help_text="Kế hoạch nêu hình thức khen thưởng này (mục V của kế hoạch).",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardform",
            constraint=models.UniqueConstraint(
                fields=("campaign", "code"), name="one_award_form_per_code",
                violation_error_message="Kế hoạch đã có hình thức khen thưởng mã này.",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardform",
            constraint=models.UniqueConstraint(
                fields=("campaign", "name"), name="one_award_form_per_name",
                violation_error_message="Kế hoạch đã có hình thức khen thưởng tên này.",
            ),
        ),
    ]
