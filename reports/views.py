import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_etags
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaign.models import Campaign, Milestone
from common.collation import vietnamese
from campaign.selectors import current_plan, district_plan, ward_plan
from units.access import DISTRICT, PROVINCE, WARD, get_visible_ward, reach, reach_required
from units.models import District, Province, Ward
from units.offices import office_name
from units.roles import Role

from common import cache as data_cache
from common.confirm import confirmation_page, confirmed
from . import inbox as inbox_selectors
from .documents import DraftNotRendered, RenderBusy, draft_pdf, review_html, review_xlsx
from .models import ReviewReport
from .pdf import RenderFailed
from wards.models import YearlyCount
from wards.selectors import last_returns
from wards.targets import ProgressStatus

from .progress import city_progress, district_progress
from .rollup import city_units, lineage
from .progress import ward_page as ward_page_data
from .review import review_content
from .services import may_draft, may_issue, review_actions, review_confirmation, review_report_issue
from .spreadsheets import lineage_workbook

NO_ROLE = (
    "Chỉ cơ quan thường trực, cơ quan thi đua, khen thưởng của đơn vị và cơ quan cấp tỉnh xem được tiến độ "
    "của các phường."
)
NO_POSTING = (
    "Tài khoản của anh/chị chưa được phân công về quận nào nên chưa xem được tiến độ. "
    "Đề nghị quản trị hệ thống ghi đơn vị công tác (quận) cho tài khoản."
)
NO_PLAN = "Đơn vị chưa có kế hoạch thi đua nào."
DRAFT_NOT_RENDERED = (
    "Bản PDF của dự thảo theo số liệu hiện tại chưa được tạo: chỉ cơ quan soạn báo cáo tạo bản PDF "
    "mới, khi mở bản PDF của dự thảo. Anh/chị có thể xem dự thảo ngay trên trang «Xem trước», hoặc thử lại sau."
)

# Progress pages: district offices, city department (ward pages: officers too); reviews: anyone with a unit.
progress_reader_required = reach_required(DISTRICT, PROVINCE, message=NO_ROLE)
review_reader_required = reach_required(
    WARD, DISTRICT, PROVINCE, message="Tài khoản không có quyền xem báo cáo sơ kết, tổng kết."
)


def _plan(plan: Campaign | None) -> Campaign:
    if plan is None:
        raise Http404(NO_PLAN)
    return plan


def _refuse_unposted(request):
    # A page rather than the bare 403: the user can do nothing about it but ask, and should know whom.
    return render(request, "reports/unposted.html", {"message": NO_POSTING}, status=403)


def _get_district_for_user(request, code: str) -> District:
    """The district at `code` if the user reads its dashboard, else 404."""
    district = District.objects.visible_to(request.user).select_related("province").at_key(code)
    if district is None:
        raise Http404("Không tìm thấy quận, huyện.")
    return district


def _get_province_for_user(request, code: str) -> Province:
    """The province at `code` if the user reads its city dashboard: its city staff, a
    superuser. 404 to the city staff of another province, 403 to everyone else."""
    unit = reach(request.user)
    if not (unit.everything or unit.level == PROVINCE):
        city = office_name(Role.CITY_SOCIAL_AFFAIRS, unit.unit)
        raise PermissionDenied(f"Chỉ {city} xem được tiến độ của toàn thành phố.")
    if unit.level == PROVINCE:
        if code not in (unit.province.code, unit.province.key):
            raise Http404("Không tìm thấy tỉnh, thành phố.")
        return unit.province
    province = Province.objects.visible_to(request.user).at_key(code)
    if province is None:
        raise Http404("Không tìm thấy tỉnh, thành phố.")
    return province


def _get_ward_for_user(request, code: str) -> Ward:
    """The ward at `code` if the user's unit reaches it; 404 to everyone else with a unit."""
    return get_visible_ward(request.user, code)


def _reads_as_city(user) -> bool:
    return reach(user).level == PROVINCE


@never_cache
@login_required
def dashboard(request):
    """Each user's own progress page; a superuser gets the only district, or picks a province."""
    unit = reach(request.user)
    if unit.everything:
        districts = list(District.objects.select_related("province").order_by("pk")[:2])
        if len(districts) == 1:
            return _district_dashboard(request, districts[0])
        provinces = list(Province.objects.annotate(
            district_count=Count("districts", distinct=True), ward_count=Count("districts__wards"),
        ).order_by("code"))
        if len(provinces) == 1:
            return redirect("reports:city-dashboard", code=provinces[0].code)
        return render(request, "reports/provinces.html", {"provinces": provinces})
    if unit.level == PROVINCE:
        return redirect("reports:city-dashboard", code=unit.province.code)
    if unit.unposted:
        return _refuse_unposted(request)
    if unit.level != DISTRICT:
        raise PermissionDenied(NO_ROLE)
    return _district_dashboard(request, unit.district)


@never_cache
@login_required
def district_dashboard(request, code):
    unit = reach(request.user)
    if unit.unposted:
        return _refuse_unposted(request)
    if not (unit.everything or unit.level in (DISTRICT, PROVINCE)):
        raise PermissionDenied(NO_ROLE)
    return _district_dashboard(request, _get_district_for_user(request, code))


def _district_dashboard(request, district: District):
    user, today = request.user, timezone.localdate()
    as_city = _reads_as_city(user)
    plan = _plan(district_plan(district, within=current_plan(request), today=today))

    def build() -> str:
        progress = district_progress(campaign=plan, today=today, district=district)
        return render_to_string("reports/_district_dashboard.html", {
            "progress": progress, "district": district, "statuses": ProgressStatus.choices,
            "data_links": not as_city,
        })

    key = f"reports:district:{district.pk}:{plan.pk}:{today.isoformat()}:{'city' if as_city else 'staff'}"
    return render(request, "reports/dashboard.html", {
        "district": district,
        "body": data_cache.cached(f"{key}:{data_cache.version()}", build),
        "up": user.is_superuser or as_city,
    })


def _as_of(request, today):
    """The day a page shows the units of (?ngay=YYYY-MM-DD), today when absent or not a date."""
    try:
        return datetime.date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        return today


@never_cache
@login_required
def city_dashboard(request, code):
    province = _get_province_for_user(request, code)
    today = timezone.localdate()
    plan = current_plan(request)
    if plan is None or plan.owner_province_id != province.pk:
        plan = Campaign.objects.filter(owner_province=province).running_first(today).first()
    plan = _plan(plan)
    day = _as_of(request, today)

    def build() -> str:
        progress = city_progress(campaign=plan, province=province, today=today)
        return render_to_string("reports/_city_dashboard.html", {
            "progress": progress, "units": city_units(province, day), "as_of": day, "today": today,
        })

    key = f"reports:city:{province.pk}:{plan.pk}:{today.isoformat()}:{day.isoformat()}:{data_cache.version()}"
    return render(request, "reports/city_dashboard.html", {
        "province": province, "body": data_cache.cached(key, build),
        "up": request.user.is_superuser,
    })


NOT_A_REVIEWER = (
    "Trang “Chờ duyệt” dành cho cơ quan duyệt số liệu và xử lý đề nghị khen thưởng của quận: "
    "tài khoản này không có việc nào phải duyệt."
)


@never_cache
@reach_required(DISTRICT, message=NOT_A_REVIEWER)
def inbox(request):
    """What waits for the user's unit: figures to approve, proposals to consolidate or appraise."""
    if not inbox_selectors.reviews(request.user):
        raise PermissionDenied(NOT_A_REVIEWER)
    context = inbox_selectors.inbox(user=request.user, campaign=current_plan(request))
    return render(request, "reports/inbox.html", context)


@never_cache
@login_required
def ward_page(request, code):
    """A ward's page: its plan's figures, and across the reorganisation the units it came from
    (their figures rolled up) or went into. A ward under no district has no plan here yet."""
    user, today = request.user, timezone.localdate()
    unit = reach(user)
    if not (unit.everything or unit.level in (WARD, DISTRICT, PROVINCE)):
        raise PermissionDenied(NO_ROLE)
    ward = _get_ward_for_user(request, code)
    is_officer = unit.level == WARD
    # The to-do box is the ward's own officer's: others (the district, the city, an officer
    # reading a predecessor ward) read the page without it.
    own_officer = is_officer and unit.ward.pk == ward.pk
    audience = "officer" if own_officer else ("city" if _reads_as_city(user) else "staff")
    plan = ward_plan(request, ward)
    if plan is None and ward.district_id is not None:
        raise Http404(NO_PLAN)

    def build() -> str:
        context = {
            "ward": ward, "campaign": plan, "lineage": lineage(ward, None),
            "can_enter": is_officer and ward.valid_on(today), "data_links": audience != "city",
            "todo": own_officer,
        }
        if plan is not None:
            context.update(ward_page_data(campaign=plan, ward=ward, today=today))
            returned = [count for count in context["editable"] if count.status == YearlyCount.Status.RETURNED]
            if own_officer and returned:
                steps = last_returns(returned)
                for count in returned:
                    count.last_return = steps.get(count.pk)
        return render_to_string("reports/_ward_page.html", context)

    key = f"reports:ward:{ward.pk}:{plan.pk if plan else 0}:{today.isoformat()}:{audience}:{data_cache.version()}"
    return render(request, "reports/ward.html", {
        "ward": ward, "body": data_cache.cached(key, build), "up": not is_officer,
    })


@never_cache
@login_required
def ward_lineage_xlsx(request, code):
    """The ward page's table of predecessors as an .xlsx, for whoever reads the ward page."""
    unit = reach(request.user)
    if not (unit.everything or unit.level in (WARD, DISTRICT, PROVINCE)):
        raise PermissionDenied(NO_ROLE)
    ward = _get_ward_for_user(request, code)
    return _download(
        lineage_workbook(lineage=lineage(ward, None)), filename=f"don-vi-truoc-sap-xep-{ward.key}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _get_report_for_user(request, pk: int) -> ReviewReport:
    """The report if it is of a plan the user reads (404 otherwise), without its stored files."""
    return get_object_or_404(
        ReviewReport.objects.visible_to(request.user)
        .select_related("campaign__owner_district", "issued_by").defer("pdf", "xlsx"),
        pk=pk,
    )


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@review_reader_required
def review_list(request):
    reports = (
        ReviewReport.objects.visible_to(request.user).select_related("campaign__owner_district").defer("pdf", "xlsx")
        .annotate(milestone_year=Subquery(
            Milestone.objects.filter(campaign=OuterRef("campaign"), kind=OuterRef("kind")).values("year")[:1]
        ))
        .order_by("-campaign__issued_on", vietnamese("campaign__owner_district__name"), "kind")
    )
    return render(request, "reports/review_list.html", {
        "reports": reports,
        "can_draft": request.user.has_perm("reports.add_reviewreport"),
    })


@never_cache
@review_reader_required
def review_detail(request, pk):
    report = _get_report_for_user(request, pk)
    return render(request, "reports/review_detail.html", {
        "report": report,
        "missing": [] if report.is_issued else report.missing_for_issue(),
        "actions": review_actions(report=report, user=request.user),
        "may_issue": not report.is_issued and may_issue(request.user, report),
    })


@never_cache
@review_reader_required
def review_preview(request, pk):
    """The draft as a page. An issued report is its stored PDF: the page would re-read live data."""
    report = _get_report_for_user(request, pk)
    if report.is_issued:
        return redirect("reports:review-pdf", pk=report.pk)
    content = review_content(report=report, today=timezone.localdate())
    return HttpResponse(review_html(content=content, for_pdf=False))


@never_cache
@review_reader_required
def review_pdf_download(request, pk):
    """The issued PDF as stored, with its SHA-256 as the ETag (304 when unchanged); a draft's as
    cached for the current data, rendered for its drafters only."""
    report = get_object_or_404(
        ReviewReport.objects.visible_to(request.user).only(
            "pk", "status", "kind", "number", "pdf", "pdf_sha256", "campaign"
        ), pk=pk
    )
    if report.is_issued:
        etag = f'"{report.pdf_sha256}"'
        matches = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in matches or "*" in matches:
            response = HttpResponseNotModified()
        else:
            response = _download(report.pdf, filename=f"{report.file_stem}.pdf", content_type="application/pdf")
        response["ETag"] = etag
        return response
    report = _get_report_for_user(request, pk)
    try:
        pdf = draft_pdf(
            report=report, today=timezone.localdate(), user=request.user, may_render=may_draft(request.user, report)
        )
    except DraftNotRendered:
        # 409: the draft's current PDF does not exist yet, and only its drafters' request makes it.
        return HttpResponse(DRAFT_NOT_RENDERED, status=409, content_type="text/plain; charset=utf-8")
    except RenderBusy as error:
        return HttpResponse(str(error), status=429, content_type="text/plain; charset=utf-8")
    except RenderFailed as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return _download(pdf, filename=f"{report.file_stem}.pdf", content_type="application/pdf")


@never_cache
@review_reader_required
def review_xlsx_download(request, pk):
    report = get_object_or_404(
        ReviewReport.objects.visible_to(request.user).select_related("campaign__owner_district").defer("pdf"), pk=pk
    )
    workbook = report.xlsx if report.is_issued else review_xlsx(report=report, today=timezone.localdate())
    return _download(
        workbook, filename=f"{report.file_stem}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@login_required
@permission_required("reports.issue_reviewreport", raise_exception=True)
def review_issue(request, pk):
    report = _get_report_for_user(request, pk)
    if not confirmed(request):
        step = review_confirmation(report=report, user=request.user, values=request.POST)
        if step is not None:
            return confirmation_page(request, step, back=reverse("reports:review-detail", args=[pk]))
    try:
        report = review_report_issue(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except RenderFailed as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Đã ban hành báo cáo số {report.number}. Tệp PDF đã được khóa (SHA-256: {report.pdf_sha256})."
        )
    return redirect("reports:review-detail", pk=report.pk)
