"""A nomination form with errors: the files it accepted are kept for the user who sent them, named
on the form again, and saved with the nomination once the corrected form comes without them;
every error of the form, the nomination's rules and the files shows at once; nothing is saved
until all is valid."""

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.forms import KEPT_GONE, kept_field
from awards.models import Nomination, NominationDocument, PendingDocument
from conftest import PDF, file_bytes, upload

CREATE = reverse("awards:nomination-create")


def proposal(award_forms, **changes):
    """The officer's proposal of residential group no. 5, valid as it stands."""
    data = {
        "occasion": "yearly", "year": "2023", "award_form": award_forms["giay-khen-quan"].pk,
        "nominee_kind": "collective", "nominee_name": "Tổ dân phố số 5", "unit": "Phường Khương Đình",
        "position": "", "actor_type": "residential_group", "achievements": "Vận động 3 hộ thoát cận nghèo.",
    }
    data.update(changes)
    return data


def pdf_of(kilobytes: int) -> bytes:
    """A valid PDF of about `kilobytes` KB."""
    head, tail = PDF[:-7], b"%%EOF\n"
    return head + b" " * (kilobytes * 1024 - len(head) - len(tail)) + tail


def page_text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def tokens(response) -> dict[str, str]:
    """The hidden fields that carry the kept files, as the page sends them back."""
    return dict(re.findall(r'<input type="hidden" name="(\w+_da_nhan)" value="([0-9a-f]+)">', response.content.decode()))


def stored_files(media_root) -> list[str]:
    return sorted(path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file())


def test_one_error_keeps_both_files_and_the_corrected_form_saves_them(
    client, officer, award_forms, media_root, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    report = file_bytes("docx")
    response = client.post(CREATE, {
        **proposal(award_forms, nominee_name=""),
        "submission_letter": upload("bienban.pdf", pdf_of(2)),
        "achievement_report": upload("Báo cáo thành tích.docx", report),
    })
    assert response.status_code == 200
    text = page_text(response)
    assert "Đề nghị chưa được lưu: cần sửa 1 lỗi dưới đây." in text
    assert "Tên tập thể, cá nhân, hộ: Trường này là bắt buộc." in text
    assert "Đã nhận: bienban.pdf (2 KB) — giữ nguyên, hoặc chọn tệp khác để thay" in text
    assert "Đã nhận: Báo cáo thành tích.docx (1 KB) — giữ nguyên, hoặc chọn tệp khác để thay" in text
    assert not Nomination.objects.exists() and not NominationDocument.objects.exists()
    kept = {pending.kind: pending for pending in PendingDocument.objects.filter(user=officer)}
    assert tokens(response) == {
        kept_field("submission_letter"): kept["submission_letter"].token,
        kept_field("achievement_report"): kept["achievement_report"].token,
    }
    assert stored_files(media_root) == sorted(pending.file.name for pending in kept.values())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, {**proposal(award_forms), **tokens(response)})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:nomination-detail", args=[nomination.pk])
    documents = {document.kind: document for document in nomination.documents.all()}
    assert {kind: d.original_name for kind, d in documents.items()} == {
        "submission_letter": "bienban.pdf", "achievement_report": "Báo cáo thành tích.docx",
    }
    assert documents["achievement_report"].file.read() == report
    assert documents["submission_letter"].uploaded_by == officer
    # The kept rows and their files are gone: only the nomination's documents remain.
    assert not PendingDocument.objects.exists()
    assert stored_files(media_root) == sorted(d.file.name for d in documents.values())


def test_a_new_file_replaces_the_kept_one(client, officer, award_forms, media_root, django_capture_on_commit_callbacks):
    client.force_login(officer)
    first = client.post(CREATE, {**proposal(award_forms, nominee_name=""), "submission_letter": upload("cu.pdf")})
    old = PendingDocument.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(CREATE, {
            **proposal(award_forms, nominee_name=""), **tokens(first), "submission_letter": upload("moi.pdf"),
        })
    assert "Đã nhận: moi.pdf" in page_text(second) and "cu.pdf" not in page_text(second)
    new = PendingDocument.objects.get()
    assert new.original_name == "moi.pdf" and new.pk != old.pk
    assert not (media_root / old.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE, {**proposal(award_forms), **tokens(second)})
    assert list(Nomination.objects.get().documents.values_list("original_name", flat=True)) == ["moi.pdf"]
    assert stored_files(media_root) == [NominationDocument.objects.get().file.name]


def test_a_bad_replacement_keeps_the_kept_file(client, officer, award_forms):
    client.force_login(officer)
    first = client.post(CREATE, {**proposal(award_forms, nominee_name=""), "submission_letter": upload("to-trinh.pdf")})
    second = client.post(CREATE, {**proposal(award_forms), **tokens(first), "submission_letter": upload("virus.exe", PDF)})
    text = page_text(second)
    assert "Tờ trình: Tệp “virus.exe”: chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG, không nhận tệp .exe." in text
    assert "Đã nhận: to-trinh.pdf (1 KB)" in text
    assert tokens(second) == tokens(first)
    assert not Nomination.objects.exists()


def test_a_token_of_another_user_is_refused(client, officer, other_officer, award_forms, media_root):
    client.force_login(other_officer)
    client.post(CREATE, {**proposal(award_forms, nominee_name=""), "submission_letter": upload("cua-nguoi-khac.pdf")})
    theirs = PendingDocument.objects.get()
    assert theirs.user == other_officer

    client.force_login(officer)
    response = client.post(CREATE, {**proposal(award_forms), kept_field("submission_letter"): theirs.token})
    assert response.status_code == 200
    text = page_text(response)
    assert f"Tờ trình: {KEPT_GONE}" in text and "cua-nguoi-khac.pdf" not in text
    assert not Nomination.objects.exists() and not NominationDocument.objects.exists()
    assert list(PendingDocument.objects.values_list("pk", "user")) == [(theirs.pk, other_officer.pk)]
    assert (media_root / theirs.file.name).exists()
    # The service refuses it too, whoever calls it.
    with pytest.raises(PermissionDenied):
        services.nomination_create(
            nomination=Nomination(**_fields(award_forms, officer)), user=officer, kept=[theirs],
        )
    assert not Nomination.objects.exists()


def _fields(award_forms, officer):
    from units.access import reach

    ward = reach(officer).ward
    return {
        "campaign": award_forms["giay-khen-quan"].campaign, "occasion": "yearly", "year": 2023,
        "award_form": award_forms["giay-khen-quan"], "nominee_kind": "collective", "nominee_name": "Tổ dân phố số 5",
        "actor_type": "residential_group", "achievements": "Vận động 3 hộ thoát cận nghèo.",
        "ward": ward, "proposing_ward": ward,
    }


@pytest.mark.parametrize("token", ["0" * 32, "không-phải-mã", "a" * 5000, "'; DROP TABLE x; --"])
def test_a_made_up_token_is_refused_in_words(client, officer, award_forms, token):
    client.force_login(officer)
    response = client.post(CREATE, {**proposal(award_forms), kept_field("achievement_report"): token})
    assert response.status_code == 200
    assert f"Báo cáo thành tích: {KEPT_GONE}" in page_text(response)
    assert not Nomination.objects.exists()


def test_files_older_than_a_day_are_cleared(client, officer, award_forms, media_root, django_capture_on_commit_callbacks):
    client.force_login(officer)
    old_form = client.post(CREATE, {**proposal(award_forms, nominee_name=""), "submission_letter": upload("cu.pdf")})
    client.post(CREATE, {**proposal(award_forms, nominee_name=""), "other": upload("moi.pdf")})
    old, fresh = PendingDocument.objects.order_by("pk")
    PendingDocument.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    PendingDocument.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - datetime.timedelta(hours=23))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("clear_pending_documents", stdout=(out := _Output()))
    assert out.text == "Đã xóa 1 tệp hồ sơ đã nhận quá một ngày chưa được lưu vào đề nghị.\n"
    assert list(PendingDocument.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert stored_files(media_root) == [fresh.file.name]
    # The form that still names the cleared file asks for it again, and saves nothing.
    response = client.post(CREATE, {**proposal(award_forms), **tokens(old_form)})
    assert f"Tờ trình: {KEPT_GONE}" in page_text(response)
    assert not Nomination.objects.exists()


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_every_error_is_shown_at_once(client, social_affairs, award_forms, khuong_dinh):
    """The district proposes the city's Flag, given only to collectives at the final review, to a
    household in a yearly review, without a name and with a bad file: every fault is listed."""
    client.force_login(social_affairs)
    response = client.post(CREATE, {
        "occasion": "yearly", "year": "2024", "award_form": award_forms["co-thi-dua-thanh-pho"].pk,
        "nominee_kind": "household", "nominee_name": "", "ward": khuong_dinh.pk, "actor_type": "residential_group",
        "achievements": "Thoát cận nghèo bền vững.",
        "submission_letter": upload("to-trinh.exe", PDF), "achievement_report": upload("bao-cao.pdf"),
    })
    assert response.status_code == 200
    text = page_text(response)
    errors = [
        "Tên tập thể, cá nhân, hộ: Trường này là bắt buộc.",
        "Cờ thi đua của UBND Thành phố chỉ xét vào dịp: tổng kết phong trào thi đua; "
        "không xét cho khen thưởng hằng năm.",
        "Hộ gia đình được tặng Bằng khen, Giấy khen, không được tặng Cờ thi đua của UBND Thành phố.",
        "Đối tượng là hộ gia đình thì loại đối tượng thi đua là hộ gia đình.",
        "Tờ trình: Tệp “to-trinh.exe”: chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG, không nhận tệp .exe.",
    ]
    summary = re.search(r'<ul class="error-summary">(.*?)</ul>', response.content.decode(), re.S).group(1)
    listed = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", summary)]
    assert len(listed) == len(errors) and all(any(e in item for item in listed) for e in errors), listed
    assert f"cần sửa {len(errors)} lỗi dưới đây" in text
    # The good file is kept; the bad one is not.
    assert "Đã nhận: bao-cao.pdf (1 KB)" in text
    assert list(PendingDocument.objects.values_list("original_name", flat=True)) == ["bao-cao.pdf"]
    assert not Nomination.objects.exists() and not NominationDocument.objects.exists()


def test_a_second_award_of_the_same_achievement_shows_with_the_other_errors(client, officer, award_forms, draft):
    client.force_login(officer)
    response = client.post(CREATE, proposal(award_forms, award_form=award_forms["co-thi-dua-thanh-pho"].pk))
    text = page_text(response)
    assert "Tổ dân phố số 5 đã được đề nghị Giấy khen của Chủ tịch UBND quận cho khen thưởng năm 2023" in text
    assert "Cờ thi đua của UBND Thành phố chỉ xét vào dịp: tổng kết" in text
    assert Nomination.objects.count() == 1


def _resubmit_queries(client, award_forms, kinds) -> list[str]:
    names = {"submission_letter": "a.pdf", "achievement_report": "b.docx", "meeting_minutes": "c.pdf", "other": "d.png"}
    first = client.post(CREATE, {
        **proposal(award_forms, nominee_name=""), **{k: upload(names[k]) for k in kinds},
    })
    with CaptureQueriesContext(connection) as queries:
        response = client.post(CREATE, {**proposal(award_forms), **tokens(first)})
    assert response.status_code == 302
    return [query["sql"] for query in queries.captured_queries]


def test_the_corrected_form_costs_one_insert_per_kept_file(client, officer, award_forms):
    """The kept files are read once by the form, locked once by the service and removed in one
    query, however many they are; each costs only its document's row."""
    client.force_login(officer)
    one = _resubmit_queries(client, award_forms, ["submission_letter"])
    Nomination.objects.all().delete()
    four = _resubmit_queries(client, award_forms, ["submission_letter", "achievement_report", "meeting_minutes", "other"])
    assert len(four) - len(one) == 3
    pending = [sql for sql in four if "awards_pendingdocument" in sql]
    assert [sql.split()[0] for sql in pending] == ["SELECT", "SELECT", "DELETE"]
    assert sum(sql.startswith("INSERT INTO \"awards_nominationdocument\"") for sql in four) == 4
    assert Nomination.objects.get().documents.count() == 4
