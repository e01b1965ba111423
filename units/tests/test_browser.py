"""Two journeys of a district's office, in Chromium: choosing which of its plans to work under,
and bringing in a ward's new officer (the account made for them, never picked among others)."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from campaign.services import plan_copy
from units.models import WardOfficer

pytestmark = pytest.mark.browser


def test_the_office_picks_the_plan_it_works_under(page, log_in, plan, social_affairs, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status="approved", near_poor_escaped=2)
    plan_copy(
        source=plan, number="12/KH-UBND", issuing_body="UBND quận Thanh Xuân", owner_district=plan.owner_district,
        parent=plan.parent, title="Giảm nghèo bền vững giai đoạn 2026–2030", issued_on=datetime.date(2026, 2, 1),
        start_year=2026, end_year=2030,
    )
    log_in("ldtbxh")
    # The plan running this year comes first; the footer says which plan the pages read.
    assert "Kế hoạch số 12/KH-UBND" in page.inner_text("footer")
    assert "giai đoạn 2026–2030" in page.inner_text("main")
    page.click("nav >> text=Kế hoạch 12/KH-UBND")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 2
    assert "Đang chọn" in rows.nth(0).inner_text() and "2026–2030" in rows.nth(0).inner_text()
    rows.nth(1).locator("text=Làm việc theo kế hoạch này").click()
    page.wait_for_load_state()
    assert "Đang làm việc theo Kế hoạch 255/KH-UBND" in page.inner_text(".messages")
    assert "Kế hoạch số 255/KH-UBND ngày 29/9/2022 của UBND quận Thanh Xuân" in page.inner_text("footer")
    assert "giai đoạn 2022–2025" in page.inner_text("main")
    assert "Cuối 2022" in page.inner_text("main")
    # The choice lasts the session: the next page reads the same plan.
    page.goto("/khen-thuong/")
    assert "255/KH-UBND" in page.inner_text("footer")


def test_the_office_brings_in_a_wards_new_officer(page, log_in, plan, social_affairs, khuong_dinh):
    log_in("ldtbxh")
    page.goto("/admin/units/wardofficer/add/")
    assert page.locator("#id_user").count() == 0  # no list of accounts to pick from
    # The district's own eleven wards, and no other.
    options = [o for o in page.locator("#id_ward option").all_inner_texts() if o != "---------"]
    assert len(options) == 11 and "Phường Khương Đình" in options
    page.fill("#id_username", "phuong-khuong-dinh-2")
    page.fill("#id_full_name", "Lê Thị Mai")
    page.fill("#id_email", "mai@khuongdinh.example.vn")
    page.fill("#id_password1", "Mat-khau-moi-2026")
    page.fill("#id_password2", "Mat-khau-khac-2026")
    page.select_option("#id_ward", label="Phường Khương Đình")
    page.fill("#id_position", "Cán bộ giảm nghèo")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "Hai lần nhập mật khẩu không khớp." in page.inner_text(".errorlist")
    assert not get_user_model().objects.filter(username="phuong-khuong-dinh-2").exists()
    page.fill("#id_password1", "Mat-khau-moi-2026")
    page.fill("#id_password2", "Mat-khau-moi-2026")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "Lê Thị Mai" in page.inner_text("#result_list")
    link = WardOfficer.objects.select_related("user").get(user__username="phuong-khuong-dinh-2")
    assert link.ward == khuong_dinh and link.user.is_staff and not link.user.is_superuser
    page.context.clear_cookies()  # signed out
    log_in("phuong-khuong-dinh-2", "Mat-khau-moi-2026")
    assert page.url.endswith("/phuong/00364/")
    assert page.locator("h1").inner_text() == "Phường Khương Đình"


def test_the_city_reads_a_new_ward_and_its_predecessors(page, log_in, plan, make_user, make_count, khuong_dinh):
    """In 2026 the city's page lists the new wards under the city; Khương Đình's page lists the
    wards it came from, and an old ward's page its 2022–2025 results, read-only."""
    from units.access import Role
    from units.models import District, Province, Succession, Ward
    from units.reorganisation import load

    make_count(khuong_dinh, 2022, status="approved", near_poor_escaped=2)
    load(Province, District, Ward, Succession)
    make_user("so-nnmt", Role.CITY_SOCIAL_AFFAIRS)
    log_in("so-nnmt")
    assert "Phường, xã trực thuộc Thành phố Hà Nội" in page.inner_text("main")
    rows = page.locator("section.units table tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in rows] == ["Phường Khương Đình", "Phường Phương Liệt", "Phường Thanh Xuân"]
    page.click("section.units >> text=Phường Khương Đình")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Phường Khương Đình"
    main = page.inner_text("main")
    assert "hiệu lực từ 01/07/2025" in main and "chưa có kế hoạch thi đua" in main
    lineage = page.locator("table.lineage-table")
    assert "Phường Khương Đình (đến 30/06/2025)" in lineage.inner_text()
    assert "chưa đủ" in lineage.locator("tfoot").inner_text()  # its splits have no known share
    page.click("table.lineage-table >> text=Phường Khương Đình (đến 30/06/2025)")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Phường Khương Đình hoạt động đến hết ngày 30/06/2025." in main
    assert "Đơn vị kế thừa" in main and "Kế hoạch 255/KH-UBND" in main
    assert "Nhập số liệu năm" not in main
    year_2022 = page.locator("table.data:not(.lineage-table) tbody tr", has_text="2022").first.inner_text()
    assert "Đã duyệt" in year_2022
