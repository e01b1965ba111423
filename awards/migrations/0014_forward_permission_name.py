from django.db import migrations

OLD = "Tổng hợp, chuyển đề nghị khen thưởng sang Phòng Nội vụ"
NEW = "Tổng hợp, chuyển đề nghị khen thưởng sang cơ quan thi đua, khen thưởng"


def rename(name):
    # Django creates a missing permission but never renames a stored one.
    def run(apps, schema_editor):
        apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="awards", codename="forward_nomination",
        ).update(name=name)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0013_office_names_by_role"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(rename(NEW), rename(OLD))]
