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


@pytest.fixture(autouse=True)
def fresh_cache():
    """The queue's cached copies live in the process's cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cau_giay(plan):
    """A second district of Hà Nội, Cầu Giấy, with two wards that take part in the plan."""
    from units.models import District, Province, Ward
    from wards.models import Baseline

    district = District.objects.create(province=Province.objects.get(code="01"), code="005", name="Cầu Giấy")
    for code, name in (("00157", "Nghĩa Đô"), ("00166", "Dịch Vọng")):
        ward = Ward.objects.create(district=district, code=code, name=name)
        Baseline.objects.create(campaign=plan, ward=ward, near_poor=3)
    return district


@pytest.fixture
def nghia_do(cau_giay):
    from units.models import Ward

    return Ward.objects.get(code="00157")


@pytest.fixture
def cau_giay_officer(make_user, nghia_do):
    from units.access import Role

    return make_user("phuong-nghia-do", Role.WARD_OFFICER, nghia_do)


@pytest.fixture
def cau_giay_social_affairs(make_user, cau_giay):
    from units.access import Role

    return make_user("ldtbxh-cau-giay", Role.SOCIAL_AFFAIRS, district=cau_giay)


@pytest.fixture
def cau_giay_home_affairs(make_user, cau_giay):
    from units.access import Role

    return make_user("noivu-cau-giay", Role.HOME_AFFAIRS, district=cau_giay)


@pytest.fixture
def cau_giay_forwarded(make_nomination, nghia_do, cau_giay_officer, cau_giay_social_affairs):
    """Nghĩa Đô's residential group no. 7, forwarded to Cầu Giấy's Nội vụ."""
    from awards import services

    nomination = make_nomination(
        cau_giay_officer, nominee_name="Tổ dân phố số 7 Nghĩa Đô", unit="Phường Nghĩa Đô",
        ward=nghia_do, proposing_ward=nghia_do,
    )
    nomination = services.nomination_submit(nomination=nomination, user=cau_giay_officer)
    return services.nomination_forward(nomination=nomination, user=cau_giay_social_affairs)
