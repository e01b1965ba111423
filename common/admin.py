"""Admin base classes every app's screens share."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.utils.html import format_html
from django.utils.translation import gettext as _


class ListAdmin(admin.ModelAdmin):
    """An admin whose change list costs a fixed number of queries and little per row.

    Django's action checkbox renders a form widget's templates for every row (about half of a
    row's cost); the same markup is written directly. The count of all rows beside the filtered
    count is a second COUNT over the whole table on every filtered page: left out.
    """

    show_full_result_count = False

    def action_checkbox(self, obj):
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )


class RecordOnlyAdmin(ListAdmin):
    """A log written by the services: listed and read in the admin, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
