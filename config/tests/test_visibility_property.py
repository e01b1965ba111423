"""A property of every row and every user: what a user reads is in `visible_to(user)`, what a user
may change is in `editable_by(user)`.

Random users of the two districts (conftest.py) meet random rows of every model the admin shows.
Whatever path shows a row (its admin list, its change page, its export, its page on the site),
the row is one `visible_to` gives that user; whenever the admin would let the user change it, it
is one `editable_by` gives. And the admin lists exactly the rows `visible_to` gives: no more
(a leak), no fewer (a page that hides what the user should see).
"""

from http.cookies import SimpleCookie

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

USERS = ("officer_a", "officer_b", "officer_c", "social", "home", "social_2", "home_2", "city", "super")
SCOPED = sorted(
    (model for model in admin.site._registry if hasattr(model._default_manager, "visible_to")),
    key=lambda model: model._meta.label,
)
# Pages of the site that show one row, by model.
PAGES = {
    "awards.Nomination": lambda row: reverse("awards:nomination-detail", args=[row.pk]),
    "awards.NominationDocument": lambda row: reverse("awards:document-download", args=[row.pk]),
    "reports.ReviewReport": lambda row: reverse("reports:review-detail", args=[row.pk]),
    "units.Ward": lambda row: reverse("reports:ward", args=[row.code]),
    "units.District": lambda row: reverse("reports:district-dashboard", args=[row.code]),
    "wards.YearlyCount": lambda row: reverse("wards:count", args=[row.ward.code, row.year]),
}
EXAMPLES = settings(
    max_examples=120, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def signed_in(world):
    clients = {}
    for name in USERS:
        client = Client()
        client.force_login(world.users[name])
        clients[name] = {key: morsel.value for key, morsel in client.cookies.items()}
    return clients


def _client(signed_in, name) -> Client:
    client = Client()
    client.cookies = SimpleCookie(signed_in[name])
    return client


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@given(who=st.sampled_from(USERS), model=st.sampled_from(SCOPED), pick=st.integers(min_value=0, max_value=10_000))
@EXAMPLES
def test_what_a_user_reads_or_changes_is_theirs(world, signed_in, who, model, pick):
    user = world.users[who]
    rows = list(model._default_manager.order_by("pk"))
    if not rows:
        return
    row = rows[pick % len(rows)]
    visible = model._default_manager.visible_to(user).filter(pk=row.pk).exists()
    editable = model._default_manager.editable_by(user).filter(pk=row.pk).exists()
    model_admin = admin.site._registry[model]
    opts = model._meta
    client = _client(signed_in, who)
    with transaction.atomic():
        change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
        shown = change.status_code == 200
        page = PAGES.get(opts.label)
        page_shown = page is not None and client.get(page(row)).status_code == 200
        transaction.set_rollback(True)
    # The user object of the request carries what reach() read; a fresh one per question.
    may_change = model_admin.has_change_permission(_request(type(user).objects.get(pk=user.pk)), row)
    assert not shown or visible, f"{who} was shown {opts.label} #{row.pk} in the admin, not visible to them"
    assert not page_shown or visible, f"{who} was shown the page of {opts.label} #{row.pk}, not visible to them"
    assert not may_change or editable, f"{who} may change {opts.label} #{row.pk}, not editable by them"


@pytest.mark.parametrize("who", USERS)
def test_admin_lists_are_exactly_the_visible_rows(world, signed_in, who):
    user = world.users[who]
    client = _client(signed_in, who)
    compared = 0
    for model in SCOPED:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url, {"all": ""})
        if response.status_code != 200 or "cl" not in (response.context or {}):
            continue
        listed = set(response.context["cl"].queryset.values_list("pk", flat=True))
        visible = set(model._default_manager.visible_to(user).values_list("pk", flat=True))
        assert listed == visible, f"{who}: the admin list of {opts.label} differs from visible_to"
        compared += 1
    if who in ("city",):
        assert compared == 0  # no admin at all
    else:
        assert compared >= 8
