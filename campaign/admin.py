from django.contrib import admin
from django.db.models import Max, Min

from .models import Campaign, Criterion, Milestone


class PlanYearFilter(admin.AllValuesFieldListFilter):
    """A year filter offering the plans' years, instead of reading every listed row for them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # builds, but never runs, the query for distinct years
        span = Campaign.objects.aggregate(first=Min("start_year"), last=Max("end_year"))
        self.lookup_choices = list(range(span["first"], span["last"] + 1)) if span["first"] else []


class CurrentCampaignAdmin(admin.ModelAdmin):
    """An admin whose new rows belong to the campaign the product runs, pre-selected."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        campaign = Campaign.current()
        if campaign is not None:
            initial.setdefault("campaign", campaign.pk)
        return initial


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "issuing_body", "issued_on", "start_year", "end_year"]
    search_fields = ["number", "title"]
    inlines = [MilestoneInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["actor_type", "order", "short_text", "campaign"]
    list_filter = ["actor_type", "campaign"]
    search_fields = ["text", "scope"]
    list_select_related = ["campaign"]

    @admin.display(description="nội dung")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:117] + "…"


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "year", "held_on"]
    list_filter = ["kind", "campaign"]
    list_select_related = ["campaign"]
