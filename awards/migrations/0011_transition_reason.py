"""A nomination's steps keep their opinion or reason in `reason`, as every workflow's steps do."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_award_form_plan_required")]

    operations = [migrations.RenameField(model_name="nominationtransition", old_name="comment", new_name="reason")]
