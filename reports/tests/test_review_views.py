"""The document register's pages: who may read, draft and issue, and that issuing freezes.

Named users: LĐ-TB&XH (social_affairs) drafts and issues; Nội vụ (home_affairs) and the ward
officers read; a user with no role is refused. Most tests need no PDF; the few that render do so
once.
"""

import datetime
import hashlib

import pytest
from django.urls import reverse

from reports.models import ReviewReport
from reports.tests.review_data import approve_years, review
from wards.models import YearlyCount

READ_VIEWS = ["review-list", "review-detail", "review-preview", "review-xlsx", "review-pdf"]


def url(name: str, report: ReviewReport) -> str:
    if name == "review-list":
        return reverse("reports:review-list")
    return reverse(f"reports:{name}", args=[report.pk])


@pytest.fixture
def draft(plan):
    approve_years(plan, [2022, 2023])
    return review(plan)


def test_url_names():
    assert reverse("reports:review-list") == "/bao-cao/"
    assert reverse("reports:review-pdf", args=[3]) == "/bao-cao/3/tai-pdf/"
    assert reverse("reports:review-issue", args=[3]) == "/bao-cao/3/ban-hanh/"


@pytest.mark.parametrize("name", READ_VIEWS + ["review-issue"])
def test_anonymous_goes_to_login(client, draft, name):
    if name == "review-issue":
        response = client.post(url(name, draft), {"confirmed": "1"})
    else:
        response = client.get(url(name, draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("name", READ_VIEWS)
def test_a_user_without_role_is_refused(client, draft, no_role, name):
    client.force_login(no_role)
    assert client.get(url(name, draft)).status_code == 403


@pytest.mark.parametrize("role", ["officer", "home_affairs", "social_affairs"])
def test_every_role_reads_the_register(request, client, draft, role):
    client.force_login(request.getfixturevalue(role))
    listing = client.get(url("review-list", draft)).content.decode()
    assert "Tổng kết năm 2025" in listing and "86/BC-UBND" in listing
    detail = client.get(url("review-detail", draft)).content.decode()
    assert "Dự thảo" in detail
    assert ("Ban hành báo cáo" in detail) == (role == "social_affairs")
    preview = client.get(url("review-preview", draft))
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    page = preview.content.decode()
    assert "DỰ THẢO" in page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "css/report-pdf.css" in page and "<svg" in page
    sheet = client.get(url("review-xlsx", draft))
    assert sheet.status_code == 200 and sheet["Content-Type"].startswith("application/vnd.openxml")


def test_an_officer_downloads_the_draft_pdf_its_drafter_made(client, draft, officer, social_affairs):
    client.force_login(social_affairs)
    made = client.get(url("review-pdf", draft))
    assert made.status_code == 200
    client.force_login(officer)
    response = client.get(url("review-pdf", draft))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2025-86-bc-ubnd.pdf"'
    assert response.content.startswith(b"%PDF") and response.content == made.content


def test_a_missing_report_is_404(client, plan, home_affairs):
    client.force_login(home_affairs)
    assert client.get("/bao-cao/999/").status_code == 404


def test_issuing_is_post_only(client, draft, social_affairs):
    client.force_login(social_affairs)
    assert client.get(url("review-issue", draft)).status_code == 405


@pytest.mark.parametrize("role", ["officer", "home_affairs", "no_role"])
def test_only_social_affairs_issues(request, client, draft, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url("review-issue", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ReviewReport.Status.DRAFT and draft.pdf is None


def test_issuing_needs_csrf(draft, social_affairs):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(social_affairs)
    assert client.post(url("review-issue", draft)).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_issued


def test_an_incomplete_report_is_not_issued(client, plan, social_affairs):
    report = review(plan, number="", signer_name="", proposals="")
    client.force_login(social_affairs)
    detail = client.get(url("review-detail", report)).content.decode()
    assert "số báo cáo" in detail and "họ tên người ký" in detail
    response = client.post(url("review-issue", report), {"confirmed": "1"}, follow=True)
    assert "Chưa ban hành được, báo cáo còn thiếu: số báo cáo; họ tên người ký; phần" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_issued


def test_issuing_freezes_the_pdf(client, draft, social_affairs, home_affairs, make_count, plan):
    client.force_login(social_affairs)
    response = client.post(url("review-issue", draft), {"confirmed": "1"}, follow=True)
    page = response.content.decode()
    draft.refresh_from_db()
    assert draft.is_issued and draft.issued_by == social_affairs and draft.issued_at is not None
    assert f"Đã ban hành báo cáo số 86/BC-UBND. Tệp PDF đã được khóa (SHA-256: {draft.pdf_sha256})" in page
    assert draft.pdf_sha256 in page

    # Every download, by anyone, is the stored file, byte for byte.
    first = client.get(url("review-pdf", draft)).content
    assert hashlib.sha256(first).hexdigest() == draft.pdf_sha256
    # The data changes after issuing: a 2024 count is approved, the narrative is altered in the DB.
    approve_years(plan, [2024])
    ReviewReport.objects.filter(pk=draft.pk).update(results="Sửa sau khi ban hành.")
    client.force_login(home_affairs)
    assert client.get(url("review-pdf", draft)).content == first
    stored_xlsx = bytes(ReviewReport.objects.get(pk=draft.pk).xlsx)
    assert client.get(url("review-xlsx", draft)).content == stored_xlsx
    # The preview of an issued report is its PDF, not a re-reading of today's data.
    preview = client.get(url("review-preview", draft))
    assert preview.status_code == 302 and preview["Location"] == url("review-pdf", draft)

    # Issued once only; the admin shows it read-only.
    client.force_login(social_affairs)
    again = client.post(url("review-issue", draft), {"confirmed": "1"}, follow=True).content.decode()
    assert "đã ban hành ngày" in again
    change = reverse("admin:reports_reviewreport_change", args=[draft.pk])
    page = client.get(change).content.decode()
    assert 'name="_save"' not in page
    assert client.post(change, {"number": "1/BC-UBND"}).status_code == 403
    assert YearlyCount.objects.filter(year=2024).exists()
    assert ReviewReport.objects.get(pk=draft.pk).number == "86/BC-UBND"


def test_social_affairs_drafts_in_the_admin(client, plan, social_affairs):
    client.force_login(social_affairs)
    add = reverse("admin:reports_reviewreport_add")
    assert client.get(add).status_code == 200
    data = {
        "campaign": plan.pk, "kind": "mid_term", "number": "97/BC-UBND", "place": "Thanh Xuân",
        "dated_on": "05/06/2023", "subject": "", "recipients": "UBND thành phố Hà Nội;\nLưu: VT, LĐTBXH.",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_deputy": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Đặng Khánh Hòa",
        **{name: "Nội dung." for name in ReviewReport.NARRATIVE_FIELDS}, "_save": "Lưu",
    }
    response = client.post(add, {**data, "recipients": "UBND thành phố Hà Nội;"})
    assert response.status_code == 200
    assert "Dòng cuối của nơi nhận phải là “Lưu: VT, LĐTBXH.”" in response.content.decode()
    response = client.post(add, data)
    report = ReviewReport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("review-detail", report)
    assert report.dated_on == datetime.date(2023, 6, 5) and report.status == ReviewReport.Status.DRAFT


@pytest.mark.parametrize("role", ["home_affairs", "officer"])
def test_readers_cannot_draft_in_the_admin(request, client, draft, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:reports_reviewreport_add")).status_code == 403
    change = reverse("admin:reports_reviewreport_change", args=[draft.pk])
    assert client.get(change).status_code == 200  # read-only view
    assert client.post(change, {"number": "1/BC-UBND"}).status_code == 403
    assert ReviewReport.objects.get(pk=draft.pk).number == "86/BC-UBND"
