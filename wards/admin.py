from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse

from campaign.admin import CurrentCampaignAdmin, PlanYearFilter
from campaign.models import Campaign
from campaign.selectors import current_plan
from common.admin import RecordOnlyAdmin, confirmed_action, person_name
from common.collation import vietnamese
from common.spreadsheets import SheetAdminMixin
from units.access import reach
from units.admin import OwnedAdmin, OwnedHistoryAdmin, ScopedUnitFilter
from units.models import Ward

from . import services
from .models import (
    Baseline, CountTransition, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount, expected_start,
)
from .resources import ReductionTargetResource, YearlyCountResource, count_template, default_template_year
from .selectors import count_form_context, next_year_to_enter, target_subquery


@admin.register(Baseline)
class BaselineAdmin(CurrentCampaignAdmin, OwnedAdmin):
    list_display = ["ward", "near_poor", "poor", "campaign"]
    list_filter = [("campaign", ScopedUnitFilter)]
    search_fields = ["ward__name", "ward__code"]
    list_select_related = ["ward", "campaign"]
    ordering = [vietnamese("ward__name")]  # as the yearly figures
    autocomplete_fields = ["ward"]


@admin.register(ReductionTarget)
class ReductionTargetAdmin(SheetAdminMixin, CurrentCampaignAdmin, OwnedAdmin):
    resource_classes = [ReductionTargetResource]
    export_filename = "chi-tieu-giam-ho-can-ngheo"
    list_display = ["ward", "year", "reduction", "campaign"]
    list_filter = [("year", PlanYearFilter), ("ward", ScopedUnitFilter), ("campaign", ScopedUnitFilter)]
    search_fields = ["ward__name", "ward__code"]
    list_select_related = ["ward", "campaign"]
    ordering = [vietnamese("ward__name"), "year"]
    autocomplete_fields = ["ward"]

    def get_import_context(self, request):
        return {"plan": current_plan(request)}


UNKNOWN_VERSION = (
    "Không rõ trang này được mở lúc nào nên hệ thống không lưu, để không ghi đè số liệu người khác vừa sửa. "
    "Hãy tải lại trang rồi nhập lại."
)


class YearlyCountForm(forms.ModelForm):
    """The admin form, handed the user so that the write rules run before saving; `loaded_version`
    refuses a save over someone else's since the form was opened."""

    user = None
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = YearlyCount
        fields = "__all__"

    # Asked since the review's poor-household movements were added: a form that leaves them out
    # (an older page still open) counts them as 0, as the import does.
    OPTIONAL_MOVEMENTS = ("poor_escaped", "poor_out_other", "poor_in_other")
    stored_version = None  # the row's version as stored, where the instance is an older one (a revert)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = (
                self.instance.version if self.stored_version is None else self.stored_version
            )
        for name in self.OPTIONAL_MOVEMENTS:
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.OPTIONAL_MOVEMENTS:
            if name in self.fields and cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        if self.instance.pk and cleaned.get("loaded_version") is None and "loaded_version" not in self.errors:
            # Sent blank (or left out), the version would default to the row's own as stored now, and a
            # save over someone else's would pass: a change of unknown age is taken as stale.
            raise ValidationError(UNKNOWN_VERSION)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.user is None or not self.instance.ward_id or "ward" in self.errors:
            return
        try:
            services.count_check_editable(
                user=self.user, count=self.instance,
                expected_version=self.cleaned_data.get("loaded_version") if self.instance.pk else None,
            )
        except PermissionDenied as error:
            self.add_error(None, str(error))
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(YearlyCount)
class YearlyCountAdmin(SheetAdminMixin, OwnedHistoryAdmin):
    form = YearlyCountForm
    resource_classes = [YearlyCountResource]
    export_filename = "so-lieu-ho-ngheo-can-ngheo"
    import_export_change_list_template = "admin/wards/yearlycount/change_list_sheets.html"
    actions = ["approve_selected"]
    list_display = [
        "ward", "year_display", "near_poor_start", "decreases_display", "increases_display",
        "near_poor_end", "target_display", "status", "goal_display",
    ]
    list_filter = [
        ("year", PlanYearFilter), "status",
        ("ward__district", ScopedUnitFilter), ("ward", ScopedUnitFilter), ("campaign", ScopedUnitFilter),
    ]
    search_fields = ["ward__name", "ward__code"]
    list_select_related = ["ward", "campaign"]
    # By ward name first, in Vietnamese order (the plan comes with its filter).
    ordering = [vietnamese("ward__name"), "year"]
    autocomplete_fields = ["ward"]
    readonly_fields = ["status", "start_needs_check", "updated_by", "updated_at"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["campaign", "ward", "year", "loaded_version", "standard", "total_households"]}),
        ("Hộ nghèo", {
            "fields": ["poor_start", "poor_escaped", "poor_out_other", "poor_new", "poor_fallen_back", "poor_in_other",
                       "poor_end"],
            "description": "Kế hoạch: không có hộ nghèo, không tái nghèo, không phát sinh hộ nghèo mới. "
            "Ghi số đầu năm để hệ thống kiểm tra: cuối năm = đầu năm − giảm + tăng.",
        }),
        ("Hộ cận nghèo đầu năm", {"fields": ["near_poor_start"]}),
        ("Hộ cận nghèo giảm trong năm", {
            "fields": ["near_poor_escaped", "near_poor_to_poor", "near_poor_out_other"],
        }),
        ("Hộ cận nghèo tăng trong năm", {
            "fields": ["near_poor_new", "near_poor_fallen_back", "near_poor_from_poor", "near_poor_in_other"],
        }),
        ("Hộ cận nghèo cuối năm", {"fields": ["near_poor_end"]}),
        ("Ghi chú và trạng thái", {
            "fields": ["note", "status", "start_needs_check", "updated_by", "updated_at"],
        }),
    ]

    class Media:
        js = ["js/count-balance.js"]
        css = {"all": ["css/admin-count.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(target_reduction=target_subquery())

    def get_urls(self):
        sheet_template = path(
            "tep-mau/", self.admin_site.admin_view(self.sheet_template_view),
            name="wards_yearlycount_sheet_template",
        )
        return [sheet_template, *super().get_urls()]

    def choices_for(self, db_field, request):
        if db_field.name == "campaign":
            # Figures belong to the plans the user works under, not only to plans they own.
            return Campaign.objects.of_unit(request.user)
        return super().choices_for(db_field, request)

    def get_import_context(self, request):
        return {"plan": current_plan(request)}

    def get_import_page_context(self, request):
        campaign = current_plan(request)
        if campaign is None:
            return {}
        url = reverse("admin:wards_yearlycount_sheet_template")
        return {"template_links": [(year, f"{url}?nam={year}") for year in campaign.years]}

    def sheet_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        campaign = current_plan(request)
        if campaign is None:
            raise Http404("Chưa có kế hoạch.")
        try:
            year = int(request.GET.get("nam") or 0)
        except ValueError:
            year = 0
        if year not in campaign.years:
            year = default_template_year(campaign=campaign, user=request.user)
        content = count_template(campaign=campaign, year=year, user=request.user)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="mau-so-lieu-{year}.xlsx"'
        return response

    @admin.display(description="năm", ordering="year")
    def year_display(self, obj):
        return str(obj.year)

    @admin.display(description="giảm")
    def decreases_display(self, obj):
        return obj.decreases

    @admin.display(description="tăng")
    def increases_display(self, obj):
        return obj.increases

    @admin.display(description="chỉ tiêu giảm")
    def target_display(self, obj):
        return getattr(obj, "target_reduction", None) or 0

    @admin.display(description="mục tiêu hộ nghèo")
    def goal_display(self, obj):
        breaches = obj.goal_breaches
        return "⚠ " + "; ".join(breaches) if breaches else "Đạt"

    @admin.action(description="Duyệt các số liệu đã chọn", permissions=["review"])
    @confirmed_action(
        consequence="Các số liệu dưới đây sẽ được duyệt và khóa: phường không sửa được nữa, các trang tiến độ và "
        "báo cáo tính các số liệu này. Muốn sửa lại phải mở lại số liệu, có ghi lý do. Mỗi phường được báo "
        "qua thư điện tử.",
        button="Xác nhận duyệt", acts_on=lambda request, count: services.APPROVE.offered(request.user, count),
    )
    def approve_selected(self, request, queryset):
        approved = 0
        for count in queryset.select_related("ward").order_by("year"):
            try:
                services.count_approve(count=count, user=request.user)
                approved += 1
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"{count}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        if approved:
            messages.success(request, f"Đã duyệt {approved} bản số liệu.")

    def has_review_permission(self, request):
        return request.user.has_perm("wards.review_yearlycount")

    def has_change_permission(self, request, obj=None):
        # Ownership is OwnedAdmin's; the rest is the workflow's: only editable figures change.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {
            "user": request.user, "stored_version": getattr(request, "stored_count_version", None),
        })

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The revert page's form holds an old version of the row: it carries the version stored
        # now, so that a revert over a change made after the page was opened is refused as stale.
        obj = self.get_object(request, object_id)
        request.stored_count_version = obj.version if obj is not None else None
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        plans = Campaign.objects.of_unit(request.user)
        campaign = plans.filter(pk=initial.get("campaign") or 0).first() or current_plan(request)
        ward = reach(request.user).ward
        if ward is None and initial.get("ward"):
            ward = Ward.objects.editable_by(request.user).filter(pk=initial["ward"]).first()
        if campaign is None:
            return initial
        initial["campaign"] = campaign.pk
        if ward is None:
            return initial
        initial["ward"] = ward.pk
        try:
            year = int(initial.get("year") or 0)
        except (TypeError, ValueError):
            year = 0
        year = year or next_year_to_enter(campaign=campaign, ward=ward)
        if year:
            initial["year"] = year
            start, _ = expected_start(campaign=campaign, ward=ward, year=year)
            if start is not None:
                initial.setdefault("near_poor_start", start)
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        source = obj
        if source is None:
            form = context["adminform"].form
            initial = form.initial
            campaign = Campaign.objects.of_unit(request.user).filter(pk=initial.get("campaign") or 0).first()
            ward = Ward.objects.visible_to(request.user).filter(pk=initial.get("ward") or 0).first()
            year = initial.get("year")
            if campaign and ward and year:
                source = YearlyCount(campaign=campaign, ward=ward, year=int(year))
        if source is not None:
            context["count_context"] = count_form_context(
                campaign=source.campaign, ward=source.ward, year=source.year
            )
        if obj is not None:
            context["workflow_url"] = reverse("wards:count", args=[obj.ward.key, obj.year])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("loaded_version") if change else None
        services.count_save(count=obj, user=request.user, expected_version=expected)
        for breach in obj.goal_breaches:
            messages.warning(request, f"Lưu ý: năm {obj.year} {breach}.")

    def _back_to_ward_page(self, request, obj, response):
        # After saving, an officer goes to the figures' own page, where they are submitted.
        if reach(request.user).ward and not {"_continue", "_addanother"} & set(request.POST):
            return redirect("wards:count", code=obj.ward.key, year=obj.year)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_ward_page(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._back_to_ward_page(request, obj, super().response_change(request, obj))


@admin.register(ReportingWindow)
class ReportingWindowAdmin(CurrentCampaignAdmin, OwnedAdmin):
    list_display = ["year_display", "opens_on", "closes_on", "campaign"]
    list_filter = [("campaign", ScopedUnitFilter)]
    list_select_related = ["campaign"]

    @admin.display(description="năm số liệu", ordering="year")
    def year_display(self, obj):
        return str(obj.year)


@admin.register(WindowExtension)
class WindowExtensionAdmin(OwnedAdmin):
    list_display = ["ward", "window", "closes_on", "granted_by", "granted_at"]
    list_filter = [("ward", ScopedUnitFilter)]
    search_fields = ["ward__name", "ward__code", "reason"]
    list_select_related = ["ward", "window", "granted_by"]
    autocomplete_fields = ["ward"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        saved = services.window_extend(
            window=obj.window, ward=obj.ward, closes_on=obj.closes_on, reason=obj.reason, user=request.user
        )
        obj.pk, obj.granted_by = saved.pk, saved.granted_by


@admin.register(CountTransition)
class CountTransitionAdmin(RecordOnlyAdmin, OwnedAdmin):
    list_display = ["count", "from_status", "to_status", "by_display", "at", "reason"]
    list_filter = ["to_status", ("count__year", PlanYearFilter)]
    search_fields = ["count__ward__name", "reason"]
    list_select_related = ["count__ward", "by"]

    @admin.display(description="người thực hiện", ordering="by__first_name")
    def by_display(self, obj):
        return person_name(obj.by)
