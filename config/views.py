"""The project's own pages: the way in, and the health check."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect

from units.access import DISTRICT, NO_ROLE, PROVINCE, WARD, reach


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    unit = reach(request.user)
    if unit.level == WARD:
        return redirect("reports:ward", code=unit.ward.key)
    if unit.everything or unit.level in (DISTRICT, PROVINCE) or unit.unposted:
        return redirect("reports:dashboard")
    raise PermissionDenied(NO_ROLE)
