from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from campaign.models import Campaign

from .models import Ward
from .roles import is_district_staff, officer_ward
from .selectors import district_table, ward_overview


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def _current_campaign() -> Campaign:
    campaign = Campaign.current()
    if campaign is None:
        raise Http404("Chưa có kế hoạch thi đua nào.")
    return campaign


def _get_ward_for_user(request, code: str) -> Ward:
    """The ward at `code` if the user may see it: 404 to another ward's officer, 403 to others."""
    officer = officer_ward(request.user)
    if officer is not None:
        if officer.code != code:
            raise Http404("Không tìm thấy phường.")
        return officer
    if not is_district_staff(request.user):
        raise PermissionDenied("Tài khoản chưa được giao vai trò trong hệ thống.")
    try:
        return Ward.objects.select_related("district").get(code=code)
    except Ward.DoesNotExist:
        raise Http404("Không tìm thấy phường.") from None


@login_required
def home(request):
    ward = officer_ward(request.user)
    if ward is not None:
        return redirect("wards:detail", code=ward.code)
    if is_district_staff(request.user):
        return redirect("wards:district")
    raise PermissionDenied("Tài khoản chưa được giao vai trò trong hệ thống.")


@never_cache
@login_required
def ward_detail(request, code):
    ward = _get_ward_for_user(request, code)
    campaign = _current_campaign()
    context = {"ward": ward, "campaign": campaign, **ward_overview(campaign=campaign, ward=ward)}
    context["can_enter"] = officer_ward(request.user) is not None
    return render(request, "wards/ward_detail.html", context)


@never_cache
@login_required
def district_overview(request):
    if not is_district_staff(request.user):
        raise PermissionDenied("Chỉ Phòng LĐ-TB&XH và Phòng Nội vụ xem được bảng của quận.")
    campaign = _current_campaign()
    context = {"campaign": campaign, **district_table(campaign=campaign)}
    return render(request, "wards/district.html", context)
