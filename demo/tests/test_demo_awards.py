"""The demo awards pass the real rules, and are written only when asked for on a development machine."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from awards.models import CriterionAssessment, Nomination, NominationDocument
from demo.awards import seed_awards_demo

pytestmark = pytest.mark.usefixtures("media_root")


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
