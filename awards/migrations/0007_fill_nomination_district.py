"""Fill the nominations' new derived fields for the rows already there.

district: the proposing ward's; for a district's own proposal, the district its maker is posted to,
else the nominee's ward's (the rule of Nomination.assign_district, and the scope the pages used
until now). status_changed_at: the time of the last recorded move, else the creation. key: a
nominee outside any ward now carries the district that proposed it.
"""

import unicodedata

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def fill(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    NominationTransition = apps.get_model("awards", "NominationTransition")
    StaffPosting = apps.get_model("wards", "StaffPosting")
    Ward = apps.get_model("wards", "Ward")

    def district_of(ward_field):
        return Subquery(Ward.objects.filter(pk=OuterRef(ward_field)).values("district_id")[:1])

    Nomination.objects.filter(proposing_ward__isnull=False).update(district_id=district_of("proposing_ward_id"))
    Nomination.objects.filter(proposing_ward__isnull=True).update(district_id=Subquery(
        StaffPosting.objects.filter(user_id=OuterRef("created_by_id"), district__isnull=False)
        .values("district_id")[:1]
    ))
    Nomination.objects.filter(district__isnull=True, ward__isnull=False).update(district_id=district_of("ward_id"))

    last_move = (
        NominationTransition.objects.filter(nomination_id=OuterRef("pk")).order_by()
        .values("nomination_id").annotate(at=Max("at")).values("at")
    )
    Nomination.objects.update(status_changed_at=Coalesce(Subquery(last_move), "created_at"))

    outside_wards = list(Nomination.objects.filter(ward__isnull=True, district__isnull=False))
    for nomination in outside_wards:
        nomination.key = f"{_norm(nomination.nominee_name)}|{_norm(nomination.unit)}|q{nomination.district_id}"
    Nomination.objects.bulk_update(outside_wards, ["key"], batch_size=500)


def unfill_keys(apps, schema_editor):
    Nomination = apps.get_model("awards", "Nomination")
    outside_wards = list(Nomination.objects.filter(ward__isnull=True))
    for nomination in outside_wards:
        nomination.key = f"{_norm(nomination.nominee_name)}|{_norm(nomination.unit)}|"
    Nomination.objects.bulk_update(outside_wards, ["key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_nomination_district")]

    operations = [migrations.RunPython(fill, unfill_keys)]
