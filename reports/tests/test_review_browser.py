"""The final review in Chromium: LĐ-TB&XH writes the narrative, previews, issues, downloads."""

import hashlib

import pytest

from reports.models import ReviewReport
from reports.tests.review_data import approve_years

pytestmark = pytest.mark.browser

NARRATIVE = {
    "deployment": "UBND quận ban hành Kế hoạch số 255/KH-UBND, phát động Phong trào tại 11 phường.",
    "results": "Toàn quận duy trì không có hộ nghèo; hộ cận nghèo giảm từ 32 hộ xuống 0 hộ.",
    "shortcomings": "Một số hộ cận nghèo là người cao tuổi, không còn khả năng lao động.",
    "lessons": "Sự vào cuộc của cả hệ thống chính trị, sát với từng hộ.",
    "directions": "Tiếp tục hỗ trợ các hộ mới thoát cận nghèo để không tái cận nghèo.",
    "proposals": "Đề nghị Thành phố tiếp tục hỗ trợ kinh phí bảo hiểm y tế cho hộ mới thoát cận nghèo.",
}


def test_social_affairs_drafts_previews_issues_and_downloads_the_final_review(page, log_in, plan, social_affairs):
    approve_years(plan, plan.years)
    log_in("ldtbxh")
    page.goto("/tong-quan/")
    page.click("text=Báo cáo sơ kết, tổng kết")
    page.click("text=Soạn báo cáo mới")
    page.select_option("#id_kind", "final")
    page.fill("#id_number", "86/BC-UBND")
    page.fill("#id_dated_on", "05/06/2025")
    for name, text in NARRATIVE.items():
        page.fill(f"#id_{name}", text)
    page.fill("#id_signer_name", "Đặng Khánh Hòa")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "Đã lưu dự thảo" in page.inner_text(".messages")

    page.click("text=Xem trước")
    page.wait_for_load_state()
    sheet = page.inner_text(".sheet")
    assert "DỰ THẢO" in sheet and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in sheet
    assert NARRATIVE["results"] in sheet and "Khương Đình" in sheet
    assert "TỔNG CỘNG" in sheet
    page.click("text=Trở lại trang báo cáo")

    page.click("text=Ban hành báo cáo")
    page.wait_for_load_state()
    # Issuing cannot be undone: the page says so before anything happens.
    consequence = page.inner_text("#confirm-consequence")
    assert "Báo cáo số 86/BC-UBND sẽ được ban hành" in consequence
    assert "Sau khi ban hành, báo cáo không sửa được nữa" in consequence
    assert "86/BC-UBND ngày 05/06/2025" in page.inner_text(".confirm-details")
    assert not ReviewReport.objects.get().is_issued
    page.click("text=Xác nhận ban hành báo cáo")
    page.wait_for_load_state()
    assert "Đã ban hành" in page.inner_text(".messages")
    report = ReviewReport.objects.get()
    assert report.is_issued
    assert report.pdf_sha256 in page.inner_text(".messages")
    assert report.pdf_sha256 == page.inner_text("code.sha256")

    with page.expect_download() as download_info:
        page.click("text=Tải PDF")
    download = download_info.value
    assert download.suggested_filename == "bao-cao-tong-ket-2025-86-bc-ubnd.pdf"
    content = open(download.path(), "rb").read()
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
