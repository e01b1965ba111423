"""Admin base classes every app's screens share."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.utils.html import format_html
from django.utils.translation import gettext as _


class ListAdmin(admin.ModelAdmin):
    """A change list at a fixed number of queries and little per row: the action checkbox is written
    directly, and no count of all rows (a second COUNT over the table) sits beside the filtered one."""

    show_full_result_count = False

    def action_checkbox(self, obj):
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )


class RecordOnlyAdmin(ListAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
