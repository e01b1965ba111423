import datetime

from django.db import migrations

DAY = datetime.timedelta(days=1)


def forwards(apps, schema_editor):
    """Every ward sits in its district's province; a dissolution date becomes the last day of the
    ward's lifetime, and its one successor a succession of the whole ward."""
    Ward = apps.get_model("units", "Ward")
    Succession = apps.get_model("units", "Succession")
    for ward in Ward.objects.select_related("district").order_by("pk"):
        ward.province_id = ward.district.province_id
        if ward.dissolved_on:
            ward.valid_to = ward.dissolved_on - DAY
        ward.save(update_fields=["province", "valid_to"])
        if ward.successor_id:
            Succession.objects.create(
                predecessor_id=ward.pk, successor_id=ward.successor_id, part="whole",
                effective_on=ward.dissolved_on or datetime.date.today(),
                legal_basis="Ghi nhận trước khi có sổ sắp xếp đơn vị hành chính",
            )


def backwards(apps, schema_editor):
    Ward = apps.get_model("units", "Ward")
    Succession = apps.get_model("units", "Succession")
    for ward in Ward.objects.filter(valid_to__isnull=False):
        ward.dissolved_on = ward.valid_to + DAY
        following = Succession.objects.filter(predecessor=ward, successor__isnull=False).order_by("pk").first()
        ward.successor_id = following.successor_id if following else None
        ward.save(update_fields=["dissolved_on", "successor"])


class Migration(migrations.Migration):
    dependencies = [("units", "0002_unit_lifetimes_postings")]

    operations = [migrations.RunPython(forwards, backwards)]
