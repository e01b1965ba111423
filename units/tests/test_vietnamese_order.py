"""Vietnamese alphabetical order of names: the Python key, querysets on both databases, and what the
district dashboard, an admin change list and an .xlsx export list, with the 11 wards of Thanh Xuân."""

import io
import random
import re

import openpyxl
import pytest
from django.urls import reverse

from common.collation import vietnamese, vietnamese_key
from units.models import Ward

# Written by hand from the alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y):
# "Khương Đình" before "Khương Mai" since đ comes right after d; "Khương" before "Kim" (h < i);
# "Thanh" before "Thượng" (a < ư).
THANH_XUAN_WARDS = [
    "Hạ Đình", "Khương Đình", "Khương Mai", "Khương Trung", "Kim Giang", "Nhân Chính", "Phương Liệt",
    "Thanh Xuân Bắc", "Thanh Xuân Nam", "Thanh Xuân Trung", "Thượng Đình",
]
OLD_CODES = ["00343", "00346", "00349", "00352", "00355", "00358", "00361", "00364", "00367", "00370", "00373"]


def shuffled(names):
    names = list(names)
    random.Random(255).shuffle(names)
    return names


def test_the_key_puts_the_wards_in_vietnamese_order():
    assert sorted(shuffled(THANH_XUAN_WARDS), key=vietnamese_key) == THANH_XUAN_WARDS
    # What code points do, and what the users saw.
    assert sorted(THANH_XUAN_WARDS).index("Khương Đình") > sorted(THANH_XUAN_WARDS).index("Khương Trung")


@pytest.mark.parametrize("expected", [
    ["ha", "hà", "hả", "hã", "há", "hạ"],  # tones: none, huyền, hỏi, ngã, sắc, nặng
    ["da", "dz", "đa", "ea", "êa", "ga"],  # đ and ê are letters of their own
    ["an", "ăn", "ân", "bo", "ô", "ơ", "u", "ư", "v"],
    ["ha", "Ha", "hà", "Hà"],  # a tone weighs more than a capital
    ["Thanh Xuân", "Thanh Xuân Bắc", "Thanh Xuân Nam"],  # a name before the longer ones it begins
    ["Hạ Đình", "Hà Đông", "Hai Bà Trưng"],  # tones only break ties: đình < đông (i < ô); a space < i
])
def test_the_key_follows_the_dictionary(expected):
    assert sorted(shuffled(expected), key=vietnamese_key) == expected


def test_the_key_reads_composed_and_decomposed_text_alike():
    import unicodedata

    assert vietnamese_key(unicodedata.normalize("NFD", "Thượng Đình"))[:3] == vietnamese_key("Thượng Đình")[:3]


def old_wards():
    return Ward.objects.filter(code__in=OLD_CODES, district__code="009")


def test_wards_come_in_vietnamese_order_from_the_database(plan):
    assert [w.name for w in old_wards()] == THANH_XUAN_WARDS  # Meta.ordering
    assert list(old_wards().order_by(vietnamese("name")).values_list("name", flat=True)) == THANH_XUAN_WARDS
    assert list(old_wards().order_by(vietnamese("name").desc()).values_list("name", flat=True)) == THANH_XUAN_WARDS[::-1]


def test_the_district_dashboard_lists_its_wards_in_vietnamese_order(client, social_affairs):
    client.force_login(social_affairs)
    response = client.get("/tong-quan/quan/009/")
    assert response.status_code == 200
    table = response.content.decode().split('<table class="data progress-table">', 1)[1].split("</table>", 1)[0]
    names = re.findall(r'<th scope="row"><a href="[^"]*">([^<]+)</a></th>', table)
    assert names == THANH_XUAN_WARDS


def test_an_admin_change_list_lists_the_wards_in_vietnamese_order(client, social_affairs):
    client.force_login(social_affairs)
    response = client.get(reverse("admin:wards_baseline_changelist"))
    assert response.status_code == 200
    assert [b.ward.name for b in response.context["cl"].result_list] == THANH_XUAN_WARDS
    rows = re.findall(r'<th class="field-ward[^"]*"><a href="[^"]*">Phường ([^<]+)</a></th>', response.content.decode())
    assert rows == THANH_XUAN_WARDS


def test_the_targets_export_lists_the_wards_in_vietnamese_order(client, social_affairs):
    from wards.resources import ReductionTargetResource

    client.force_login(social_affairs)
    fields = {f"reductiontargetresource_{name}": "on" for name in ReductionTargetResource().get_export_order()}
    response = client.post(
        reverse("admin:wards_reductiontarget_export"), {"format": "0", "resource": "0", **fields}
    )
    assert response.status_code == 200, response.content[:300]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    header, body = rows[0], rows[1:]
    names = [row[header.index("Phường")] for row in body]
    # One row per ward and year, of the five wards the plan gives targets, the years of a ward together.
    assert list(dict.fromkeys(names)) == ["Khương Đình", "Khương Trung", "Nhân Chính", "Phương Liệt", "Thanh Xuân Bắc"]
    assert len(names) == 5 * 4


def test_the_wards_export_lists_the_wards_in_vietnamese_order(client, social_affairs):
    from units.resources import WardResource

    client.force_login(social_affairs)
    fields = {f"wardresource_{name}": "on" for name in WardResource().get_export_order()}
    response = client.post(reverse("admin:units_ward_export"), {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200, response.content[:300]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    header, body = rows[0], rows[1:]
    assert [row[header.index("Tên phường")] for row in body] == THANH_XUAN_WARDS


def test_wards_of_equal_share_in_the_ranking_come_in_vietnamese_order(plan, social_affairs):
    from awards.selectors import ward_ranking

    rows = ward_ranking(user=social_affairs, campaign=plan, year=2023)["rows"]
    assert len({row["percent"] for row in rows}) == 1  # nothing assessed nor approved: all equal
    assert [row["ward"].name for row in rows] == THANH_XUAN_WARDS
