"""The figures' page as a reviewer reads it: target, last year, balance; approve and go on."""

import pytest
from django.urls import reverse

from wards.models import CountTransition, YearlyCount

Status = YearlyCount.Status


def submitted(make_count, ward, year, by, **figures):
    count = make_count(ward, year, status=Status.SUBMITTED, **figures)
    CountTransition.objects.create(count=count, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=by)
    return count


def test_reviewer_reads_target_last_year_and_balance(client, social_affairs, make_count, khuong_dinh, officer):
    make_count(khuong_dinh, 2022, status=Status.APPROVED, near_poor_escaped=3)
    submitted(make_count, khuong_dinh, 2023, officer, near_poor_escaped=1, near_poor_new=1)
    client.force_login(social_affairs)
    response = client.get(reverse("wards:count", args=[khuong_dinh.key, 2023]))
    review = response.context["review"]
    assert review["target"] == 2 and review["previous"].near_poor_end == 3
    assert review["balance"] == {"start": 3, "decreases": 1, "increases": 1, "computed": 3, "end": 3, "balances": True}
    page = response.content.decode()
    assert "Chỉ tiêu giảm năm 2023" in page and "Cuối năm 2022 đã duyệt" in page
    assert "3 − 1 + 1 = 3" in page
    assert "Duyệt và sang phường tiếp theo" in page and "Duyệt số liệu" in page


def test_first_year_shows_a_dash_for_last_year(client, social_affairs, make_count, khuong_dinh, officer):
    submitted(make_count, khuong_dinh, 2022, officer)
    client.force_login(social_affairs)
    response = client.get(reverse("wards:count", args=[khuong_dinh.key, 2022]))
    assert response.context["review"]["previous"] is None
    previous_column = [row["previous"] for row in response.context["review"]["rows"]]
    assert previous_column == [None] * len(previous_column)
    assert "–" in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "home_affairs"])
def test_approve_and_next_is_not_offered_to_who_does_not_review(request, client, make_count, khuong_dinh, officer, who):
    submitted(make_count, khuong_dinh, 2022, officer)
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("wards:count", args=[khuong_dinh.key, 2022])).content.decode()
    assert "Duyệt và sang phường tiếp theo" not in page


def test_approve_and_next_confirms_then_goes_to_the_next_waiting(client, social_affairs, make_count, khuong_dinh,
                                                                  nhan_chinh, officer):
    first = submitted(make_count, khuong_dinh, 2022, officer)
    second = submitted(make_count, nhan_chinh, 2022, officer)
    client.force_login(social_affairs)
    url = reverse("wards:count-approve", args=[khuong_dinh.key, 2022])
    step = client.post(url, {"next": "inbox"})
    # The confirmation page carries the field on.
    assert step.status_code == 200
    assert '<input type="hidden" name="next" value="inbox">' in step.content.decode()
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED
    done = client.post(url, {"next": "inbox", "confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("wards:count", args=[nhan_chinh.key, 2022])
    first.refresh_from_db()
    assert first.status == Status.APPROVED
    # The last one: back to the inbox, saying none is left.
    done = client.post(reverse("wards:count-approve", args=[nhan_chinh.key, 2022]), {"next": "inbox", "confirmed": "1"})
    assert done["Location"] == reverse("reports:inbox")
    second.refresh_from_db()
    assert second.status == Status.APPROVED
    assert "Không còn số liệu phường nào chờ duyệt." in client.get(done["Location"]).content.decode()


def test_plain_approve_stays_on_the_page(client, social_affairs, make_count, khuong_dinh, nhan_chinh, officer):
    submitted(make_count, khuong_dinh, 2022, officer)
    submitted(make_count, nhan_chinh, 2022, officer)
    client.force_login(social_affairs)
    done = client.post(reverse("wards:count-approve", args=[khuong_dinh.key, 2022]), {"confirmed": "1"})
    assert done["Location"] == reverse("wards:count", args=[khuong_dinh.key, 2022])


def test_another_districts_reviewer_cannot_approve_and_next(client, make_user, make_count, khuong_dinh, officer):
    from reports.tests.factories import add_district
    from units.access import Role

    count = submitted(make_count, khuong_dinh, 2022, officer)
    dong_da = add_district(count.campaign, code="006", name="Đống Đa", wards=1)
    outsider = make_user("ldtbxh-dong-da", Role.SOCIAL_AFFAIRS, district=dong_da)
    client.force_login(outsider)
    response = client.post(reverse("wards:count-approve", args=[khuong_dinh.key, 2022]),
                           {"next": "inbox", "confirmed": "1"})
    assert response.status_code == 404
    count.refresh_from_db()
    assert count.status == Status.SUBMITTED
