"""The admin screens are scoped like the pages, and the demo data passes the real rules."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from awards.demo import seed_awards_demo
from awards.models import CriterionAssessment, Nomination, NominationDocument


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
        "action": "forward_selected", "_selected_action": [submitted.pk],
    })
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.FORWARDED


def test_officer_cannot_forward_from_the_admin(client, submitted, officer):
    client.force_login(officer)
    client.post(reverse("admin:awards_nomination_changelist"), {
        "action": "forward_selected", "_selected_action": [submitted.pk],
    })
    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.SUBMITTED


@override_settings(DEBUG=True)
def test_demo_awards_are_consistent_and_idempotent(plan, award_forms, media_root):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo_awards", verbosity=0)
    seed_awards_demo(plan)
    assert Nomination.objects.count() == 8
    statuses = set(Nomination.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "forwarded", "returned", "approved", "awarded"}
    for nomination in Nomination.objects.all():
        nomination.full_clean()
    assert CriterionAssessment.objects.filter(year=2022).exists() and CriterionAssessment.objects.filter(year=2023).exists()
    for document in NominationDocument.objects.all():
        assert (media_root / document.file.name).stat().st_size == document.size
    awarded = Nomination.objects.get(nominee_name="Tổ dân phố số 2")
    assert awarded.decided_by == "Chủ tịch UBND phường Khương Trung"


def test_demo_awards_command_refuses_without_debug(plan):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo_awards", verbosity=0)
    assert not Nomination.objects.exists()
