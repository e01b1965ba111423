"""The admin screens of the awards are scoped like the pages."""

from django.urls import reverse

from awards.models import Nomination


def test_officer_lists_only_own_wards_nominations_in_the_admin(client, draft, make_nomination, other_officer, officer, nhan_chinh):
    theirs = make_nomination(other_officer, ward=nhan_chinh, proposing_ward=nhan_chinh, nominee_name="Tổ dân phố số 1",
                             unit="Phường Nhân Chính")
    client.force_login(officer)
    page = client.get(reverse("admin:awards_nomination_changelist")).content.decode()
    assert "Tổ dân phố số 5" in page and "Tổ dân phố số 1" not in page
    response = client.get(reverse("admin:awards_nomination_change", args=[theirs.pk]))
    assert response.status_code == 302  # the admin's answer to an object outside the queryset
    client.post(reverse("admin:awards_nomination_change", args=[theirs.pk]), {"nominee_name": "Đổi"})
    theirs.refresh_from_db()
    assert theirs.nominee_name == "Tổ dân phố số 1"


def test_home_affairs_cannot_change_a_draft_in_the_admin(client, draft, home_affairs):
    client.force_login(home_affairs)
    url = reverse("admin:awards_nomination_change", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="nominee_name"' not in page.content.decode()
    client.post(url, {"nominee_name": "Đổi"})
    draft.refresh_from_db()
    assert draft.nominee_name == "Tổ dân phố số 5"


def test_social_affairs_forwards_from_the_admin(client, submitted, social_affairs):
    client.force_login(social_affairs)
    client.post(reverse("admin:awards_nomination_changelist"), {
        "action": "forward_selected", "_selected_action": [submitted.pk], "post": "yes",
    })
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.FORWARDED


def test_officer_cannot_forward_from_the_admin(client, submitted, officer):
    client.force_login(officer)
    client.post(reverse("admin:awards_nomination_changelist"), {
        "action": "forward_selected", "_selected_action": [submitted.pk], "post": "yes",
    })
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.SUBMITTED
