"""Shared fixtures: the real plan, the named users of every role, and small factories.

Named users, as in every test module: the officer of Khương Đình (our ward), the officer of Nhân
Chính (another ward), LĐ-TB&XH (district social affairs), Nội vụ (home affairs), and a user with
no role at all.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PASSWORD = "Mat-khau-thu-2025"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing strength is not under test; the default hasher costs ~100 ms per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _restore_roles():
    """Transactional tests flush the tables, groups and offices' names included: put them back."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from units import offices
    from units.models import Office
    from units.roles import apply_grants

    if not Group.objects.exists():
        apply_grants(strict=True)
    if not Office.objects.exists():
        importlib.import_module("units.migrations.0006_office_names").forwards(apps, None)
    offices.forget()
    offices.warm()


@pytest.fixture
def plan(db):
    from django.core.management import call_command

    from campaign.models import Campaign

    _restore_roles()
    call_command("loaddata", "plan_255", verbosity=0)
    return Campaign.objects.get(number="255/KH-UBND")


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


def migrate_to(target):
    """Migrate the test database to `target` (a list of (app, migration)); the apps of that state."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def district_plan_for(district, *, wards=(), plan=None):
    """`district`'s own plan 255/KH-UBND, answering its city's plan as Thanh Xuân's does: the same
    years, milestones, criteria and award forms, with each of `wards` in its annex (4 near-poor
    households, 1 to reduce a year). The city's plan is made for a province that has none."""
    from awards.services import award_forms_copy
    from campaign.models import Campaign
    from campaign.services import plan_copy
    from wards.models import Baseline, ReductionTarget

    source = plan or Campaign.objects.plan_255()
    city = Campaign.objects.filter(owner_province=district.province).first()
    if city is None:
        city = plan_copy(
            source=source.parent, number=source.parent.number, owner_province=district.province,
            issuing_body=f"UBND {district.province.name}",
        )
    own = plan_copy(
        source=source, number=source.number, owner_district=district, parent=city,
        issuing_body=f"UBND quận {district.name}",
    )
    award_forms_copy(source=source, target=own, renames={source.owner_district.name: district.name})
    Baseline.objects.bulk_create([Baseline(campaign=own, ward=w, near_poor=4) for w in wards])
    ReductionTarget.objects.bulk_create([
        ReductionTarget(campaign=own, ward=w, year=year, reduction=1) for w in wards for year in own.years
    ])
    return own


@pytest.fixture
def award_forms(plan):
    """The four award forms of the plan (section V), by code."""
    from awards.models import AwardForm

    return {form.code: form for form in AwardForm.objects.filter(campaign=plan)}


@pytest.fixture
def make_nomination(plan, award_forms, khuong_dinh):
    """A nomination saved through the service, with a submission letter and achievement report, under
    the plan of its proposing ward's district (Thanh Xuân's by default)."""
    from awards import services
    from awards.models import AwardForm, Nomination
    from campaign.models import Campaign

    def make(user, *, documents=True, **fields):
        campaign = fields.pop("campaign", None) or plan
        if "proposing_ward" in fields and fields["proposing_ward"] is not None:
            campaign = Campaign.objects.filter(owner_district=fields["proposing_ward"].district_id).first() or campaign
        form = AwardForm.objects.get(campaign=campaign, code=fields.pop("award_form_code", "giay-khen-quan"))
        values = {
            "campaign": campaign, "occasion": "yearly", "year": 2023,
            "award_form": form, "nominee_kind": "collective",
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
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from units.access import Role
    from units.models import District, Province, StaffPosting, WardOfficer

    def make(username, role=None, ward=None, district=None, province=None, **extra):
        """A user of `role`. District staff are posted to `district`, Thanh Xuân by default;
        city staff (Sở LĐ-TB&XH, no admin access) to `province`, Hà Nội by default."""
        extra.setdefault("is_staff", role != Role.CITY_SOCIAL_AFFAIRS)
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
        if ward is not None:
            WardOfficer.objects.create(user=user, ward=ward)
        if role in (Role.SOCIAL_AFFAIRS, Role.HOME_AFFAIRS):
            StaffPosting.objects.create(user=user, district=district or District.objects.get(code="009"))
        if role == Role.CITY_SOCIAL_AFFAIRS:
            StaffPosting.objects.create(user=user, province=province or Province.objects.get(code="01"))
        return user

    return make


@pytest.fixture
def khuong_dinh(plan):
    from units.models import Ward

    return Ward.objects.get(code="00364")


@pytest.fixture
def nhan_chinh(plan):
    from units.models import Ward

    return Ward.objects.get(code="00343")


@pytest.fixture
def officer(make_user, khuong_dinh):
    from units.access import Role

    return make_user("phuong-khuong-dinh", Role.WARD_OFFICER, khuong_dinh)


@pytest.fixture
def other_officer(make_user, nhan_chinh):
    from units.access import Role

    return make_user("phuong-nhan-chinh", Role.WARD_OFFICER, nhan_chinh)


@pytest.fixture
def social_affairs(make_user, plan):
    from units.access import Role

    return make_user("ldtbxh", Role.SOCIAL_AFFAIRS)


@pytest.fixture
def home_affairs(make_user, plan):
    from units.access import Role

    return make_user("noivu", Role.HOME_AFFAIRS)


@pytest.fixture
def no_role(make_user, plan):
    return make_user("khach")


@pytest.fixture
def make_count(plan):
    """A saved YearlyCount whose start follows the rules; figures default to no movement."""
    from wards.models import YearlyCount, expected_start

    def make(ward, year, status=YearlyCount.Status.DRAFT, **figures):
        start, _ = expected_start(campaign=plan, ward=ward, year=year)
        figures.setdefault("near_poor_start", start)
        count = YearlyCount(campaign=plan, ward=ward, year=year, status=status, **figures)
        if "near_poor_end" not in figures:
            count.near_poor_end = count.computed_end
        count.full_clean()
        count.save()
        return count

    return make


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, dropped cleanly on PostgreSQL after the live server's request threads.

    A request thread of the live server can still hold a connection when the session ends, and
    PostgreSQL refuses to drop a database in use; closing those sessions first keeps CI quiet.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            connection.close()  # a restart test may have ended this session too: start afresh
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, transactional_db):
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    def log_in(username, password=PASSWORD):
        page.goto("/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

    return log_in
