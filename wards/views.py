from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaign.selectors import ward_plan
from common.confirm import confirmation_page, confirmed
from units.access import DISTRICT, NO_ROLE, WARD, get_visible_ward, reach
from units.models import Ward
from units.offices import offices_for

from . import selectors, services
from .models import YearlyCount
from .deadlines import deadline_for

# The approval form's field that sends the reviewer on to the next figures waiting in the inbox.
NEXT, INBOX = "next", "inbox"


def _get_ward_for_user(request, code: str) -> Ward:
    """The ward at `code` if the user's unit reaches it: 404 to everyone else with a unit."""
    unit = reach(request.user)
    if not (unit.everything or unit.level in (WARD, DISTRICT)):
        raise PermissionDenied(NO_ROLE)
    return get_visible_ward(request.user, code)


def _get_count_for_user(request, code: str, year: int) -> YearlyCount:
    """The ward's figures for `year` under the plan the user works under, as the ward's own."""
    ward = _get_ward_for_user(request, code)
    plan = ward_plan(request, ward)
    try:
        return YearlyCount.objects.visible_to(request.user).select_related("campaign", "ward", "updated_by").get(
            campaign=plan, ward=ward, year=year
        )
    except YearlyCount.DoesNotExist:
        raise Http404("Phường chưa có số liệu của năm này.") from None


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@never_cache
@login_required
def count_detail(request, code, year):
    count = _get_count_for_user(request, code, year)
    actions = services.count_actions(count=count, user=request.user)
    context = {
        "count": count,
        "ward": count.ward,
        "campaign": count.campaign,
        "transitions": count.transitions.select_related("by"),
        "window": deadline_for(campaign=count.campaign, ward=count.ward, year=count.year),
        "actions": actions,
        "approve": next((action for action in actions if action.name == "approve"), None),
        "last_return": count.transitions.filter(to_status=YearlyCount.Status.RETURNED).order_by("-at", "-pk").first(),
        "review": selectors.count_review(count=count),
    }
    return render(request, "wards/count_detail.html", context)


# What each move's page says once done, naming the offices of the count's ward; a move with a
# reason box passes its reason on.
DONE = {
    "submit": "Đã gửi số liệu năm {count.year} tới {offices.social}.",
    "approve": "Đã duyệt số liệu năm {count.year} của {count.ward}.",
    "return": "Đã trả lại số liệu năm {count.year} cho {count.ward}.",
    "reopen": "Đã mở lại số liệu năm {count.year} của {count.ward} để phường sửa.",
}
SERVICES = {
    "submit": services.count_submit, "approve": services.count_approve,
    "return": services.count_return, "reopen": services.count_reopen,
}


@require_POST
@login_required
def count_move(request, code, year, move):
    count = _get_count_for_user(request, code, year)
    if not confirmed(request):
        step = services.count_confirmation(count=count, user=request.user, move=move, values=request.POST)
        if step is not None:
            return confirmation_page(request, step, back=reverse("wards:count", args=[code, year]))
    extra = {"reason": request.POST.get("reason", "")} if services.MOVE_BY_NAME[move].reason else {}
    try:
        SERVICES[move](count=count, user=request.user, **extra)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, DONE[move].format(count=count, offices=offices_for(count.ward)))
        if move == "approve" and request.POST.get(NEXT) == INBOX:
            return _next_in_inbox(request, count)
    return redirect("wards:count", code=code, year=year)


def _next_in_inbox(request, approved: YearlyCount):
    """After "Duyệt và sang phường tiếp theo": the oldest figures still waiting for the reviewer
    under the same plan, else the inbox, saying that none is left."""
    waiting = selectors.counts_waiting(user=request.user, campaign=approved.campaign).select_related("ward")
    following = waiting.exclude(pk=approved.pk).first()
    if following is None:
        messages.info(request, "Không còn số liệu phường nào chờ duyệt.")
        return redirect("reports:inbox")
    return redirect("wards:count", code=following.ward.key, year=following.year)
