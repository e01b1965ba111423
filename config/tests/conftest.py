"""Two districts of one city, built once per module, for the tests that walk every URL as every role.

District 1 is Thanh Xuân with its plan 255/KH-UBND: ward A is Khương Đình, ward B is Nhân
Chính. District 2 is Đống Đa with its own plan answering the same city plan, and ward C, Văn
Chương. Each district has its LĐ-TB&XH and Nội vụ, Hà Nội its Sở LĐ-TB&XH. Each ward has an
officer and, for every workflow step, an object in the state that step needs: yearly figures
approved (2022), submitted (2023) and in draft (2024); nominations in draft, submitted, forwarded,
approved (a district form and a city form); a dossier file, an assessment, a deadline extension.
Each district's plan has a 2025 reporting window, a mid-term review report, no "launch" milestone
(so that one can be added) and a spare ward with no row yet (for the admin's add forms).

Every text field of ward B's rows carries a unique canary, "CANARY-B-<field>-<n>", for the ward
leak test; every text of district 2's rows (ward C's, its plan's, its users' names) carries
"CANARY-D2-<field>-<n>", for the district leak test.

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
DISTRICT_CANARY = "CANARY-D2"

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
    tag: str
    district: int  # 1 or 2
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
class DistrictData:
    number: int  # 1 or 2
    district: object
    plan: object
    review: object
    window: object
    spare: object  # a ward of the district with no row of the plan yet


@dataclass
class World:
    plan: object
    district: object
    a: WardData
    b: WardData
    c: WardData
    d1: DistrictData
    d2: DistrictData
    users: dict  # role name -> user (None for anonymous)
    review: object
    window: object
    group: object

    def of(self, which: str) -> WardData:
        return {"A": self.a, "B": self.b, "C": self.c}[which]

    def unit(self, number: int) -> DistrictData:
        return {1: self.d1, 2: self.d2}[number]


def _text(tag: str, name: str, counter) -> str:
    """A ward B value is a canary, a ward C value the district canary; a ward A value is plain
    text of the same shape."""
    if tag == "B":
        return f"{CANARY}-{name}-{next(counter)}"
    if tag == "C":
        return f"{DISTRICT_CANARY}-{name}-{next(counter)}"
    return f"Ghi chú {name} của phường A"


def _build(tmp_media) -> World:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from awards import services as award_services
    from awards.models import AwardForm, CriterionAssessment, Nomination
    from campaign.models import ActorType, Campaign, Criterion, Milestone
    from conftest import _restore_roles, district_plan_for
    from reports.models import ReviewReport
    from units.access import Role
    from units.access import forget
    from units.models import District, StaffPosting, Succession, Ward, WardOfficer
    from wards.models import (
        Baseline, CountTransition, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount, expected_start,
    )

    _restore_roles()
    call_command("loaddata", "plan_255", verbosity=0)
    plan = Campaign.objects.plan_255()
    User = get_user_model()
    counter = itertools.count(1)

    thanh_xuan = District.objects.get(code="009")
    dong_da = District.objects.create(province=thanh_xuan.province, code="006", name="Đống Đa")
    district_of = {1: thanh_xuan, 2: dong_da}

    def user(username, role=None, district=1, **extra):
        extra.setdefault("is_staff", role != Role.CITY_SOCIAL_AFFAIRS)
        created = User.objects.create_user(username=username, password=None, **extra)
        if role is not None:
            created.groups.add(Group.objects.get(name=role.value))
        if role in (Role.SOCIAL_AFFAIRS, Role.HOME_AFFAIRS):
            StaffPosting.objects.create(user=created, district=district_of[district])
        if role == Role.CITY_SOCIAL_AFFAIRS:
            StaffPosting.objects.create(user=created, province=thanh_xuan.province)
        return created

    users = {
        "anon": None,
        "social": user("ldtbxh", Role.SOCIAL_AFFAIRS, first_name="Phòng", last_name="LĐ-TB&XH",
                       email="ldtbxh@thanhxuan.example.vn"),
        "home": user("noivu", Role.HOME_AFFAIRS, first_name="Phòng", last_name="Nội vụ",
                     email="noivu@thanhxuan.example.vn"),
        "social_2": user(f"{DISTRICT_CANARY}-ldtbxh", Role.SOCIAL_AFFAIRS, district=2,
                         first_name=f"{DISTRICT_CANARY}-social-name", email="ldtbxh@dongda.example.vn"),
        "home_2": user(f"{DISTRICT_CANARY}-noivu", Role.HOME_AFFAIRS, district=2,
                       first_name=f"{DISTRICT_CANARY}-home-name", email="noivu@dongda.example.vn"),
        "super": user("quantri", is_superuser=True),
        "city": user("so-ldtbxh", Role.CITY_SOCIAL_AFFAIRS, first_name="Sở", last_name="LĐ-TB&XH"),
        # Accounts of no unit yet, which only the superuser posts or links.
        "unlinked": user("tai-khoan-chua-gan", Role.WARD_OFFICER),
    }
    users["unposted"] = user("tai-khoan-chua-phan-cong")
    users["unposted"].groups.add(Group.objects.get(name=Role.HOME_AFFAIRS.value))
    # Đống Đa's own plan answering Hà Nội's, as Thanh Xuân's does; its texts carry the canary.
    plan_2 = district_plan_for(dong_da, plan=plan)
    Campaign.objects.filter(pk=plan_2.pk).update(goal=f"{DISTRICT_CANARY}-plan-goal")
    Criterion.objects.filter(campaign=plan_2, actor_type=ActorType.WARD, order=2).update(
        text=f"{DISTRICT_CANARY}-criterion-text"
    )
    plan_2.refresh_from_db()
    plans = {1: plan, 2: plan_2}
    windows = {}
    for number, own in plans.items():
        windows[number] = ReportingWindow.objects.create(
            campaign=own, year=2025, opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2099, 1, 31)
        )
        Milestone.objects.filter(campaign=own, kind=Milestone.Kind.LAUNCH).delete()
    window = windows[1]

    def ward_data(tag: str, code: str) -> WardData:
        number = 2 if tag == "C" else 1
        plan, window = plans[number], windows[number]
        criterion = Criterion.objects.filter(campaign=plan, actor_type=ActorType.WARD).order_by("order").first()
        forms = {form.code: form for form in AwardForm.objects.filter(campaign=plan)}
        social, home = (users["social_2"], users["home_2"]) if number == 2 else (users["social"], users["home"])
        ward = Ward.objects.get(code=code)
        if tag in ("B", "C"):
            mark = CANARY if tag == "B" else DISTRICT_CANARY
            officer = user(
                f"{mark}-username-{next(counter)}", Role.WARD_OFFICER,
                first_name=f"{mark}-first-name-{next(counter)}", last_name=f"{mark}-last-name-{next(counter)}",
                email=f"{mark.lower()}-{next(counter)}@example.org",
            )
        else:
            officer = user("phuong-a", Role.WARD_OFFICER, first_name="Cán bộ", last_name="Phường A",
                           email="phuong-a@thanhxuan.example.vn")
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
            count=counts["approved"], from_status="submitted", to_status="returned", by=social,
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
                        nomination=nomination, user=social, reason=_text(tag, "forward-comment", counter)
                    )
                else:
                    nomination = award_services.nomination_approve(
                        nomination=nomination, user=home, reason=_text(tag, "appraisal-comment", counter)
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
            assessed_by=social,
        )
        extension = WindowExtension.objects.create(
            window=window, ward=ward, closes_on=datetime.date(2099, 2, 28),
            reason=_text(tag, "extension-reason", counter), granted_by=social,
        )
        return WardData(
            tag=tag, district=number, ward=ward, officer=officer, link=link, counts=counts, nominations=nominations, document=document,
            assessment=assessment, extension=extension, count_transition=count_transition,
            nomination_transition=nominations["submitted"].transitions.order_by("pk").first(),
            version=counts["draft"].history.order_by("history_id").first(),
        )

    ward_c = Ward.objects.create(district=dong_da, code="00211", name="Văn Chương")
    Baseline.objects.create(campaign=plan_2, ward=ward_c, near_poor=6)
    for year, reduction in zip(plan_2.years, (2, 2, 2, 0)):
        ReductionTarget.objects.create(campaign=plan_2, ward=ward_c, year=year, reduction=reduction)
    a = ward_data("A", "00364")
    b = ward_data("B", "00343")
    c = ward_data("C", "00211")
    users["officer_a"], users["officer_b"], users["officer_c"] = a.officer, b.officer, c.officer
    reviews = {}
    for number, own in plans.items():
        text = "Quận đã triển khai đồng bộ, cận nghèo giảm đều." if number == 1 else f"{DISTRICT_CANARY}-review-text"
        reviews[number] = ReviewReport(
            campaign=own, kind=ReviewReport.Kind.MID_TERM, number=f"9{number}/BC-UBND",
            dated_on=datetime.date(2023, 6, 5), signer_name="Đặng Khánh Hòa",
            **{name: text for name in ReviewReport.NARRATIVE_FIELDS},
        )
        reviews[number].full_clean()
        reviews[number].save()
    spares = {
        1: Ward.objects.create(district=thanh_xuan, code="00398", name="Phường Lập Mới"),
        2: Ward.objects.create(district=dong_da, code="00299", name=f"{DISTRICT_CANARY}-spare-ward"),
    }
    # Ward A was formed on 1/1/2025 from a ward that ended the day before: its officer reads its history.
    merged = Ward.objects.create(
        district=thanh_xuan, code="00396", name="Phường Đã Nhập", valid_to=datetime.date(2024, 12, 31)
    )
    Succession.objects.create(
        predecessor=merged, successor=a.ward, part=Succession.Part.WHOLE, effective_on=datetime.date(2025, 1, 1),
        legal_basis="Nghị quyết sắp xếp đơn vị hành chính (thử)",
    )
    for user in users.values():
        forget(user)  # what their reach learnt while the world was built
    _login_records()
    d1, d2 = (
        DistrictData(number=n, district=district_of[n], plan=plans[n], review=reviews[n], window=windows[n],
                     spare=spares[n])
        for n in (1, 2)
    )
    return World(
        plan=plan, district=thanh_xuan, a=a, b=b, c=c, d1=d1, d2=d2, users=users, review=reviews[1],
        window=window, group=Group.objects.get(name=Role.WARD_OFFICER.value),
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
