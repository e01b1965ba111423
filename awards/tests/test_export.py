"""The nominations exported from the admin: what each role gets, and no cell that runs."""

import io

import openpyxl
import pytest
from django.urls import reverse

from awards.resources import NominationResource

EXPORT = reverse("admin:awards_nomination_export")


def export(client, fmt="0"):
    fields = {f"nominationresource_{name}": "on" for name in NominationResource().get_export_order()}
    return client.post(EXPORT, {"format": fmt, "resource": "0", **fields})


def rows_of(response):
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)


@pytest.fixture
def two_wards_nominations(make_nomination, officer, other_officer, nhan_chinh):
    ours = make_nomination(officer, achievements="=HYPERLINK(\"http://x\",\"bấm vào\")")
    theirs = make_nomination(
        other_officer, nominee_name="Tổ dân phố số 9", unit="Phường Nhân Chính", ward=nhan_chinh,
        proposing_ward=nhan_chinh,
    )
    return ours, theirs


def test_officer_exports_only_their_wards_nominations(client, officer, two_wards_nominations):
    client.force_login(officer)
    rows = rows_of(export(client))
    headers = rows[0]
    assert headers[:4] == ("Dịp khen thưởng", "Hình thức khen thưởng", "Đối tượng", "Tên tập thể, cá nhân, hộ")
    assert [r[3] for r in rows[1:]] == ["Tổ dân phố số 5"]
    achievement = rows[1][headers.index("Tóm tắt thành tích")]
    assert achievement == "'=HYPERLINK(\"http://x\",\"bấm vào\")", "a formula comes back as text"


@pytest.mark.parametrize("role", ["social_affairs", "home_affairs"])
def test_district_offices_export_every_nomination(client, request, role, two_wards_nominations):
    client.force_login(request.getfixturevalue(role))
    response = export(client)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="de-nghi-khen-thuong-')
    assert sorted(r[3] for r in rows_of(response)[1:]) == ["Tổ dân phố số 5", "Tổ dân phố số 9"]


def test_export_refused_without_the_permission(client, no_role, two_wards_nominations):
    client.force_login(no_role)
    assert export(client).status_code == 403


def test_anonymous_goes_to_login(client, plan):
    response = client.get(EXPORT)
    assert response.status_code == 302 and "/login/" in response["Location"]
