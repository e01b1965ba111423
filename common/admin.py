"""Admin base classes every app's screens share."""

import functools
from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.template_utils import HistoricalRecordContextHelper

NO_ROWS = _lazy("Items must be selected in order to perform actions on them. No items have been changed.")
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


# Rows listed by name on an action's confirmation page; the rest are counted.
CONFIRM_LISTED = 200


def _described(obj) -> tuple[str, str]:
    """A row as a confirmation page lists it: its name, and its status where it has one."""
    status = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
    return str(obj), status


def confirmed_action(*, consequence: str | Callable, button: str, acts_on: Callable | None = None):
    """An admin action (or workflow move) that first answers a page saying what will happen to which
    of the selected rows, as Django's delete_selected does, and acts only when that page's button
    posts the same rows again with `post=yes`. `consequence` is the page's text, or a function of
    the request and the rows it will act on; `acts_on(request, obj)` tells the rows the action will
    leave as they are (a count not submitted) from those it will move. Put it under @admin.action."""

    def decorate(function):
        @functools.wraps(function)
        def action(modeladmin, request, queryset):
            if request.POST.get("post") == "yes":
                return function(modeladmin, request, queryset)
            rows = list(queryset)
            if not rows:  # ids of no row the user may see: as Django answers an empty selection
                modeladmin.message_user(request, NO_ROWS, messages.WARNING)
                return None
            acted = {obj.pk for obj in rows if acts_on is None or acts_on(request, obj)}
            moved = [obj for obj in rows if obj.pk in acted]
            kept = [_described(obj) for obj in rows if obj.pk not in acted]
            text = consequence(request, moved) if callable(consequence) else consequence
            description = getattr(action, "short_description", function.__name__)
            context = {
                **modeladmin.admin_site.each_context(request),
                "title": f"Xác nhận: {description[:1].lower()}{description[1:]}",
                "description": description,
                "consequence": text,
                "button": button,
                "opts": modeladmin.model._meta,
                "action_name": function.__name__,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "selected": [obj.pk for obj in rows],
                "moved": [_described(obj) for obj in moved[:CONFIRM_LISTED]],
                "moved_more": max(len(moved) - CONFIRM_LISTED, 0),
                "moved_count": len(moved),
                "kept": kept[:CONFIRM_LISTED],
                "kept_more": max(len(kept) - CONFIRM_LISTED, 0),
                "back": request.get_full_path(),
                "media": modeladmin.media,
            }
            request.current_app = modeladmin.admin_site.name
            return TemplateResponse(request, "admin/action_confirmation.html", context)

        return action

    return decorate


def person_name(user) -> str:
    """A user as pages name them: the full name, else the username; "–" for nobody."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


class _ReadableRecordHelper(HistoricalRecordContextHelper):
    """A change of a history row as people read it: a choice by its label ("Đã gửi", not
    "submitted"), a user by full name, nothing as "–"."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "–"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.is_relation and field.related_model is get_user_model() and hasattr(value, "get_full_name"):
            return person_name(value)
        return value


class ReadableHistoryMixin:
    """For every admin that shows simple-history's history: the page names who changed a row by
    full name and shows a status or other choice by its Vietnamese label, not its stored code."""

    object_history_list_template = "admin/history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _ReadableRecordHelper(self.model, historical_record)


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

    class Media:
        css = {"all": ["css/admin-list.css"]}

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
