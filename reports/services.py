"""Writes to the document register: saving a draft and issuing a review report."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from django.urls import reverse

from campaign.models import plan_editable
from common import workflow
from common.workflow import SECONDARY, Action, Move
from units.offices import office_name
from units.roles import Role

from .documents import review_pdf, review_xlsx
from .models import ReviewReport

logger = logging.getLogger(__name__)


def _drafting_office(report: ReviewReport) -> str:
    """The report's district's office in charge, which drafts and issues it."""
    return office_name(Role.SOCIAL_AFFAIRS, report.district)


def _check_drafter(user, report: ReviewReport) -> None:
    if not (user.has_perm("reports.add_reviewreport") or user.has_perm("reports.change_reviewreport")):
        raise PermissionDenied(f"Chỉ {_drafting_office(report)} soạn báo cáo sơ kết, tổng kết.")
    if not plan_editable(user, report.campaign_id):
        raise PermissionDenied("Kế hoạch của báo cáo không thuộc đơn vị của tài khoản.")


def _check_issuer(user, report: ReviewReport) -> None:
    if not user.has_perm("reports.issue_reviewreport"):
        raise PermissionDenied(f"Chỉ {_drafting_office(report)} ban hành báo cáo sơ kết, tổng kết.")
    if not plan_editable(user, report.campaign_id):
        raise PermissionDenied("Báo cáo này không thuộc đơn vị của tài khoản.")


ISSUE = Move(
    "issue", (ReviewReport.Status.DRAFT,), ReviewReport.Status.ISSUED, "Ban hành báo cáo", check=_check_issuer,
    confirm="Báo cáo số {number} sẽ được ban hành: hệ thống lập tệp PDF và Excel lần cuối, không còn dấu "
            "“DỰ THẢO”, lưu cùng mã SHA-256 và khóa báo cáo. Sau khi ban hành, báo cáo không sửa được nữa; số "
            "liệu thay đổi về sau không làm thay đổi tệp đã ban hành.",
)


def review_actions(*, report: ReviewReport, user) -> list[Action]:
    """What `user` may do with the report now, as its page offers it (issuing once it lacks nothing)."""
    offered = []
    if not report.is_issued and user.has_perm("reports.change_reviewreport") and plan_editable(user, report.campaign_id):
        offered.append(Action("edit", "Sửa dự thảo", reverse("admin:reports_reviewreport_change", args=[report.pk]),
                              style=SECONDARY, method="get"))
    if not report.missing_for_issue():
        offered += workflow.actions((ISSUE,), user=user, obj=report,
                                    url=lambda name: reverse("reports:review-issue", args=[report.pk]))
    return offered


def review_confirmation(*, report: ReviewReport, user, values, today: date | None = None) -> workflow.Confirmation | None:
    """What the page confirming the issue of `report` says (None: issued now, or refused by
    review_report_issue with its reason, as when the report still lacks something)."""
    try:
        _check_issuable(report, today or timezone.localdate())
    except ValidationError:
        return None
    return workflow.confirmation(
        (ISSUE,), name="issue", user=user, obj=report, values=values, names={"number": report.number},
        subject=f"Báo cáo số {report.number} ngày {report.dated_on:%d/%m/%Y}: {report.title}",
    )


def may_issue(user, report: ReviewReport) -> bool:
    return ISSUE.offered(user, report)


def may_draft(user, report: ReviewReport) -> bool:
    """Whether `user` drafts the report (and so may have its draft's PDF rendered)."""
    try:
        _check_drafter(user, report)
    except PermissionDenied:
        return False
    return True


def _check_draft(report: ReviewReport) -> None:
    if report.is_issued:
        raise ValidationError(
            f"Báo cáo số {report.number} đã ban hành ngày {report.issued_at:%d/%m/%Y}: không sửa được nữa."
        )


def review_report_save(*, report: ReviewReport, user) -> ReviewReport:
    """Saves a draft: a report that has been issued is never changed again."""
    _check_drafter(user, report)
    with transaction.atomic():
        if report.pk:
            current = ReviewReport.objects.select_for_update().only("status", "number", "issued_at").get(pk=report.pk)
            _check_draft(current)
        report.status = ReviewReport.Status.DRAFT
        report.full_clean()
        report._history_user = user
        report._change_reason = "Lưu dự thảo"
        report.save()
    return report


def _check_issuable(report: ReviewReport, today: date) -> None:
    _check_draft(report)
    missing = report.missing_for_issue()
    if missing:
        raise ValidationError("Chưa ban hành được, báo cáo còn thiếu: " + "; ".join(missing) + ".")
    if report.dated_on > today:
        raise ValidationError("Ngày báo cáo không được sau ngày ban hành (hôm nay).")


def review_report_issue(*, report: ReviewReport, user, today: date | None = None) -> ReviewReport:
    """Issues the report: renders it without the draft mark and stores the PDF and spreadsheet with its
    SHA-256, inside the transaction holding the row, so that two clicks cannot issue twice."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = workflow.locked(ReviewReport.objects.select_related("campaign__owner_district"), report.pk)
        ISSUE.check(user, report)
        _check_issuable(report, today)
        report.full_clean()
        # The status is set first so that the render carries no draft mark.
        transition = workflow.move(report, to=ReviewReport.Status.ISSUED, user=user)
        report.issued_at, report.issued_by = transition.at, user
        pdf = review_pdf(report=report, today=today)
        report.pdf, report.pdf_sha256 = pdf, ReviewReport.checksum(pdf)
        report.xlsx = review_xlsx(report=report, today=today)
        report.save()
    logger.info("review report %s issued as %s by %s (sha256 %s)",
                report.pk, report.number, user.username, report.pdf_sha256)
    return report
