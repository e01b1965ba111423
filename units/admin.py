"""The admin of units and of who works for which."""

from django.contrib import admin

from common.admin import ListAdmin
from common.spreadsheets import SheetAdminMixin

from .access import scope_districts, scope_to_user
from .models import District, Province, StaffPosting, Ward, WardOfficer
from .resources import WardResource


class ScopedUnitFilter(admin.RelatedFieldListFilter):
    """A ward (or district) filter offering the units within the user's reach, when they are few
    enough to pick from a list: a district's wards, a city's districts.

    RelatedOnlyFieldListFilter would read every listed row to find its units and, at nation
    scale, list ten thousand wards; beyond `limit` units the filter is left out and the search
    box finds a ward.
    """

    limit = 50

    def field_choices(self, field, request, model_admin):
        if field.related_model is District:
            units = scope_districts(District.objects.order_by("code"), request.user)
        else:
            units = scope_to_user(Ward.objects.order_by("name", "code"), request.user, "")
        units = list(units[: self.limit + 1])
        return [(unit.pk, str(unit)) for unit in units] if len(units) <= self.limit else []


class WardScopedAdmin(ListAdmin):
    """An admin whose rows belong to a ward: an officer sees and picks only their own ward."""

    ward_path = "ward"
    # For rows that may have no ward: the user who made them, whose district they belong to.
    owner_path = None

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.ward_path, self.owner_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "ward":
            kwargs["queryset"] = scope_to_user(Ward.objects.all(), request.user, "")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Province)
class ProvinceAdmin(ListAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(ListAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]

    def get_queryset(self, request):
        return scope_districts(super().get_queryset(request), request.user)


@admin.register(StaffPosting)
class StaffPostingAdmin(ListAdmin):
    list_display = ["user", "district", "province"]
    list_filter = ["province", ("district", ScopedUnitFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "district", "province"]
    raw_id_fields = ["user"]


@admin.register(Ward)
class WardAdmin(SheetAdminMixin, WardScopedAdmin):
    resource_classes = [WardResource]
    export_filename = "danh-sach-phuong"
    ward_path = ""
    list_display = ["code", "name", "district", "dissolved_on", "successor"]
    list_filter = [("district", ScopedUnitFilter)]
    search_fields = ["code", "name", "slug"]
    list_select_related = ["district", "successor"]
    autocomplete_fields = ["successor"]
    readonly_fields = ["slug"]


@admin.register(WardOfficer)
class WardOfficerAdmin(WardScopedAdmin):
    list_display = ["user", "ward", "position"]
    list_filter = [("ward", ScopedUnitFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "ward__name"]
    list_select_related = ["user", "ward"]
    autocomplete_fields = ["ward"]
