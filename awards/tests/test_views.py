"""Every award page and action for: anonymous (to login), a user without a role and the wrong
role (403), another ward's officer (404, nothing changed), and the right role (200 and the effect)."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Nomination
from conftest import upload

Status = Nomination.Status


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def state(nomination):
    row = Nomination.objects.filter(pk=nomination.pk).values().get()
    row.pop("updated_at")
    return row, nomination.transitions.count(), nomination.documents.count()


# --- anonymous and no role ----------------------------------------------------------------------

PAGES = [
    ("nomination-list", ()), ("nomination-create", ()), ("queue", ()), ("ranking", ()),
    ("ranking-year", (2023,)), ("assessments", (2023,)), ("council-list", ("yearly", 2023)),
]


@pytest.mark.parametrize("name,args", PAGES)
def test_anonymous_goes_to_login(client, plan, name, args):
    response = client.get(url(name, *args))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("name", ["nomination-detail", "nomination-edit"])
def test_anonymous_goes_to_login_for_a_nomination(client, draft, name):
    response = client.get(url(name, draft.pk))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


ACTIONS = ["nomination-submit", "nomination-forward", "nomination-return", "nomination-approve",
           "nomination-reject", "nomination-send-to-city", "nomination-decide", "document-upload"]


@pytest.mark.parametrize("name", ACTIONS)
def test_anonymous_cannot_act(client, draft, name):
    before = state(draft)
    response = client.post(url(name, draft.pk), {"reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert state(draft) == before


@pytest.mark.parametrize("name,args", PAGES)
def test_no_role_is_refused(client, no_role, name, args):
    client.force_login(no_role)
    assert client.get(url(name, *args)).status_code == 403


@pytest.mark.parametrize("name", ACTIONS)
def test_no_role_cannot_act(client, draft, no_role, name):
    client.force_login(no_role)
    before = state(draft)
    assert client.post(url(name, draft.pk), {"reason": "x"}).status_code == 403
    assert state(draft) == before


@pytest.mark.parametrize("name", ACTIONS)
def test_actions_are_post_only(client, draft, officer, name):
    client.force_login(officer)
    assert client.get(url(name, draft.pk)).status_code == 405


# --- another ward's officer ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["nomination-detail", "nomination-edit"])
def test_other_ward_cannot_see(client, draft, other_officer, name):
    client.force_login(other_officer)
    assert client.get(url(name, draft.pk)).status_code == 404


@pytest.mark.parametrize("name", ACTIONS)
def test_other_ward_cannot_act(client, draft, other_officer, name):
    client.force_login(other_officer)
    before = state(draft)
    response = client.post(url(name, draft.pk), {"reason": "x", "kind": "other", "file": upload("a.pdf")})
    assert response.status_code == 404
    assert state(draft) == before


def test_other_ward_cannot_edit_by_post(client, draft, other_officer):
    client.force_login(other_officer)
    assert client.post(url("nomination-edit", draft.pk), {"nominee_name": "Đổi tên"}).status_code == 404
    draft.refresh_from_db()
    assert draft.nominee_name == "Tổ dân phố số 5"


def test_other_ward_does_not_list_it(client, draft, other_officer):
    client.force_login(other_officer)
    response = client.get(url("nomination-list"))
    assert response.status_code == 200 and "Tổ dân phố số 5" not in response.content.decode()


@pytest.mark.parametrize("name,args", [("queue", ()), ("ranking-year", (2023,)), ("assessments", (2023,)),
                                       ("council-list", ("yearly", 2023))])
def test_officers_cannot_open_district_pages(client, officer, name, args):
    client.force_login(officer)
    assert client.get(url(name, *args)).status_code == 403


# --- wrong role -------------------------------------------------------------------------------

def test_home_affairs_cannot_propose_or_edit_a_draft(client, draft, home_affairs, award_forms):
    client.force_login(home_affairs)
    assert client.get(url("nomination-create")).status_code == 403
    before = state(draft)
    assert client.get(url("nomination-edit", draft.pk)).status_code == 403
    assert client.post(url("nomination-edit", draft.pk), {"nominee_name": "Đổi"}).status_code == 403
    assert client.post(url("nomination-submit", draft.pk)).status_code == 403
    assert state(draft) == before


def test_officer_cannot_forward(client, submitted, officer):
    client.force_login(officer)
    before = state(submitted)
    assert client.post(url("nomination-forward", submitted.pk)).status_code == 403
    assert state(submitted) == before


def test_social_affairs_cannot_appraise(client, forwarded, social_affairs):
    client.force_login(social_affairs)
    before = state(forwarded)
    for name in ("nomination-approve", "nomination-reject", "nomination-decide"):
        assert client.post(url(name, forwarded.pk), {"reason": "x"}).status_code == 403
    assert state(forwarded) == before


def test_home_affairs_cannot_assess_criteria(client, home_affairs, plan):
    client.force_login(home_affairs)
    response = client.get(url("assessments", 2023))
    assert response.status_code == 200 and "Lưu đánh giá" not in response.content.decode()
    assert client.post(url("assessments", 2023), {}).status_code == 403


def test_nobody_changes_an_awarded_nomination(client, awarded, officer, social_affairs, home_affairs):
    before = state(awarded)
    for user in (officer, social_affairs, home_affairs):
        client.force_login(user)
        for name in ACTIONS:
            client.post(url(name, awarded.pk), {"confirmed": "1", "reason": "x", "number": "1/QĐ",
                                                 "date": "2024-05-01", "kind": "other", "file": upload("a.pdf")})
        client.post(url("nomination-edit", awarded.pk), {"nominee_name": "Đổi"})
    assert state(awarded) == before


# --- the right role ---------------------------------------------------------------------------

def test_officer_creates_a_nomination_with_documents(client, officer, award_forms, khuong_dinh):
    client.force_login(officer)
    page = client.get(url("nomination-create")).content.decode()
    assert "Lập đề nghị khen thưởng" in page and "Đơn vị đề nghị: UBND Phường Khương Đình" in page
    response = client.post(url("nomination-create"), {
        "occasion": "yearly", "year": "2023", "award_form": award_forms["giay-khen-quan"].pk,
        "nominee_kind": "collective", "nominee_name": "Tổ dân phố số 5", "unit": "",
        "actor_type": "residential_group", "achievements": "Vận động 3 hộ thoát cận nghèo.",
        "submission_letter": upload("to-trinh.pdf"), "achievement_report": upload("bao-cao.docx"),
    })
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == url("nomination-detail", nomination.pk)
    assert (nomination.ward, nomination.proposing_ward, nomination.created_by) == (khuong_dinh, khuong_dinh, officer)
    assert sorted(nomination.documents.values_list("kind", flat=True)) == ["achievement_report", "submission_letter"]


def test_create_form_shows_the_rule_in_vietnamese(client, social_affairs, award_forms, khuong_dinh):
    client.force_login(social_affairs)
    response = client.post(url("nomination-create"), {
        "occasion": "yearly", "year": "2024", "award_form": award_forms["co-thi-dua-thanh-pho"].pk,
        "nominee_kind": "collective", "nominee_name": "UBND phường Khương Đình", "ward": khuong_dinh.pk,
        "actor_type": "ward", "achievements": "Giảm 6 hộ cận nghèo.",
    })
    assert response.status_code == 200
    assert "Cờ thi đua của UBND Thành phố chỉ xét vào dịp: tổng kết" in response.content.decode()
    assert not Nomination.objects.exists()


def test_officer_edits_and_submits(client, draft, officer):
    client.force_login(officer)
    assert client.get(url("nomination-edit", draft.pk)).status_code == 200
    data = {
        "occasion": "yearly", "year": "2023", "award_form": draft.award_form_id, "nominee_kind": "collective",
        "nominee_name": "Tổ dân phố số 5", "unit": "Phường Khương Đình", "position": "",
        "actor_type": "residential_group", "achievements": "Vận động 4 hộ thoát cận nghèo.",
    }
    assert client.post(url("nomination-edit", draft.pk), data).status_code == 302
    response = client.post(url("nomination-submit", draft.pk), {"confirmed": "1"}, follow=True)
    assert "Đã gửi đề nghị tới Phòng LĐ-TB&amp;XH." in response.content.decode()
    draft.refresh_from_db()
    assert (draft.achievements, draft.status) == ("Vận động 4 hộ thoát cận nghèo.", Status.SUBMITTED)


def test_editing_a_submitted_nomination_is_refused_with_a_message(client, submitted, officer):
    client.force_login(officer)
    response = client.get(url("nomination-edit", submitted.pk), follow=True)
    assert "không sửa được" in response.content.decode()


def test_social_affairs_forwards_and_home_affairs_decides(client, submitted, social_affairs, home_affairs):
    client.force_login(social_affairs)
    page = client.get(url("nomination-detail", submitted.pk)).content.decode()
    assert "Chuyển Phòng Nội vụ thẩm định" in page
    client.post(url("nomination-forward", submitted.pk), {"confirmed": "1", "reason": "Đủ hồ sơ."})
    client.force_login(home_affairs)
    page = client.get(url("nomination-detail", submitted.pk)).content.decode()
    assert "Đồng ý đề nghị khen thưởng" in page and "Không đề nghị khen thưởng" in page
    client.post(url("nomination-approve", submitted.pk), {"confirmed": "1", "reason": "Thành tích tiêu biểu."})
    response = client.post(url("nomination-decide", submitted.pk),
                           {"confirmed": "1", "number": "1234/QĐ-UBND", "date": "2024-03-01"},
                           follow=True)
    assert "Đã ghi quyết định khen thưởng." in response.content.decode()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.decision_date) == (Status.AWARDED, datetime.date(2024, 3, 1))
    assert "Quyết định số 1234/QĐ-UBND ngày 01/03/2024 của Chủ tịch UBND quận Thanh Xuân" in response.content.decode()


def test_reasons_are_required_on_the_page(client, forwarded, home_affairs):
    client.force_login(home_affairs)
    response = client.post(url("nomination-reject", forwarded.pk), {"confirmed": "1", "reason": ""}, follow=True)
    assert "Phải ghi lý do không đề nghị khen thưởng" in response.content.decode()
    forwarded.refresh_from_db()
    assert forwarded.status == Status.FORWARDED


def test_bad_decision_date_gets_a_message(client, approved, home_affairs):
    client.force_login(home_affairs)
    response = client.post(
        url("nomination-decide", approved.pk), {"confirmed": "1", "number": "1/QĐ", "date": "31/02/2024"}, follow=True
    )
    assert "Ngày quyết định không hợp lệ" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_officer_deletes_a_document_of_a_draft(client, draft, officer, media_root, django_capture_on_commit_callbacks):
    document = draft.documents.get(kind="achievement_report")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("document-delete", document.pk))
    assert draft.documents.count() == 1
    assert not (media_root / document.file.name).exists()


def test_other_ward_cannot_delete_a_document(client, draft, other_officer):
    client.force_login(other_officer)
    assert client.post(url("document-delete", draft.documents.first().pk)).status_code == 404
    assert draft.documents.count() == 2


def test_list_shows_counts_and_filters(client, draft, submitted, officer):
    client.force_login(officer)
    page = client.get(url("nomination-list") + "?trang-thai=submitted").content.decode()
    assert "Tổ dân phố số 5" in page and "Đã gửi cơ quan thường trực (1)" in page
    assert "Tổ dân phố số 5" not in client.get(url("nomination-list") + "?trang-thai=draft").content.decode()


def test_social_affairs_saves_the_assessment_grid(client, social_affairs, khuong_dinh, plan):
    from awards.models import CriterionAssessment
    from campaign.models import Criterion

    criterion = Criterion.objects.get(actor_type="ward", order=3)
    client.force_login(social_affairs)
    page = client.get(url("assessments", 2023)).content.decode()
    assert "Đánh giá tiêu chí thi đua của UBND các phường năm 2023" in page
    prefix = f"a-{khuong_dinh.pk}-{criterion.pk}"
    response = client.post(url("assessments", 2023), {
        f"{prefix}-result": "met", f"{prefix}-note": "Giảm 2 hộ, đạt chỉ tiêu.",
        f"{prefix}-evidence": "Báo cáo 15/BC-UBND ngày 10/12/2023",
    }, follow=True)
    assert "Đã lưu đánh giá tiêu chí năm 2023 (1 ô thay đổi)." in response.content.decode()
    assessment = CriterionAssessment.objects.get()
    assert (assessment.ward, assessment.result, assessment.assessed_by) == (khuong_dinh, "met", social_affairs)


@pytest.mark.parametrize("role", ["social_affairs", "home_affairs"])
def test_district_pages_open_for_both_offices(request, client, forwarded, role):
    client.force_login(request.getfixturevalue(role))
    queue = client.get(url("queue"))
    assert queue.status_code == 200 and "Tổ dân phố số 5" in queue.content.decode()
    assert client.get(url("ranking")).status_code == 302
    assert client.get(url("ranking-year", 2023)).status_code == 200
    assert client.get(url("council-list", "yearly", 2023)).status_code == 200
    assert client.get(url("ranking-year", 2030)).status_code == 404
    assert client.get(url("council-list", "monthly", 2023)).status_code == 404
