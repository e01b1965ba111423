import pytest


@pytest.fixture
def award_forms(plan):
    """The plan's award forms (seeded by a migration; re-seeded after a transactional flush)."""
    import importlib

    from django.apps import apps

    from awards.models import AwardForm

    if not AwardForm.objects.exists():
        importlib.import_module("awards.migrations.0002_seed_award_forms").seed_award_forms(apps, None)
    return {form.code: form for form in AwardForm.objects.all()}
