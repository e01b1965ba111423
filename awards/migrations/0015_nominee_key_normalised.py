"""Recompute every nomination's key by the stricter comparison of awards.models.nominee_key (NFKC,
invisible characters and punctuation out, numbers without leading zeros, TDP for Tổ dân phố, the
nominee's own ward as its unit counting as none).

The new keys can reveal nominations that are one achievement spelt two ways. The migration does not
decide which of them stands: the oldest of each group keeps the plain key, and each later one keeps
its nomination with the key marked "|trùng <pk of the oldest>", so that the uniqueness constraint
holds. They are listed when the migration runs; the next save of a marked nomination (or a new
proposal of the same nominee) meets the one-award rule again, and the district rejects one of them.
"""

from django.db import migrations

REPEATED = "|trùng "


def recompute(apps, schema_editor):
    from awards.models import nominee_key  # the rule as this migration brings it

    Nomination = apps.get_model("awards", "Nomination")
    Ward = apps.get_model("units", "Ward")
    ward_names = dict(Ward.objects.values_list("pk", "name"))
    first_of = {}
    new_keys = {}
    repeated = []
    rows = (
        Nomination.objects.order_by("created_at", "pk")
        .values_list("pk", "campaign_id", "occasion", "year", "status", "nominee_name", "unit", "ward_id",
                     "district_id", "key")
    )
    for pk, campaign, occasion, year, status, name, unit, ward, district, old in rows.iterator(chunk_size=2000):
        key = nominee_key(name, unit, ward, district, ward_name=ward_names.get(ward, ""))
        if status != "rejected":  # the constraint, like the rule, leaves rejected proposals out
            group = (campaign, occasion, year, key)
            if group in first_of:
                repeated.append((pk, first_of[group], name))
                key = f"{key}{REPEATED}{first_of[group]}"[:500]
            else:
                first_of[group] = pk
        if key != old:
            new_keys[pk] = key
    _write(Nomination, new_keys)
    if repeated:
        print(f"\n  {len(repeated)} đề nghị khen thưởng trùng đối tượng với một đề nghị có trước (cùng dịp), cần xem lại:")
        for pk, first, name in repeated:
            print(f"    đề nghị #{pk} «{name}» trùng đề nghị #{first}")


def _write(Nomination, new_keys: dict[int, str]) -> None:
    """Two passes, so that no row takes a key another row still holds before its own changes."""
    for stage in ("temporary", "final"):
        rows = [
            Nomination(pk=pk, key=f"#{pk}" if stage == "temporary" else key) for pk, key in new_keys.items()
        ]
        Nomination.objects.bulk_update(rows, ["key"], batch_size=1000)


def restore(apps, schema_editor):
    """The keys as 0007 made them: name and unit in NFC, any case and spacing."""
    import unicodedata

    def norm(text):
        return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())

    Nomination = apps.get_model("awards", "Nomination")
    new_keys = {}
    for pk, name, unit, ward, district in Nomination.objects.values_list(
        "pk", "nominee_name", "unit", "ward_id", "district_id"
    ).iterator(chunk_size=2000):
        place = ward or (f"q{district}" if district else "")
        new_keys[pk] = f"{norm(name)}|{norm(unit)}|{place}"
    _write(Nomination, new_keys)


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0014_forward_permission_name"),
        ("units", "0001_units_from_wards"),
    ]

    operations = [migrations.RunPython(recompute, restore)]
