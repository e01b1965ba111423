"""The findings of the outside attack review (issue 17), each as the probe that found it.

Alice is the officer of Khương Đình (`officer`), Bob the officer of Nhân Chính
(`other_officer`); LĐ-TB&XH (`social_affairs`) drafts the review reports and imports for every
ward; Nội vụ (`home_affairs`) reads them. Modules new with the fixes are imported inside the
tests that need them, so that each test fails on the code before them for its own reason.
"""

import io
import os
import re
import tempfile
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wards.models import YearlyCount
from wards.resources import YearlyCountResource

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:wards_yearlycount_import")
PROCESS = reverse("admin:wards_yearlycount_process_import")
XLSX, CSV = "0", "1"
NODE_LIMIT = 256 * 1024


@pytest.fixture
def alice(client, officer):
    client.force_login(officer)
    return client


def figures_csv(ward, years=(2022,), start=None, **figures) -> bytes:
    """A .csv of the ward's figures in the import's columns, no movement unless told."""
    from wards.models import Baseline

    headers = YearlyCountResource().get_export_headers()
    start = Baseline.objects.get(ward=ward).near_poor if start is None else start
    lines = [",".join(headers)]
    for year in years:
        values = {
            "Mã phường": ward.code, "Phường": ward.name, "Năm": year, "Số hộ cận nghèo đầu năm": start,
            "Số hộ cận nghèo cuối năm": start, **figures,
        }
        blank = ("Ghi chú", "Trạng thái", "Chỉ tiêu giảm trong năm", "Tổng số hộ dân cư", "Số hộ nghèo đầu năm")
        lines.append(",".join(str(values.get(h, "" if h in blank else 0)) for h in headers))
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload(client, content, name="so-lieu.csv", fmt=CSV):
    return client.post(IMPORT, {"import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0"})


def page_errors(response) -> list[str]:
    return [e.message for e in response.context["form"].errors.as_data().get("import_file", [])]


# 1. An .xlsx whose XML parse stalls a worker ------------------------------------------------------

def workbook(rows=(("Mã phường", "Năm"), ("00364", 2022))) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def with_sheet_xml(content: bytes, edit) -> bytes:
    """`content` with its first sheet's XML passed through `edit` (bytes to bytes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            target.writestr(item, data)
    return output.getvalue()


def inserted(markup: bytes, after: bytes = b"<sheetData>"):
    return lambda xml: xml.replace(after, after + markup, 1)


def test_a_huge_xml_comment_is_refused_at_once_not_parsed_for_seconds():
    from common.spreadsheets import SpreadsheetError, read_xlsx

    # 16 MB of comment in 20 KiB of file: expat 2.5 took 5 s on it (32 MB: 19 s; 100 MB: minutes).
    content = with_sheet_xml(workbook(), inserted(b"<!--" + b"a" * 16_000_000 + b"-->", after=b'<row r="1">'))
    assert len(content) < 25_000
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="chú thích XML"):
        read_xlsx(content)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("markup, message", [
    (b"<?php echo 1; ?>", "chỉ thị xử lý"),
    (b"<![CDATA[" + b"x" * 1000 + b"]]>", "CDATA"),
])
def test_processing_instructions_and_cdata_are_refused(markup, message):
    from common.spreadsheets import SpreadsheetError, read_xlsx

    with pytest.raises(SpreadsheetError, match=message):
        read_xlsx(with_sheet_xml(workbook(), inserted(markup, after=b'<row r="1">')))


def _cell_text(length: int) -> bytes:
    """The workbook with an inline-string cell B2 of `length` bytes of text."""
    return with_sheet_xml(
        workbook([("Mã phường", "Ghi chú"), ("00364", "x")]),
        lambda xml: re.sub(rb'(<c r="B2" t="inlineStr"><is><t>)x(</t>)', lambda m: m[1] + b"a" * length + m[2], xml),
    )


def test_a_text_node_at_the_limit_reads_and_one_byte_more_is_refused():
    from common.spreadsheets import SpreadsheetError, read_xlsx

    dataset = read_xlsx(_cell_text(NODE_LIMIT))
    assert dataset[0][1] == "a" * NODE_LIMIT
    with pytest.raises(SpreadsheetError, match="dài quá 256 KB"):
        read_xlsx(_cell_text(NODE_LIMIT + 1))


def test_a_tag_over_the_limit_is_refused():
    from common.spreadsheets import SpreadsheetError, read_xlsx

    attribute = b' spans="' + b"1" * NODE_LIMIT + b'"'
    with pytest.raises(SpreadsheetError, match="dài quá 256 KB"):
        read_xlsx(with_sheet_xml(workbook(), lambda xml: xml.replace(b'<row r="1"', b'<row r="1"' + attribute, 1)))


def _many_rows(count: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(YearlyCountResource().get_export_headers())
    for number in range(count):
        sheet.append([f"{number:05d}", f"Phường Số {number}", 2022, None, None, None, *([0] * 14), 5,
                      f"Ghi chú số {number}", None])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_a_read_over_its_time_limit_is_stopped(settings):
    from common.spreadsheets import SpreadsheetError, read_xlsx

    content = _many_rows(20_000)  # about 3 s of reading
    settings.IMPORT_MAX_READ_SECONDS = 0.5
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match="quá 0.5 giây"):
        read_xlsx(content)
    assert time.monotonic() - started < 1.5


def test_a_read_over_its_memory_limit_is_stopped_and_one_within_it_reads(settings):
    from common.spreadsheets import SpreadsheetError, read_xlsx

    # 40,000 distinct texts of 400 characters: about 40 MB once read.
    rows = [("Mã phường", "Ghi chú")] + [(f"{n:05d}", f"{n:06d}" + "ư" * 394) for n in range(40_000)]
    content = workbook(rows)
    settings.IMPORT_MAX_READ_MEMORY = 24 * 1024 * 1024
    with pytest.raises(SpreadsheetError, match="quá nhiều bộ nhớ"):
        read_xlsx(content)
    settings.IMPORT_MAX_READ_MEMORY = 256 * 1024 * 1024
    assert len(read_xlsx(content)) == 40_000


def test_the_officers_stalling_upload_is_answered_at_once_and_kept_nowhere(alice, khuong_dinh):
    from common.models import PendingImport

    content = with_sheet_xml(workbook(), inserted(b"<!--" + b"-a" * 8_000_000 + b"-->"))
    started = time.monotonic()
    response = upload(alice, content, name="so-lieu.xlsx", fmt=XLSX)
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert any("chú thích XML" in message for message in page_errors(response))
    assert not PendingImport.objects.exists()


def test_one_file_at_a_time_per_user(alice, officer, khuong_dinh):
    from common import limits

    with limits.one_at_a_time("sheet", officer.pk):
        response = upload(alice, figures_csv(khuong_dinh))
    assert response.status_code == 302
    assert "đang có một tệp khác" in " ".join(str(m) for m in response.wsgi_request._messages)


# 2. The import confirmation deletes files -------------------------------------------------------

@pytest.fixture
def temporary_folder(tmp_path, monkeypatch):
    """The temporary folder of the process, empty, to see what an import leaves or removes there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_confirmation_never_removes_a_file_it_is_named(alice, khuong_dinh, temporary_folder):
    victim = temporary_folder / "gunicorn-worker.tmp"
    victim.write_bytes(figures_csv(khuong_dinh))
    for name in (victim.name, str(victim), "../tmp/gunicorn-worker.tmp"):
        response = alice.post(PROCESS, {
            "import_file_name": name, "original_file_name": "a.csv", "format": CSV, "resource": "0",
        })
        assert response.status_code == 302
        assert victim.exists(), f"{name!r} removed the file"
    assert not YearlyCount.objects.exists()


def test_a_preview_leaves_no_file_behind(alice, khuong_dinh, temporary_folder):
    for _ in range(3):
        response = upload(alice, figures_csv(khuong_dinh))
        assert response.context["confirm_form"] is not None
    # Only the folder of the per-user locks, which holds no upload.
    assert [path.name for path in temporary_folder.iterdir() if not path.name.startswith("thidua-locks-")] == []


def test_another_users_pending_import_is_refused_and_kept_for_its_owner(
    client, officer, other_officer, khuong_dinh
):
    client.force_login(officer)
    preview = upload(client, figures_csv(khuong_dinh))
    confirm = {**preview.context["confirm_form"].initial, "confirm": "1"}

    client.force_login(other_officer)
    refused = client.post(PROCESS, confirm)
    assert refused.status_code == 302
    assert "Không còn tệp chờ nhập này" in " ".join(str(m) for m in refused.wsgi_request._messages)
    assert not YearlyCount.objects.exists()

    client.force_login(officer)
    done = client.post(PROCESS, confirm)
    assert done.status_code == 302 and done["Location"] == reverse("admin:wards_yearlycount_changelist")
    assert YearlyCount.objects.filter(ward=khuong_dinh, year=2022).exists()


def test_cancel_removes_the_pending_import_and_writes_nothing(alice, khuong_dinh):
    from common.models import PendingImport

    preview = upload(alice, figures_csv(khuong_dinh))
    response = alice.post(PROCESS, {**preview.context["confirm_form"].initial, "cancel": "1"})
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not YearlyCount.objects.exists()
    assert not PendingImport.objects.exists()


def test_confirming_removes_the_pending_import_and_a_second_confirmation_is_refused(alice, khuong_dinh):
    from common.models import PendingImport

    preview = upload(alice, figures_csv(khuong_dinh))
    confirm = {**preview.context["confirm_form"].initial, "confirm": "1"}
    assert PendingImport.objects.count() == 1
    alice.post(PROCESS, confirm)
    assert not PendingImport.objects.exists()
    again = alice.post(PROCESS, confirm)
    assert again.status_code == 302 and again["Location"] == IMPORT
    assert YearlyCount.objects.count() == 1


def test_a_new_preview_replaces_the_users_earlier_one(alice, khuong_dinh):
    from common.models import PendingImport

    first = upload(alice, figures_csv(khuong_dinh))
    upload(alice, figures_csv(khuong_dinh, years=(2022, 2023)))
    assert PendingImport.objects.count() == 1
    stale = alice.post(PROCESS, {**first.context["confirm_form"].initial, "confirm": "1"})
    assert stale["Location"] == IMPORT and not YearlyCount.objects.exists()


def test_pending_imports_past_their_time_are_removed_by_the_cleanup_command(officer, settings):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from common.models import PendingImport

    def pending(hours_ago):
        row = PendingImport.objects.create(user=officer, model="wards.yearlycount", file_name="a.csv",
                                           file_format=1, data=b"x", report=b"")
        PendingImport.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours_ago))
        return row

    old, fresh = pending(settings.IMPORT_PENDING_HOURS + 1), pending(1)
    output = io.StringIO()
    call_command("clear_pending_imports", stdout=output)
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert "Đã xóa 1 tệp chờ nhập" in output.getvalue()
    assert old.pk != fresh.pk


# 7. A long preview: paged, unchanged rows summarised --------------------------------------------

def test_a_long_preview_comes_a_page_at_a_time(client, social_affairs, plan):
    headers = YearlyCountResource().get_export_headers()
    lines = [",".join(headers)] + [
        ",".join(str(90000 + n) if h == "Mã phường" else ("2024" if h == "Năm" else "") for h in headers)
        for n in range(250)
    ]
    client.force_login(social_affairs)
    first = upload(client, ("\n".join(lines) + "\n").encode())
    assert len(first.context["report"]["errors"]) >= 250
    page = first.content.decode()
    assert page.count("Không có phường «900") == 100
    assert "Trang 1/" in page
    token = first.context["pending"].token
    second = client.get(IMPORT, {"tep": token, "trang": 2})
    assert second.status_code == 200
    assert second.content.decode().count("Không có phường «901") == 100
    assert "Trang 2/" in second.content.decode()
    # Another user cannot page through it.
    client.force_login(social_affairs.__class__.objects.create_user("khac", is_staff=True))
    assert client.get(IMPORT, {"tep": token, "trang": 2}).status_code in (302, 403)


def test_unchanged_rows_are_counted_not_listed(alice, khuong_dinh, make_count):
    make_count(khuong_dinh, 2022)
    preview = upload(alice, figures_csv(khuong_dinh))
    assert preview.context["report"]["rows"] == []
    assert preview.context["report"]["counts"] == {"new": 0, "update": 0, "skip": 1}
    assert "sheet-skip" not in preview.content.decode()


# 3. Any reader can stall PDF rendering ------------------------------------------------------------

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renders of the review reports (each a stand-in PDF)."""
    made = []

    def render(html, **kwargs):
        made.append(html)
        return PDF

    monkeypatch.setattr("reports.documents.html_to_pdf", render)
    return made


@pytest.fixture
def draft(plan):
    from reports.tests.review_data import approve_years, review

    approve_years(plan, [2022])
    return review(plan)


def pdf_url(report) -> str:
    return reverse("reports:review-pdf", args=[report.pk])


@pytest.mark.parametrize("reader", ["home_affairs", "officer"])
def test_a_reader_never_has_a_draft_rendered(request, client, draft, renders, reader):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(pdf_url(draft))
    assert renders == []
    assert response.status_code == 409
    assert "chỉ cơ quan soạn báo cáo tạo bản PDF mới" in response.content.decode()


def test_the_drafters_pdf_is_rendered_once_per_data_version_and_read_from_there(
    client, draft, renders, social_affairs, home_affairs, khuong_dinh, make_count
):
    client.force_login(social_affairs)
    assert client.get(pdf_url(draft)).content == PDF
    assert client.get(pdf_url(draft)).content == PDF
    assert len(renders) == 1
    client.force_login(home_affairs)
    assert client.get(pdf_url(draft)).content == PDF
    assert len(renders) == 1

    make_count(khuong_dinh, 2023)  # the figures change: the cached PDF no longer says what they say
    assert client.get(pdf_url(draft)).status_code == 409
    assert len(renders) == 1
    client.force_login(social_affairs)
    assert client.get(pdf_url(draft)).content == PDF
    assert len(renders) == 2

    draft.refresh_from_db()
    draft.results = "Kết quả đã sửa."
    draft.save()  # the report's own text changes
    assert client.get(pdf_url(draft)).status_code == 200
    assert len(renders) == 3


def test_one_render_at_a_time_per_user(client, draft, renders, social_affairs):
    from common import limits

    client.force_login(social_affairs)
    with limits.one_at_a_time("pdf", social_affairs.pk):
        response = client.get(pdf_url(draft))
    assert response.status_code == 429
    assert "đang có một bản PDF khác đang được tạo" in response.content.decode()
    assert renders == []


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_a_timed_out_render_really_stops(settings):
    from reports.pdf import RenderTimeout, html_to_pdf

    settings.REPORT_RENDER_TIMEOUT = 1
    html = "<html><body>" + "".join(f"<p>Dòng {n}: hộ cận nghèo đã thoát nghèo.</p>" for n in range(12_000)) + "</body></html>"
    started = time.monotonic()
    with pytest.raises(RenderTimeout, match="Không tạo được tệp PDF trong 1 giây"):
        html_to_pdf(html)
    assert time.monotonic() - started < 2.5
    # An abandoned render thread would go on taking this process's CPU for seconds.
    before = _cpu_seconds()
    time.sleep(1.5)
    assert _cpu_seconds() - before < 0.3
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # and no render process is left behind


# 5. Server errors on bad input -------------------------------------------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [
    reverse("admin:awards_nomination_add") + f"?ward={HUGE}",
    reverse("admin:awards_nomination_add") + f"?proposing_ward={HUGE}&award_form=-{HUGE}",
    reverse("admin:wards_yearlycount_changelist") + f"?ward__id__exact={HUGE}",
])
def test_a_huge_id_in_the_query_string_matches_nothing(client, social_affairs, url):
    client.force_login(social_affairs)
    assert client.get(url).status_code == 200


def test_a_huge_id_in_an_admin_form_is_told_as_a_wrong_choice(client, social_affairs, plan):
    client.force_login(social_affairs)
    response = client.post(reverse("admin:awards_nomination_add"), {"ward": HUGE, "nominee_name": "Tổ 5"})
    assert response.status_code == 200
    assert "ward" in response.context["adminform"].form.errors


@pytest.mark.parametrize("value", ["1e9", "abc", "-" + HUGE])
def test_a_posted_choice_that_is_no_id_is_told_as_a_wrong_choice(client, social_affairs, plan, value):
    client.force_login(social_affairs)
    response = client.post(reverse("admin:awards_nomination_add"), {"ward": value, "proposing_ward": value})
    assert response.status_code == 200
    assert "ward" in response.context["adminform"].form.errors


def test_a_filter_the_list_has_not_sends_the_export_back_to_the_list(client, social_affairs, plan):
    client.force_login(social_affairs)
    for query in ("nam=2023", "ward__id__exact=abc", "ward__id__exact=1e9"):
        response = client.get(reverse("admin:wards_yearlycount_export") + "?" + query)
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:wards_yearlycount_changelist")


@pytest.mark.parametrize("path", ["abc/history/", "abc/history/1/", "{pk}/history/abc/", f"{HUGE}/history/1/"])
def test_a_history_page_of_no_id_is_not_found(client, officer, khuong_dinh, make_count, path):
    count = make_count(khuong_dinh, 2022)
    client.force_login(officer)
    assert client.get(f"/admin/wards/yearlycount/{path.format(pk=count.pk)}").status_code == 404


@pytest.mark.parametrize("target", ["0", "home", "admin:index", "//evil.example/", "https://evil.example/"])
def test_choosing_a_plan_returns_only_to_a_path_of_the_site(client, social_affairs, plan, target):
    client.force_login(social_affairs)
    response = client.post(reverse("campaign:plan-choose", args=[plan.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.parametrize("selected", [["abc"], ["1", "abc"], [HUGE], [""]])
def test_an_action_on_ids_that_are_not_ids_changes_nothing(client, social_affairs, make_count, khuong_dinh, selected):
    from common.admin import BAD_SELECTION

    submitted = make_count(khuong_dinh, 2022, status=YearlyCount.Status.SUBMITTED)
    client.force_login(social_affairs)
    changelist = reverse("admin:wards_yearlycount_changelist")
    response = client.post(changelist, {"action": "approve_selected", "_selected_action": selected, "index": "0"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == YearlyCount.Status.SUBMITTED
    if selected != [HUGE]:  # a huge id is a number, only of no row
        assert BAD_SELECTION in [str(m) for m in response.wsgi_request._messages]


def test_the_superusers_account_screens_refuse_such_a_selection_too(client, make_user, plan):
    from common.admin import BAD_SELECTION

    client.force_login(make_user("quantri", is_superuser=True))
    for model in ("auth_user", "auth_group"):
        response = client.post(reverse(f"admin:{model}_changelist"), {
            "action": "delete_selected", "_selected_action": ["abc"], "index": "0",
        })
        assert response.status_code == 302
        assert BAD_SELECTION in [str(m) for m in response.wsgi_request._messages]


def test_a_confirmation_naming_no_pending_file_is_refused_with_a_message(alice, khuong_dinh):
    response = alice.post(PROCESS, {
        "import_file_name": "khong-co-tep-nay", "original_file_name": "a.csv", "format": CSV, "resource": "0",
    })
    assert response.status_code == 302
    assert "Không còn tệp chờ nhập này" in " ".join(str(m) for m in response.wsgi_request._messages)


def test_an_unknown_column_is_told_once_and_logs_no_error(alice, khuong_dinh, caplog):
    lines = figures_csv(khuong_dinh, years=(2022, 2023, 2024)).decode().splitlines()
    content = "\n".join([lines[0] + ",Cột lạ"] + [line + ",1" for line in lines[1:]]).encode()
    with caplog.at_level("ERROR"):
        response = upload(alice, content)
    assert [e["message"] for e in response.context["report"]["errors"]] == [
        "Cột không có trong mẫu: «Cột lạ». Hãy dùng tệp mẫu hoặc tệp đã xuất từ hệ thống."
    ]
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []
    assert not YearlyCount.objects.exists()


# 4. The one-award-per-achievement rule bypassed by spelling -------------------------------------

# Each is "Tổ dân phố số 9" of Khương Đình as someone might type it; the unit is (name, unit).
SAME_NOMINEE = [
    ("Tổ dân phố số 9", "Phường Khương Đình"),  # the nominee's own ward, shown like an empty unit
    ("Tổ dân phố số 9", "P. Khương Đình"),
    ("Tổ dân phố số 9", "UBND phường Khương Đình"),
    ("Tổ dân phố\u200b số 9", ""),  # a zero-width space
    ("Tổ dân phố số 9\u2060", ""),  # a word joiner
    ("Tổ dân phố số 9.", ""),
    ("Tổ dân phố số 9 !", ""),
    ("Tổ dân phố - số 9", ""),
    ("Tổ dân phố số 09", ""),
    ("Tổ dân phố số 009", ""),
    ("TDP số 9", ""),
    ("T.D.P số 9", ""),
    ("TDP9", ""),
    ("Tổ dân phố 9", ""),
    ("tổ dân phố\u00a0số 9", ""),  # a no-break space
    ("Ｔổ dân phố số ９", ""),  # full-width letters and digits (NFKC)
    ("Tổ dân pho\u0302\u0301 số 9", ""),  # the accents as combining marks
    ("Tổ dân phố số 9\u0301", ""),  # a stray mark on a digit
]
OTHER_NOMINEES = [
    ("Tổ dân phố số 19", ""),
    ("Tổ dân phố số 9", "Phường Nhân Chính"),  # a unit that is not the nominee's ward
    ("Tổ dân phố số 9A", ""),
    ("Tổ 9", ""),
]


@pytest.mark.parametrize("name, unit", SAME_NOMINEE)
def test_a_second_proposal_spelt_otherwise_is_refused(make_nomination, officer, award_forms, name, unit):
    from django.core.exceptions import ValidationError

    from awards.models import Nomination

    make_nomination(officer, nominee_name="Tổ dân phố số 9", unit="")
    with pytest.raises(ValidationError, match="một thành tích không khen thưởng hai lần"):
        make_nomination(officer, nominee_name=name, unit=unit, award_form=award_forms["bang-khen-thanh-pho"])
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize("name, unit", OTHER_NOMINEES)
def test_other_nominees_are_not_taken_for_it(make_nomination, officer, name, unit):
    make_nomination(officer, nominee_name="Tổ dân phố số 9", unit="")
    assert make_nomination(officer, nominee_name=name, unit=unit).pk


def test_tone_marks_on_either_vowel_are_one_name_and_other_tones_are_not():
    from awards.models import nominee_key

    assert nominee_key("Hộ bà Lê Thị Hoà", "", 1) == nominee_key("Hộ bà Lê Thị Hòa", "", 1)
    assert nominee_key("Ông Đỗ Văn Thuỵ", "", 1) == nominee_key("Ông Đỗ Văn Thụy", "", 1)
    assert nominee_key("Hộ bà Lê Thị Hòa", "", 1) != nominee_key("Hộ bà Lê Thị Hoa", "", 1)
    assert nominee_key("Ông Nguyễn Văn An", "", 1) != nominee_key("Ông Nguyễn Văn Ân", "", 1)


def test_a_long_name_of_expanding_characters_still_fits_the_key():
    from awards.models import nominee_key

    assert len(nominee_key("\ufdfa" * 200, "\ufdfa" * 200, 1)) <= 500


@pytest.mark.django_db(transaction=True)
def test_the_migration_recomputes_the_keys_and_marks_the_duplicates_it_reveals(plan, award_forms, officer, khuong_dinh):
    import unicodedata

    from django.core.exceptions import ValidationError

    from conftest import migrate_to, migrate_to_latest

    apps = migrate_to([("awards", "0012_nomination_history")])
    Nomination = apps.get_model("awards", "Nomination")

    def old_key(text):
        return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())

    def make(name, unit="", status="submitted"):
        return Nomination.objects.create(
            campaign_id=plan.pk, occasion="yearly", year=2023, award_form_id=award_forms["giay-khen-quan"].pk,
            nominee_kind="collective", nominee_name=name, unit=unit, ward_id=khuong_dinh.pk,
            proposing_ward_id=khuong_dinh.pk, district_id=khuong_dinh.district_id, actor_type="residential_group",
            achievements="Vận động hộ cận nghèo.", status=status, created_by_id=officer.pk,
            key=f"{old_key(name)}|{old_key(unit)}|{khuong_dinh.pk}",
        )

    first = make("Tổ dân phố số 9")
    twin = make("TDP số 09", unit="Phường Khương Đình")
    rejected = make("Tổ dân phố số 9.", status="rejected")
    other = make("Tổ dân phố số 19")
    migrate_to_latest()

    from awards.models import Nomination as Current

    keys = dict(Current.objects.values_list("pk", "key"))
    ward = khuong_dinh.pk
    assert keys == {
        first.pk: f"tdp 9||{ward}",
        twin.pk: f"tdp 9||{ward}|trùng {first.pk}",
        rejected.pk: f"tdp 9||{ward}",
        other.pk: f"tdp 19||{ward}",
    }
    # The duplicate the migration revealed meets the rule again when it is next saved.
    with pytest.raises(ValidationError, match="một thành tích không khen thưởng hai lần"):
        Current.objects.get(pk=twin.pk).full_clean()
