"""Every write path leaves who, when and what: a history record with its user and change reason,
a transition (by, at, from, to, reason), or an entry in the admin's log.

The paths are walked as people use them: the admin form and its actions, a spreadsheet import,
the workflow pages, a reopening, a deadline extension and its move, the nomination pages with
their dossier files and decision, and the issue of a review report.
"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from conftest import upload
from wards.models import CountTransition, ReportingWindow, WindowExtension, YearlyCount
from wards.tests.test_admin import form_data
from wards.tests.test_spreadsheets import confirm, figures_row, xlsx
from wards.tests.test_spreadsheets import upload as upload_sheet

pytestmark = pytest.mark.usefixtures("media_root")

Status = YearlyCount.Status


def assert_history(obj, user, *, reason_contains=""):
    record = obj.history.order_by("-history_id").first()
    assert record is not None, f"no history for {obj}"
    assert record.history_user == user and record.history_date is not None
    assert record.history_change_reason and reason_contains in record.history_change_reason, record.history_change_reason
    return record


def assert_transition(transition, *, by, from_status, to_status, reason=None):
    assert (transition.by, transition.from_status, transition.to_status) == (by, from_status, to_status)
    assert transition.at is not None
    if reason is not None:
        assert reason in transition.reason


def assert_logged(obj, user, contains):
    entry = LogEntry.objects.filter(object_id=str(obj.pk), user=user).order_by("-action_time", "-pk").first()
    assert entry is not None and entry.action_time is not None, f"no log entry for {obj}"
    assert contains in entry.get_change_message(), entry.get_change_message()


def test_yearly_figures_paths(client, officer, social_affairs, khuong_dinh, plan):
    # Admin form: creation, then a change of figures.
    client.force_login(officer)
    response = client.post(reverse("admin:wards_yearlycount_add"), form_data(khuong_dinh))
    assert response.status_code == 302
    count = YearlyCount.objects.get(ward=khuong_dinh, year=2022)
    assert_history(count, officer, reason_contains="Tạo số liệu")
    assert_logged(count, officer, "")
    response = client.post(
        reverse("admin:wards_yearlycount_change", args=[count.pk]),
        form_data(count, near_poor_escaped=1, near_poor_end=count.near_poor_start - 1, loaded_version=0),
    )
    assert response.status_code == 302
    count.refresh_from_db()
    record = assert_history(count, officer, reason_contains="giảm: thoát cận nghèo 0→1")
    assert record.near_poor_escaped == 1 and record.prev_record.near_poor_escaped == 0

    # Spreadsheet import.
    content = xlsx([figures_row(khuong_dinh, 2022, count.near_poor_start, escaped=2)])
    assert confirm(client, upload_sheet(client, content, name="bao-cao-2022.xlsx")).status_code == 302
    count.refresh_from_db()
    assert count.near_poor_escaped == 2
    assert_history(count, officer, reason_contains="Nhập từ tệp bao-cao-2022.xlsx")

    # Workflow pages: submit, return, submit again.
    page = ("khuong-dinh", khuong_dinh.code, 2022)
    client.post(reverse("wards:count-submit", args=page[1:]), {"confirmed": "1"})
    client.force_login(social_affairs)
    client.post(
        reverse("wards:count-return", args=page[1:]),
        {"confirmed": "1", "reason": "Thiếu ghi chú về hai hộ thoát cận nghèo."},
    )
    client.force_login(officer)
    client.post(reverse("wards:count-submit", args=page[1:]), {"confirmed": "1"})

    # Admin action: approve; then reopen on the page.
    client.force_login(social_affairs)
    response = client.post(
        reverse("admin:wards_yearlycount_changelist"),
        {"action": "approve_selected", "_selected_action": [count.pk], "post": "yes"},
    )
    assert response.status_code == 302
    client.post(
        reverse("wards:count-reopen", args=page[1:]), {"confirmed": "1", "reason": "Phường báo nhầm số hộ."}
    )

    moves = list(CountTransition.objects.filter(count=count).order_by("at", "pk"))
    assert [(m.from_status, m.to_status) for m in moves] == [
        (Status.DRAFT, Status.SUBMITTED), (Status.SUBMITTED, Status.RETURNED), (Status.RETURNED, Status.SUBMITTED),
        (Status.SUBMITTED, Status.APPROVED), (Status.APPROVED, Status.RETURNED),
    ]
    assert [m.by for m in moves] == [officer, social_affairs, officer, social_affairs, social_affairs]
    assert "Thiếu ghi chú" in moves[1].reason and "báo nhầm" in moves[4].reason
    # Each move also left a history record naming its actor and the move.
    records = list(count.history.order_by("history_id"))[-5:]
    assert [r.history_user for r in records] == [m.by for m in moves]
    assert [r.status for r in records] == [m.to_status for m in moves]
    assert records[-1].history_change_reason.startswith("Bị trả lại: Phường báo nhầm")


def test_window_extension_and_its_move(client, social_affairs, khuong_dinh, plan):
    window = ReportingWindow.objects.create(
        campaign=plan, year=2024, opens_on=datetime.date(2024, 11, 1), closes_on=datetime.date(2024, 12, 15)
    )
    client.force_login(social_affairs)
    data = {"window": window.pk, "ward": khuong_dinh.pk, "reason": "Phường đang rà soát lại."}
    response = client.post(reverse("admin:wards_windowextension_add"), {**data, "closes_on": "20/12/2024"})
    assert response.status_code == 302, response.content.decode()[:3000]
    extension = WindowExtension.objects.get()
    assert_history(extension, social_affairs, reason_contains="hạn đến 20/12/2024")
    response = client.post(
        reverse("admin:wards_windowextension_change", args=[extension.pk]),
        {**data, "closes_on": "27/12/2024", "reason": "Phường xin thêm một tuần."},
    )
    assert response.status_code == 302
    extension.refresh_from_db()
    record = assert_history(extension, social_affairs, reason_contains="Dời hạn đến 27/12/2024")
    assert record.prev_record.closes_on == datetime.date(2024, 12, 20)
    assert record.prev_record.reason == "Phường đang rà soát lại."


def test_nomination_paths(client, make_nomination, officer, social_affairs, home_affairs):
    from awards.models import Nomination, NominationDocument, NominationTransition

    nomination = make_nomination(officer)
    client.force_login(officer)
    # Page edit of the draft.
    edit = client.get(reverse("awards:nomination-edit", args=[nomination.pk]))
    data = {**edit.context["form"].initial, "achievements": "Vận động 5 hộ cận nghèo thoát cận nghèo."}
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
    assert client.post(reverse("awards:nomination-edit", args=[nomination.pk]), data).status_code == 302
    record = assert_history(nomination, officer, reason_contains="Sửa: tóm tắt thành tích")
    assert record.prev_record.achievements != record.achievements == "Vận động 5 hộ cận nghèo thoát cận nghèo."

    # Dossier: upload, then delete.
    response = client.post(
        reverse("awards:document-upload", args=[nomination.pk]),
        {"kind": "meeting_minutes", "file": upload("bien-ban.pdf")},
    )
    assert response.status_code == 302
    minutes = NominationDocument.objects.get(nomination=nomination, kind="meeting_minutes")
    assert minutes.uploaded_by == officer and minutes.uploaded_at is not None
    assert_history(nomination, officer, reason_contains="Thêm hồ sơ: Biên bản họp xét: bien-ban.pdf")
    assert client.post(reverse("awards:document-delete", args=[minutes.pk])).status_code == 302
    assert not NominationDocument.objects.filter(pk=minutes.pk).exists()
    assert_history(nomination, officer, reason_contains="Xóa hồ sơ: Biên bản họp xét: bien-ban.pdf")

    # Workflow pages and the admin's forward action.
    client.post(reverse("awards:nomination-submit", args=[nomination.pk]), {"confirmed": "1"})
    client.force_login(social_affairs)
    client.post(
        reverse("awards:nomination-return", args=[nomination.pk]),
        {"confirmed": "1", "reason": "Bổ sung biên bản họp."},
    )
    client.force_login(officer)
    client.post(reverse("awards:nomination-submit", args=[nomination.pk]), {"confirmed": "1"})
    client.force_login(social_affairs)
    response = client.post(
        reverse("admin:awards_nomination_changelist"),
        {"action": "forward_selected", "_selected_action": [nomination.pk], "post": "yes"},
    )
    assert response.status_code == 302
    client.force_login(home_affairs)
    client.post(
        reverse("awards:nomination-approve", args=[nomination.pk]), {"confirmed": "1", "reason": "Đủ tiêu chuẩn."}
    )
    client.post(
        reverse("awards:nomination-decide", args=[nomination.pk]),
        {"confirmed": "1", "number": "321/QĐ-UBND", "date": "01/03/2024"},
    )

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.AWARDED
    S = Nomination.Status
    moves = list(NominationTransition.objects.filter(nomination=nomination).order_by("at", "pk"))
    expected = [
        (officer, S.DRAFT, S.SUBMITTED, None), (social_affairs, S.SUBMITTED, S.RETURNED, "Bổ sung biên bản"),
        (officer, S.RETURNED, S.SUBMITTED, None), (social_affairs, S.SUBMITTED, S.FORWARDED, None),
        (home_affairs, S.FORWARDED, S.APPROVED, "Đủ tiêu chuẩn"),
        (home_affairs, S.APPROVED, S.AWARDED, "Quyết định số 321/QĐ-UBND ngày 01/03/2024"),
    ]
    assert len(moves) == len(expected)
    for move, (by, from_status, to_status, reason) in zip(moves, expected):
        assert_transition(move, by=by, from_status=from_status, to_status=to_status, reason=reason)
    # The history holds every step too, with its actor: the transitions say who moved what, the
    # history every field it changed.
    record = assert_history(nomination, home_affairs, reason_contains="Đã khen thưởng: Quyết định số 321/QĐ-UBND")
    assert (record.prev_record.status, record.status) == (S.APPROVED, S.AWARDED)
    assert record.decision_number == "321/QĐ-UBND" and record.prev_record.decision_number == ""


def test_review_report_issue(client, plan, social_affairs, monkeypatch):
    from reports import services as report_services
    from reports.models import ReviewReport
    from reports.tests.review_data import approve_years, review

    # The render is tested in reports/; here only the trace of the issue matters.
    monkeypatch.setattr(report_services, "review_pdf", lambda **kwargs: b"%PDF-1.7 issued")
    monkeypatch.setattr(report_services, "review_xlsx", lambda **kwargs: b"PK xlsx")
    approve_years(plan, [2022, 2023])
    report = review(plan)
    client.force_login(social_affairs)
    response = client.post(reverse("reports:review-issue", args=[report.pk]), {"confirmed": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReviewReport.Status.ISSUED
    assert report.issued_by == social_affairs and report.issued_at is not None
    assert report.pdf_sha256 == ReviewReport.checksum(b"%PDF-1.7 issued")


@pytest.mark.parametrize("path", ["count_save", "window_extend"])
def test_services_name_the_actor_outside_requests(path, make_count, officer, social_affairs, khuong_dinh, plan):
    """Commands and imports run outside a request: the services still record who acted."""
    from wards import services

    if path == "count_save":
        count = make_count(khuong_dinh, 2022)
        count.note = "Đã đối chiếu danh sách."
        services.count_save(count=count, user=officer)
        assert_history(count, officer, reason_contains="ghi chú")
    else:
        window = ReportingWindow.objects.create(
            campaign=plan, year=2024, opens_on=datetime.date(2024, 11, 1), closes_on=datetime.date(2024, 12, 15)
        )
        extension = services.window_extend(
            window=window, ward=khuong_dinh, closes_on=datetime.date(2024, 12, 22), reason="Mất điện.", user=social_affairs
        )
        assert_history(extension, social_affairs, reason_contains="Gia hạn đến 22/12/2024: Mất điện.")
