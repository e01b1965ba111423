from django.db import migrations

# The annex of plan 255/KH-UBND lists its five wards with near-poor households in this order
# (TT 1–5), which is not the alphabet's: its review reports reproduce that table.
PLAN = "255/KH-UBND"
ANNEX_ROWS = {"00367": 1, "00364": 2, "00358": 3, "00349": 4, "00343": 5}
# Thanh Xuân Bắc, Khương Đình, Phương Liệt, Khương Trung, Nhân Chính


def number_rows(apps, schema_editor):
    Baseline = apps.get_model("wards", "Baseline")
    rows = Baseline.objects.filter(
        campaign__number=PLAN, campaign__owner_district__code="009", ward__district__code="009",
        ward__code__in=ANNEX_ROWS,
    ).select_related("ward")
    for baseline in rows:
        baseline.annex_row = ANNEX_ROWS[baseline.ward.code]
        baseline.save(update_fields=["annex_row"])


def unnumber_rows(apps, schema_editor):
    apps.get_model("wards", "Baseline").objects.filter(campaign__number=PLAN).update(annex_row=None)


class Migration(migrations.Migration):

    dependencies = [
        ("wards", "0014_baseline_annex_row"),
    ]

    operations = [
        migrations.RunPython(number_rows, unnumber_rows),
    ]
