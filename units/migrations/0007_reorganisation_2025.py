"""Where the database holds Thanh Xuân's 11 wards of 2022, enter the 2025 reorganisation
(units.reorganisation); an empty database is left for `manage.py load_units_2025`."""

from django.db import migrations

from units import reorganisation


def forwards(apps, schema_editor):
    models = [apps.get_model("units", name) for name in ("Province", "District", "Ward", "Succession")]
    try:
        reorganisation.load(*models)
    except reorganisation.NotApplicable:
        pass


class Migration(migrations.Migration):
    dependencies = [("units", "0006_office_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
