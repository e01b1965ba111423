from django.contrib import admin
from django.db.models import Max, Min

from units.access import DISTRICT, WARD, reach
from units.admin import OwnedAdmin, ScopedUnitFilter

from .models import Campaign, Criterion, Milestone
from .selectors import current_plan


class PlanYearFilter(admin.AllValuesFieldListFilter):
    """A year filter offering the years of the user's plans, instead of reading every listed row."""

    def __init__(self, field, request, *args, **kwargs):
        super().__init__(field, request, *args, **kwargs)  # builds, but never runs, the distinct query
        span = Campaign.objects.visible_to(request.user).aggregate(first=Min("start_year"), last=Max("end_year"))
        self.lookup_choices = list(range(span["first"], span["last"] + 1)) if span["first"] else []


class CurrentCampaignAdmin(admin.ModelAdmin):
    """An admin whose new rows belong to the plan the user works under, pre-selected."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        plan = current_plan(request)
        if plan is not None:
            initial.setdefault("campaign", plan.pk)
        return initial


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(OwnedAdmin):
    """A district's office keeps its own plans; a city's plans, and who owns what, the superuser's."""

    list_display = ["number", "title", "issuing_body", "issued_on", "start_year", "end_year", "parent"]
    list_select_related = ["parent"]
    search_fields = ["number", "title"]
    inlines = [MilestoneInline]

    def get_readonly_fields(self, request, obj=None):
        if reach(request.user).everything:
            return []
        return ["owner_ward", "owner_district", "owner_province"]

    def choices_for(self, db_field, request):
        if db_field.name == "parent":
            unit = reach(request.user)
            plans = Campaign.objects.visible_to(request.user).filter(owner_province__isnull=False)
            return plans.filter(owner_province=unit.province_id) if unit.level in (DISTRICT, WARD) else plans
        return super().choices_for(db_field, request)

    @staticmethod
    def _own(obj, unit) -> None:
        """A new plan of a district's or a ward's office is its unit's."""
        if unit.level == DISTRICT:
            obj.owner_ward, obj.owner_district, obj.owner_province = None, unit.district, None
        elif unit.level == WARD and unit.office:
            obj.owner_ward, obj.owner_district, obj.owner_province = unit.ward, None, None

    def save_model(self, request, obj, form, change):
        if not change:
            self._own(obj, reach(request.user))
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        unit = reach(request.user)
        if obj is None and not unit.everything:
            own = self._own

            class OwnUnitForm(form):
                def _post_clean(self):
                    # The owner is set before the model's rules run, so that they check it.
                    own(self.instance, unit)
                    super()._post_clean()

            return OwnUnitForm
        return form


@admin.register(Criterion)
class CriterionAdmin(CurrentCampaignAdmin, OwnedAdmin):
    list_display = ["actor_type", "order", "short_text", "campaign"]
    list_filter = ["actor_type", ("campaign", ScopedUnitFilter)]
    search_fields = ["text", "scope"]
    list_select_related = ["campaign"]

    @admin.display(description="nội dung")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:117] + "…"


@admin.register(Milestone)
class MilestoneAdmin(CurrentCampaignAdmin, OwnedAdmin):
    list_display = ["__str__", "campaign", "year", "held_on"]
    list_filter = ["kind", ("campaign", ScopedUnitFilter)]
    list_select_related = ["campaign"]
