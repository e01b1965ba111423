"""Every role holds exactly the permissions of units.roles.GRANTS.

Districts no longer change their own district, nor add wards: units are the superuser's.
"""

from django.db import migrations

from units.roles import apply_grants


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_units_from_wards"),
        ("wards", "0010_units_moved_out"),
        ("awards", "0008_units_from_wards"),
        ("campaign", "0001_plan"),
    ]

    operations = [migrations.RunPython(apply_grants, migrations.RunPython.noop)]
