"""The upload corpus: what the dossier accepts, and each bad file refused in Vietnamese with
nothing written."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.urls import reverse

from awards import services, uploads
from awards.models import Nomination, NominationDocument, PendingDocument
from awards.uploads import check_upload
from conftest import PDF, file_bytes, image_bytes, office_bytes, upload


def refused(name, data):
    with pytest.raises(ValidationError) as error:
        check_upload(File(io.BytesIO(data), name=name))
    return " ".join(error.value.messages)


@pytest.mark.parametrize("name,kind,content_type", [
    ("To trinh.pdf", "pdf", "application/pdf"),
    ("Báo cáo thành tích.DOCX", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("bang-so-lieu.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("anh-le-trao.jpg", "jpg", "image/jpeg"),
    ("anh.jpeg", "jpg", "image/jpeg"),
    ("anh.png", "png", "image/png"),
])
def test_allowed_files_pass(name, kind, content_type):
    checked = check_upload(File(io.BytesIO(file_bytes(kind)), name=name))
    assert checked.content_type == content_type and checked.name == name


def test_pdf_renamed_exe():
    assert "chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG, không nhận tệp .exe" in refused("to-trinh.exe", PDF)


def test_html_named_pdf():
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert "có chứa mã trang web (HTML, script)" in refused("to-trinh.pdf", html)


def test_html_behind_a_pdf_signature():
    assert "có chứa mã trang web" in refused("to-trinh.pdf", PDF[:20] + b"<script>alert(1)</script>" + PDF[20:])


def test_png_that_is_also_html():
    polyglot = image_bytes("PNG") + b"<html><script>alert(document.cookie)</script></html>"
    assert "có chứa mã trang web (HTML, script)" in refused("anh.png", polyglot)


def test_oversized_file():
    big = PDF[:-7] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    assert "quá lớn (10,0 MB): mỗi tệp tối đa 10 MB" in refused("to-trinh.pdf", big)


def test_path_in_the_name():
    assert "không được chứa đường dẫn" in refused("../../etc/to-trinh.pdf", PDF)
    assert "không được chứa đường dẫn" in refused("..\\to-trinh.pdf", PDF)
    assert "bắt đầu bằng dấu chấm" in refused(".htaccess.pdf", PDF)


def test_empty_file():
    assert "rỗng (0 byte)" in refused("to-trinh.pdf", b"")


def test_name_must_match_content():
    assert "có đuôi .pdf nhưng nội dung là ảnh PNG" in refused("to-trinh.pdf", image_bytes("PNG"))
    assert "có đuôi .xlsx nhưng nội dung là Word (DOCX)" in refused("so-lieu.xlsx", office_bytes("word/document.xml"))
    assert "không phải tệp PDF, DOCX, XLSX, JPG hay PNG hợp lệ" in refused("to-trinh.docx", b"PK\x03\x04garbage")


def test_truncated_pdf_and_broken_image():
    assert "không phải tệp" in refused("to-trinh.pdf", PDF[:-8])
    assert "không phải tệp" in refused("anh.png", image_bytes("PNG")[:30])


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_SIZE", 10_000)
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * 20_000)
    assert "quá lớn khi giải nén" in refused("bao-cao.docx", output.getvalue())


def test_service_checks_every_file_before_storing_any(draft, officer, media_root):
    files_before = sorted(media_root.rglob("*"))
    with pytest.raises(ValidationError) as error:
        services.documents_add(nomination=draft, user=officer, uploads=[
            ("meeting_minutes", upload("bien-ban.pdf")),
            ("other", upload("virus.exe", PDF)),
        ])
    assert "Tài liệu khác: Tệp “virus.exe”: chỉ nhận tệp" in error.value.messages[0]
    assert draft.documents.count() == 2
    assert sorted(media_root.rglob("*")) == files_before


def test_stored_under_a_generated_name(draft, media_root):
    document = draft.documents.get(kind="submission_letter")
    assert document.original_name == "to-trinh.pdf"
    assert document.file.name.startswith(f"awards/{draft.campaign_id}/")
    assert document.file.name.endswith(".pdf") and "to-trinh" not in document.file.name
    assert (media_root / document.file.name).read_bytes() == PDF


# --- through the pages ------------------------------------------------------------------------

CORPUS = [
    ("to-trinh.exe", PDF, "không nhận tệp .exe"),
    ("to-trinh.pdf", b"<html><body>Xin chao</body></html>", "có chứa mã trang web"),
    ("anh.png", None, "có chứa mã trang web"),
    ("to-trinh.pdf", b"", "rỗng (0 byte)"),
]


@pytest.mark.parametrize("name,data,message", CORPUS)
def test_page_refuses_the_corpus_in_vietnamese(client, draft, officer, media_root, name, data, message):
    if data is None:
        data = image_bytes("PNG") + b"<html><script>alert(1)</script></html>"
    client.force_login(officer)
    files_before = sorted(media_root.rglob("*"))
    response = client.post(
        reverse("awards:document-upload", args=[draft.pk]),
        {"kind": "other", "file": upload(name, data)}, follow=True,
    )
    assert message in response.content.decode()
    assert draft.documents.count() == 2
    assert sorted(media_root.rglob("*")) == files_before


def test_page_refuses_an_oversized_file(client, draft, officer, media_root, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the big file goes to a temporary file, as in production
    client.force_login(officer)
    big = PDF[:-7] + b" " * (10 * 1024 * 1024 + 10) + b"%%EOF\n"
    response = client.post(
        reverse("awards:document-upload", args=[draft.pk]), {"kind": "other", "file": upload("lon.pdf", big)},
        follow=True,
    )
    assert "quá lớn (10,0 MB): mỗi tệp tối đa 10 MB" in response.content.decode()
    assert draft.documents.count() == 2


def test_a_path_in_the_uploaded_name_never_leaves_the_media_folder(client, draft, officer, media_root):
    """Django drops the directories of a multipart file name; the file still gets our own name."""
    client.force_login(officer)
    boundary = "BoUnDaRy"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../../evil.pdf\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode() + PDF + f"\r\n--{boundary}--\r\n".encode()
    client.generic(
        "POST", reverse("awards:document-upload", args=[draft.pk]), body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    document = draft.documents.get(kind="other")
    assert document.original_name == "evil.pdf"
    assert (media_root / document.file.name).resolve().is_relative_to(media_root.resolve())
    assert not (media_root.parent / "evil.pdf").exists()


def test_create_page_saves_nothing_when_one_file_is_bad(client, officer, award_forms, media_root):
    """The good file waits for the corrected form as the officer's kept file; nothing is the
    nomination's, and the bad file is stored nowhere."""
    client.force_login(officer)
    response = client.post(reverse("awards:nomination-create"), {
        "occasion": "yearly", "year": "2023", "award_form": award_forms["giay-khen-quan"].pk,
        "nominee_kind": "collective", "nominee_name": "Tổ dân phố số 5", "actor_type": "residential_group",
        "achievements": "Vận động 3 hộ thoát cận nghèo.",
        "submission_letter": upload("to-trinh.pdf"),
        "achievement_report": upload("bao-cao.pdf", b"<script>alert(1)</script>"),
    })
    assert response.status_code == 200
    assert "Báo cáo thành tích: Tệp “bao-cao.pdf” có chứa mã trang web" in response.content.decode()
    assert not Nomination.objects.exists() and not NominationDocument.objects.exists()
    kept = PendingDocument.objects.get()
    assert (kept.user, kept.kind, kept.original_name) == (officer, "submission_letter", "to-trinh.pdf")
    assert [path.relative_to(media_root).as_posix() for path in media_root.rglob("*.pdf")] == [kept.file.name]


# --- downloads --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["officer", "social_affairs", "home_affairs"])
def test_allowed_users_download_as_attachment(request, client, draft, role):
    document = draft.documents.get(kind="submission_letter")
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("awards:document-download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="to-trinh.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_keeps_a_vietnamese_name(client, make_nomination, officer):
    from awards.models import Nomination as N

    n = make_nomination(officer, documents=False)
    services.documents_add(nomination=n, user=officer, uploads=[("other", upload("Biên bản họp.pdf", PDF))])
    client.force_login(officer)
    response = client.get(reverse("awards:document-download", args=[N.objects.get().documents.get().pk]))
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf" in response["Content-Disposition"]


def test_download_refused_to_others(client, draft, other_officer, no_role):
    url = reverse("awards:document-download", args=[draft.documents.first().pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(no_role)
    assert client.get(url).status_code == 403
