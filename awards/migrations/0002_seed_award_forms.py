"""The four award forms of section V of plan 255/KH-UBND, with who decides them, when and for whom."""

from django.db import migrations

# Section V.3: yearly, the City Chairman's Certificate of Merit and the District Chairman's
# Certificate; at the final review also the City's Emulation Flag (collectives only). Wards reward
# sudden and special achievements themselves, and at the reviews, within their own powers.
AWARD_FORMS = [
    {
        "code": "co-thi-dua-thanh-pho", "order": 1, "name": "Cờ thi đua của UBND Thành phố",
        "decided_by": "city", "decider": "UBND thành phố Hà Nội",
        "for_yearly": False, "for_final": True, "for_sudden": False,
        "for_collective": True, "for_individual": False, "for_household": False,
    },
    {
        "code": "bang-khen-thanh-pho", "order": 2, "name": "Bằng khen của Chủ tịch UBND Thành phố",
        "decided_by": "city", "decider": "Chủ tịch UBND thành phố Hà Nội",
        "for_yearly": True, "for_final": True, "for_sudden": False,
        "for_collective": True, "for_individual": True, "for_household": True,
    },
    {
        "code": "giay-khen-quan", "order": 3, "name": "Giấy khen của Chủ tịch UBND quận",
        "decided_by": "district", "decider": "Chủ tịch UBND quận Thanh Xuân",
        "for_yearly": True, "for_final": True, "for_sudden": False,
        "for_collective": True, "for_individual": True, "for_household": True,
    },
    {
        "code": "giay-khen-phuong", "order": 4, "name": "Giấy khen của Chủ tịch UBND phường",
        "decided_by": "ward", "decider": "Chủ tịch UBND phường",
        "for_yearly": True, "for_final": True, "for_sudden": True,
        "for_collective": True, "for_individual": True, "for_household": True,
    },
]


def seed_award_forms(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    for form in AWARD_FORMS:
        AwardForm.objects.update_or_create(code=form["code"], defaults=form)


def remove_award_forms(apps, schema_editor):
    apps.get_model("awards", "AwardForm").objects.filter(code__in=[f["code"] for f in AWARD_FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_forms_assessments_nominations")]

    operations = [migrations.RunPython(seed_award_forms, remove_award_forms)]
