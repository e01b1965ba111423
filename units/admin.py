"""The admin of units and of who works for which, and the base of every admin of owned rows."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from common.admin import ListAdmin
from common.spreadsheets import SheetAdminMixin

from .access import accounts_of, reach
from .models import District, Province, StaffPosting, Ward, WardOfficer
from .roles import Role
from .resources import WardResource


class OwnedAdmin(ListAdmin):
    """An admin of rows that belong to units.

    It lists the rows the user may read (`visible_to`), lets the user change and delete only
    those they may change (`editable_by`), offers in each foreign key only what the user may
    attach a row to (`choices_for`), and refuses, inside the same transaction, a saved row that
    the user could not have changed: whatever the form let through, nothing lands outside the
    user's unit.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def may_change(self, request, obj) -> bool:
        """Whether `obj` is a row the user may change (asked once per request and row)."""
        if obj is None or obj.pk is None:
            return True
        known = request.__dict__.setdefault("_editable_rows", {})
        key = (obj._meta.label, obj.pk)
        if key not in known:
            known[key] = type(obj)._default_manager.editable_by(request.user).filter(pk=obj.pk).exists()
        return known[key]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_change(request, obj)

    def choices_for(self, db_field, request):
        """The rows a foreign key offers: by default those the user may change (their own
        unit's wards, their own plans)."""
        manager = db_field.related_model._default_manager
        if hasattr(manager, "editable_by"):
            return manager.editable_by(request.user)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = self.choices_for(db_field, request)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        request.__dict__.get("_editable_rows", {}).pop((obj._meta.label, obj.pk), None)
        if not self.may_change(request, obj):
            raise PermissionDenied("Dòng này không thuộc đơn vị của tài khoản.")


class ScopedUnitFilter(admin.RelatedFieldListFilter):
    """A filter on a related unit or plan, offering those within the user's reach when they are
    few enough to pick from a list: a district's wards, a city's districts, a unit's plans.

    RelatedFieldListFilter would list every row of the table (another district's plans and
    wards among them), RelatedOnlyFieldListFilter would read every listed row to find them and,
    at nation scale, list ten thousand wards; beyond `limit` the filter is left out and the
    search box finds a row.
    """

    limit = 50
    ORDER = {"District": ("code",), "Ward": ("name", "code"), "Province": ("code",)}

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        rows = model._default_manager.visible_to(request.user).order_by(*self.ORDER.get(model.__name__, ("pk",)))
        rows = list(rows[: self.limit + 1])
        return [(row.pk, str(row)) for row in rows] if len(rows) <= self.limit else []


@admin.register(Province)
class ProvinceAdmin(OwnedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(OwnedAdmin):
    list_display = ["code", "name", "province"]
    list_filter = [("province", ScopedUnitFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(StaffPosting)
class StaffPostingAdmin(OwnedAdmin):
    list_display = ["user", "district", "province"]
    list_filter = [("province", ScopedUnitFilter), ("district", ScopedUnitFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "district", "province"]
    raw_id_fields = ["user"]


# What only the superuser changes about a ward: where it sits, its code, its end and successor.
WARD_GEOGRAPHY = ["code", "district", "dissolved_on", "successor"]


@admin.register(Ward)
class WardAdmin(SheetAdminMixin, OwnedAdmin):
    resource_classes = [WardResource]
    export_filename = "danh-sach-phuong"
    list_display = ["code", "name", "district", "dissolved_on", "successor"]
    list_filter = [("district", ScopedUnitFilter)]
    search_fields = ["code", "name", "slug"]
    list_select_related = ["district", "successor"]
    autocomplete_fields = ["successor"]
    readonly_fields = ["slug"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not reach(request.user).everything:
            fields += WARD_GEOGRAPHY
        return fields


@admin.register(WardOfficer)
class WardOfficerAdmin(OwnedAdmin):
    list_display = ["user", "ward", "position"]
    list_filter = [("ward", ScopedUnitFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "ward__name"]
    list_select_related = ["user", "ward"]
    autocomplete_fields = ["ward"]

    def choices_for(self, db_field, request):
        if db_field.name == "user":
            # Officers' accounts of the editor's own unit; a new account is linked by the superuser.
            return accounts_of(request.user).filter(groups__name=Role.WARD_OFFICER.value)
        return super().choices_for(db_field, request)
