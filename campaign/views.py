from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from units.access import DISTRICT, PROVINCE, WARD, reach_required

from .selectors import choose_plan, current_plan, plans_of_user

PAGE_SIZE = 50


def _get_plan_for_user(request, pk: int):
    """One of the user's own unit's plans: 404 for any other."""
    return get_object_or_404(plans_of_user(request.user), pk=pk)


@never_cache
@reach_required(WARD, DISTRICT, PROVINCE)
def plan_list(request):
    page = Paginator(plans_of_user(request.user).select_related("owner_ward", "owner_district", "owner_province", "parent"),
                     PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "campaign/plan_list.html", {
        "page": page, "current": current_plan(request), "next": request.GET.get("next", ""),
    })


@require_POST
@reach_required(WARD, DISTRICT, PROVINCE)
def plan_choose(request, pk):
    plan = _get_plan_for_user(request, pk)
    choose_plan(request, plan)
    messages.success(request, f"Đang làm việc theo {plan}: {plan.title}.")
    target = request.POST.get("next", "")
    # A path of this site only: redirect() would read "0" or "home" as the name of a URL to reverse.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return HttpResponseRedirect(target)
