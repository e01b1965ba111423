"""Two districts in one campaign: each district's offices see, list, export, rank, assess and act
on their own district only, on every award page and action, and the other way round.

Thanh Xuân (Khương Đình's residential group no. 5, forwarded to Nội vụ) and Cầu Giấy (Nghĩa Đô's
residential group no. 7, forwarded too), each with its officer, LĐ-TB&XH and Nội vụ.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.models import AssessmentResult, CriterionAssessment, Nomination
from campaign.models import Criterion
from conftest import upload

Status = Nomination.Status
THANH_XUAN = "Tổ dân phố số 5"
CAU_GIAY = "Tổ dân phố số 7 Nghĩa Đô"


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


@pytest.fixture
def two_districts(forwarded, cau_giay_forwarded, social_affairs, home_affairs, cau_giay_social_affairs,
                  cau_giay_home_affairs):
    """Per district: its forwarded nomination, its LĐ-TB&XH and Nội vụ, and the other's name."""
    return {
        "thanh-xuan": {"nomination": forwarded, "social": social_affairs, "home": home_affairs,
                       "own": THANH_XUAN, "other": CAU_GIAY},
        "cau-giay": {"nomination": cau_giay_forwarded, "social": cau_giay_social_affairs,
                     "home": cau_giay_home_affairs, "own": CAU_GIAY, "other": THANH_XUAN},
    }


def other(two_districts, side):
    return two_districts["cau-giay" if side == "thanh-xuan" else "thanh-xuan"]


SIDES = ["thanh-xuan", "cau-giay"]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ["social", "home"])
def test_queue_shows_only_the_own_district(client, two_districts, side, role):
    mine = two_districts[side]
    client.force_login(mine[role])
    response = client.get(url("queue"))
    page = response.content.decode()
    assert mine["own"] in page and mine["other"] not in page
    assert response.context["queue"]["waiting_total"] == 1


@pytest.mark.parametrize("side", SIDES)
def test_list_shows_only_the_own_district(client, two_districts, side):
    mine = two_districts[side]
    client.force_login(mine["home"])
    response = client.get(url("nomination-list"))
    page = response.content.decode()
    assert mine["own"] in page and mine["other"] not in page
    assert response.context["total"] == 1


@pytest.mark.parametrize("side", SIDES)
def test_council_list_holds_only_the_own_district(client, two_districts, side):
    mine = two_districts[side]
    client.force_login(mine["home"])
    sheet = load_workbook(io.BytesIO(client.get(url("council-list", "yearly", 2023)).content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert names == [mine["own"]]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("name", ["nomination-detail", "nomination-edit"])
def test_the_other_districts_nomination_is_not_found(client, two_districts, side, name):
    client.force_login(two_districts[side]["home"])
    assert client.get(url(name, other(two_districts, side)["nomination"].pk)).status_code == 404


@pytest.mark.parametrize("side", SIDES)
def test_the_other_districts_documents_are_not_found(client, two_districts, side):
    document = other(two_districts, side)["nomination"].documents.first()
    for role in ("social", "home"):
        client.force_login(two_districts[side][role])
        assert client.get(url("document-download", document.pk)).status_code == 404
        assert client.post(url("document-delete", document.pk)).status_code == 404
    assert Nomination.objects.get(pk=document.nomination_id).documents.count() == 2


def _state(nomination):
    row = Nomination.objects.filter(pk=nomination.pk).values().get()
    return row, nomination.transitions.count(), nomination.documents.count()


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("action", [
    "nomination-approve", "nomination-reject", "nomination-return", "nomination-forward",
    "nomination-send-to-city", "nomination-decide", "document-upload", "nomination-submit",
])
def test_nobody_acts_on_the_other_districts_nomination(client, two_districts, side, action):
    theirs = other(two_districts, side)["nomination"]
    before = _state(theirs)
    for role in ("social", "home"):
        client.force_login(two_districts[side][role])
        response = client.post(url(action, theirs.pk), {
            "reason": "Không đủ.", "comment": "x", "number": "1/QĐ-UBND", "date": "2024-03-01",
            "kind": "other", "file": upload("a.pdf"),
        })
        assert response.status_code == 404
    assert _state(theirs) == before


@pytest.mark.parametrize("side", SIDES)
def test_the_services_refuse_the_other_districts_staff(two_districts, side):
    theirs = other(two_districts, side)["nomination"]
    home, social = two_districts[side]["home"], two_districts[side]["social"]
    with pytest.raises(PermissionDenied):
        services.nomination_approve(nomination=theirs, user=home)
    with pytest.raises(PermissionDenied):
        services.nomination_reject(nomination=theirs, user=home, reason="Không đủ.")
    with pytest.raises(PermissionDenied):
        services.nomination_return(nomination=theirs, user=home, reason="Bổ sung.")
    assert Nomination.objects.get(pk=theirs.pk).status == Status.FORWARDED
    submitted = Nomination.objects.filter(pk=theirs.pk)
    submitted.update(status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.nomination_forward(nomination=submitted.get(), user=social)
    assert submitted.get().status == Status.SUBMITTED


@pytest.mark.parametrize("side", SIDES)
def test_ranking_and_assessments_read_the_own_wards(client, two_districts, side, plan, cau_giay_plan, khuong_dinh,
                                                    nghia_do):
    wards = {"thanh-xuan": (khuong_dinh, plan), "cau-giay": (nghia_do, cau_giay_plan)}
    for ward, ward_plan in wards.values():
        CriterionAssessment.objects.create(
            campaign=ward_plan, year=2023, ward=ward, result=AssessmentResult.MET,
            criterion=Criterion.objects.get(campaign=ward_plan, actor_type="ward", order=3),
        )
    wards = {key: ward for key, (ward, _) in wards.items()}
    mine, theirs = wards[side], wards["cau-giay" if side == "thanh-xuan" else "thanh-xuan"]
    client.force_login(two_districts[side]["home"])
    ranking = client.get(url("ranking-year", 2023)).context
    assert mine in [row["ward"] for row in ranking["rows"]]
    assert theirs not in [row["ward"] for row in ranking["rows"]]
    assert {row["ward"].district_id for row in ranking["rows"]} == {mine.district_id}
    grid = client.get(url("assessments", 2023)).context
    assert {row["ward"].district_id for row in grid["rows"]} == {mine.district_id}
    assessed = [cell["assessment"] for row in grid["rows"] for cell in row["cells"] if cell["assessment"]]
    assert [a.ward for a in assessed] == [mine]


def test_other_actors_assessed_are_read_by_their_district_only(client, cau_giay_plan, social_affairs,
                                                               cau_giay_social_affairs, nghia_do):
    criterion = Criterion.objects.filter(campaign=cau_giay_plan, actor_type="residential_group").first()
    services.assessment_save(
        assessment=CriterionAssessment(campaign=cau_giay_plan, year=2023, criterion=criterion, ward=nghia_do,
                                       subject_name="Tổ dân phố số 7", result=AssessmentResult.MET),
        user=cau_giay_social_affairs,
    )
    client.force_login(social_affairs)
    assert client.get(url("assessments", 2023)).context["others"] == []
    client.force_login(cau_giay_social_affairs)
    assert [a.subject_name for a in client.get(url("assessments", 2023)).context["others"]] == ["Tổ dân phố số 7"]


def test_assessing_the_other_districts_ward_is_refused(plan, social_affairs, nghia_do, client):
    criterion = Criterion.objects.get(campaign=plan, actor_type="ward", order=3)
    with pytest.raises(PermissionDenied):
        services.ward_assessments_save(campaign=plan, year=2023, user=social_affairs, rows=[
            {"ward": nghia_do, "criterion": criterion, "result": "met"},
        ])
    with pytest.raises(PermissionDenied):
        services.assessment_save(
            assessment=CriterionAssessment(campaign=plan, year=2023, criterion=criterion, ward=nghia_do,
                                           result=AssessmentResult.MET),
            user=social_affairs,
        )
    # On the page, a cell of another district's ward is not part of the grid: nothing is written.
    client.force_login(social_affairs)
    client.post(url("assessments", 2023), {f"a-{nghia_do.pk}-{criterion.pk}-result": "met"})
    assert not CriterionAssessment.objects.exists()


def test_a_district_proposal_belongs_to_the_district_of_its_maker(
    client, cau_giay_forms, cau_giay, social_affairs, home_affairs, cau_giay_social_affairs, cau_giay_home_affairs,
    django_capture_on_commit_callbacks,
):
    """LĐ-TB&XH of Cầu Giấy proposes one of its own officials: Cầu Giấy's Nội vụ appraises it, and
    Thanh Xuân neither sees it nor hears of it."""
    social_affairs.email, home_affairs.email = "ldtbxh@thanhxuan.example", "noivu@thanhxuan.example"
    cau_giay_home_affairs.email = "noivu@caugiay.example"
    for user in (social_affairs, home_affairs, cau_giay_home_affairs):
        user.save()
    client.force_login(cau_giay_social_affairs)
    response = client.post(url("nomination-create"), {
        "occasion": "yearly", "year": "2023", "award_form": cau_giay_forms["giay-khen-quan"].pk,
        "nominee_kind": "individual", "nominee_name": "Bà Trần Thị Lan", "unit": "Phòng LĐ-TB&XH quận Cầu Giấy",
        "position": "Chuyên viên", "actor_type": "official", "achievements": "Rà soát 40 hộ cận nghèo.",
        "submission_letter": upload("to-trinh.pdf"), "achievement_report": upload("bao-cao.pdf"),
    })
    nomination = Nomination.objects.get(nominee_name="Bà Trần Thị Lan")
    assert response.status_code == 302 and nomination.district == cau_giay and nomination.proposing_ward is None
    services.nomination_submit(nomination=nomination, user=cau_giay_social_affairs)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("nomination-forward", nomination.pk), {"confirmed": "1"})
    assert [m.to for m in mail.outbox] == [["noivu@caugiay.example"]]
    client.force_login(cau_giay_home_affairs)
    assert "Bà Trần Thị Lan" in client.get(url("queue")).content.decode()
    client.force_login(home_affairs)
    assert "Bà Trần Thị Lan" not in client.get(url("queue")).content.decode()
    assert client.get(url("nomination-detail", nomination.pk)).status_code == 404
    client.force_login(social_affairs)
    assert client.post(url("nomination-return", nomination.pk), {"reason": "x"}).status_code == 404


def test_the_create_form_offers_the_own_districts_wards_only(client, social_affairs, cau_giay_social_affairs,
                                                             award_forms, khuong_dinh, nghia_do):
    client.force_login(cau_giay_social_affairs)
    choices = client.get(url("nomination-create")).context["form"].fields["ward"].queryset
    assert list(choices.values_list("name", flat=True)) == ["Dịch Vọng", "Nghĩa Đô"]
    response = client.post(url("nomination-create"), {
        "occasion": "yearly", "year": "2023", "award_form": award_forms["giay-khen-quan"].pk,
        "nominee_kind": "collective", "nominee_name": "Tổ dân phố số 1", "ward": khuong_dinh.pk,
        "actor_type": "residential_group", "achievements": "Vận động hộ cận nghèo.",
    })
    assert response.status_code == 200 and "ward" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_the_model_keeps_the_nominee_in_the_district(cau_giay_plan, cau_giay_forms, cau_giay_social_affairs,
                                                     khuong_dinh):
    nomination = Nomination(
        campaign=cau_giay_plan, occasion="yearly", year=2023, award_form=cau_giay_forms["giay-khen-quan"],
        nominee_kind="collective", nominee_name="UBND phường Khương Đình", ward=khuong_dinh, actor_type="ward",
        achievements="Giảm 2 hộ cận nghèo.", created_by=cau_giay_social_affairs,
    )
    with pytest.raises(ValidationError, match="Phường của đối tượng không thuộc Quận Cầu Giấy"):
        nomination.full_clean()


def test_two_districts_propose_their_own_units_of_the_same_name(plan, award_forms, social_affairs, cau_giay_plan,
                                                                 cau_giay_forms, cau_giay_social_affairs):
    """"Phòng LĐ-TB&XH quận" is a unit of each district: one district's proposal neither blocks the
    other's nor is named in its error."""
    for user, own, forms in ((social_affairs, plan, award_forms), (cau_giay_social_affairs, cau_giay_plan, cau_giay_forms)):
        services.nomination_create(nomination=Nomination(
            campaign=own, occasion="yearly", year=2023, award_form=forms["giay-khen-quan"],
            nominee_kind="collective", nominee_name="Phòng LĐ-TB&XH quận", actor_type="district",
            achievements="Tham mưu kế hoạch giảm nghèo.",
        ), user=user)
    assert sorted(Nomination.objects.values_list("district__name", flat=True)) == ["Cầu Giấy", "Thanh Xuân"]
    with pytest.raises(ValidationError, match="một thành tích không khen thưởng hai lần"):
        services.nomination_create(nomination=Nomination(
            campaign=plan, occasion="yearly", year=2023, award_form=award_forms["giay-khen-quan"],
            nominee_kind="collective", nominee_name="Phòng LĐ-TB&XH  quận", actor_type="district",
            achievements="Lần hai.",
        ), user=social_affairs)


@pytest.mark.parametrize("side", SIDES)
def test_admin_lists_and_exports_the_own_district(client, two_districts, side):
    mine = two_districts[side]
    client.force_login(mine["home"])
    page = client.get(reverse("admin:awards_nomination_changelist")).content.decode()
    assert mine["own"] in page and mine["other"] not in page
    transitions = client.get(reverse("admin:awards_nominationtransition_changelist")).content.decode()
    assert mine["own"] in transitions and mine["other"] not in transitions
    theirs = other(two_districts, side)["nomination"]
    # The admin answers a row outside the user's queryset with its "does not exist" redirect.
    response = client.get(reverse("admin:awards_nomination_change", args=[theirs.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_a_decision_is_recorded_only_in_the_own_district(client, two_districts):
    for side in SIDES:
        mine = two_districts[side]
        client.force_login(mine["home"])
        client.post(url("nomination-approve", mine["nomination"].pk), {"confirmed": "1"})
        client.post(url("nomination-decide", other(two_districts, side)["nomination"].pk),
                    {"confirmed": "1", "number": "9/QĐ-UBND", "date": "2024-03-01"})
    assert set(Nomination.objects.values_list("status", "decision_number")) == {(Status.APPROVED, "")}
    client.force_login(two_districts["cau-giay"]["home"])
    client.post(url("nomination-decide", two_districts["cau-giay"]["nomination"].pk),
                {"confirmed": "1", "number": "9/QĐ-UBND", "date": "2024-03-01"})
    decided = Nomination.objects.get(decision_number="9/QĐ-UBND")
    assert decided.nominee_name == CAU_GIAY and decided.decision_date == datetime.date(2024, 3, 1)
