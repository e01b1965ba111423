"""Award fixtures: the plan's award forms, small real files of each allowed type, and nominations
at each step of the workflow (Khương Đình's residential group no. 5, proposed by its officer)."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (8, 8), (163, 20, 27)).save(output, format=fmt)
    return output.getvalue()


def office_bytes(part: str) -> bytes:
    """A minimal Office Open XML package: [Content_Types].xml and one part under word/ or xl/."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(part, '<?xml version="1.0"?><document/>')
    return output.getvalue()




def file_bytes(kind: str) -> bytes:
    return {
        "pdf": lambda: PDF,
        "png": lambda: image_bytes("PNG"),
        "jpg": lambda: image_bytes("JPEG"),
        "docx": lambda: office_bytes("word/document.xml"),
        "xlsx": lambda: office_bytes("xl/workbook.xml"),
    }[kind]()


def upload(name: str, data: bytes | None = None, kind: str | None = None):
    if data is None:
        data = file_bytes(kind or name.rsplit(".", 1)[-1].lower())
    return SimpleUploadedFile(name, data)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def award_forms(plan):
    """The four forms of the plan, by code (re-seeded after a transactional test's flush)."""
    import importlib

    from django.apps import apps

    from awards.models import AwardForm

    if not AwardForm.objects.exists():
        importlib.import_module("awards.migrations.0002_seed_award_forms").seed_award_forms(apps, None)
    return {form.code: form for form in AwardForm.objects.all()}


@pytest.fixture
def make_nomination(plan, award_forms, khuong_dinh):
    """A nomination saved through the service, with a submission letter and achievement report."""
    from awards import services
    from awards.models import Nomination

    def make(user, *, documents=True, **fields):
        values = {
            "campaign": plan, "occasion": "yearly", "year": 2023,
            "award_form": award_forms["giay-khen-quan"], "nominee_kind": "collective",
            "nominee_name": "Tổ dân phố số 5", "unit": "Phường Khương Đình",
            "actor_type": "residential_group",
            "achievements": "Vận động 3 hộ cận nghèo thoát cận nghèo bền vững.",
            "ward": khuong_dinh, "proposing_ward": khuong_dinh,
        }
        values.update(fields)
        uploads = [
            ("submission_letter", upload("to-trinh.pdf")),
            ("achievement_report", upload("bao-cao-thanh-tich.docx")),
        ] if documents else []
        return services.nomination_create(nomination=Nomination(**values), user=user, uploads=uploads)

    return make


@pytest.fixture
def draft(make_nomination, officer):
    return make_nomination(officer)


@pytest.fixture
def submitted(draft, officer):
    from awards import services

    return services.nomination_submit(nomination=draft, user=officer)


@pytest.fixture
def forwarded(submitted, social_affairs):
    from awards import services

    return services.nomination_forward(nomination=submitted, user=social_affairs)


@pytest.fixture
def approved(forwarded, home_affairs):
    from awards import services

    return services.nomination_approve(nomination=forwarded, user=home_affairs, comment="Đủ tiêu chuẩn.")


@pytest.fixture
def awarded(approved, home_affairs):
    from awards import services

    return services.nomination_record_decision(
        nomination=approved, user=home_affairs, number="1234/QĐ-UBND", date=datetime.date(2024, 3, 1)
    )


@pytest.fixture
def superuser(make_user):
    return make_user("quantri", is_superuser=True)
