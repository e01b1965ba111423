"""A nomination's whole journey in Chromium: the officer proposes a residential group with two
documents, LĐ-TB&XH forwards it, Nội vụ approves it and records the decision."""

import pytest

from awards.models import Nomination
from conftest import PDF, file_bytes

pytestmark = pytest.mark.browser


def log_out(page):
    page.click("text=Đăng xuất")
    page.wait_for_load_state()


def test_a_residential_group_is_proposed_appraised_and_awarded(
    page, log_in, officer, social_affairs, home_affairs, award_forms
):
    log_in("phuong-khuong-dinh")
    page.click("nav >> text=Khen thưởng")
    page.click("text=Lập đề nghị khen thưởng mới")
    page.select_option("#id_occasion", "yearly")
    page.select_option("#id_year", "2023")
    page.select_option("#id_award_form", label="Giấy khen của Chủ tịch UBND quận")
    page.select_option("#id_nominee_kind", "collective")
    page.fill("#id_nominee_name", "Tổ dân phố số 5")
    page.fill("#id_unit", "Phường Khương Đình")
    page.select_option("#id_actor_type", "residential_group")
    page.fill("#id_achievements", "Vận động, hỗ trợ 3 hộ cận nghèo thoát cận nghèo năm 2023.")
    page.set_input_files("#id_submission_letter", {"name": "Tờ trình số 12.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.set_input_files("#id_achievement_report", {
        "name": "Báo cáo thành tích.docx", "mimeType": "application/octet-stream", "buffer": file_bytes("docx"),
    })
    page.click("text=Lưu đề nghị")
    page.wait_for_load_state()
    assert "Đã lưu đề nghị khen thưởng cho Tổ dân phố số 5." in page.inner_text(".messages")
    docs = page.inner_text("#ho-so")
    assert "Tờ trình số 12.pdf" in docs and "Báo cáo thành tích.docx" in docs
    assert "Hỗ trợ vốn, chia sẻ kinh nghiệm" in page.inner_text("#tieu-chi")
    page.click("text=Gửi Phòng LĐ-TB&XH")
    assert "Từ lúc gửi, UBND Phường Khương Đình không sửa" in page.inner_text("#confirm-consequence")
    page.click("text=Xác nhận gửi Phòng LĐ-TB&XH")
    assert "Đã gửi đề nghị tới Phòng LĐ-TB&XH." in page.inner_text(".messages")
    log_out(page)

    log_in("ldtbxh")
    page.click("nav >> text=Khen thưởng")
    page.click("text=Tổ dân phố số 5")
    page.fill("#nomination-forward-reason", "Hồ sơ đầy đủ.")
    page.click("text=Chuyển Phòng Nội vụ thẩm định")
    assert "Hồ sơ đầy đủ." in page.inner_text(".confirm-details")
    page.click("text=Xác nhận chuyển Phòng Nội vụ thẩm định")
    assert "Đã chuyển đề nghị sang Phòng Nội vụ thẩm định." in page.inner_text(".messages")
    log_out(page)

    log_in("noivu")
    page.click("nav >> text=Thẩm định khen thưởng")
    assert "Khen thưởng năm 2023" in page.inner_text("main")
    page.click("table >> text=Tổ dân phố số 5")
    page.fill("#nomination-approve-reason", "Thành tích tiêu biểu.")
    page.click("button:has-text('Đồng ý đề nghị khen thưởng')")
    assert "Thành tích tiêu biểu." in page.inner_text(".confirm-details")
    page.click("text=Xác nhận đồng ý đề nghị khen thưởng")
    assert "đồng ý đề nghị khen thưởng" in page.inner_text(".messages")
    page.fill("#nomination-decide-number", "215/QĐ-UBND")
    page.fill("#nomination-decide-date", "2024-03-15")
    page.click("text=Ghi quyết định khen thưởng")
    assert "215/QĐ-UBND" in page.inner_text(".confirm-details")
    assert "15/03/2024" in page.inner_text(".confirm-details")
    page.click("text=Xác nhận ghi quyết định khen thưởng")
    page.wait_for_load_state()
    assert "Đã khen thưởng" in page.inner_text("h1 + p")
    assert "Quyết định số 215/QĐ-UBND ngày 15/03/2024 của Chủ tịch UBND quận Thanh Xuân" in page.inner_text("main")

    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.AWARDED
    assert nomination.documents.count() == 2
    assert list(nomination.transitions.values_list("to_status", flat=True)) == [
        "submitted", "forwarded", "approved", "awarded",
    ]
