from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Kế hoạch thi đua"

    def ready(self):
        from common.cache import watch

        from .models import Campaign, Criterion, Milestone

        # A draft review's cached PDF reads the plan's milestones and its criteria too.
        watch(Campaign, Criterion, Milestone)
