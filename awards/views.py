from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaign.models import Campaign
from campaign.selectors import current_plan
from common import cache as data_cache
from common.confirm import confirmation_page, confirmed
from units.access import DISTRICT, WARD, has_role, reach, reach_required
from units.offices import office_name, offices_for
from units.roles import Role

from . import selectors, services
from .forms import ASSESSMENT_CHOICES, DecisionForm, DocumentForm, DossierForm, NominationForm, error_list
from .models import Nomination, NominationDocument, Occasion, proposing_unit_label
from .spreadsheets import council_workbook

Status = Nomination.Status
PAGE = "trang"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _current_campaign(request) -> Campaign:
    campaign = current_plan(request)
    if campaign is None:
        raise Http404("Đơn vị chưa có kế hoạch thi đua nào.")
    return campaign


# The award pages are for ward officers and the district's offices; the queue and the council's
# lists for the district's offices.
role_required = reach_required(WARD, DISTRICT)
district_staff_required = reach_required(
    DISTRICT, message="Chỉ cơ quan thường trực và cơ quan thi đua, khen thưởng của quận xem được trang này."
)


def _plan_offices(request, campaign: Campaign):
    """Today's offices of the user's unit, which the pages of their plan name (the plan's own unit's
    for a superuser)."""
    return offices_for(reach(request.user).unit or campaign.owner)


def _get_nomination_for_user(request, pk: int) -> Nomination:
    """The nomination if the user may see it: 404 to another ward's officer or district."""
    return get_object_or_404(selectors.nominations_for_user(request.user), pk=pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _can_propose(user) -> bool:
    unit = reach(user)
    return unit.everything or unit.level == WARD or (unit.level == DISTRICT and has_role(user, Role.SOCIAL_AFFAIRS))


@never_cache
@role_required
def nomination_list(request):
    campaign = _current_campaign(request)
    status = request.GET.get("trang-thai", "")
    occasion = request.GET.get("dip", "")
    status = status if status in Status.values else ""
    occasion = occasion if occasion in Occasion.values else ""
    context = selectors.nomination_list(
        user=request.user, campaign=campaign, status=status, occasion=occasion, page=request.GET.get(PAGE),
    )
    filters = {"trang-thai": status, "dip": occasion}
    return render(request, "awards/nomination_list.html", {
        **context, "page_query": urlencode({k: v for k, v in filters.items() if v}), "campaign": campaign,
        "status": status, "occasion": occasion, "occasions": Occasion.choices, "can_propose": _can_propose(request.user),
        "ward": reach(request.user).ward,
    })


@never_cache
@role_required
def nomination_create(request):
    user = request.user
    if not _can_propose(user):
        office = office_name(Role.SOCIAL_AFFAIRS, reach(user).unit)
        raise PermissionDenied(f"Chỉ cán bộ phường và {office} được lập đề nghị khen thưởng.")
    campaign = _current_campaign(request)
    ward = reach(user).ward
    nomination = Nomination(campaign=campaign, created_by=user, proposing_ward=ward, ward=ward)
    form = NominationForm(request.POST or None, instance=nomination, campaign=campaign, user=user)
    dossier = DossierForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST":
        # Both forms are checked, whatever the first finds, so that every error shows at once.
        if all([form.is_valid(), dossier.is_valid()]):
            try:
                nomination = services.nomination_create(
                    nomination=form.instance, user=user, uploads=dossier.uploads(), kept=dossier.kept.values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Đã lưu đề nghị khen thưởng cho {nomination.nominee_name}.")
                return redirect("awards:nomination-detail", pk=nomination.pk)
        # Nothing is saved; the files that passed wait for the corrected form.
        dossier.kept = services.documents_keep(user=user, accepted=dossier.accepted, kept=dossier.kept.values())
    # Without a ward, the district proposes (through its office in charge).
    proposer = proposing_unit_label(ward) if ward else proposing_unit_label(None, reach(user).district or campaign.owner_district)
    return render(request, "awards/nomination_form.html", {
        "form": form, "dossier": dossier, "campaign": campaign, "ward": ward, "nomination": None,
        "proposing_unit": proposer, "errors": error_list(form, dossier),
    })


@never_cache
@role_required
def nomination_edit(request, pk):
    nomination = _get_nomination_for_user(request, pk)
    if not services.is_proposer(request.user, nomination):
        raise PermissionDenied(f"Chỉ {nomination.proposing_unit} được sửa đề nghị này.")
    if not nomination.is_editable:
        messages.error(
            request, f"Đề nghị đang ở trạng thái “{nomination.get_status_display()}”: không sửa được."
        )
        return redirect("awards:nomination-detail", pk=pk)
    form = NominationForm(request.POST or None, instance=nomination, campaign=nomination.campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_save(nomination=form.instance, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu các thay đổi của đề nghị.")
            return redirect("awards:nomination-detail", pk=pk)
    return render(request, "awards/nomination_form.html", {
        "form": form, "dossier": None, "campaign": nomination.campaign, "nomination": nomination,
        "ward": nomination.proposing_ward, "proposing_unit": nomination.proposing_unit, "errors": error_list(form),
    })


@never_cache
@role_required
def nomination_detail(request, pk):
    nomination = _get_nomination_for_user(request, pk)
    context = {
        "nomination": nomination,
        **selectors.nomination_detail(nomination=nomination),
        "actions": services.nomination_actions(nomination=nomination, user=request.user),
        "can_edit": services.may_edit(request.user, nomination),
        "document_form": DocumentForm(),
    }
    return render(request, "awards/nomination_detail.html", context)


def _action(request, pk, action, done: str):
    """Run one workflow service on a nomination the user may see; refusals become messages."""
    nomination = _get_nomination_for_user(request, pk)
    try:
        action(nomination)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done.format(offices=offices_for(nomination.office_unit)))
    return redirect("awards:nomination-detail", pk=pk)


# What each move's page says once done, naming the offices that handle the nomination.
DONE = {
    "submit": "Đã gửi đề nghị tới {offices.social}.",
    "forward": "Đã chuyển đề nghị sang {offices.home} thẩm định.",
    "return": "Đã trả lại đề nghị cho đơn vị đề nghị.",
    "reject": "Đã ghi kết quả thẩm định: không đề nghị khen thưởng.",
    "approve": "Đã ghi kết quả thẩm định: đồng ý đề nghị khen thưởng.",
    "send-to-city": "Đã ghi: đề nghị được trình UBND Thành phố.",
    "decide": "Đã ghi quyết định khen thưởng.",
}
SERVICES = {
    "submit": services.nomination_submit, "forward": services.nomination_forward,
    "return": services.nomination_return, "reject": services.nomination_reject,
    "approve": services.nomination_approve, "send-to-city": services.nomination_send_to_city,
}


def _confirm(request, pk, move: str):
    """The page confirming `move` on a nomination the user may see, or None to make it now."""
    nomination = _get_nomination_for_user(request, pk)
    step = services.nomination_confirmation(nomination=nomination, user=request.user, move=move, values=request.POST)
    if step is None:
        return None
    return confirmation_page(request, step, back=reverse("awards:nomination-detail", args=[pk]))


@require_POST
@role_required
def nomination_move(request, pk, move):
    if not confirmed(request):
        response = _confirm(request, pk, move)
        if response is not None:
            return response
    extra = {} if move == "submit" else {"reason": request.POST.get("reason", "")}
    return _action(request, pk, lambda n: SERVICES[move](nomination=n, user=request.user, **extra), DONE[move])


@require_POST
@role_required
def nomination_decide(request, pk):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        nomination = _get_nomination_for_user(request, pk)
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("awards:nomination-detail", pk=nomination.pk)
    if not confirmed(request):
        response = _confirm(request, pk, "decide")
        if response is not None:
            return response
    return _action(
        request, pk,
        lambda n: services.nomination_record_decision(
            nomination=n, user=request.user, number=form.cleaned_data["number"], date=form.cleaned_data["date"],
        ),
        DONE["decide"],
    )


@require_POST
@role_required
def document_upload(request, pk):
    nomination = _get_nomination_for_user(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid() or "file" not in request.FILES:
        messages.error(request, "Chọn loại hồ sơ và tệp cần tải lên.")
        return redirect("awards:nomination-detail", pk=pk)
    try:
        services.documents_add(
            nomination=nomination, user=request.user, uploads=[(form.cleaned_data["kind"], request.FILES["file"])]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Đã tải lên {request.FILES['file'].name}.")
    return redirect("awards:nomination-detail", pk=pk)


def _get_document_for_user(request, pk: int) -> NominationDocument:
    """A file of a nomination the user may see: 404 to anyone else."""
    return get_object_or_404(NominationDocument.objects.visible_to(request.user).select_related("nomination"), pk=pk)


@require_POST
@role_required
def document_delete(request, pk):
    document = _get_document_for_user(request, pk)
    try:
        services.document_delete(document=document, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Đã xóa {document.original_name}.")
    return redirect("awards:nomination-detail", pk=document.nomination_id)


@role_required
def document_download(request, pk):
    document = _get_document_for_user(request, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp hồ sơ trên máy chủ.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser open it anyway, it runs nothing from it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@district_staff_required
def appraisal_queue(request):
    user, campaign, today, page = request.user, _current_campaign(request), timezone.localdate(), request.GET.get(PAGE)

    def build() -> str:
        queue = selectors.appraisal_queue(user=user, campaign=campaign, today=today, page=page)
        return render_to_string("awards/_queue.html", {
            "queue": queue, "campaign": campaign, "offices": _plan_offices(request, campaign),
        })

    # The queue is the same for every user of the plan's district, the pages' cache keeps it.
    key = f"awards:queue:{campaign.pk}:{today.isoformat()}:{page}:{data_cache.version()}"
    return render(request, "awards/queue.html", {"body": data_cache.cached(key, build), "campaign": campaign})


@district_staff_required
def council_list(request, occasion, year):
    if occasion not in Occasion.values:
        raise Http404("Không có dịp khen thưởng này.")
    campaign = _current_campaign(request)
    rows = selectors.council_rows(user=request.user, campaign=campaign, occasion=occasion, year=year)
    label = Nomination(occasion=occasion, year=year).occasion_label
    content = council_workbook(rows=rows, title=f"{label} — {campaign}")
    response = HttpResponse(content, content_type=XLSX)
    filename = f"danh-sach-hoi-dong-{occasion}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@district_staff_required
def ranking(request, year=None):
    campaign = _current_campaign(request)
    if year is None:
        # The latest year whose figures can have been approved: last year, within the plan.
        year = min(max(timezone.localdate().year - 1, campaign.start_year), campaign.end_year)
        return redirect("awards:ranking-year", year=year)
    if year not in campaign.years:
        raise Http404("Năm nằm ngoài thời gian của kế hoạch.")
    return render(request, "awards/ranking.html", {
        **selectors.ward_ranking(user=request.user, campaign=campaign, year=year), "years": list(campaign.years),
    })


@never_cache
@district_staff_required
def assessments(request, year):
    campaign = _current_campaign(request)
    if year not in campaign.years:
        raise Http404("Năm nằm ngoài thời gian của kế hoạch.")
    grid = selectors.assessment_grid(user=request.user, campaign=campaign, year=year)
    if request.method == "POST":
        rows = []
        for row in grid["rows"]:
            for cell in row["cells"]:
                prefix = f"a-{row['ward'].pk}-{cell['criterion'].pk}"
                rows.append({
                    "ward": row["ward"], "criterion": cell["criterion"],
                    "result": request.POST.get(f"{prefix}-result", ""),
                    "note": request.POST.get(f"{prefix}-note", ""),
                    "evidence": request.POST.get(f"{prefix}-evidence", ""),
                })
        try:
            written = services.ward_assessments_save(campaign=campaign, year=year, user=request.user, rows=rows)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"Đã lưu đánh giá tiêu chí năm {year} ({written} ô thay đổi).")
            return redirect("awards:assessments", year=year)
    return render(request, "awards/assessments.html", {
        **grid, "campaign": campaign, "years": list(campaign.years), "choices": ASSESSMENT_CHOICES,
        "offices": _plan_offices(request, campaign),
        "can_assess": request.user.has_perm("awards.change_criterionassessment")
        and request.user.has_perm("awards.add_criterionassessment"),
    })
