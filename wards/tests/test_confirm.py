"""The confirmation step of the moves that can hurt, on the figures, a nomination and a review
report: a POST without confirmed=1 changes nothing and says what will happen; the confirmed POST
moves; refused users are refused before the step, and see no confirmation.

Named users: the officer of Khương Đình submits, LĐ-TB&XH (social_affairs) approves and issues,
Nội vụ (home_affairs) appraises; the officer of Nhân Chính (other_officer) is of another ward.
"""

from html import escape

import pytest
from django.urls import reverse

from reports.models import ReviewReport
from reports.tests.review_data import approve_years, review
from wards import services
from wards.models import CountTransition, YearlyCount

Status = YearlyCount.Status


@pytest.fixture
def submitted(make_count, khuong_dinh, officer):
    return services.count_submit(count=make_count(khuong_dinh, 2022, near_poor_escaped=2), user=officer)


def count_url(name):
    return reverse(f"wards:count-{name}", args=["00364", 2022])


def state(count):
    count.refresh_from_db()
    return count.status, count.version, CountTransition.objects.filter(count=count).count()


def test_an_unconfirmed_approval_changes_nothing_and_says_what_will_happen(
    client, submitted, social_affairs, django_assert_num_queries
):
    client.force_login(social_affairs)
    client.get(reverse("wards:count", args=["00364", 2022]))  # the session's plan, as a reviewer has it
    before = state(submitted)
    # ... and the header's "Chờ duyệt (N)" on the confirmation page.
    with django_assert_num_queries(10):
        response = client.post(count_url("approve"), {"next": "/cho-duyet/"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xác nhận: Duyệt số liệu" in page
    assert "Số liệu hộ nghèo, cận nghèo năm 2022 của Phường Khương Đình" in page
    assert "sẽ được duyệt và khóa: phường không sửa được nữa" in page
    assert ">Xác nhận duyệt số liệu</button>" in page
    assert 'href="/phuong/00364/2022/">Quay lại</a>' in page
    # Every field posted comes back with the confirmation, the csrf token apart.
    assert '<input type="hidden" name="next" value="/cho-duyet/">' in page
    assert '<input type="hidden" name="confirmed" value="1">' in page
    assert page.count('name="csrfmiddlewaretoken"') == 2  # the form's own, and the logout form's
    assert state(submitted) == before


def test_the_confirmed_approval_moves(client, submitted, social_affairs):
    client.force_login(social_affairs)
    response = client.post(count_url("approve"), {"confirmed": "1"}, follow=True)
    assert "Đã duyệt số liệu năm 2022 của Phường Khương Đình." in response.content.decode()
    assert state(submitted)[0] == Status.APPROVED


def test_the_confirmation_of_a_return_shows_the_reason_typed(client, submitted, social_affairs):
    client.force_login(social_affairs)
    before = state(submitted)
    reason = "Thiếu hộ phát sinh mới <trong năm>"
    page = client.post(count_url("return"), {"reason": reason}).content.decode()
    assert "Lý do trả lại" in page and escape(reason) in page
    assert f'<input type="hidden" name="reason" value="{escape(reason)}">' in page
    assert "sẽ được trả lại cho Phường Khương Đình sửa rồi gửi lại" in page
    assert state(submitted) == before
    client.post(count_url("return"), {"reason": reason, "confirmed": "1"})
    assert state(submitted)[0] == Status.RETURNED
    assert CountTransition.objects.filter(count=submitted).last().reason == reason


def test_a_return_without_a_reason_is_refused_at_once(client, submitted, social_affairs):
    client.force_login(social_affairs)
    before = state(submitted)
    response = client.post(count_url("return"), {"reason": "  "}, follow=True)
    page = response.content.decode()
    assert "Xác nhận:" not in page and "Phải ghi lý do trả lại để phường biết cần sửa gì." in page
    assert state(submitted) == before


def test_refused_users_see_no_confirmation(client, submitted, officer, other_officer, home_affairs, no_role):
    before = state(submitted)
    for user, status in ((officer, 403), (home_affairs, 403), (no_role, 403), (other_officer, 404)):
        client.force_login(user)
        for name in ("approve", "return", "reopen"):
            response = client.post(count_url(name), {"reason": "Kiểm tra."})
            assert response.status_code == status, (user, name)
            assert b"confirmed" not in response.content
    client.logout()
    assert client.post(count_url("approve")).status_code == 302
    assert state(submitted) == before


def test_a_move_the_row_no_longer_allows_is_refused_without_a_confirmation(client, submitted, social_affairs):
    """A page left open: the figures were approved meanwhile."""
    services.count_approve(count=submitted, user=social_affairs)
    client.force_login(social_affairs)
    response = client.post(count_url("approve"), follow=True)
    assert "Chỉ duyệt được số liệu đã gửi, đang chờ duyệt." in response.content.decode()
    assert b'name="confirmed"' not in response.content


def test_issuing_a_report_is_confirmed_first(client, plan, social_affairs, home_affairs):
    approve_years(plan, [2022, 2023])
    report = review(plan)
    issue = reverse("reports:review-issue", args=[report.pk])
    client.force_login(home_affairs)
    assert client.post(issue).status_code == 403
    client.force_login(social_affairs)
    page = client.post(issue).content.decode()
    assert "Xác nhận: Ban hành báo cáo" in page
    assert "Báo cáo số 86/BC-UBND sẽ được ban hành" in page and "báo cáo không sửa được nữa" in page
    assert ">Xác nhận ban hành báo cáo</button>" in page
    assert ReviewReport.objects.get(pk=report.pk).status == ReviewReport.Status.DRAFT


def test_a_report_that_lacks_something_is_refused_without_a_confirmation(client, plan, social_affairs):
    report = review(plan, signer_name="")
    client.force_login(social_affairs)
    page = client.post(reverse("reports:review-issue", args=[report.pk]), follow=True).content.decode()
    assert "Chưa ban hành được, báo cáo còn thiếu: họ tên người ký." in page
    assert "Xác nhận:" not in page
    assert ReviewReport.objects.get(pk=report.pk).status == ReviewReport.Status.DRAFT
