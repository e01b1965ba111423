"""One district, built once per module, for the tests that walk every URL as every role.

Ward A is Khương Đình, ward B is Nhân Chính. Each has an officer and, for every workflow step, an
object in the state that step needs: yearly figures approved (2022), submitted (2023) and in draft
(2024); nominations in draft, submitted, forwarded, approved (a district form and a city form);
a dossier file, an assessment, a deadline extension. Every text field of ward B's rows carries a
unique canary, "CANARY-B-<field>-<n>", for the leak test.

The rows are created inside a transaction that is rolled back when the module ends; each request
of a test runs in a nested transaction of its own that is rolled back too.
"""

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

CANARY = "CANARY-B"

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

_stats: dict[str, dict] = {}


def record(section: str, **figures) -> None:
    """Figures printed at the end of the run (pytest's terminal summary)."""
    _stats[section] = figures


def pytest_terminal_summary(terminalreporter):
    for section, figures in _stats.items():
        terminalreporter.write_line(f"{section}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))


@dataclass
class WardData:
    ward: object
    officer: object
    link: object
    counts: dict  # "approved" (2022), "submitted" (2023), "draft" (2024)
    nominations: dict  # "draft", "submitted", "forwarded", "approved", "approved-city"
    document: object
    assessment: object
    extension: object
    count_transition: object
    nomination_transition: object
    version: object  # one historical row of the draft count


@dataclass
class World:
    plan: object
    district: object
    a: WardData
    b: WardData
    users: dict  # role name -> user (None for anonymous)
    review: object
    window: object
    group: object

    def of(self, which: str) -> WardData:
        return {"A": self.a, "B": self.b}[which]


def _text(tag: str, name: str, counter) -> str:
    """A ward B value is a canary; a ward A value is plain text of the same shape."""
    if tag == "B":
        return f"{CANARY}-{name}-{next(counter)}"
    return f"Ghi chú {name} của phường A"


def _build(tmp_media) -> World:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from awards import services as award_services
    from awards.models import AwardForm, CriterionAssessment, Nomination
    from campaign.models import ActorType, Campaign, Criterion
    from conftest import _restore_roles
    from reports.models import ReviewReport
    from units.access import Role
    from units.models import District, StaffPosting, Ward, WardOfficer
    from wards.models import CountTransition, ReportingWindow, WindowExtension, YearlyCount, expected_start

    _restore_roles()
    call_command("loaddata", "plan_255", verbosity=0)
    plan = Campaign.objects.get(number="255/KH-UBND")
    forms = {form.code: form for form in AwardForm.objects.filter(campaign=plan)}
    User = get_user_model()
    counter = itertools.count(1)

    def user(username, role=None, **extra):
        extra.setdefault("is_staff", role != Role.CITY_SOCIAL_AFFAIRS)
        created = User.objects.create_user(username=username, password=None, **extra)
        if role is not None:
            created.groups.add(Group.objects.get(name=role.value))
        if role in (Role.SOCIAL_AFFAIRS, Role.HOME_AFFAIRS):
            StaffPosting.objects.create(user=created, district=District.objects.get(code="009"))
        if role == Role.CITY_SOCIAL_AFFAIRS:
            StaffPosting.objects.create(user=created, province=District.objects.get(code="009").province)
        return created

    users = {
        "anon": None,
        "social": user("ldtbxh", Role.SOCIAL_AFFAIRS, first_name="Phòng", last_name="LĐ-TB&XH"),
        "home": user("noivu", Role.HOME_AFFAIRS, first_name="Phòng", last_name="Nội vụ"),
        "super": user("quantri", is_superuser=True),
        "city": user("so-ldtbxh", Role.CITY_SOCIAL_AFFAIRS, first_name="Sở", last_name="LĐ-TB&XH"),
    }
    window = ReportingWindow.objects.create(
        campaign=plan, year=2025, opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2099, 1, 31)
    )
    criterion = Criterion.objects.filter(campaign=plan, actor_type=ActorType.WARD).order_by("order").first()

    def ward_data(tag: str, code: str) -> WardData:
        ward = Ward.objects.get(code=code)
        if tag == "B":
            officer = user(
                f"{CANARY}-username-{next(counter)}", Role.WARD_OFFICER,
                first_name=f"{CANARY}-first-name-{next(counter)}", last_name=f"{CANARY}-last-name-{next(counter)}",
                email=f"canary-b-{next(counter)}@example.org",
            )
        else:
            officer = user("phuong-a", Role.WARD_OFFICER, first_name="Cán bộ", last_name="Phường A")
        link = WardOfficer.objects.create(user=officer, ward=ward, position=_text(tag, "position", counter))

        counts = {}
        for year, status in ((2022, "approved"), (2023, "submitted"), (2024, "draft")):
            start, _ = expected_start(campaign=plan, ward=ward, year=year)
            count = YearlyCount(
                campaign=plan, ward=ward, year=year, status=status, near_poor_start=start,
                near_poor_escaped=1, near_poor_end=start - 1, note=_text(tag, "count-note", counter),
                updated_by=officer,
            )
            count.full_clean()
            count._change_reason = _text(tag, "history-reason", counter)
            count.save()
            counts[status] = count
        count_transition = CountTransition.objects.create(
            count=counts["approved"], from_status="submitted", to_status="returned", by=users["social"],
            reason=_text(tag, "count-return-reason", counter),
        )
        CountTransition.objects.create(
            count=counts["submitted"], from_status="draft", to_status="submitted", by=officer,
            reason=_text(tag, "count-submit-reason", counter),
        )

        def nominate(state, *, form="giay-khen-quan", kind="individual"):
            nomination = Nomination(
                campaign=plan, occasion="yearly", year=2023, award_form=forms[form], nominee_kind=kind,
                nominee_name=_text(tag, f"nominee-{state}", counter), unit=_text(tag, "unit", counter),
                position=_text(tag, "nominee-position", counter) if kind == "individual" else "",
                actor_type=ActorType.OFFICIAL if kind == "individual" else ActorType.RESIDENTIAL_GROUP,
                achievements=_text(tag, "achievements", counter), ward=ward, proposing_ward=ward,
            )
            uploads = [
                ("submission_letter", SimpleUploadedFile(_text(tag, "doc", counter).replace(" ", "-") + ".pdf", PDF)),
                ("achievement_report", SimpleUploadedFile(_text(tag, "doc", counter).replace(" ", "-") + ".pdf", PDF)),
            ]
            nomination = award_services.nomination_create(nomination=nomination, user=officer, uploads=uploads)
            steps = {
                "draft": [],
                "submitted": ["submit"],
                "forwarded": ["submit", "forward"],
                "approved": ["submit", "forward", "approve"],
                "approved-city": ["submit", "forward", "approve"],
            }[state]
            for step in steps:
                if step == "submit":
                    nomination = award_services.nomination_submit(nomination=nomination, user=officer)
                elif step == "forward":
                    nomination = award_services.nomination_forward(
                        nomination=nomination, user=users["social"], comment=_text(tag, "forward-comment", counter)
                    )
                else:
                    nomination = award_services.nomination_approve(
                        nomination=nomination, user=users["home"], comment=_text(tag, "appraisal-comment", counter)
                    )
            return nomination

        nominations = {
            "draft": nominate("draft"),
            "submitted": nominate("submitted", kind="collective"),
            "forwarded": nominate("forwarded"),
            "approved": nominate("approved", kind="collective"),
            "approved-city": nominate("approved-city", form="bang-khen-thanh-pho"),
        }
        document = nominations["draft"].documents.order_by("pk").first()
        assessment = CriterionAssessment.objects.create(
            campaign=plan, year=2023, criterion=criterion, ward=ward, result="met",
            note=_text(tag, "assessment-note", counter), evidence=_text(tag, "assessment-evidence", counter),
            assessed_by=users["social"],
        )
        extension = WindowExtension.objects.create(
            window=window, ward=ward, closes_on=datetime.date(2099, 2, 28),
            reason=_text(tag, "extension-reason", counter), granted_by=users["social"],
        )
        return WardData(
            ward=ward, officer=officer, link=link, counts=counts, nominations=nominations, document=document,
            assessment=assessment, extension=extension, count_transition=count_transition,
            nomination_transition=nominations["submitted"].transitions.order_by("pk").first(),
            version=counts["draft"].history.order_by("history_id").first(),
        )

    a = ward_data("A", "00364")
    b = ward_data("B", "00343")
    users["officer_a"], users["officer_b"] = a.officer, b.officer
    review = ReviewReport(
        campaign=plan, kind=ReviewReport.Kind.MID_TERM, number="97/BC-UBND", dated_on=datetime.date(2023, 6, 5),
        signer_name="Đặng Khánh Hòa",
        **{name: "Quận đã triển khai đồng bộ, cận nghèo giảm đều." for name in ReviewReport.NARRATIVE_FIELDS},
    )
    review.full_clean()
    review.save()
    _login_records()
    return World(
        plan=plan, district=District.objects.get(), a=a, b=b, users=users, review=review, window=window,
        group=Group.objects.get(name=Role.WARD_OFFICER.value),
    )


def _login_records() -> None:
    """One row of each login-throttling record, for their admin pages."""
    from django.apps import apps
    from django.utils import timezone

    if not apps.is_installed("axes"):
        return
    common = {
        "user_agent": "pytest", "ip_address": "127.0.0.1", "username": "khach", "http_accept": "*/*",
        "path_info": "/dang-nhap/",
    }
    apps.get_model("axes", "AccessAttempt").objects.create(
        **common, get_data="", post_data="", failures_since_start=1, attempt_time=timezone.now()
    )
    apps.get_model("axes", "AccessLog").objects.create(**common, attempt_time=timezone.now())
    apps.get_model("axes", "AccessFailureLog").objects.create(**common, attempt_time=timezone.now(), locked_out=False)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    overrides = override_settings(
        MEDIA_ROOT=str(media),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    overrides.enable()
    try:
        with django_db_blocker.unblock():
            with transaction.atomic():
                yield _build(media)
                transaction.set_rollback(True)
    finally:
        overrides.disable()
