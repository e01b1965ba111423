import datetime

from django.db import migrations

TWO_LEVELS = datetime.date(2025, 7, 1)
DEPARTMENTS_MERGED = datetime.date(2025, 3, 1)
TWO_LEVEL_BASIS = (
    "Chính quyền địa phương hai cấp từ 01/07/2025: UBND phường, xã có Văn phòng HĐND và UBND, phòng kinh tế "
    "(với phường: Phòng Kinh tế, Hạ tầng và Đô thị) và Phòng Văn hóa – Xã hội; công tác giảm nghèo do phòng "
    "kinh tế phụ trách. Đối chiếu tên theo quyết định của UBND phường, xã."
)
DEPARTMENT_BASIS = (
    "Từ 01/03/2025 nhiệm vụ giảm nghèo chuyển từ Sở Lao động – Thương binh và Xã hội sang Sở Nông nghiệp và "
    "Môi trường (sắp xếp tổ chức bộ máy theo Nghị quyết 18-NQ/TW; Nghị định 35/2025/NĐ-CP)."
)

# (role, level, name, short name, from, to, basis): the offices the product's roles are played by.
OFFICES = [
    ("Cơ quan thường trực", "district", "Phòng Lao động – Thương binh và Xã hội", "Phòng LĐ-TB&XH", None, None, ""),
    ("Cơ quan thi đua, khen thưởng", "district", "Phòng Nội vụ", "Phòng Nội vụ", None, None, ""),
    ("Cơ quan cấp tỉnh", "province", "Sở Lao động – Thương binh và Xã hội", "Sở LĐ-TB&XH", None,
     DEPARTMENTS_MERGED - datetime.timedelta(days=1), ""),
    ("Cơ quan cấp tỉnh", "province", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", DEPARTMENTS_MERGED, None, DEPARTMENT_BASIS),
    ("Cơ quan thường trực", "ward", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế, Hạ tầng và Đô thị", TWO_LEVELS,
     None, TWO_LEVEL_BASIS),
    ("Cơ quan thi đua, khen thưởng", "ward", "Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND", TWO_LEVELS, None, TWO_LEVEL_BASIS),
]


def forwards(apps, schema_editor):
    Office = apps.get_model("units", "Office")
    for role, level, name, short, start, end, basis in OFFICES:
        Office.objects.get_or_create(
            role=role, level=level, valid_from=start, province=None,
            defaults={"name": name, "short_name": short, "valid_to": end, "legal_basis": basis},
        )


def backwards(apps, schema_editor):
    apps.get_model("units", "Office").objects.filter(province=None).delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0005_role_names")]

    operations = [migrations.RunPython(forwards, backwards)]
