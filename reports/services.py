"""Writes to the document register: saving a draft and issuing a review report."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from campaign.models import Campaign

from .documents import review_pdf, review_xlsx
from .models import ReviewReport

logger = logging.getLogger(__name__)


def _check_drafter(user, report: ReviewReport) -> None:
    if not (user.has_perm("reports.add_reviewreport") or user.has_perm("reports.change_reviewreport")):
        raise PermissionDenied("Chỉ Phòng LĐ-TB&XH soạn báo cáo sơ kết, tổng kết.")
    if not Campaign.objects.editable_by(user).filter(pk=report.campaign_id).exists():
        raise PermissionDenied("Kế hoạch của báo cáo không thuộc đơn vị của tài khoản.")


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
        report.save()
    return report


def review_report_issue(*, report: ReviewReport, user, today: date | None = None) -> ReviewReport:
    """Issues the report: renders it once more without the draft mark, stores the PDF and the
    spreadsheet with the PDF's SHA-256, and freezes the row.

    The render happens inside the transaction that holds the row, so the stored file describes the
    data as it stood when the report was issued, and two clicks cannot issue twice.
    """
    if not user.has_perm("reports.issue_reviewreport"):
        raise PermissionDenied("Chỉ Phòng LĐ-TB&XH ban hành báo cáo sơ kết, tổng kết.")
    today = today or timezone.localdate()
    with transaction.atomic():
        report = (
            ReviewReport.objects.editable_by(user).select_for_update(of=("self",))
            .select_related("campaign__owner_district").filter(pk=report.pk).first()
        )
        if report is None:
            raise PermissionDenied("Báo cáo này không thuộc đơn vị của tài khoản.")
        _check_draft(report)
        missing = report.missing_for_issue()
        if missing:
            raise ValidationError("Chưa ban hành được, báo cáo còn thiếu: " + "; ".join(missing) + ".")
        if report.dated_on > today:
            raise ValidationError("Ngày báo cáo không được sau ngày ban hành (hôm nay).")
        report.full_clean()
        # The status is set first so that the render carries no draft mark.
        report.status = ReviewReport.Status.ISSUED
        report.issued_at, report.issued_by = timezone.now(), user
        pdf = review_pdf(report=report, today=today)
        report.pdf, report.pdf_sha256 = pdf, ReviewReport.checksum(pdf)
        report.xlsx = review_xlsx(report=report, today=today)
        report.save()
    logger.info("review report %s issued as %s by %s (sha256 %s)",
                report.pk, report.number, user.username, report.pdf_sha256)
    return report
