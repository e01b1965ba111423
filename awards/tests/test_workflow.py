"""Every move of a nomination by every role: allowed moves change the state and write history;
refused ones change nothing, not even a file."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import Nomination, NominationDocument, NominationTransition
from conftest import upload

Status = Nomination.Status
ROLES = ["officer", "other_officer", "social_affairs", "home_affairs", "no_role"]
STATES = ["draft", "submitted", "forwarded", "approved", "awarded"]


def _edit(n, user):
    n.achievements = "Sửa: vận động 5 hộ thoát cận nghèo."
    services.nomination_save(nomination=n, user=user)


ACTIONS = {
    "edit": _edit,
    "add_document": lambda n, u: services.documents_add(
        nomination=n, user=u, uploads=[("meeting_minutes", upload("bien-ban.pdf"))]
    ),
    "delete_document": lambda n, u: services.document_delete(document=n.documents.first(), user=u),
    "submit": lambda n, u: services.nomination_submit(nomination=n, user=u),
    "forward": lambda n, u: services.nomination_forward(nomination=n, user=u),
    "return": lambda n, u: services.nomination_return(nomination=n, user=u, reason="Thiếu biên bản họp xét."),
    "approve": lambda n, u: services.nomination_approve(nomination=n, user=u),
    "reject": lambda n, u: services.nomination_reject(nomination=n, user=u, reason="Chưa đủ tiêu chuẩn."),
    "send_to_city": lambda n, u: services.nomination_send_to_city(nomination=n, user=u),
    "decide": lambda n, u: services.nomination_record_decision(
        nomination=n, user=u, number="99/QĐ-UBND", date=datetime.date(2024, 5, 2)
    ),
}

# (state, action) -> (the one role allowed, the status after).
ALLOWED = {
    ("draft", "edit"): ("officer", Status.DRAFT),
    ("draft", "add_document"): ("officer", Status.DRAFT),
    ("draft", "delete_document"): ("officer", Status.DRAFT),
    ("draft", "submit"): ("officer", Status.SUBMITTED),
    ("submitted", "forward"): ("social_affairs", Status.FORWARDED),
    ("submitted", "return"): ("social_affairs", Status.RETURNED),
    ("forwarded", "approve"): ("home_affairs", Status.APPROVED),
    ("forwarded", "return"): ("home_affairs", Status.RETURNED),
    ("forwarded", "reject"): ("home_affairs", Status.REJECTED),
    ("approved", "decide"): ("home_affairs", Status.AWARDED),
}


def snapshot(nomination):
    row = Nomination.objects.filter(pk=nomination.pk).values().get()
    row.pop("updated_at")
    return (
        row,
        list(NominationTransition.objects.filter(nomination=nomination).values_list("pk", flat=True)),
        list(NominationDocument.objects.filter(nomination=nomination).values_list("pk", "file")),
    )


def stored_files(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", STATES)
def test_every_move_by_every_role(request, state, action, media_root):
    """Each refused role first (nothing changes), then the one allowed role (the move happens)."""
    nomination = request.getfixturevalue(state)
    allowed_role, after = ALLOWED.get((state, action), (None, None))
    before, files_before = snapshot(nomination), stored_files(media_root)
    for role in ROLES:
        if role == allowed_role:
            continue
        with pytest.raises((PermissionDenied, ValidationError)):
            ACTIONS[action](Nomination.objects.get(pk=nomination.pk), request.getfixturevalue(role))
        assert snapshot(nomination) == before, f"{role} changed the nomination"
        assert stored_files(media_root) == files_before, f"{role} left a file behind"
    if allowed_role is None:
        return
    user = request.getfixturevalue(allowed_role)
    ACTIONS[action](Nomination.objects.get(pk=nomination.pk), user)
    nomination.refresh_from_db()
    assert nomination.status == after
    if after != state:
        last = nomination.transitions.last()
        assert (last.from_status, last.to_status, last.by) == (state, after, user)


def test_a_returned_nomination_is_fixed_and_sent_again(forwarded, officer, home_affairs):
    services.nomination_return(nomination=forwarded, user=home_affairs, reason="Bổ sung biên bản họp xét.")
    forwarded.refresh_from_db()
    assert forwarded.appraisal_comment == "Bổ sung biên bản họp xét."
    services.documents_add(nomination=forwarded, user=officer, uploads=[("meeting_minutes", upload("bien-ban.pdf"))])
    _edit(forwarded, officer)
    services.nomination_submit(nomination=forwarded, user=officer)
    assert list(forwarded.transitions.values_list("from_status", "to_status", "by__username", "reason")) == [
        ("draft", "submitted", "phuong-khuong-dinh", ""),
        ("submitted", "forwarded", "ldtbxh", ""),
        ("forwarded", "returned", "noivu", "Bổ sung biên bản họp xét."),
        ("returned", "submitted", "phuong-khuong-dinh", ""),
    ]


def test_city_forms_go_to_the_city_before_the_decision(make_nomination, officer, social_affairs, home_affairs, award_forms):
    n = make_nomination(officer, award_form=award_forms["bang-khen-thanh-pho"])
    services.nomination_submit(nomination=n, user=officer)
    services.nomination_forward(nomination=n, user=social_affairs)
    services.nomination_approve(nomination=n, user=home_affairs)
    with pytest.raises(ValidationError, match="chỉ ghi quyết định khi đã trình UBND Thành phố"):
        ACTIONS["decide"](n, home_affairs)
    with pytest.raises(PermissionDenied):
        services.nomination_send_to_city(nomination=n, user=social_affairs)
    services.nomination_send_to_city(nomination=n, user=home_affairs)
    ACTIONS["decide"](n, home_affairs)
    n.refresh_from_db()
    assert (n.status, n.decision_number, n.decided_by) == (Status.AWARDED, "99/QĐ-UBND", "Chủ tịch UBND thành phố Hà Nội")


def test_district_forms_are_not_sent_to_the_city(approved, home_affairs):
    with pytest.raises(ValidationError, match="do quận quyết định, không trình Thành phố"):
        services.nomination_send_to_city(nomination=approved, user=home_affairs)


def test_the_ward_records_its_own_award(make_nomination, officer, other_officer, home_affairs, award_forms):
    n = make_nomination(officer, award_form=award_forms["giay-khen-phuong"], occasion="sudden", year=2024)
    for outsider in (home_affairs, other_officer):
        with pytest.raises(PermissionDenied):
            ACTIONS["decide"](n, outsider)
    ACTIONS["decide"](n, officer)
    n.refresh_from_db()
    assert (n.status, n.decided_by) == (Status.AWARDED, "Chủ tịch UBND phường Khương Đình")


def test_a_decision_needs_a_number_and_a_plausible_date(approved, home_affairs):
    with pytest.raises(ValidationError) as error:
        services.nomination_record_decision(nomination=approved, user=home_affairs, number=" ", date=None)
    assert set(error.value.message_dict) == {"number", "date"}
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="không được sau ngày hôm nay"):
        services.nomination_record_decision(nomination=approved, user=home_affairs, number="1/QĐ", date=tomorrow)
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_returning_needs_a_reason(submitted, social_affairs):
    with pytest.raises(ValidationError, match="Phải ghi lý do trả lại"):
        services.nomination_return(nomination=submitted, user=social_affairs, reason="  ")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_rejecting_needs_a_reason(forwarded, home_affairs):
    with pytest.raises(ValidationError, match="Phải ghi lý do không đề nghị"):
        services.nomination_reject(nomination=forwarded, user=home_affairs, reason="")
    forwarded.refresh_from_db()
    assert forwarded.status == Status.FORWARDED


def test_submitting_needs_the_letter_and_the_report(make_nomination, officer):
    n = make_nomination(officer, documents=False)
    with pytest.raises(ValidationError, match="Hồ sơ còn thiếu: tờ trình, báo cáo thành tích"):
        services.nomination_submit(nomination=n, user=officer)
    n.refresh_from_db()
    assert n.status == Status.DRAFT


def test_the_district_proposes_and_forwards_its_own(make_nomination, social_affairs, home_affairs, officer):
    n = make_nomination(
        social_affairs, proposing_ward=None, ward=None, nominee_kind="individual",
        nominee_name="Bà Phạm Thu Hà", unit="Phòng LĐ-TB&XH quận", position="Chuyên viên", actor_type="official",
    )
    with pytest.raises(PermissionDenied):
        services.nomination_submit(nomination=n, user=officer)
    services.nomination_submit(nomination=n, user=social_affairs)
    services.nomination_forward(nomination=n, user=social_affairs)
    services.nomination_return(nomination=n, user=home_affairs, reason="Ghi rõ số liệu.")
    n.refresh_from_db()
    assert n.status == Status.RETURNED and n.proposing_unit == "Phòng LĐ-TB&XH quận"


def test_each_step_emails_the_next_actor(draft, officer, social_affairs, home_affairs, django_capture_on_commit_callbacks):
    for user, address in ((officer, "kd@example.vn"), (social_affairs, "ldtbxh@example.vn"), (home_affairs, "noivu@example.vn")):
        user.email = address
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_submit(nomination=draft, user=officer)
    assert mail.outbox[-1].to == ["ldtbxh@example.vn"]
    assert "UBND Phường Khương Đình gửi đề nghị khen thưởng" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_forward(nomination=draft, user=social_affairs)
    assert mail.outbox[-1].to == ["noivu@example.vn"]
    assert f"/khen-thuong/{draft.pk}/" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_return(nomination=draft, user=home_affairs, reason="Bổ sung biên bản.")
    assert mail.outbox[-1].to == ["kd@example.vn"]
    assert "Lý do: Bổ sung biên bản." in mail.outbox[-1].body


def test_no_email_leaves_when_the_move_is_refused(draft, home_affairs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.nomination_submit(nomination=draft, user=home_affairs)
    assert mail.outbox == []
