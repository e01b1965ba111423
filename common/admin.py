"""Admin base classes every app's screens share."""

from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _

BAD_SELECTION = "Lựa chọn không hợp lệ: không có mục nào được thay đổi."


class SelectionCheckMixin:
    """An action's selection that is not a list of ids (`_selected_action=abc`) is refused with a
    message, where the admin ran the action and failed in the database with a server error."""

    def response_action(self, request, queryset):
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                self.model._meta.pk.to_python(value)
        except ValidationError:
            self.message_user(request, BAD_SELECTION, messages.ERROR)
            return None
        return super().response_action(request, queryset)


class CheckedAutocompleteSelect(widgets.AutocompleteSelect):
    """The admin's search-as-you-type select, showing only a selected value that is an id: it looked
    any value up (`?ward=1e9`, `ward=abc` posted back) and failed in the database."""

    def optgroups(self, name, value, attr=None):
        def is_id(item):
            try:
                self.field.target_field.to_python(item)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [item for item in value if is_id(item)], attr)


class ListAdmin(SelectionCheckMixin, admin.ModelAdmin):
    """A change list at a fixed number of queries and little per row: the action checkbox is written
    directly, and no count of all rows (a second COUNT over the table) sits beside the filtered one."""

    show_full_result_count = False

    def action_checkbox(self, obj):
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RecordOnlyAdmin(ListAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Django's own screens of accounts and groups (the superuser's) get the same check.
for _model, _admin in ((get_user_model(), UserAdmin), (Group, GroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, type(_admin.__name__, (SelectionCheckMixin, _admin), {}))
