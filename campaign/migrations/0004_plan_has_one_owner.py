"""The parent plan is a row now (its number, date and body were text); a plan has one owner."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaign", "0003_plans_of_their_owners")]

    operations = [
        migrations.RemoveField(model_name="campaign", name="parent_plan_number"),
        migrations.RemoveField(model_name="campaign", name="parent_plan_issued_on"),
        migrations.RemoveField(model_name="campaign", name="parent_plan_body"),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(("owner_district__isnull", False), ("owner_province__isnull", True))
                | models.Q(("owner_district__isnull", True), ("owner_province__isnull", False)),
                name="campaign_has_one_owner",
                violation_error_message="Kế hoạch thuộc đúng một đơn vị: một quận hoặc một tỉnh, thành phố.",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=~models.Q(("parent", models.F("pk"))), name="campaign_not_own_parent",
                violation_error_message="Kế hoạch không thể thực hiện chính nó.",
            ),
        ),
    ]
