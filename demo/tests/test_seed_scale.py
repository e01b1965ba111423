"""manage.py seed_scale: what it writes is consistent with the product's rules (every district
under its own plan answering its province's), the same seed gives the same data, a database with
real data is refused untouched, and the progress selectors read it.

A small size keeps these fast: Hà Nội with Thanh Xuân and 2 more districts, and a second province
of 2 districts, 3 wards each (the sizes the --provinces, --districts, --wards-per-district and
--nominations options exist for).
"""

import io
from collections import defaultdict
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

SMALL = ["--level", "nation", "--provinces", "2", "--districts", "3", "--wards-per-district", "3",
         "--nominations", "300"]


@pytest.fixture
def empty_database(db, settings, tmp_path):
    """A migrated database with nothing in it but what migrations write (the roles): the plan,
    its award forms included, comes with its fixture, which seed_scale loads."""
    from conftest import _restore_roles

    _restore_roles()
    settings.MEDIA_ROOT = tmp_path / "media"


def seed(*extra: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", *SMALL, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(empty_database):
    return seed()


# --- what it writes ----------------------------------------------------------------------------------

def test_writes_units_accounts_and_prints_them(seeded):
    from awards.models import Nomination
    from units.models import District, Province, Ward

    assert list(Province.objects.order_by("code").values_list("code", "name")) == [
        ("01", "Thành phố Hà Nội"), ("02", "Tỉnh Số 2"),
    ]
    assert District.objects.count() == 6
    assert District.objects.filter(province__code="01").count() == 3
    # Thanh Xuân keeps its 11 real wards; each other district has 3.
    assert Ward.objects.filter(district__code="009").count() == 11
    assert Ward.objects.count() == 11 + 5 * 3
    assert Nomination.objects.count() == 300
    # A superuser, one city office per province, two offices per district, an officer per ward.
    assert get_user_model().objects.count() == 1 + 2 + 6 * 2 + 26
    for text in ("ThiDua@2025", "quantri", "so-ldtbxh-01", "ldtbxh, noivu", "phuong-khuong-dinh",
                 "campaign_campaign", "wards_yearlycount", "awards_nomination", "Xong trong"):
        assert text in seeded


def test_codes_names_and_slugs_are_unique_and_well_formed(seeded):
    from units.models import District, Province, Ward

    codes = list(Ward.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) and all(len(c) == 5 and c.isdigit() for c in codes)
    slugs = list(Ward.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert all(len(c) == 3 and c.isdigit() for c in District.objects.values_list("code", flat=True))
    assert all(len(c) == 2 and c.isdigit() for c in Province.objects.values_list("code", flat=True))
    assert Ward.objects.filter(code="00364", name="Khương Đình", district__code="009").exists()
    generated = Ward.objects.exclude(district__code="009")
    assert all(w.name.startswith("Số ") and w.slug == f"so-{w.name[3:]}" for w in generated)


def test_every_office_is_posted_and_every_ward_has_its_officer(seeded):
    from units.access import Role, reach
    from units.models import District, Province, StaffPosting, Ward, WardOfficer

    User = get_user_model()
    for district in District.objects.all():
        for role in (Role.SOCIAL_AFFAIRS, Role.HOME_AFFAIRS):
            posted = User.objects.filter(groups__name=role.value, postings__district=district)
            assert posted.count() == 1, (district.code, role)
    for province in Province.objects.all():
        city = User.objects.get(groups__name=Role.CITY_SOCIAL_AFFAIRS.value, postings__province=province)
        assert city.username == f"so-ldtbxh-{province.code}" and not city.is_staff
    assert not StaffPosting.objects.filter(user__groups__name=Role.WARD_OFFICER.value).exists()
    assert WardOfficer.objects.count() == Ward.objects.count()
    assert set(WardOfficer.objects.values_list("ward", flat=True)) == set(Ward.objects.values_list("pk", flat=True))
    assert not WardOfficer.objects.exclude(user__groups__name=Role.WARD_OFFICER.value).exists()
    # The demo's names for Thanh Xuân, and the unit they act for.
    ldtbxh = User.objects.get(username="ldtbxh")
    assert reach(ldtbxh).district.code == "009"
    assert set(Ward.objects.visible_to(ldtbxh).values_list("district__code", flat=True)) == {"009"}
    assert reach(User.objects.get(username="ldtbxh-001")).district.code == "001"
    assert reach(User.objects.get(username="so-ldtbxh-02")).province.code == "02"
    officer = User.objects.get(username="phuong-khuong-dinh")
    assert officer.officer_postings.get().ward.code == "00364"
    assert User.objects.get(username="quantri").is_superuser
    # One password hash, computed once, that the password printed opens.
    assert User.objects.values("password").distinct().count() == 1
    assert officer.check_password("ThiDua@2025")


def test_every_district_has_its_own_plan_answering_its_provinces(seeded):
    from awards.models import AwardForm
    from campaign.models import Campaign, Criterion, Milestone
    from units.models import District, Province
    from wards.models import ReportingWindow

    real = Campaign.objects.plan_255()
    assert (real.pk, real.number, real.issuing_body) == (1, "255/KH-UBND", "UBND quận Thanh Xuân")
    hanoi_plan = Campaign.objects.get(owner_province__code="01")
    assert (hanoi_plan.pk, hanoi_plan.number, real.parent_id) == (2, "251/KH-UBND", hanoi_plan.pk)
    assert Campaign.objects.count() == Province.objects.count() + District.objects.count()

    def plan_rows(plan):
        return (
            list(Milestone.objects.filter(campaign=plan).order_by("pk").values_list("kind", "year", "held_on",
                                                                                   "description")),
            list(Criterion.objects.filter(campaign=plan).order_by("pk").values_list("actor_type", "order", "scope",
                                                                                   "text")),
            list(AwardForm.objects.filter(campaign=plan).order_by("order").values_list(
                "code", "name", "order", "decided_by", "for_yearly", "for_final", "for_sudden", "for_collective",
                "for_individual", "for_household")),
        )

    reference = plan_rows(real)
    assert [len(rows) for rows in reference] == [3, 21, 4]
    for province in Province.objects.all():
        city = Campaign.objects.get(owner_province=province)  # exactly one
        assert city.parent_id is None and city.years == real.years
        if province.code != "01":
            number = int(province.code)
            assert (city.number, city.issuing_body) == (f"{number}/KH-UBND", f"UBND tỉnh Số {number}")
        for district in District.objects.filter(province=province):
            plan = Campaign.objects.get(owner_district=district)  # exactly one
            plan.full_clean()  # one owner, the parent of its own province, a number unique for it
            assert plan.parent_id == city.pk
            assert plan.years == real.years and plan.title == real.title
            assert plan_rows(plan) == reference
            assert ReportingWindow.objects.filter(campaign=plan).count() == 4
            deciders = dict(AwardForm.objects.filter(campaign=plan).values_list("code", "decider"))
            assert deciders["giay-khen-quan"] == f"Chủ tịch UBND quận {district.name}"
            if district.code != "009":
                assert (plan.number, plan.issuing_body) == (
                    f"{int(district.code)}/KH-UBND", f"UBND quận {district.name}",
                )
            if province.code != "01":
                assert deciders["bang-khen-thanh-pho"] == f"Chủ tịch UBND tỉnh Số {int(province.code)}"
                assert deciders["co-thi-dua-thanh-pho"] == f"UBND tỉnh Số {int(province.code)}"
    # A city's plan has no rows of wards: the districts' plans answering it hold them.
    assert not AwardForm.objects.filter(campaign__owner_province__isnull=False).exists()
    assert not ReportingWindow.objects.filter(campaign__owner_province__isnull=False).exists()


def test_every_row_of_a_ward_is_under_its_districts_plan(seeded):
    from awards.models import CriterionAssessment, Nomination
    from wards.models import Baseline, ReductionTarget, WindowExtension, YearlyCount

    own = {"campaign__owner_district": F("ward__district")}
    for rows in (
        Baseline.objects, ReductionTarget.objects, YearlyCount.objects, YearlyCount.history,
        CriterionAssessment.objects,
    ):
        assert rows.exists()
        assert not rows.exclude(**own).exists(), rows.model
    assert WindowExtension.objects.exists()
    for rows in (WindowExtension.objects, WindowExtension.history):
        assert not rows.exclude(window__campaign__owner_district=F("ward__district")).exists()
    # Assessed against the criteria of the row's own plan; nominated for its own plan's forms,
    # handled by the plan's district, of wards of that district.
    assert not CriterionAssessment.objects.exclude(criterion__campaign=F("campaign")).exists()
    assert not Nomination.objects.exclude(award_form__campaign=F("campaign")).exists()
    assert not Nomination.objects.exclude(campaign__owner_district=F("district")).exists()
    assert not Nomination.objects.filter(ward__isnull=False).exclude(ward__district=F("district")).exists()
    assert not Nomination.objects.filter(proposing_ward__isnull=False).exclude(
        proposing_ward__district=F("district")).exists()
    # Every district's plan holds rows: none is left empty while another holds its wards'.
    assert Baseline.objects.values("campaign").distinct().count() == 6
    assert Nomination.objects.values("campaign").distinct().count() == 6


def test_figures_balance_chain_and_follow_the_workflow(seeded):
    from campaign.models import Campaign
    from wards.models import Baseline, CountTransition, YearlyCount

    Status = YearlyCount.Status
    campaign = Campaign.objects.plan_255()  # every plan has its years
    baselines = dict(Baseline.objects.values_list("ward_id", "near_poor"))
    by_ward = defaultdict(dict)
    for count in YearlyCount.objects.all():
        by_ward[count.ward_id][count.year] = count
    steps = defaultdict(list)
    for step in CountTransition.objects.order_by("at", "pk"):
        steps[step.count_id].append(step)
    history = defaultdict(list)
    for row in YearlyCount.history.order_by("history_date", "history_id"):
        history[row.id].append(row)

    statuses = set()
    for ward_id, counts in by_ward.items():
        years = sorted(counts)
        assert years == list(campaign.years)[: len(years)], "figures for a year without the one before"
        expected_start = baselines[ward_id]
        approved_so_far = True
        for year in years:
            count = counts[year]
            statuses.add(count.status)
            assert count.near_poor_start == expected_start
            assert count.near_poor_end == count.computed_end >= 0
            assert count.poor_end >= count.poor_new + count.poor_fallen_back
            assert not count.start_needs_check
            count.full_clean()  # the model's own rules, the start against last year's end included
            if count.status == Status.APPROVED:
                assert approved_so_far, "an approved year after one that is not"
            approved_so_far = count.status == Status.APPROVED
            expected_start = count.near_poor_end

            moves = steps[count.pk]
            if count.status == Status.DRAFT:
                assert moves == []
            else:
                assert moves[0].from_status == Status.DRAFT
                assert all(a.to_status == b.from_status for a, b in zip(moves, moves[1:]))
                assert moves[-1].to_status == count.status
                assert all(m.at >= count.created_at for m in moves)
            kinds = [h.history_type for h in history[count.pk]]
            assert kinds == ["+"] + ["~"] * len(moves)
            assert history[count.pk][-1].status == count.status
    assert statuses == set(Status.values)
    assert len(by_ward) < Baseline.objects.count(), "some wards have no figures at all"


def test_nominations_follow_the_plans_rules_and_their_steps(seeded):
    from awards.models import Nomination, NominationDocument, NominationTransition

    Status = Nomination.Status
    steps = defaultdict(list)
    for step in NominationTransition.objects.order_by("at", "pk"):
        steps[step.nomination_id].append(step)
    documents = defaultdict(set)
    for nomination_id, kind in NominationDocument.objects.values_list("nomination_id", "kind"):
        documents[nomination_id].add(kind)
    nominations = list(Nomination.objects.select_related(
        "campaign", "award_form", "ward__district", "proposing_ward__district", "district__province",
    ).prefetch_related("created_by__postings"))
    assert {n.status for n in nominations} == set(Status.values)
    assert {n.occasion for n in nominations} == {"yearly", "final", "sudden"}
    for nomination in nominations:
        nomination.full_clean()  # the award rules, the plan's own form, the one-award-per-achievement check
        form, moves = nomination.award_form, steps[nomination.pk]
        assert form.campaign_id == nomination.campaign_id
        assert nomination.campaign.owner_district_id == nomination.district_id
        if nomination.status == Status.DRAFT:
            assert moves == []
        else:
            assert moves[0].from_status == Status.DRAFT
            assert all(a.to_status == b.from_status for a, b in zip(moves, moves[1:]))
            assert moves[-1].to_status == nomination.status
            assert nomination.status_changed_at == moves[-1].at
        if form.is_ward_form:
            assert nomination.status in (Status.DRAFT, Status.AWARDED)
            assert nomination.proposing_ward_id
        elif nomination.status not in (Status.DRAFT,):
            assert set(NominationDocument.REQUIRED_KINDS) <= documents[nomination.pk]
        if nomination.status == Status.SENT_TO_CITY or Status.SENT_TO_CITY in [m.to_status for m in moves]:
            assert form.is_city_form
        if nomination.status == Status.AWARDED:
            assert nomination.decision_number and nomination.decided_by
            assert nomination.campaign.issued_on <= nomination.decision_date <= timezone.localdate()
            # Decided by the district's own chairman, or its province's.
            if form.is_ward_form:
                assert nomination.decided_by == f"Chủ tịch UBND phường {nomination.proposing_ward.name}"
            elif form.is_city_form:
                assert nomination.decided_by == form.decider
                assert ("Hà Nội" in form.decider) == (nomination.district.province.code == "01")
            else:
                assert nomination.decided_by == f"Chủ tịch UBND quận {nomination.district.name}"
        # Handled by the district of the proposing ward, or of the office that proposed it.
        if nomination.proposing_ward_id:
            assert nomination.district_id == nomination.proposing_ward.district_id
        else:
            [posting] = nomination.created_by.postings.all()
            assert nomination.district_id == posting.district_id


def test_assessments_and_windows(seeded):
    from awards.models import CriterionAssessment
    from campaign.models import Campaign
    from wards.models import ReportingWindow, WindowExtension, YearlyCount

    for plan in Campaign.objects.filter(owner_district__isnull=False):
        assert list(ReportingWindow.objects.filter(campaign=plan).order_by("year").values_list(
            "year", "opens_on", "closes_on")) == [
            (year, date(year, 11, 1), date(year, 12, 15)) for year in range(2022, 2026)
        ]
    approved = set(YearlyCount.objects.filter(status="approved").values_list("campaign_id", "ward_id", "year"))
    assessed = set(
        CriterionAssessment.objects.filter(subject_name="").values_list("campaign_id", "ward_id", "year")
    )
    assert assessed == approved
    groups = CriterionAssessment.objects.exclude(subject_name="")
    assert groups.exists() and not groups.exclude(criterion__actor_type="residential_group").exists()
    assert CriterionAssessment.objects.exclude(campaign__owner_district__code="009").exists()
    for assessment in CriterionAssessment.objects.select_related("campaign", "criterion", "ward").order_by("-pk")[:50]:
        assessment.full_clean()  # its plan's own criterion, a ward the plan covers
    for extension in WindowExtension.objects.select_related("window__campaign", "ward"):
        extension.full_clean()
        assert extension.history.count() == 1


def test_the_shared_dossier_file_is_written_once_the_rows_are_in(empty_database, settings,
                                                                   django_capture_on_commit_callbacks):
    from awards.uploads import check_upload
    from demo.scale import SHARED_DOCUMENT

    with django_capture_on_commit_callbacks(execute=True):
        seed()
    path = settings.MEDIA_ROOT / SHARED_DOCUMENT
    with path.open("rb") as handle:
        assert check_upload(handle, name="ho-so-mau.pdf").kind == "pdf"


def test_writes_in_bulk_whatever_the_size(empty_database):
    """Twice the wards and nominations, the same statements: no row is saved one by one."""
    from demo.scale import level_size, seed_scale

    small = level_size("city", districts=3, wards_per_district=4, nominations=200)
    larger = level_size("city", districts=3, wards_per_district=8, nominations=400)
    seed_scale(size=small, seed=1)
    # Both measured runs replace an earlier one: the same loading of the plan, the same deletes.
    with CaptureQueriesContext(connection) as first:
        seed_scale(size=small, seed=1, replace=True)
    with CaptureQueriesContext(connection) as second:
        seed_scale(size=larger, seed=1, replace=True)
    assert len(second) == len(first)


def test_writes_the_plans_in_bulk_whatever_the_number_of_districts(empty_database):
    """Twice the provinces and districts, each with its own plan, criteria, forms and windows:
    the same statements."""
    from demo.scale import level_size, seed_scale

    small = level_size("nation", provinces=2, districts=2, wards_per_district=2, nominations=100)
    larger = level_size("nation", provinces=4, districts=4, wards_per_district=2, nominations=100)
    seed_scale(size=small, seed=1)
    with CaptureQueriesContext(connection) as first:
        seed_scale(size=small, seed=1, replace=True)
    with CaptureQueriesContext(connection) as second:
        seed_scale(size=larger, seed=1, replace=True)
    assert len(second) == len(first)


# --- determinism ------------------------------------------------------------------------------------

def test_the_same_seed_gives_the_same_data(empty_database):
    from demo.scale import fingerprint

    seed("--seed", "7")
    first = fingerprint()
    seed("--seed", "7", "--replace")
    assert fingerprint() == first
    seed("--seed", "8", "--replace")
    assert fingerprint() != first


def test_replace_wipes_the_generated_plans_and_keeps_the_fixtures(empty_database):
    from awards.models import AwardForm
    from campaign.models import Campaign, Criterion, Milestone
    from units.models import District

    seed()
    call_command("seed_scale", "--level", "city", "--districts", "2", "--wards-per-district", "2",
                 "--nominations", "50", "--replace", stdout=io.StringIO())
    # Hà Nội's plan and one plan for each of its 2 districts, none left of the 6 before.
    assert District.objects.count() == 2
    assert set(Campaign.objects.values_list("owner_district__code", "owner_province__code", "number")) == {
        (None, "01", "251/KH-UBND"), ("001", None, "1/KH-UBND"), ("009", None, "255/KH-UBND"),
    }
    real = Campaign.objects.plan_255()
    assert real.pk == 1 and real.parent_id == 2
    assert (Milestone.objects.filter(campaign=real).count(), Criterion.objects.filter(campaign=real).count(),
            AwardForm.objects.filter(campaign=real).count()) == (3, 21, 4)
    assert (Milestone.objects.count(), Criterion.objects.count(), AwardForm.objects.count()) == (6, 42, 8)


# --- refusals ---------------------------------------------------------------------------------------

def _nothing_written(users_before: int) -> None:
    from awards.models import Nomination
    from campaign.models import Campaign
    from units.models import District
    from wards.models import YearlyCount

    assert get_user_model().objects.count() == users_before
    assert not Nomination.objects.exists()
    assert not YearlyCount.objects.exists()
    assert not District.objects.exclude(code="009").exists()
    assert not Campaign.objects.exclude(number__in=("255/KH-UBND", "251/KH-UBND")).exists()


def test_refuses_a_database_with_accounts(empty_database, make_user, plan):
    make_user("khach")
    with pytest.raises(CommandError, match="đã có dữ liệu thật .*1 tài khoản"):
        seed()
    _nothing_written(users_before=1)


def test_refuses_a_database_with_figures(empty_database, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022)
    with pytest.raises(CommandError, match="1 số liệu hằng năm"):
        seed()
    from wards.models import YearlyCount

    assert YearlyCount.objects.count() == 1
    assert not get_user_model().objects.exists()


def test_refuses_a_database_with_wards_outside_the_plan(empty_database, plan):
    from units.models import District, Ward

    Ward.objects.create(district=District.objects.get(code="009"), code="00999", name="Phường thật")
    with pytest.raises(CommandError, match="1 phường ngoài dữ liệu của kế hoạch"):
        seed()
    assert Ward.objects.count() == 12
    _nothing_written(users_before=0)


def test_refuses_a_database_with_a_plan_made_by_hand(empty_database, plan):
    from campaign.models import Campaign
    from campaign.services import plan_copy

    plan_copy(source=plan, number="300/KH-UBND", issuing_body="UBND quận Thanh Xuân",
              owner_district=plan.owner_district, parent=plan.parent, start_year=2026, end_year=2030)
    with pytest.raises(CommandError, match="1 kế hoạch ngoài dữ liệu của kế hoạch; 21 tiêu chí"):
        seed()
    assert Campaign.objects.count() == 3
    assert not get_user_model().objects.exists()
    from units.models import District

    assert District.objects.count() == 1


def test_refuses_to_seed_twice_without_replace(seeded):
    from awards.models import Nomination

    with pytest.raises(CommandError, match="--replace"):
        seed("--seed", "2")
    assert Nomination.objects.count() == 300


def test_replace_refuses_once_an_account_was_made_by_hand(seeded):
    from awards.models import Nomination

    get_user_model().objects.create_user("nguoi-that", password="Mat-khau-rieng-2025")
    with pytest.raises(CommandError, match="nguoi-that"):
        seed("--replace")
    assert Nomination.objects.count() == 300


def test_small_sizes_need_both_district_options(empty_database):
    with pytest.raises(CommandError, match="--wards-per-district"):
        call_command("seed_scale", "--level", "city", "--districts", "3", stdout=io.StringIO())


# --- the progress selectors on the generated data ----------------------------------------------------

def _direct_sums(wards):
    from wards.models import Baseline, ReductionTarget, YearlyCount

    approved = YearlyCount.objects.filter(ward__in=wards, status="approved")
    return {
        "baseline": Baseline.objects.filter(ward__in=wards).aggregate(n=Sum("near_poor"))["n"],
        "targets": dict(ReductionTarget.objects.filter(ward__in=wards).values_list("year").annotate(n=Sum("reduction"))),
        "approved": dict(approved.values_list("year").annotate(n=Sum("near_poor_end"))),
        "approved_wards": {y: approved.filter(year=y).count() for y in range(2022, 2026)},
    }


@pytest.mark.parametrize("code", ["009", "001", "003"])
def test_district_progress_adds_up_to_the_rows(seeded, code):
    from campaign.models import Campaign
    from reports.progress import district_progress
    from units.models import District, Ward

    district = District.objects.get(code=code)
    wards = Ward.objects.filter(district=district)
    sums = _direct_sums(wards)
    own = Campaign.objects.get(owner_district=district)
    progress = district_progress(campaign=own, today=date(2026, 6, 1), district=district)

    assert progress["ward_count"] == wards.count()
    assert progress["baseline"] == sums["baseline"]
    for total, completeness in zip(progress["totals"], progress["completeness"]):
        year = total["year"]
        assert total["target"] == sums["targets"].get(year, 0)
        assert total["approved_wards"] == sums["approved_wards"][year]
        assert total["actual_remaining"] == sums["approved"].get(year)
        groups = ("approved", "submitted", "returned", "draft", "missing")
        assert sum(completeness["numbers"][key] for key in groups) == wards.count()
    # Under another district's plan, the district has nothing.
    other = Campaign.objects.filter(owner_district__isnull=False).exclude(owner_district=district).first()
    assert district_progress(campaign=other, today=date(2026, 6, 1), district=district)["ward_count"] == 0


@pytest.mark.parametrize("code", ["01", "02"])
def test_city_progress_adds_up_its_districts(seeded, code):
    from campaign.models import Campaign
    from reports.progress import city_progress, district_progress
    from units.models import District, Province, Ward

    today = date(2026, 6, 1)
    province = Province.objects.get(code=code)
    city_plan = Campaign.objects.get(owner_province=province)
    city = city_progress(campaign=city_plan, province=province, today=today)
    sums = _direct_sums(Ward.objects.filter(district__province=province))
    assert city["district_count"] == 3
    assert city["ward_count"] == Ward.objects.filter(district__province=province).count()
    assert city["baseline"] == sums["baseline"]
    for total in city["totals"]:
        assert total["target"] == sums["targets"].get(total["year"], 0)
        assert total["approved_wards"] == sums["approved_wards"][total["year"]]
        assert total["actual_remaining"] == sums["approved"].get(total["year"])
    for row in city["districts"]:
        own = Campaign.objects.get(owner_district=row["district"], parent=city_plan)
        district = district_progress(campaign=own, today=today, district=row["district"])
        assert row["baseline"] == district["baseline"]
        assert [cell["actual_remaining"] for cell in row["years"]] == [
            total["actual_remaining"] for total in district["totals"]
        ]
    assert not District.objects.filter(province=province).exclude(
        pk__in=[r["district"].pk for r in city["districts"]]).exists()
