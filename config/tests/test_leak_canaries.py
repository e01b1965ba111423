"""Nothing of ward B reaches ward A's officer, and nothing of district 2 reaches district 1's
offices, on any page, list, answer, file or e-mail.

Every text field of ward B's rows carries a canary ("CANARY-B-<field>-<n>", see conftest.py):
figures' notes and their history, transition reasons, the officer's names and position, the
nominations' every text and their files' names, assessments, deadline extensions. Signed in as
ward A's officer, the test fetches every URL of the product (each on ward A's, ward B's and
shared objects), every changelist with searches and ward filters, every autocomplete answer,
every export (xlsx unzipped, csv), the yearly-figures templates, the review PDF (its text
extracted) and spreadsheet, and ward A's dossier file, and looks for the canary in the body and
the headers. District 2's rows (ward C's, its plan's, its offices' names) carry the district
canary ("CANARY-D2-…"): district 1's LĐ-TB&XH and Nội vụ run the same harvest, the review PDFs
of both districts, and every e-mail the product sends while district 2's figures and
nominations go through their workflow. Control runs as the offices above prove the canaries are
there to be found.
"""

import io
import zipfile
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .conftest import CANARY, DISTRICT_CANARY, record
from .policy import POLICY
from .test_authorization_matrix import URLS, cases

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TEXTS = []  # pages of each PDF whose text was extracted


def readable(response) -> str:
    """The response as text: headers, then the body (xlsx parts unzipped, PDF text extracted)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    parts = [headers]
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    elif body.startswith(b"%PDF"):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        parts.append(body.decode("latin-1"))
        try:
            pages = PdfReader(io.BytesIO(body)).pages
            parts += [page.extract_text() or "" for page in pages]
            PDF_TEXTS.append(len(pages))
        except PdfReadError:
            pass  # the tests' stand-in dossier files are PDFs in name only: their bytes are searched
    else:
        parts.append(body.decode("utf-8", "replace"))
    return "\n".join(parts), len(body)


def export_data(client, url, file_format: str):
    """The export form's own fields, every column ticked, in the format asked for."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        if name == "format":
            data[name] = file_format
        elif name == "resource":
            data[name] = "0"
        elif field.__class__.__name__ == "BooleanField":
            data[name] = "on"
    return data


def harvest(client, world, *, ward_b) -> list[tuple[str, object]]:
    """(what, response) for every place a user can read data from, `ward_b` being the ward whose
    rows are looked for in the lists' filters."""
    responses = []

    def get(url, what=None):
        responses.append((what or f"GET {url}", client.get(url)))

    def post(url, data, what):
        responses.append((what, client.post(url, data)))

    for key in sorted(URLS):
        for case in cases(key, POLICY[key], world):
            if case.get:
                get(case.url)
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        # Searched for "CANARY", which every canary contains, so the echoed term is no false alarm.
        get(f"{changelist}?q=CANARY")
        get(f"{changelist}?q={ward_b.name}")
        for lookup in ("ward__id__exact", "proposing_ward__id__exact", "count__ward__id__exact",
                       "ward", "ward__code"):
            get(f"{changelist}?{lookup}={ward_b.pk}")
        if hasattr(model_admin, "export_action"):
            export = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
            if client.get(export).status_code == 200:
                for file_format, name in (("0", "xlsx"), ("1", "csv")):
                    post(export, export_data(client, export, file_format), f"export {opts.label} {name}")
        for field_name in model_admin.autocomplete_fields:
            for term in ("", ward_b.name, "CANARY"):
                get(f"{reverse('admin:autocomplete')}?" + urlencode({
                    "app_label": opts.app_label, "model_name": opts.model_name, "field_name": field_name,
                    "term": term,
                }))
    template = reverse("admin:wards_yearlycount_sheet_template")
    for year in world.plan.years:
        get(f"{template}?nam={year}")
    for status in ("", "draft", "submitted", "forwarded", "approved"):
        get(f"{reverse('awards:nomination-list')}?trang-thai={status}")
    return responses


def search(responses, canaries=(CANARY, DISTRICT_CANARY)):
    """The canaries found, the bytes searched, and which outputs showed ward A's own texts."""
    found, size, own = [], 0, set()
    for what, response in responses:
        text, length = readable(response)
        size += length
        if "của phường A" in text:
            own.add(what)
        for canary in canaries:
            if canary in text:
                at = text.index(canary)
                found.append(f"{what} ({response.status_code}): …{text[max(0, at - 80):at + 40]}…")
    return found, size, own


def test_ward_a_officer_reads_nothing_of_ward_b(world):
    client = Client()
    client.force_login(world.a.officer)
    PDF_TEXTS.clear()
    responses = harvest(client, world, ward_b=world.b.ward)
    # The review as a real PDF and spreadsheet, and ward A's own dossier file. A draft's PDF is
    # rendered for its drafters only; a reader gets the copy their request left.
    drafter = Client()
    drafter.force_login(world.users["social"])
    assert drafter.get(reverse("reports:review-pdf", args=[world.review.pk])).status_code == 200
    responses.append(("review PDF", client.get(reverse("reports:review-pdf", args=[world.review.pk]))))
    responses.append(("review xlsx", client.get(reverse("reports:review-xlsx", args=[world.review.pk]))))
    responses.append(("dossier file", client.get(reverse("awards:document-download", args=[world.a.document.pk]))))
    found, size, own = search(responses)
    kinds = {
        "pdf": sum(1 for _, r in responses if r.get("Content-Type", "").startswith("application/pdf")),
        "xlsx": sum(1 for _, r in responses if r.get("Content-Type", "").startswith(XLSX)),
        "csv": sum(1 for _, r in responses if r.get("Content-Type", "").startswith("text/csv")),
        "json": sum(1 for _, r in responses if r.get("Content-Type", "").startswith("application/json")),
    }
    record(
        "leak canaries", responses=len(responses), bytes=size, **kinds, pdf_pages_read=sum(PDF_TEXTS),
        canaries_found=len(found),
    )
    print(f"leak canaries: {len(responses)} responses, {size:,} bytes searched ({kinds}); {len(found)} leaks")
    # The harvest must have reached the kinds of output it is meant to search.
    assert kinds["pdf"] >= 2 and kinds["xlsx"] >= 4 and kinds["csv"] >= 3 and kinds["json"] >= 9
    assert PDF_TEXTS and max(PDF_TEXTS) >= 2, "the review PDF's text was not extracted"
    # …and the officer's own ward's texts did come through them (the search reads what is shown).
    assert {"export wards.YearlyCount xlsx", "export wards.YearlyCount csv", "export awards.Nomination xlsx"} <= own
    assert not found, "ward B's or district 2's data reached ward A's officer:\n" + "\n".join(found)


def test_the_canaries_are_there_to_be_found(world):
    """As LĐ-TB&XH, who reads every ward, the same kinds of output do show ward B's canaries."""
    client = Client()
    client.force_login(world.users["social"])
    b = world.b
    export = reverse("admin:awards_nomination_export")
    counts = reverse("admin:wards_yearlycount_export")
    responses = [
        ("nomination page", client.get(reverse("awards:nomination-detail", args=[b.nominations["draft"].pk]))),
        ("figures history", client.get(reverse("admin:wards_yearlycount_history", args=[b.counts["draft"].pk]))),
        ("officer list", client.get(reverse("admin:units_wardofficer_changelist"))),
        ("nominations xlsx", client.post(export, export_data(client, export, "0"))),
        ("figures csv", client.post(counts, export_data(client, counts, "1"))),
        ("dossier file", client.get(reverse("awards:document-download", args=[b.document.pk]))),
    ]
    for what, response in responses:
        text, _ = readable(response)
        assert CANARY in text, f"{what}: no canary of ward B for LĐ-TB&XH"


@pytest.mark.parametrize("role", ["social", "home"])
def test_district_1s_offices_read_nothing_of_district_2(world, role):
    client = Client()
    client.force_login(world.users[role])
    responses = harvest(client, world, ward_b=world.c.ward)
    for unit in (world.d1, world.d2):
        for name in ("review-pdf", "review-xlsx", "review-preview"):
            responses.append((f"{name} of district {unit.number}", client.get(reverse(f"reports:{name}", args=[unit.review.pk]))))
    found, size, own = search(responses, canaries=(DISTRICT_CANARY,))
    record(f"district canaries ({role})", responses=len(responses), bytes=size, canaries_found=len(found))
    assert len(responses) > 500
    assert {"export wards.YearlyCount xlsx", "export awards.Nomination xlsx"} <= own
    assert not found, "district 2's data reached district 1's office:\n" + "\n".join(found)


def test_district_2s_news_is_mailed_to_district_2_only(world, django_capture_on_commit_callbacks):
    """Every e-mail the workflows of district 2 send reaches district 2's people only."""
    from django.core import mail

    from awards import services as award_services
    from wards import services as ward_services

    c = world.c
    social, home = world.users["social_2"], world.users["home_2"]
    district_1 = {
        user.email for user in (world.users["social"], world.users["home"], world.a.officer, world.b.officer)
    }
    mail.outbox.clear()
    with transaction.atomic(), django_capture_on_commit_callbacks(execute=True):
        ward_services.count_approve(count=c.counts["submitted"], user=social)
        ward_services.count_reopen(count=c.counts["approved"], user=social, reason=f"{DISTRICT_CANARY}-reopen")
        ward_services.count_submit(count=c.counts["draft"], user=c.officer)
        ward_services.count_return(count=c.counts["draft"], user=social, reason=f"{DISTRICT_CANARY}-return")
        award_services.nomination_submit(nomination=c.nominations["draft"], user=c.officer)
        award_services.nomination_forward(nomination=c.nominations["submitted"], user=social)
        award_services.nomination_reject(nomination=c.nominations["forwarded"], user=home, reason="Chưa đủ.")
        award_services.nomination_record_decision(
            nomination=c.nominations["approved"], user=home, number="9/QĐ-UBND", date=world.plan.issued_on,
        )
        award_services.nomination_send_to_city(nomination=c.nominations["approved-city"], user=home)
        transaction.set_rollback(True)
    recipients = {address for message in mail.outbox for address in message.to}
    assert len(mail.outbox) >= 9 and {social.email, home.email, c.officer.email} <= recipients
    assert not recipients & district_1, f"district 2's e-mail went to district 1: {recipients & district_1}"
