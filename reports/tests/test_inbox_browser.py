"""LĐ-TB&XH's inbox in Chromium: from "Chờ duyệt (N)" in the header to each ward's figures, read
beside the year's target and last year, approved one after the other until none is left."""

import datetime

import pytest
from django.utils import timezone

from wards.models import CountTransition, YearlyCount

pytestmark = pytest.mark.browser
Status = YearlyCount.Status


def test_social_affairs_approves_what_waits_ward_after_ward(page, log_in, social_affairs, officer, other_officer,
                                                            make_count, khuong_dinh, nhan_chinh):
    make_count(khuong_dinh, 2022, status=Status.APPROVED, near_poor_escaped=2)
    for ward, year, by, days in ((nhan_chinh, 2022, other_officer, 5), (khuong_dinh, 2023, officer, 1)):
        count = make_count(ward, year, status=Status.SUBMITTED, near_poor_escaped=1)
        step = CountTransition.objects.create(count=count, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=by)
        CountTransition.objects.filter(pk=step.pk).update(at=timezone.now() - datetime.timedelta(days=days))

    log_in("ldtbxh")
    page.click("#nav-inbox")
    assert page.locator("#nav-inbox").inner_text() == "Chờ duyệt (2)"
    wards = page.locator("#inbox-counts tbody th").all_inner_texts()
    assert wards == ["Phường Nhân Chính", "Phường Khương Đình"]  # the oldest submission first

    page.click("#inbox-counts >> text=Phường Nhân Chính")
    assert page.url.endswith("/phuong/00343/2022/")
    page.click("text=Duyệt và sang phường tiếp theo")
    assert "Xác nhận: Duyệt số liệu" in page.inner_text("h1")
    page.click("text=Xác nhận duyệt số liệu")

    # On to Khương Đình's 2023, read beside its 2023 target and its approved 2022.
    assert page.url.endswith("/phuong/00364/2023/")
    assert "Đã duyệt số liệu năm 2022" in page.inner_text(".messages")
    assert "Cuối năm 2022 đã duyệt" in page.inner_text("#review-previous")
    assert page.locator("#review-previous .value").inner_text() == "4"
    assert "Chỉ tiêu giảm năm 2023" in page.inner_text("#review-target")
    assert "khớp số cuối năm 3" in page.inner_text("#review-balance")
    assert page.locator("#nav-inbox").inner_text() == "Chờ duyệt (1)"
    page.click("text=Duyệt và sang phường tiếp theo")
    page.click("text=Xác nhận duyệt số liệu")

    assert page.url.endswith("/cho-duyet/")
    assert "Không còn số liệu phường nào chờ duyệt." in page.inner_text(".messages")
    assert page.locator("#nav-inbox").inner_text() == "Chờ duyệt (0)"
    assert set(YearlyCount.objects.values_list("status", flat=True)) == {Status.APPROVED}
