from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaign.models import Campaign
from wards.roles import get_ward_for_user, is_district_staff, officer_ward
from wards.selectors import ward_overview, window_state

from .documents import review_html, review_pdf, review_xlsx
from .models import ReviewReport
from .pdf import RenderTimeout
from .selectors import ProgressStatus, district_progress, review_content, ward_progress
from .services import review_report_issue


def district_staff_required(view):
    """LĐ-TB&XH, Nội vụ and superusers only; anyone else signed in gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_district_staff(request.user):
            raise PermissionDenied("Chỉ Phòng LĐ-TB&XH và Phòng Nội vụ xem được tiến độ của quận.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _current_campaign() -> Campaign:
    campaign = Campaign.current()
    if campaign is None:
        raise Http404("Chưa có kế hoạch thi đua nào.")
    return campaign


@never_cache
@district_staff_required
def dashboard(request):
    progress = district_progress(campaign=_current_campaign(), today=timezone.localdate())
    return render(request, "reports/dashboard.html", {
        "progress": progress, "statuses": ProgressStatus.choices,
    })


@never_cache
@login_required
def ward_page(request, code):
    """A ward's own page: its path against its targets, its figures by year, what to do next."""
    ward = get_ward_for_user(request.user, code)
    campaign = _current_campaign()
    context = {
        "ward": ward, "campaign": campaign, **ward_overview(campaign=campaign, ward=ward),
        "progress": ward_progress(campaign=campaign, ward=ward, today=timezone.localdate()),
        "can_enter": officer_ward(request.user) is not None,
    }
    if context["next_year"]:
        context["next_window"] = window_state(campaign=campaign, ward=ward, year=context["next_year"])
    return render(request, "reports/ward.html", context)


def review_reader_required(view):
    """Anyone given the register's view permission (the three roles); 403 to the rest."""
    return login_required(permission_required("reports.view_reviewreport", raise_exception=True)(view))


def _get_report(pk: int) -> ReviewReport:
    return get_object_or_404(ReviewReport.objects.select_related("campaign", "issued_by"), pk=pk)


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@review_reader_required
def review_list(request):
    reports = ReviewReport.objects.select_related("campaign").order_by("-campaign__issued_on", "kind")
    return render(request, "reports/review_list.html", {
        "reports": reports,
        "can_draft": request.user.has_perm("reports.add_reviewreport"),
    })


@never_cache
@review_reader_required
def review_detail(request, pk):
    report = _get_report(pk)
    return render(request, "reports/review_detail.html", {
        "report": report,
        "missing": [] if report.is_issued else report.missing_for_issue(),
        "can_edit": not report.is_issued and request.user.has_perm("reports.change_reviewreport"),
        "can_issue": not report.is_issued and request.user.has_perm("reports.issue_reviewreport"),
    })


@never_cache
@review_reader_required
def review_preview(request, pk):
    """The draft as a page. An issued report is its stored PDF: the page would re-read live data."""
    report = _get_report(pk)
    if report.is_issued:
        return redirect("reports:review-pdf", pk=report.pk)
    content = review_content(report=report, today=timezone.localdate())
    return HttpResponse(review_html(content=content, for_pdf=False))


@never_cache
@review_reader_required
def review_pdf_download(request, pk):
    report = _get_report(pk)
    if report.is_issued:
        pdf = report.pdf
    else:
        try:
            pdf = review_pdf(report=report, today=timezone.localdate())
        except RenderTimeout as error:
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return _download(pdf, filename=f"{report.file_stem}.pdf", content_type="application/pdf")


@never_cache
@review_reader_required
def review_xlsx_download(request, pk):
    report = _get_report(pk)
    workbook = report.xlsx if report.is_issued else review_xlsx(report=report, today=timezone.localdate())
    return _download(
        workbook, filename=f"{report.file_stem}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@login_required
@permission_required("reports.issue_reviewreport", raise_exception=True)
def review_issue(request, pk):
    report = _get_report(pk)
    try:
        report = review_report_issue(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except RenderTimeout as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Đã ban hành báo cáo số {report.number}. Tệp PDF đã được khóa (SHA-256: {report.pdf_sha256})."
        )
    return redirect("reports:review-detail", pk=report.pk)
