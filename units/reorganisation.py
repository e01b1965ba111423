"""The 2025 reorganisation of Thanh Xuân's wards as reference data, and its loader.

Two steps, each from its resolution:
- 1/1/2025 (Nghị quyết 1286/NQ-UBTVQH15): Kim Giang merged into Hạ Đình, the merged ward under
  Kim Giang's code 00373; Thanh Xuân Nam (00370) left the list of units, into Thanh Xuân Bắc.
- 1/7/2025 (Nghị quyết 1656/NQ-UBTVQH15, Điều 1 khoản 22–24): the district level ends and the
  district's nine wards, with parts of neighbouring wards, become the wards Thanh Xuân (00367),
  Khương Đình (00364) and Phương Liệt (00352), directly under the city.

The resolutions give parts of wards by area and population, never by households: every split
predecessor has an unknown share, so roll-ups name it instead of estimating it. The loader is
written against the models it is given, so the migration can pass its historical ones."""

import datetime
import hashlib
import json

MERGED = datetime.date(2025, 1, 1)
TWO_LEVELS = datetime.date(2025, 7, 1)
DAY = datetime.timedelta(days=1)

NQ_1286 = "Nghị quyết 1286/NQ-UBTVQH15 ngày 14/11/2024 của Ủy ban Thường vụ Quốc hội"
NQ_1656 = "Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội, Điều 1 khoản {}"
CODES = "Mã số theo Công văn 1027/CTK-CSCL ngày 25/6/2025 của Cục Thống kê (Quyết định 19/2025/QĐ-TTg)."

DISTRICT = "009"
# The district's wards that ended with the 1/1/2025 merger, and the others, which ended 30/6/2025.
ENDED_2024 = ["00361", "00370", "00373"]  # Hạ Đình, Thanh Xuân Nam, Kim Giang
ENDED_2025 = ["00343", "00346", "00349", "00352", "00355", "00358", "00364", "00367"]

MERGED_HA_DINH = ("00373", "Hạ Đình")
NEW_WARDS = [("00367", "Thanh Xuân"), ("00364", "Khương Đình"), ("00352", "Phương Liệt")]

WHOLE, SHARE = "whole", "share"

# (predecessor, successor, part, note) of 1/1/2025: old codes; "HD" is the merged Hạ Đình.
MERGER_STEPS = [
    ("00361", "HD", WHOLE, "Phường Hạ Đình nhận toàn bộ phường Kim Giang; phường sau sắp xếp mang mã 00373."),
    ("00373", "HD", WHOLE, "Nhập toàn bộ phường Kim Giang vào phường Hạ Đình."),
    ("00370", "00367", WHOLE,
     "Phường Thanh Xuân Nam không còn trong danh mục từ 01/01/2025; theo danh mục mã số, toàn bộ nhập vào "
     "phường Thanh Xuân Bắc (chưa đối chiếu được văn bản nghị quyết)."),
]

# NQ 1656, clause by clause: (clause, new ward code, predecessor code or "HD", part, note).
TWO_LEVEL_STEPS = [
    (22, "00367", "00343", SHARE, "Một phần diện tích, dân số phường Nhân Chính."),
    (22, "00367", "00367", SHARE, "Một phần diện tích, dân số phường Thanh Xuân Bắc."),
    (22, "00367", "00355", SHARE, "Một phần diện tích, dân số phường Thanh Xuân Trung."),
    (22, "00367", "00346", SHARE, "Một phần diện tích, dân số phường Thượng Đình."),
    (23, "00364", "HD", SHARE, "Một phần diện tích, dân số phường Hạ Đình."),
    (23, "00364", "00364", SHARE, "Một phần diện tích, dân số phường Khương Đình."),
    (23, "00364", "00349", SHARE, "Một phần diện tích, dân số phường Khương Trung."),
    (23, "00364", "00355", SHARE, "Phần còn lại của phường Thanh Xuân Trung sau khoản 22."),
    (23, "00364", "00346", SHARE, "Phần còn lại của phường Thượng Đình sau khoản 22."),
    (24, "00352", "00352", WHOLE, "Toàn bộ diện tích, dân số phường Khương Mai."),
    (24, "00352", "00358", SHARE, "Phần còn lại của phường Phương Liệt sau khoản 18."),
    (24, "00352", "00364", SHARE, "Phần còn lại của phường Khương Đình sau khoản 23."),
    (24, "00352", "00349", SHARE, "Phần còn lại của phường Khương Trung sau khoản 23."),
]

# Sides outside the product: (clause, new ward code or None, old code or None, other name, other code, note).
OUTSIDE = [
    (22, "00367", None, "Phường Trung Hòa (quận Cầu Giấy)", "00175", "Một phần diện tích, dân số."),
    (22, "00367", None, "Phường Trung Văn (quận Nam Từ Liêm)", "00637", "Một phần diện tích, dân số."),
    (23, "00364", None, "Phường Đại Kim (quận Hoàng Mai)", "00316", "Một phần diện tích tự nhiên (nghị quyết không ghi dân số)."),
    (23, "00364", None, "Xã Tân Triều (huyện Thanh Trì)", "00643", "Một phần diện tích tự nhiên (nghị quyết không ghi dân số)."),
    (24, "00352", None, "Phường Thịnh Liệt (quận Hoàng Mai)", "00331", "Phần còn lại sau các khoản 16, 19, 21."),
    (24, "00352", None, "Phường Định Công (quận Hoàng Mai)", "00307", "Phần còn lại sau khoản 19."),
    (18, None, "00358", "Phường Tương Mai (mới)", "00322", "Một phần phường Phương Liệt vào phường Tương Mai."),
    (27, None, "00343", "Phường Yên Hòa (mới)", "00175", "Một phần phường Nhân Chính vào phường Yên Hòa."),
    (38, None, "00343", "Phường Đại Mỗ (mới)", "00637", "Phần còn lại của phường Nhân Chính vào phường Đại Mỗ."),
    (48, None, "00367", "Phường Thanh Liệt (mới)", "00643", "Phần còn lại của phường Thanh Xuân Bắc vào phường Thanh Liệt."),
    (48, None, "HD", "Phường Thanh Liệt (mới)", "00643", "Phần còn lại của phường Hạ Đình vào phường Thanh Liệt."),
]


class NotApplicable(Exception):
    """The database does not hold Thanh Xuân's wards as they were before 2025."""


def applied(Ward) -> bool:
    return Ward.objects.filter(code__in=[code for code, _ in NEW_WARDS], valid_from=TWO_LEVELS).exists()


def load(Province, District, Ward, Succession) -> dict:
    """Enter both steps once; returns what was entered. Refuses when the district's 11 wards of
    2022 are not there, as they were, so nothing is half-applied."""
    if applied(Ward):
        return {}
    district = District.objects.filter(code=DISTRICT, valid_to__isnull=True).first()
    old = {w.code: w for w in Ward.objects.filter(district=district, valid_to__isnull=True)} if district else {}
    missing = sorted(set(ENDED_2024 + ENDED_2025) - set(old))
    if district is None or missing:
        raise NotApplicable(
            "Không thấy quận Thanh Xuân với đủ 11 phường còn hiệu lực"
            + (f" (thiếu mã {', '.join(missing)})" if district and missing else "")
            + ": chưa nhập dữ liệu sắp xếp đơn vị hành chính năm 2025."
        )
    city = district.province

    for code in ENDED_2024:
        Ward.objects.filter(pk=old[code].pk).update(valid_to=MERGED - DAY)
    merged = Ward.objects.create(
        province=city, district=district, code=MERGED_HA_DINH[0], name=MERGED_HA_DINH[1], slug="ha-dinh",
        valid_from=MERGED, valid_to=TWO_LEVELS - DAY,
    )
    for code in ENDED_2025:
        Ward.objects.filter(pk=old[code].pk).update(valid_to=TWO_LEVELS - DAY)
    District.objects.filter(pk=district.pk).update(valid_to=TWO_LEVELS - DAY)
    new = {
        code: Ward.objects.create(province=city, district=None, code=code, name=name, slug=_slug(name), valid_from=TWO_LEVELS)
        for code, name in NEW_WARDS
    }

    rows = []
    for before, after, part, note in MERGER_STEPS:
        rows.append(Succession(
            predecessor=old[before], successor=merged if after == "HD" else old[after], effective_on=MERGED,
            part=part, legal_basis=NQ_1286, note=note,
        ))
    for clause, after, before, part, note in TWO_LEVEL_STEPS:
        rows.append(Succession(
            predecessor=merged if before == "HD" else old[before], successor=new[after], effective_on=TWO_LEVELS,
            part=part, legal_basis=NQ_1656.format(clause), note=f"{note} {CODES}" if part == WHOLE else note,
        ))
    for clause, after, before, name, code, note in OUTSIDE:
        rows.append(Succession(
            predecessor=(merged if before == "HD" else old[before]) if before else None,
            successor=new[after] if after else None, other_name=name, other_code=code, effective_on=TWO_LEVELS,
            part=SHARE, legal_basis=NQ_1656.format(clause), note=note,
        ))
    Succession.objects.bulk_create(rows)
    return {"wards": 1 + len(new), "successions": len(rows)}


def _slug(name: str) -> str:
    from .models import slugify_vi

    return slugify_vi(name)


# The history the reorganisation must not touch: figures, targets, approvals, nominations,
# reports and every history table of them.
HISTORY_APPS = ("campaign", "wards", "awards", "reports")


def checksum(apps) -> tuple[str, int]:
    """A digest of every row of the history apps' tables, and the number of rows read."""
    digest, count = hashlib.sha256(), 0
    for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        if model._meta.app_label not in HISTORY_APPS or model._meta.proxy:
            continue
        digest.update(model._meta.db_table.encode())
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
            count += 1
    return digest.hexdigest(), count
