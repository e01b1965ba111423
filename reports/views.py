from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from campaign.models import Campaign
from wards.roles import get_ward_for_user, is_district_staff, officer_ward
from wards.selectors import ward_overview, window_state

from .selectors import ProgressStatus, district_progress, ward_progress


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
