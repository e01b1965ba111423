"""In Chromium: an officer's nomination form with two mistakes and two documents reads every error
and the names of the files already received; corrected without picking the files again, it saves
the nomination with both."""

import pytest

from awards.models import Nomination, PendingDocument
from conftest import PDF, file_bytes

pytestmark = pytest.mark.browser


def pdf_of(kilobytes: int) -> bytes:
    head, tail = PDF[:-7], b"%%EOF\n"
    return head + b" " * (kilobytes * 1024 - len(head) - len(tail)) + tail


def test_kept_files_and_every_error_after_a_failed_form(page, log_in, officer, award_forms):
    log_in("phuong-khuong-dinh")
    page.click("nav >> text=Khen thưởng")
    page.click("text=Lập đề nghị khen thưởng mới")
    page.select_option("#id_occasion", "yearly")
    page.select_option("#id_year", "2023")
    # The city's Flag is given only to collectives at the final review: wrong twice over here.
    page.select_option("#id_award_form", label="Cờ thi đua của UBND Thành phố")
    page.select_option("#id_nominee_kind", "household")
    page.fill("#id_nominee_name", "Hộ bà Nguyễn Thị Lan")
    page.select_option("#id_actor_type", "household")
    page.fill("#id_achievements", "Thoát cận nghèo bền vững năm 2023.")
    page.set_input_files("#id_submission_letter", {"name": "bienban.pdf", "mimeType": "application/pdf", "buffer": pdf_of(120)})
    page.set_input_files("#id_achievement_report", {
        "name": "Báo cáo thành tích.docx", "mimeType": "application/octet-stream", "buffer": file_bytes("docx"),
    })
    page.click("text=Lưu đề nghị")
    page.wait_for_load_state()

    summary = page.inner_text("#loi")
    assert "Đề nghị chưa được lưu: cần sửa 2 lỗi dưới đây." in summary
    assert "Các tệp đã nhận được giữ lại: không cần chọn lại." in summary
    assert page.locator("#loi li").all_inner_texts() == [
        "Hình thức khen thưởng: Cờ thi đua của UBND Thành phố chỉ xét vào dịp: tổng kết phong trào thi đua; "
        "không xét cho khen thưởng hằng năm.",
        "Hình thức khen thưởng: Hộ gia đình được tặng Bằng khen, Giấy khen, "
        "không được tặng Cờ thi đua của UBND Thành phố.",
    ]
    kept = page.locator(".kept").all_inner_texts()
    assert kept == [
        "Đã nhận: bienban.pdf (120 KB) — giữ nguyên, hoặc chọn tệp khác để thay",
        "Đã nhận: Báo cáo thành tích.docx (1 KB) — giữ nguyên, hoặc chọn tệp khác để thay",
    ]
    assert not Nomination.objects.exists()

    # Corrected without touching the files.
    page.select_option("#id_award_form", label="Giấy khen của Chủ tịch UBND quận")
    page.click("text=Lưu đề nghị")
    page.wait_for_load_state()
    assert "Đã lưu đề nghị khen thưởng cho Hộ bà Nguyễn Thị Lan." in page.inner_text(".messages")
    docs = page.inner_text("#ho-so")
    assert "bienban.pdf" in docs and "Báo cáo thành tích.docx" in docs
    nomination = Nomination.objects.get()
    assert sorted(nomination.documents.values_list("original_name", "size")) == [
        ("Báo cáo thành tích.docx", len(file_bytes("docx"))), ("bienban.pdf", 120 * 1024),
    ]
    assert not PendingDocument.objects.exists()
