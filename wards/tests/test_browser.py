"""The ward officer's first journey, in Chromium: log in, land on the ward page, enter figures."""

import pytest

from wards.models import YearlyCount

pytestmark = pytest.mark.browser


def test_officer_enters_the_first_years_figures(page, log_in, officer, khuong_dinh):
    log_in("phuong-khuong-dinh")
    assert page.url.endswith("/phuong/00364/")
    assert page.locator("h1").inner_text() == "Phường Khương Đình"

    page.click("text=Nhập số liệu năm 2022")
    assert page.input_value("#id_year") == "2022"
    assert page.input_value("#id_near_poor_start") == "6"
    assert "Chỉ tiêu giảm hộ cận nghèo năm 2022: 2 hộ" in page.inner_text("#count-context")

    page.fill("#id_near_poor_escaped", "3")
    page.fill("#id_near_poor_new", "1")
    page.fill("#id_near_poor_end", "4")
    assert "khớp với số cuối năm" in page.inner_text("#count-balance")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    assert page.url.endswith("/phuong/00364/2022/")
    assert "Hộ cận nghèo cuối năm\t4" in page.inner_text("table.figures")
    page.click("text=Phường Khương Đình >> nth=0")
    assert page.url.endswith("/phuong/00364/")
    row = page.locator("table.data tbody tr").first
    assert row.locator("th").inner_text() == "2022"
    assert row.locator("td").nth(5).inner_text() == "4"  # near-poor at year end
    assert "Đang nhập" in row.inner_text()
    count = YearlyCount.objects.get()
    assert (count.near_poor_start, count.near_poor_escaped, count.near_poor_new, count.near_poor_end) == (6, 3, 1, 4)


def test_unbalanced_figures_are_refused_in_vietnamese(page, log_in, officer, khuong_dinh):
    log_in("phuong-khuong-dinh")
    page.click("text=Nhập số liệu năm 2022")
    page.fill("#id_near_poor_escaped", "2")
    page.fill("#id_near_poor_end", "5")
    assert "chưa khớp với số cuối năm (5)" in page.inner_text("#count-balance")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    errors = page.inner_text(".errorlist")
    assert "Số liệu không cân đối: đầu năm 6 − giảm 2 + tăng 0 = 4, nhưng số cuối năm nhập là 5." in errors
    assert not YearlyCount.objects.exists()


def test_the_yearly_cycle_in_the_browser(page, log_in, officer, social_affairs, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, near_poor_escaped=2)

    log_in("phuong-khuong-dinh")
    page.click("text=Xem, sửa và gửi số liệu năm 2022")
    page.click("text=Gửi Phòng LĐ-TB&XH duyệt")
    page.click("text=Xác nhận gửi Phòng LĐ-TB&XH duyệt")
    assert "Đã gửi số liệu năm 2022" in page.inner_text(".messages")
    page.click("text=Đăng xuất")

    log_in("ldtbxh")
    page.goto("/phuong/00364/2022/")
    page.fill("#count-return-reason", "Thiếu hộ phát sinh mới trong năm")
    page.click("text=Trả lại cho phường")
    assert "Thiếu hộ phát sinh mới trong năm" in page.inner_text(".confirm-details")
    page.click("text=Xác nhận trả lại cho phường")
    assert "Đã trả lại số liệu năm 2022" in page.inner_text(".messages")
    page.click("text=Đăng xuất")

    log_in("phuong-khuong-dinh")
    assert "Số liệu năm 2022 cần sửa rồi gửi lại." in page.inner_text(".next-step")
    page.click("text=Xem, sửa và gửi số liệu năm 2022")
    assert "Lý do: Thiếu hộ phát sinh mới trong năm" in page.inner_text(".notice-bad")
    page.click("text=Sửa số liệu")
    page.fill("#id_near_poor_new", "1")
    page.fill("#id_near_poor_end", "5")
    page.click("input[name=_save]")
    page.click("text=Gửi Phòng LĐ-TB&XH duyệt")
    page.click("text=Xác nhận gửi Phòng LĐ-TB&XH duyệt")
    page.click("text=Đăng xuất")

    log_in("ldtbxh")
    page.goto("/phuong/00364/2022/")
    page.click("text=Duyệt số liệu")
    # The reviewer reads what approving does, goes back once, then approves.
    assert "Xác nhận: Duyệt số liệu" in page.inner_text("h1")
    assert "sẽ được duyệt và khóa: phường không sửa được nữa" in page.inner_text("#confirm-consequence")
    page.click("text=Quay lại")
    assert page.url.endswith("/phuong/00364/2022/")
    assert YearlyCount.objects.get().status == YearlyCount.Status.SUBMITTED
    page.click("text=Duyệt số liệu")
    page.click("text=Xác nhận duyệt số liệu")
    assert "Đã duyệt số liệu năm 2022" in page.inner_text(".messages")
    page.goto("/tong-quan/")
    row = page.locator("table tr", has=page.locator("th a", has_text="Khương Đình")).first
    # 6 − 2 + 1 = 5 left against a target of 4: one household short of the 2022 target.
    assert "5" in row.inner_text() and "Chậm tiến độ" in row.inner_text()
    assert YearlyCount.objects.get().status == YearlyCount.Status.APPROVED


def test_officer_imports_the_year_from_the_template(page, log_in, officer, khuong_dinh, tmp_path):
    import openpyxl

    log_in("phuong-khuong-dinh")
    page.click("text=hoặc nhập từ tệp Excel")
    with page.expect_download() as download:
        page.click(".sheet-templates >> text=2022")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert [c.value for c in sheet[2]][:3] == ["00364", "Khương Đình", 2022]

    # First a slip: the end does not balance. The preview says where, and nothing is written.
    sheet.cell(row=2, column=headers.index("Giảm: thoát cận nghèo") + 1, value=3)
    book.save(template)
    page.set_input_files("input[name=import_file]", str(template))
    page.click("input[value='Kiểm tra tệp']")
    assert "Tệp có 1 lỗi — chưa dòng nào được ghi" in page.inner_text("#content")
    assert "Số liệu không cân đối" in page.inner_text("table.sheet-errors")
    assert not YearlyCount.objects.exists()

    sheet.cell(row=2, column=headers.index("Số hộ cận nghèo cuối năm") + 1, value=3)
    book.save(template)
    page.set_input_files("input[name=import_file]", str(template))
    page.click("input[value='Kiểm tra tệp']")
    preview = page.inner_text("table.sheet-preview")
    assert "Mới" in preview and "Giảm: thoát cận nghèo: 3" in preview
    assert not YearlyCount.objects.exists()

    page.click("input[name=confirm]")
    page.wait_for_load_state()
    assert "Đã nhập từ tệp: 1 dòng mới" in page.inner_text(".messagelist")
    page.goto("/phuong/00364/2022/")
    assert "Hộ cận nghèo cuối năm\t3" in page.inner_text("table.figures")
    count = YearlyCount.objects.get()
    assert (count.near_poor_escaped, count.near_poor_end, count.updated_by) == (3, 3, officer)
