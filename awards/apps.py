from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self):
        # Nội vụ's queue is cached as the progress pages are; a draft review's PDF reads the assessments.
        from common.cache import watch

        from .models import AwardForm, CriterionAssessment, Nomination, NominationDocument

        watch(AwardForm, CriterionAssessment, Nomination, NominationDocument)
