from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self):
        # Nội vụ's queue is cached as the progress pages are.
        from common.cache import watch

        from .models import AwardForm, Nomination, NominationDocument

        watch(AwardForm, Nomination, NominationDocument)
