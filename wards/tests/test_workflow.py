"""Every move of the yearly figures by every role: allowed moves change the state and write
history; refused ones change nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wards import services
from wards.models import CountTransition, ReportingWindow, YearlyCount
from wards.deadlines import deadline_for

Status = YearlyCount.Status


@pytest.fixture
def draft(make_count, khuong_dinh):
    return make_count(khuong_dinh, 2022, near_poor_escaped=2)


@pytest.fixture
def submitted(draft, officer):
    return services.count_submit(count=draft, user=officer)


def moves(count):
    return list(CountTransition.objects.filter(count=count).values_list("from_status", "to_status", "by__username", "reason"))


def status_of(count):
    count.refresh_from_db()
    return count.status


def test_full_cycle_records_every_move_and_history(draft, officer, social_affairs):
    social_affairs.email, officer.email = "ldtbxh@example.vn", "kd@example.vn"
    social_affairs.save(), officer.save()
    services.count_submit(count=draft, user=officer)
    services.count_return(count=draft, user=social_affairs, reason="Thiếu số hộ phát sinh mới")
    draft.refresh_from_db()
    draft.near_poor_new, draft.near_poor_end = 1, 5
    services.count_save(count=draft, user=officer)
    services.count_submit(count=draft, user=officer)
    services.count_approve(count=draft, user=social_affairs)
    assert status_of(draft) == Status.APPROVED
    assert moves(draft) == [
        ("draft", "submitted", "phuong-khuong-dinh", ""),
        ("submitted", "returned", "ldtbxh", "Thiếu số hộ phát sinh mới"),
        ("returned", "submitted", "phuong-khuong-dinh", ""),
        ("submitted", "approved", "ldtbxh", ""),
    ]
    history = list(draft.history.order_by("history_date").values_list("near_poor_end", "status", "history_user__username"))
    assert history[0] == (4, "draft", None)  # created by the fixture, outside a request
    assert (5, "returned", "phuong-khuong-dinh") in history
    assert history[-1] == (5, "approved", "ldtbxh")


def test_email_goes_to_the_next_actor(draft, officer, social_affairs, django_capture_on_commit_callbacks):
    social_affairs.email, officer.email = "ldtbxh@example.vn", "kd@example.vn"
    social_affairs.save(), officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.count_submit(count=draft, user=officer)
    assert [m.to for m in mail.outbox] == [["ldtbxh@example.vn"]]
    assert "Phường Khương Đình gửi số liệu năm 2022" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.count_return(count=draft, user=social_affairs, reason="Sai số đầu năm")
    assert mail.outbox[1].to == ["kd@example.vn"]
    assert "Lý do: Sai số đầu năm" in mail.outbox[1].body
    assert "/phuong/00364/2022/" in mail.outbox[1].body


@pytest.mark.parametrize("role", ["home_affairs", "no_role", "other_officer"])
def test_only_the_wards_officer_submits(request, draft, role):
    with pytest.raises(PermissionDenied):
        services.count_submit(count=draft, user=request.getfixturevalue(role))
    assert status_of(draft) == Status.DRAFT and moves(draft) == []


@pytest.mark.parametrize("role", ["officer", "other_officer", "home_affairs", "no_role"])
def test_only_social_affairs_approves_or_returns(request, submitted, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.count_approve(count=submitted, user=user)
    with pytest.raises(PermissionDenied):
        services.count_return(count=submitted, user=user, reason="x")
    assert status_of(submitted) == Status.SUBMITTED and len(moves(submitted)) == 1


def test_return_needs_a_reason(submitted, social_affairs):
    with pytest.raises(ValidationError) as caught:
        services.count_return(count=submitted, user=social_affairs, reason="  ")
    assert caught.value.message_dict["reason"] == ["Phải ghi lý do trả lại để phường biết cần sửa gì."]
    assert status_of(submitted) == Status.SUBMITTED


def test_a_draft_cannot_be_approved(draft, social_affairs):
    with pytest.raises(ValidationError, match="Chỉ duyệt được số liệu đã gửi"):
        services.count_approve(count=draft, user=social_affairs)
    assert status_of(draft) == Status.DRAFT


def test_approved_figures_are_locked_for_everyone(submitted, social_affairs, officer, superuser_factory=None):
    services.count_approve(count=submitted, user=social_affairs)
    submitted.refresh_from_db()
    submitted.near_poor_escaped, submitted.near_poor_end = 0, 6
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.count_save(count=submitted, user=officer)
    with pytest.raises(ValidationError, match="không gửi lại được"):
        services.count_submit(count=submitted, user=officer)
    assert YearlyCount.objects.get(pk=submitted.pk).near_poor_end == 4


def test_next_year_waits_for_the_previous_approval(make_count, officer, social_affairs, draft, khuong_dinh):
    later = make_count(khuong_dinh, 2023, near_poor_escaped=1)
    services.count_submit(count=later, user=officer)
    with pytest.raises(ValidationError, match="Phải duyệt số liệu năm 2022 của Phường Khương Đình trước"):
        services.count_approve(count=later, user=social_affairs)


def test_reopen_needs_a_reason_and_flags_later_years(make_count, officer, social_affairs, submitted, khuong_dinh):
    services.count_approve(count=submitted, user=social_affairs)
    later = make_count(khuong_dinh, 2023, near_poor_escaped=1)
    with pytest.raises(PermissionDenied):
        services.count_reopen(count=submitted, user=officer, reason="x")
    with pytest.raises(ValidationError):
        services.count_reopen(count=submitted, user=social_affairs, reason="")
    services.count_reopen(count=submitted, user=social_affairs, reason="Phường báo sai số thoát cận nghèo")
    assert status_of(submitted) == Status.RETURNED
    later.refresh_from_db()
    assert later.start_needs_check
    # The officer corrects 2022; 2023 must then be looked at again before it can pass.
    submitted.near_poor_escaped, submitted.near_poor_end = 1, 5
    services.count_save(count=submitted, user=officer)
    with pytest.raises(ValidationError, match="Số hộ cận nghèo đầu năm phải là 5"):
        services.count_submit(count=later, user=officer)


def test_window_closes_entry_for_officers_until_extended(draft, officer, social_affairs, plan, khuong_dinh):
    today = datetime.date.today()
    window = ReportingWindow.objects.create(
        campaign=plan, year=2022, opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="Ngoài thời hạn báo cáo năm 2022"):
        services.count_submit(count=draft, user=officer)
    with pytest.raises(PermissionDenied):
        services.window_extend(window=window, ward=khuong_dinh, closes_on=today, reason="x", user=officer)
    services.window_extend(
        window=window, ward=khuong_dinh, closes_on=today + datetime.timedelta(days=3),
        reason="Phường xin thêm thời gian rà soát", user=social_affairs,
    )
    assert deadline_for(campaign=plan, ward=khuong_dinh, year=2022).label.endswith("(còn 3 ngày, đã gia hạn)")
    services.count_submit(count=draft, user=officer)
    assert status_of(draft) == Status.SUBMITTED


def test_window_labels(plan, khuong_dinh):
    ReportingWindow.objects.create(
        campaign=plan, year=2024, opens_on=datetime.date(2024, 11, 1), closes_on=datetime.date(2024, 12, 15)
    )
    state = lambda day: deadline_for(campaign=plan, ward=khuong_dinh, year=2024, today=day)  # noqa: E731
    assert state(datetime.date(2024, 10, 1)).label == "Chưa mở (mở từ 01/11/2024)"
    assert state(datetime.date(2024, 12, 5)).label == "Hạn nộp 15/12/2024 (còn 10 ngày)"
    assert state(datetime.date(2024, 12, 16)).label == "Đã hết hạn (15/12/2024)"
    # A year without a window is open, and due by the end of the year: the same answer on the
    # ward's pages, the figures' page and the dashboards.
    unset = deadline_for(campaign=plan, ward=khuong_dinh, year=2025, today=datetime.date(2026, 1, 5))
    assert unset.label == "Chưa đặt thời hạn báo cáo (hạn chung: cuối năm, 31/12/2025)"
    assert unset.is_open and unset.is_past and unset.due_on == datetime.date(2025, 12, 31)


# --- the pages that call the services -----------------------------------------------------------

def url(name, year=2022, code="00364"):
    return reverse(f"wards:{name}", args=[code, year])


def test_pages_move_the_figures(client, draft, officer, social_affairs):
    client.force_login(officer)
    response = client.post(url("count-submit"), {"confirmed": "1"}, follow=True)
    assert "Đã gửi số liệu năm 2022 tới Phòng LĐ-TB&amp;XH." in response.content.decode()
    client.force_login(social_affairs)
    page = client.get(url("count")).content.decode()
    assert "Duyệt số liệu" in page and "Trả lại cho phường" in page
    response = client.post(
        url("count-return"), {"confirmed": "1", "reason": "Kiểm tra lại số thoát cận nghèo"}, follow=True
    )
    assert status_of(draft) == Status.RETURNED
    client.force_login(officer)
    page = client.get(url("count")).content.decode()
    assert "Lý do: Kiểm tra lại số thoát cận nghèo" in page
    client.post(url("count-submit"), {"confirmed": "1"})
    client.force_login(social_affairs)
    client.post(url("count-approve"), {"confirmed": "1"})
    assert status_of(draft) == Status.APPROVED


def test_refused_page_moves_change_nothing(client, submitted, officer, other_officer, home_affairs, no_role):
    client.force_login(officer)
    assert client.post(url("count-approve")).status_code == 403
    assert client.post(url("count-return"), {"reason": "x"}).status_code == 403
    client.force_login(other_officer)
    assert client.post(url("count-submit")).status_code == 404
    assert client.get(url("count")).status_code == 404
    client.force_login(home_affairs)
    assert client.post(url("count-return"), {"reason": "x"}).status_code == 403
    assert client.get(url("count")).status_code == 200
    client.force_login(no_role)
    assert client.post(url("count-approve")).status_code == 403
    assert status_of(submitted) == Status.SUBMITTED and len(moves(submitted)) == 1


def test_anonymous_page_moves_go_to_login(client, submitted):
    for name in ("count-submit", "count-approve", "count-return", "count-reopen"):
        response = client.post(url(name))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert client.get(url("count-approve")).status_code == 405  # state changes are POST-only
    assert status_of(submitted) == Status.SUBMITTED


def test_service_errors_come_back_as_messages(client, draft, social_affairs):
    client.force_login(social_affairs)
    response = client.post(url("count-approve"), {"confirmed": "1"}, follow=True)
    assert "Chỉ duyệt được số liệu đã gửi, đang chờ duyệt." in response.content.decode()


def test_admin_history_shows_who_changed_what(client, draft, officer):
    draft.near_poor_escaped, draft.near_poor_end = 3, 3
    client.force_login(officer)
    client.post(reverse("admin:wards_yearlycount_change", args=[draft.pk]), {
        **{f: getattr(draft, f) for f in (
            "year", "poor_end", "poor_new", "poor_fallen_back", "near_poor_start", "near_poor_escaped",
            "near_poor_to_poor", "near_poor_out_other", "near_poor_new", "near_poor_fallen_back",
            "near_poor_from_poor", "near_poor_in_other", "near_poor_end", "note")},
        "campaign": draft.campaign_id, "ward": draft.ward_id, "loaded_version": draft.version,
    })
    page = client.get(reverse("admin:wards_yearlycount_history", args=[draft.pk])).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Số hộ cận nghèo cuối năm" in page and "4" in page and "3" in page
    assert "phuong-khuong-dinh" in page or "Cán bộ" in page


def test_admin_history_of_another_ward_is_hidden(client, draft, other_officer):
    client.force_login(other_officer)
    response = client.get(reverse("admin:wards_yearlycount_history", args=[draft.pk]))
    assert response.status_code == 404


def test_admin_approve_action(client, submitted, social_affairs, officer):
    changelist = reverse("admin:wards_yearlycount_changelist")
    client.force_login(officer)
    client.post(changelist, {"action": "approve_selected", "_selected_action": [submitted.pk], "post": "yes"})
    assert status_of(submitted) == Status.SUBMITTED
    client.force_login(social_affairs)
    client.post(changelist, {"action": "approve_selected", "_selected_action": [submitted.pk], "post": "yes"})
    assert status_of(submitted) == Status.APPROVED
