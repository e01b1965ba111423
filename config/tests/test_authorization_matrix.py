"""Every URL of the product, tried by every role, on the objects of wards A and B of district 1 and
of ward C of district 2 (and of each district's plan), against policy.py.

A case is (URL, role, object, method). Its outcome is read from what happened, not only from the
status code: the database is compared with its state before the request (every table of the
product), and the body decides for lists (is the object listed? offered by the autocomplete?
accepted by the import preview?). Denied: 403, 404, 405, a redirect to a login page, the admin's
redirect to its index with "… không tồn tại", or the admin's "no action / no item selected". Any
change in the database is an effect, whatever the status. Each request runs in a transaction
that is rolled back, so every case starts from the same data.
"""

import datetime
from dataclasses import dataclass, field, replace
from html import escape
from http.cookies import SimpleCookie
from unittest import mock
from urllib.parse import urlencode, urlparse

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import PDF, record
from .policy import ANON, APP_INDEX, CITY, HOME, OFFICER, POLICY, SOCIAL, SUPER

# The module's data is built once (see conftest.py); each test also runs in a transaction.
pytestmark = pytest.mark.django_db

ROLES = ("anon", "officer_a", "officer_b", "officer_c", "social", "home", "social_2", "home_2", "super", "city")
TOKEN = {
    "anon": ANON, "officer_a": OFFICER, "officer_b": OFFICER, "officer_c": OFFICER, "social": SOCIAL, "home": HOME,
    "social_2": SOCIAL, "home_2": HOME, "super": SUPER, "city": CITY,
}
OWN_WARD = {"officer_a": "A", "officer_b": "B", "officer_c": "C"}
# The district each role acts in (the city's department reads both).
OWN_DISTRICT = {"officer_a": 1, "officer_b": 1, "officer_c": 2, "social": 1, "home": 1, "social_2": 2, "home_2": 2}
WARD_DISTRICT = {"A": 1, "B": 1, "C": 2}
REFUSALS = ("không tồn tại", "Không có hoạt động nào được lựa chọn", "Không có mục nào")
PRODUCT_APPS = {"units", "campaign", "wards", "awards", "reports"}
# The ward's change form carries its successions' inline formsets (empty here).
INLINE_FORMSETS = {
    f"{prefix}-{key}": value for prefix in ("predecessions", "successions")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))
}


def url_patterns(patterns=None, prefix="", namespace=None):
    """(key, route) of every URL pattern: the key is the URL name, or the route if it has none."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route
            else:
                yield route, route


URLS = dict(url_patterns())


def test_every_url_has_a_policy_row():
    missing = sorted(set(URLS) - set(POLICY))
    stale = sorted(set(POLICY) - set(URLS))
    assert not missing, f"URL patterns without a row in config/tests/policy.py: {missing}"
    assert not stale, f"Rows of config/tests/policy.py for no URL pattern: {stale}"


# --- the database before and after ----------------------------------------------------------------

def _snapshot_models():
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group

    User = get_user_model()
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.app_label in PRODUCT_APPS]
    return models + [
        User, User.groups.through, User.user_permissions.through, Group, Group.permissions.through, LogEntry,
    ]


def _snapshot_sql() -> str:
    """One query: per table, its row count, highest key and latest auto-updated time.

    Rows added or removed show in the counts; a row changed through the admin or an import leaves
    an admin log entry; figures leave a historical row; nominations, figures, reports and
    assessments carry their own `auto_now` time. The case's own object is compared in full.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    parts = []
    for model in _snapshot_models():
        stamped = [
            f.column for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
        ]
        stamp = f"CAST(MAX({quote(stamped[0])}) AS TEXT)" if stamped else "CAST(NULL AS TEXT)"
        parts.append(
            f"SELECT '{model._meta.label}', COUNT(*), CAST(MAX({quote(model._meta.pk.column)}) AS TEXT), {stamp} "
            f"FROM {quote(model._meta.db_table)}"
        )
    return " UNION ALL ".join(parts)


def snapshot(obj=None) -> tuple:
    from django.db import connection

    global _SQL
    if _SQL is None:
        _SQL = _snapshot_sql()
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        tables = tuple(sorted(cursor.fetchall()))
    row = None
    if obj is not None:
        columns = [f.attname for f in obj._meta.concrete_fields if f.attname != "last_login"]
        row = repr(list(type(obj)._default_manager.filter(pk=obj.pk).values_list(*columns)))
    return tables, row


_SQL = None


# --- the cases ------------------------------------------------------------------------------------

@dataclass
class Case:
    url: str
    ward: str | None  # "A", "B", "C", or None for an object of no ward (or no object)
    # 1 or 2 for an object of a district or of its plan (None: of no district, or the ward's)
    district: int | None = None
    # The plan the user has chosen to work under when the request is made (as in the header).
    plan: object = None
    label: str = ""
    # The POST's data, or a function that makes it afresh (uploaded files are read once).
    data: object = field(default_factory=dict)
    # Decides from the response whether the role reached the object (lists, autocomplete, import):
    # called with (response, method), answers True, False or None (for the usual reading).
    decide: object = None
    # The object whose row is compared in full before and after.
    obj: object = None
    # Text that a page showing the object must contain.
    marker: str = ""
    # Replaces the policy's roles for this case (an app's admin index).
    allowed: frozenset | None = None
    get: bool = True
    post: bool = True
    # A move's POST without confirmed=1 (policy's `confirm`): the allowed read its confirmation page.
    unconfirmed: bool = False


def _confirmation_shown(response, method):
    return response.status_code == 200 and b'name="confirmed" value="1"' in response.content


def with_unconfirmed(cases_, rule) -> list[Case]:
    """The cases of a move confirmed first, each also posted without confirmed=1."""
    if not rule.confirm:
        return cases_
    out = []
    for case in cases_:
        data = case.data

        def unconfirmed(data=data):
            values = data() if callable(data) else data
            return {k: v for k, v in values.items() if k != "confirmed"}

        out += [case, replace(case, data=unconfirmed, unconfirmed=True, label="unconfirmed",
                              decide=_confirmation_shown, get=False)]
    return out


def _admin_object(world, label, which):
    """The object a row of the admin is tried on: of ward `which` ("A", "B", "C"), of district
    `which` (1, 2: its plan's row, or the district), or the only one (None)."""
    from awards.models import AwardForm
    from campaign.models import Criterion, Milestone
    from wards.models import Baseline, ReductionTarget

    w = world.of(which) if which in ("A", "B", "C") else None
    u = world.unit(which) if which in (1, 2) else None
    plan = w and world.unit(w.district).plan
    objects = {
        "auth.group": lambda: world.group,
        "auth.user": lambda: w.officer,
        "campaign.campaign": lambda: u.plan,
        "campaign.criterion": lambda: Criterion.objects.filter(campaign=u.plan).order_by("pk").first(),
        "campaign.milestone": lambda: Milestone.objects.filter(campaign=u.plan).order_by("pk").first(),
        "units.district": lambda: u.district,
        "units.ward": lambda: w.ward,
        "units.wardofficer": lambda: w.link,
        "wards.baseline": lambda: Baseline.objects.get(campaign=plan, ward=w.ward),
        "wards.reductiontarget": lambda: ReductionTarget.objects.get(campaign=plan, ward=w.ward, year=2024),
        "wards.yearlycount": lambda: w.counts["draft"],
        "wards.reportingwindow": lambda: u.window,
        "wards.windowextension": lambda: w.extension,
        "wards.counttransition": lambda: w.count_transition,
        "awards.awardform": lambda: AwardForm.objects.filter(campaign=u.plan).order_by("pk").first(),
        "awards.criterionassessment": lambda: w.assessment,
        "awards.nomination": lambda: w.nominations["draft"],
        "awards.nominationtransition": lambda: w.nomination_transition,
        "reports.reviewreport": lambda: u.review,
    }
    if label not in objects:
        return apps.get_model(label)._default_manager.order_by("pk").first()
    return objects[label]()


def _model_admin(label):
    return admin.site._registry[apps.get_model(label)]


def _is_scoped(label):
    from .policy import ADMIN_MODELS

    return ADMIN_MODELS[label].scoped


def _wards(label):
    """Where a row of the admin is tried: each ward, each district, or its only object."""
    from .policy import ADMIN_MODELS

    policy = ADMIN_MODELS[label]
    if policy.scoped:
        return ("A", "B", "C")
    return (1, 2) if policy.plan else (None,)


def _where(which) -> dict:
    """The Case fields that place an object: its ward, or its district."""
    if which in ("A", "B", "C"):
        return {"ward": which}
    return {"ward": None, "district": which}


def _listed_or_acted_on(pk, scoped):
    """GET: is the row in the changelist? POST: did the bulk action run on it? A deletion that
    stopped at the "cannot delete, other rows refer to it" page did run; a user without the action
    gets the list back, unchanged."""

    def decide(response, method):
        if method == "POST":
            # Acted on: the database changed (read before this), or the deletion stopped at the
            # page listing what refers to the row. Anything else left the row alone.
            if response.status_code == 200 and response.context:
                return bool(response.context.get("deletable_objects"))
            return None if response.status_code != 302 else False
        if response.status_code != 200 or not response.context:
            return None
        if not scoped or "cl" not in response.context:
            return None
        return pk in {obj.pk for obj in response.context["cl"].queryset}

    return decide


def _import_file(world, label, which) -> SimpleUploadedFile:
    """A .csv of the object's own row as the export writes it, with one value changed."""
    from common.spreadsheets import CsvFormat

    obj = _admin_object(world, label, which)
    model_admin = _model_admin(label)
    resource = model_admin.get_import_resource_classes(None)[0]()
    obj.target_reduction = 0
    if label == "wards.yearlycount":
        obj.note = "Nhập lại từ tệp."
    elif label == "wards.reductiontarget":
        obj.reduction += 1
    else:
        obj.name = f"{obj.name} (nhập lại)"
    dataset = resource.export(queryset=[obj])
    content = CsvFormat().export_data(dataset)
    obj.refresh_from_db()
    return SimpleUploadedFile(f"nhap-{which}.csv", content.encode() if isinstance(content, str) else content)


def _no_effect(response, method):
    """For a POST whose refusal is a page of errors: without an effect, it was refused."""
    return False if method == "POST" and response.status_code == 200 else None


def _version_form(world, which):
    from wards.models import YearlyCount

    def data():
        count = world.of(which).version.instance
        values = {}
        for name in ("campaign", "ward", "year", *(f.name for f in YearlyCount._meta.concrete_fields)):
            field = YearlyCount._meta.get_field(name)
            if not field.editable or field.primary_key or name in ("status", "updated_by", "start_needs_check"):
                continue
            value = getattr(count, field.attname)
            values[name] = "" if value is None else value
        values["note"] = "Khôi phục phiên bản cũ."
        # As the revert page carries it: the row's version as stored when the page was opened.
        values["loaded_version"] = YearlyCount.objects.get(pk=count.pk).version
        return values

    return data


def _import_upload(world, label, which):
    return lambda: {"import_file": _import_file(world, label, which), "format": "1", "resource": "0"}


def _confirmed_import(world, label, which):
    """The confirmation step, as if the preview had accepted the file: the requesting user's own
    pending import of it (pending imports are bound to who uploaded them)."""
    from common.models import PendingImport, new_import_token

    def data(user=None):
        upload = _import_file(world, label, which)
        token = new_import_token()
        if user is not None:
            PendingImport.objects.create(
                token=token, user=user, model=label, file_name=upload.name, file_format=1, data=upload.read(),
                report=b"",
            )
        return {"import_file_name": token, "original_file_name": upload.name, "format": "1", "resource": "0"}

    data.wants_user = True
    return data


def _import_accepted(response, method):
    if method != "POST" or response.status_code != 200 or not response.context:
        return None
    return response.context.get("confirm_form") is not None


def _autocomplete_answered(pk):
    def decide(response, method):
        if response.status_code != 200 or response.get("Content-Type", "").split(";")[0] != "application/json":
            return None
        return str(pk) in {item["id"] for item in response.json()["results"]}

    return decide


# --- valid admin forms ----------------------------------------------------------------------------

def _superuser_client(world) -> Client:
    """A superuser's client of its own, signed in with the module's data (outside the cases'
    rolled-back transactions, where a session would not last)."""
    client = getattr(world, "_superuser_client", None)
    if client is None:
        client = world._superuser_client = Client()
        client.force_login(world.users["super"])
    cookies = getattr(world, "_superuser_cookies", None)
    if cookies is None:
        world._superuser_cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    client.cookies = SimpleCookie(world._superuser_cookies)
    return client


def _field_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def form_payload(response) -> dict:
    """The POST body of an admin form as rendered: every field of the form and of its inline
    formsets (their management forms included), with the values it shows."""
    data = {}

    def put(bound):
        value = bound.value()
        widget = bound.field.widget
        if hasattr(widget, "widgets") and not isinstance(value, (list, tuple)):
            # A split widget (date and time): one input per part.
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = _field_value(part)
            return
        if isinstance(bound.field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
            data[bound.html_name] = [_field_value(v) for v in value or []]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [_field_value(v) for v in value]
        else:
            data[bound.html_name] = _field_value(value)

    for bound in response.context["adminform"].form:
        put(bound)
    for inline in response.context.get("inline_admin_formsets") or []:
        for bound in inline.formset.management_form:
            put(bound)
        for form in inline.formset.forms:
            for bound in form:
                put(bound)
    return data


def _change_payload(world, url):
    """The superuser's change form of the object, sent back as it is: valid for whoever may save it."""

    def data():
        response = _superuser_client(world).get(url)
        assert response.status_code == 200, f"{url}: the superuser's form did not open ({response.status_code})"
        return form_payload(response)

    return data


PASSWORD = "Mat-khau-moi-2026!"


def add_payload(world, label, which) -> dict | None:
    """Valid data for a new row of `label` in ward `which` ("A", "B", "C") or district `which`
    (1, 2), on top of the superuser's empty add form (inline management forms and defaults)."""
    from awards.models import AwardForm
    from campaign.models import Criterion
    from wards.models import FIGURE_FIELDS

    w = world.of(which) if which in ("A", "B", "C") else None
    u = world.unit(which if which in (1, 2) else (w.district if w else 1))
    plan = u.plan
    builders = {
        "auth.group": lambda: {"name": "Nhóm thử"},
        "auth.user": lambda: {"username": "nguoi-dung-moi", "password1": PASSWORD, "password2": PASSWORD,
                              "usable_password": "true"},
        "campaign.campaign": lambda: {
            "number": "12/KH-UBND", "title": "Kế hoạch giai đoạn mới", "owner_district": str(u.district.pk),
            "owner_province": "", "parent": str(plan.parent_id), "issuing_body": f"UBND quận {u.district.name}",
            "issued_on": "2026-01-15", "start_year": "2026", "end_year": "2030", "goal": "",
        },
        "campaign.criterion": lambda: {"campaign": str(plan.pk), "actor_type": "ward", "order": "99", "scope": "",
                                       "text": "Tiêu chí bổ sung."},
        "campaign.milestone": lambda: {"campaign": str(plan.pk), "kind": "launch", "year": "2022", "held_on": "",
                                       "description": "Phát động."},
        "units.province": lambda: {"code": "98", "name": "Tỉnh Thử"},
        "units.district": lambda: {"province": str(u.district.province_id), "code": "998", "name": "Quận Thử"},
        "units.ward": lambda: {"code": "09998", "name": "Phường Thử", "kind": "phuong", "district": str(u.district.pk),
                               "province": str(u.district.province_id), "valid_from": "", "valid_to": "",
                               **INLINE_FORMSETS},
        "units.succession": lambda: {
            "predecessor": str(world.of("A").ward.pk), "successor": str(u.spare.pk), "other_name": "", "other_code": "",
            "effective_on": "2025-07-01", "part": "share", "share": "", "legal_basis": "Nghị quyết thử", "note": "",
        },
        "units.office": lambda: {
            "role": "Cơ quan thường trực", "level": "ward", "name": "Phòng Thử", "short_name": "Phòng Thử",
            "province": "", "valid_from": "", "valid_to": "", "legal_basis": "",
        },
        "units.staffposting": lambda: {"user": str(world.users["unposted"].pk), "district": str(u.district.pk),
                                       "province": "", "ward": "", "valid_from": "", "valid_to": ""},
        # Both forms at once: the superuser links an account; a district's office makes one.
        "units.wardofficer": lambda: {
            "user": str(world.users["unlinked"].pk), "username": f"can-bo-moi-{which}", "full_name": "Cán bộ Mới",
            "email": "", "password1": PASSWORD, "password2": PASSWORD, "ward": str(w.ward.pk), "position": "Cán bộ",
        },
        "wards.baseline": lambda: {"campaign": str(plan.pk), "ward": str(u.spare.pk), "near_poor": "3", "poor": "0"},
        "wards.reductiontarget": lambda: {"campaign": str(plan.pk), "ward": str(u.spare.pk), "year": "2022",
                                          "reduction": "1"},
        "wards.yearlycount": lambda: {
            **{name: "0" for name in FIGURE_FIELDS}, "campaign": str(plan.pk), "ward": str(w.ward.pk), "year": "2025",
            "near_poor_start": str(w.counts["draft"].near_poor_end), "near_poor_end": str(w.counts["draft"].near_poor_end),
            "note": "", "loaded_version": "", "total_households": "1200",
        },
        "wards.reportingwindow": lambda: {"campaign": str(plan.pk), "year": "2024", "opens_on": "2024-11-01",
                                          "closes_on": "2024-12-15"},
        "wards.windowextension": lambda: {"window": str(u.window.pk), "ward": str(u.spare.pk),
                                          "closes_on": "2099-03-31", "reason": "Gia hạn thử."},
        "awards.awardform": lambda: {
            "campaign": str(plan.pk), "code": "hinh-thuc-thu", "name": "Hình thức thử", "order": "9",
            "decided_by": "district", "decider": "Chủ tịch UBND quận", "for_yearly": "on", "for_collective": "on",
        },
        "awards.criterionassessment": lambda: {
            "campaign": str(plan.pk), "year": "2023", "ward": str(w.ward.pk), "subject_name": "", "result": "met",
            "note": "", "evidence": "",
            "criterion": str(Criterion.objects.get(campaign=plan, actor_type="ward", order=3).pk),
        },
        "awards.nomination": lambda: {
            "campaign": str(plan.pk), "occasion": "yearly", "year": "2024", "nominee_kind": "individual",
            "nominee_name": f"Ông Thử Nghiệm {which}", "unit": "", "position": "Tổ trưởng", "ward": str(w.ward.pk),
            "actor_type": "official", "achievements": "Vận động hộ thoát cận nghèo.",
            "award_form": str(AwardForm.objects.get(campaign=plan, code="giay-khen-quan").pk),
        },
        "reports.reviewreport": lambda: {
            "campaign": str(plan.pk), "kind": "final", "number": "", "place": u.district.name, "dated_on": "",
            "subject": "", "recipients": "UBND thành phố Hà Nội;\nLưu: VT, LĐTBXH.",
            "signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_deputy": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
            "signer_name": "", **{name: "" for name in ("deployment", "results", "shortcomings", "lessons",
                                                         "directions", "proposals")},
        },
    }
    builder = builders.get(label)
    return builder() if builder else None


# Where an add form is tried: the wards whose officers may write such rows, or each district.
ADD_WHERE = {
    "wards.yearlycount": ("A", "B", "C"),
    "awards.nomination": ("A", "B", "C"),
    "units.wardofficer": ("A", "B", "C"),
    "awards.criterionassessment": ("A", "C"),
    "wards.baseline": (1, 2),
    "wards.reductiontarget": (1, 2),
    "wards.windowextension": (1, 2),
    "units.ward": (1, 2),
    "units.staffposting": (1, 2),
    "campaign.criterion": (1, 2),
    "campaign.milestone": (1, 2),
    "wards.reportingwindow": (1, 2),
    "awards.awardform": (1, 2),
    "reports.reviewreport": (1, 2),
}


def _add_cases(key, world, label) -> list[Case]:
    from .policy import OFFICER, SOCIAL, SUPER, roles

    out = []
    for which in ADD_WHERE.get(label, (None,)):
        extra = add_payload(world, label, which)
        if extra is None:
            out.append(Case(reverse(key), None, decide=_no_effect))
            continue

        def data(extra=extra):
            response = _superuser_client(world).get(reverse(key))
            return {**form_payload(response), **extra} if response.status_code == 200 else extra

        if label == "awards.nomination":
            # A ward proposes its own people; the district's office proposes without a proposing ward.
            ward_pk = extra["ward"]
            out.append(Case(reverse(key), **_where(which), data=lambda d=data, p=ward_pk: {**d(), "proposing_ward": p},
                            decide=_no_effect, allowed=roles(OFFICER, SUPER), label="ward proposal", get=False))
            out.append(Case(reverse(key), **_where(which), data=lambda d=data: {**d(), "proposing_ward": ""},
                            decide=_no_effect, allowed=roles(SOCIAL, SUPER), label="district proposal", get=False))
            continue
        out.append(Case(reverse(key), **_where(which), data=data, decide=_no_effect, get=False))
    out.append(Case(reverse(key), None, post=False))  # the empty form itself
    return out


def cases(key, rule, world) -> list[Case]:
    target = rule.target
    kind, _, label = target.partition(":")
    pattern_has_args = "<" in URLS[key] or "(?P" in URLS[key] or "(" in URLS[key]
    if not target:
        if not pattern_has_args:
            return [Case(reverse(key), None)]
        if key == "admin/(?P<url>.*)$":
            return [Case("/admin/khong-co-trang-nay/", None)]
        return [Case("/" + URLS[key].replace("<path:object_id>", "1"), None)]  # bare object redirects
    if kind in ("count-draft", "count-submitted", "count-approved"):
        status = kind.removeprefix("count-")
        return [
            Case(reverse(key, kwargs={"code": world.of(w).ward.code, "year": world.of(w).counts[status].year}), w,
                 data={"reason": "Lý do kiểm tra quyền.", "confirmed": "1"}, marker=world.of(w).ward.name,
                 obj=world.of(w).counts[status])
            for w in "ABC"
        ]
    if kind == "ward":
        return [Case(reverse(key, args=[world.of(w).ward.code]), w, marker=world.of(w).ward.name) for w in "ABC"]
    if kind == "district":
        return [
            Case(reverse(key, args=[world.unit(n).district.code]), None, district=n,
                 marker=escape(world.unit(n).district.name))
            for n in (1, 2)
        ]
    if kind == "province":
        province = world.district.province
        return [Case(reverse(key, args=[province.code]), None, marker=escape(province.name))]
    if kind == "plan":
        return [Case(reverse(key, args=[world.unit(n).plan.pk]), None, district=n, data={"next": "/"}) for n in (1, 2)]
    if kind == "review":
        return [
            Case(reverse(key, args=[world.unit(n).review.pk]), None, district=n, obj=world.unit(n).review,
                 data={"confirmed": "1"})
            for n in (1, 2)
        ]
    if kind.startswith("nomination-"):
        state = kind.removeprefix("nomination-")
        out = []
        for w in "ABC":
            nomination = world.of(w).nominations[state]
            data = {
                "comment": "Ý kiến kiểm tra quyền.", "reason": "Lý do kiểm tra quyền.",
                "number": "99/QĐ-UBND", "date": "01/03/2024", "confirmed": "1",
            }
            if key == "awards:document-upload":
                data = lambda: {"kind": "other", "file": SimpleUploadedFile("bo-sung.pdf", PDF)}  # noqa: E731
            out.append(Case(
                reverse(key, args=[nomination.pk]), w, data=data, obj=nomination,
                marker=escape(nomination.nominee_name),
            ))
        return out
    if kind == "document":
        return [Case(reverse(key, args=[world.of(w).document.pk]), w, obj=world.of(w).document) for w in "ABC"]
    if kind == "council":
        return [Case(reverse(key, args=["yearly", 2023]), None)]
    if kind == "year":
        return [Case(reverse(key, args=[2023]), None)]
    if kind == "admin-add":
        return _add_cases(key, world, label)
    if kind == "admin-object":
        out = []
        for w in _wards(label):
            obj = _admin_object(world, label, w)
            url = reverse(key, args=[obj.pk])
            is_change = key == f"admin:{label.replace('.', '_')}_change"
            data = _change_payload(world, url) if is_change else {"post": "yes"}
            decide = _no_effect if is_change else None
            out.append(Case(url, **_where(w), data=data, decide=decide, marker=escape(str(obj)), obj=obj))
        return out
    if kind == "admin-version":
        # POSTed as the reverted form itself, filled from the version: a valid form, so that
        # only the permission can stop it.
        out = []
        for w in "ABC":
            obj = world.of(w).counts["draft"] if label == "wards.yearlycount" else world.of(w).nominations["draft"]
            version = obj.history.order_by("history_id").first()
            data = _version_form(world, w) if label == "wards.yearlycount" else {"nominee_name": "Khôi phục"}
            out.append(Case(reverse(key, args=[obj.pk, version.history_id]), w, data=data, obj=obj, decide=_no_effect))
        return out
    if kind == "admin-list":
        model_admin = _model_admin(label)
        action = {"wards.yearlycount": "approve_selected", "awards.nomination": "forward_selected"}.get(
            label, "delete_selected"
        )
        out = []
        for w in _wards(label):
            if label == "wards.yearlycount":
                obj = world.of(w).counts["submitted"]
            elif label == "awards.nomination":
                obj = world.of(w).nominations["submitted"]
            else:
                obj = _admin_object(world, label, w)
            data = {"action": action, "_selected_action": [str(obj.pk)], "index": "0", "post": "yes"}
            # A changelist of ward (or district) rows is asked whether it lists the other's row.
            out.append(Case(
                reverse(key), **_where(w), data=data, decide=_listed_or_acted_on(obj.pk, w is not None), obj=obj,
                label=f"{model_admin.opts.label}#{obj.pk}",
            ))
        return out
    if kind == "import":
        out = []
        if not key.endswith("_process_import"):
            out.append(Case(reverse(key), None, post=False))  # the upload form itself
        for w in "ABC":
            obj = _admin_object(world, label, w)
            # Rows of a plan are imported into the plan the user works under: their ward's.
            plan = world.unit(WARD_DISTRICT[w]).plan
            if key.endswith("_process_import"):
                # Only the effect tells: a refused file comes back as a page of errors.
                out.append(Case(
                    reverse(key), w, data=_confirmed_import(world, label, w), obj=obj, decide=_no_effect, plan=plan,
                ))
            else:
                out.append(Case(
                    reverse(key), w, data=_import_upload(world, label, w), decide=_import_accepted, obj=obj,
                    get=False, plan=plan,
                ))
        return out
    if kind == "autocomplete":
        out = []
        for source, model_admin in admin.site._registry.items():
            for field_name in model_admin.autocomplete_fields:
                for w in "ABC":
                    ward = world.of(w).ward
                    query = urlencode({
                        "app_label": source._meta.app_label, "model_name": source._meta.model_name,
                        "field_name": field_name, "term": ward.name,
                    })
                    out.append(Case(
                        f"{reverse(key)}?{query}", w, decide=_autocomplete_answered(ward.pk),
                        label=f"{source._meta.label}.{field_name}",
                    ))
        return out
    if kind == "view-on-site":
        from django.contrib.contenttypes.models import ContentType

        from awards.models import Nomination

        content_type = ContentType.objects.get_for_model(Nomination)
        return [
            Case(reverse(key, args=[content_type.pk, world.of(w).nominations["draft"].pk]), w) for w in "ABC"
        ]
    if kind == "app-list":
        return [
            Case(reverse(key, kwargs={"app_label": app_label}), None, allowed=who, label=app_label)
            for app_label, who in APP_INDEX.items()
        ]
    raise AssertionError(f"{key}: no way to try the target {target!r}")


def expected(who: frozenset, role: str, case: Case) -> bool:
    """Whether `role` may do what the policy's `who` allows, on the case's object: officers on
    their own ward's objects (and their district's plan rows), district offices on their own
    district's; the city's department and the superuser on both districts'."""
    if TOKEN[role] not in who:
        return False
    district = WARD_DISTRICT.get(case.ward) if case.ward else case.district
    if role in OWN_WARD and case.ward is not None and OWN_WARD[role] != case.ward:
        return False
    return role not in OWN_DISTRICT or district is None or OWN_DISTRICT[role] == district


def refused(response) -> bool:
    """The request was turned away: by status, by a login redirect, or by the admin's message."""
    status = response.status_code
    if status in (400, 401, 403, 404, 405):
        return True
    if status in (301, 302, 303, 307, 308):
        path = urlparse(response["Location"]).path
        if path in (reverse("login"), reverse("admin:login")):
            return True
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        return any(refusal in text for text in texts for refusal in REFUSALS)
    return False


# --- the run --------------------------------------------------------------------------------------

TOTALS = {"cases": 0, "unexpected_allows": 0, "unexpected_denials": 0, "urls": set()}


@pytest.fixture(scope="module")
def clients(world):
    """A client per role, signed in once; its cookies are put back before every request (a
    logout or a rotated session must not leak into the next case)."""
    _superuser_client(world)  # signed in now, outside the cases' transactions
    signed_in = {}
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        signed_in[role] = (client, {name: morsel.value for name, morsel in client.cookies.items()})
    return signed_in


@pytest.fixture(scope="module", autouse=True)
def fast_documents():
    """The review's PDF is checked elsewhere; here a stand-in keeps 100-odd requests quick."""
    with mock.patch("reports.documents.review_pdf", return_value=PDF), \
            mock.patch("reports.services.review_pdf", return_value=PDF):
        yield


def run_case(client, cookies, method, case, user=None):
    from campaign.selectors import SESSION_KEY

    client.cookies = SimpleCookie(cookies)
    with transaction.atomic():
        if case.plan is not None and cookies:
            session = client.session
            session[SESSION_KEY] = case.plan.pk
            session.save()
        before = snapshot(case.obj)
        if method == "GET":
            response = client.get(case.url)
        else:
            if not callable(case.data):
                data = case.data
            else:
                data = case.data(user) if getattr(case.data, "wants_user", False) else case.data()
            response = client.post(case.url, data)
        after = snapshot(case.obj)
        transaction.set_rollback(True)
    return response, before != after


@pytest.mark.parametrize("key", sorted(URLS))
def test_url(key, world, clients):
    rule = POLICY.get(key)
    assert rule is not None, f"{key} ({URLS[key]}) has no row in config/tests/policy.py"
    problems, checked = [], 0
    for case in with_unconfirmed(cases(key, rule, world), rule):
        for method in ("GET", "POST"):
            if not (case.get if method == "GET" else case.post):
                continue
            who = case.allowed if case.allowed is not None else (rule.get if method == "GET" else rule.post)
            for role in ROLES:
                client, cookies = clients[role]
                response, changed = run_case(client, cookies, method, case, user=world.users[role])
                checked += 1
                where = f"{method} {case.url} {case.label} as {role} on {case.ward or '-'}"
                if response.status_code >= 500:
                    problems.append(f"{where}: server error {response.status_code}")
                    continue
                if case.unconfirmed and changed:
                    problems.append(f"{where}: a POST without confirmation changed the database")
                    continue
                if rule.public:
                    if changed and method == "GET":
                        problems.append(f"{where}: a GET changed the database")
                    continue
                decided = case.decide(response, method) if case.decide else None
                if changed:
                    got = True
                elif decided is not None:
                    got = decided
                else:
                    got = not refused(response)
                want = expected(who, role, case)
                detail = f"status {response.status_code}" + (
                    f" → {response['Location']}" if response.has_header("Location") else ""
                ) + (", database changed" if changed else "")
                if got and not want:
                    TOTALS["unexpected_allows"] += 1
                    problems.append(f"{where}: allowed, policy says denied ({detail})")
                elif want and not got:
                    TOTALS["unexpected_denials"] += 1
                    problems.append(f"{where}: denied, policy says allowed ({detail})")
                elif method == "GET" and changed:
                    problems.append(f"{where}: a GET changed the database")
                elif want and method == "POST" and rule.effect and not changed and not case.unconfirmed:
                    TOTALS["unexpected_denials"] += 1
                    problems.append(f"{where}: allowed but took no effect ({detail})")
                elif want and method == "GET" and case.marker and response.status_code == 200 and (
                    response.get("Content-Type", "").startswith("text/html")
                ) and case.marker not in response.content.decode():
                    problems.append(f"{where}: the page does not show the object ({case.marker})")
    TOTALS["cases"] += checked
    TOTALS["urls"].add(key)
    record(
        "authorization matrix",
        cases=TOTALS["cases"], urls=len(TOTALS["urls"]),
        unexpected_allows=TOTALS["unexpected_allows"], unexpected_denials=TOTALS["unexpected_denials"],
    )
    assert checked, f"{key}: no case was tried"
    assert not problems, f"{key}: {len(problems)} of {checked} cases differ from the policy:\n" + "\n".join(problems)


def test_matrix_totals():
    """Printed for the record; meaningful only when the whole matrix ran in this session."""
    if TOTALS["urls"] != set(URLS):
        pytest.skip("only part of the matrix ran")
    print(
        f"authorization matrix: {TOTALS['cases']} (URL, role, object, method) cases over {len(URLS)} URL "
        f"patterns; {TOTALS['unexpected_allows']} unexpected allows, {TOTALS['unexpected_denials']} unexpected denials"
    )
    assert TOTALS["cases"] >= len(URLS) * len(ROLES) * 2
    assert TOTALS["unexpected_allows"] == 0
    assert TOTALS["unexpected_denials"] == 0
