from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Kế hoạch thi đua"

    def ready(self):
        from common.cache import watch

        from .models import Campaign

        watch(Campaign)
