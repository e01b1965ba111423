from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html

from campaign.admin import CurrentCampaignAdmin, PlanYearFilter
from campaign.models import Campaign
from common.admin import RecordOnlyAdmin, confirmed_action, person_name
from common.collation import vietnamese
from common.spreadsheets import SheetExportMixin
from units.access import reach
from units.admin import OwnedAdmin, OwnedHistoryAdmin, ScopedUnitFilter
from units.offices import office_name
from units.roles import Role

from . import services
from .models import AwardForm, CriterionAssessment, Nomination, NominationDocument, NominationTransition
from .resources import NominationResource


@admin.register(AwardForm)
class AwardFormAdmin(CurrentCampaignAdmin, OwnedAdmin):
    list_display = ["name", "decided_by", "occasions_display", "kinds_display", "campaign"]
    list_filter = [("campaign", ScopedUnitFilter)]
    list_select_related = ["campaign"]

    def get_readonly_fields(self, request, obj=None):
        # The code names the form in data and files: set once, when the form is added.
        return ["code"] if obj is not None else []

    @admin.display(description="dịp xét")
    def occasions_display(self, obj):
        return obj.occasions_label

    @admin.display(description="đối tượng")
    def kinds_display(self, obj):
        return obj.kinds_label


@admin.register(CriterionAssessment)
class CriterionAssessmentAdmin(CurrentCampaignAdmin, OwnedAdmin):
    list_display = ["subject_display", "year_display", "criterion", "result", "assessed_by", "assessed_at"]
    list_filter = [("year", PlanYearFilter), "result", "criterion__actor_type", ("ward", ScopedUnitFilter)]
    search_fields = ["ward__name", "subject_name", "note", "evidence"]
    list_select_related = ["ward", "criterion", "assessed_by"]
    autocomplete_fields = ["ward"]
    readonly_fields = ["assessed_by", "assessed_at"]

    @admin.display(description="đối tượng", ordering=vietnamese("ward__name"))
    def subject_display(self, obj):
        return obj.subject_label

    @admin.display(description="năm", ordering="year")
    def year_display(self, obj):
        return str(obj.year)

    def save_model(self, request, obj, form, change):
        services.assessment_save(assessment=obj, user=request.user)


class NominationAdminForm(forms.ModelForm):
    """The admin form; the admin hands it the user so the write rules run before saving."""

    user = None

    class Meta:
        model = Nomination
        fields = "__all__"

    def _post_clean(self):
        if self.user is not None and self.instance.pk is None:
            # The maker decides the district of a district's own proposal, which the rules check.
            self.instance.created_by = self.user
        super()._post_clean()
        if self.user is None:
            return
        try:
            services.nomination_check_editable(user=self.user, nomination=self.instance)
        except PermissionDenied as error:
            self.add_error(None, str(error))
        except ValidationError as error:
            self.add_error(None, error)


class DocumentInline(admin.TabularInline):
    model = NominationDocument
    extra = 0
    can_delete = False
    fields = ["kind", "download", "size_display", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    verbose_name_plural = "hồ sơ (tải lên, xóa trên trang của đề nghị)"

    @admin.display(description="tệp")
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("awards:document-download", args=[obj.pk]), obj.original_name
        )

    @admin.display(description="dung lượng")
    def size_display(self, obj):
        return obj.size_label

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = NominationTransition
    extra = 0
    can_delete = False
    fields = ["at", "by", "from_status", "to_status", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(SheetExportMixin, CurrentCampaignAdmin, OwnedHistoryAdmin):
    """Nominations as a data-entry screen; the workflow's buttons live on the nomination's page."""

    ward_path = "proposing_ward"
    resource_classes = [NominationResource]
    export_filename = "de-nghi-khen-thuong"
    form = NominationAdminForm
    inlines = [DocumentInline, TransitionInline]
    actions = ["forward_selected"]
    list_display = [
        "nominee_name", "nominee_kind", "award_form", "occasion_display", "proposing_unit_display",
        "status", "decision_number",
    ]
    list_filter = [
        "status", "occasion", ("year", PlanYearFilter), "award_form", "nominee_kind",
        ("proposing_ward", ScopedUnitFilter),
    ]
    search_fields = ["nominee_name", "unit", "achievements", "decision_number"]
    list_select_related = ["award_form", "proposing_ward", "ward", "district"]
    autocomplete_fields = ["ward", "proposing_ward"]
    readonly_fields = [
        "status", "appraisal_comment", "decision_number", "decision_date", "decided_by", "district", "created_by",
        "created_at", "updated_at", "page_link",
    ]
    fieldsets = [
        (None, {"fields": ["page_link", "campaign", "occasion", "year", "award_form"]}),
        ("Đối tượng được đề nghị", {
            "fields": ["nominee_kind", "nominee_name", "unit", "position", "ward", "actor_type", "achievements"],
        }),
        ("Đơn vị đề nghị và trạng thái", {
            "fields": [
                "proposing_ward", "district", "status", "appraisal_comment", "created_by", "created_at", "updated_at",
            ],
        }),
        ("Quyết định khen thưởng", {"fields": ["decision_number", "decision_date", "decided_by"]}),
    ]

    @admin.display(description="dịp khen thưởng", ordering="occasion")
    def occasion_display(self, obj):
        return obj.occasion_label

    @admin.display(description="đơn vị đề nghị", ordering=vietnamese("proposing_ward__name"))
    def proposing_unit_display(self, obj):
        return obj.proposing_unit

    @admin.display(description="trang xử lý")
    def page_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">Mở trang đề nghị (hồ sơ, gửi, thẩm định)</a>',
            reverse("awards:nomination-detail", args=[obj.pk]),
        )

    def choices_for(self, db_field, request):
        plans = Campaign.objects.of_unit(request.user)
        if db_field.name == "campaign":
            return plans
        if db_field.name == "award_form":
            return db_field.related_model.objects.filter(campaign__in=plans)
        return super().choices_for(db_field, request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ward = reach(request.user).ward
        if ward is not None:
            initial.setdefault("ward", ward.pk)
            initial.setdefault("proposing_ward", ward.pk)
        return initial

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or (services.is_proposer(request.user, obj) and obj.is_editable)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A version is read here; a nomination is changed on its own page, under its workflow.
        if request.method == "POST":
            raise PermissionDenied("Không khôi phục phiên bản cũ của đề nghị: hãy sửa trên trang của đề nghị.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        # A nomination's history is its record: drafts are abandoned, not deleted, except by a superuser.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        services.nomination_save(nomination=obj, user=request.user)

    def has_forward_permission(self, request):
        return services.can_forward(request.user)

    @admin.action(description="Chuyển các đề nghị đã chọn sang cơ quan thi đua, khen thưởng", permissions=["forward"])
    @confirmed_action(
        consequence=lambda request, nominations: _forward_consequence(nominations), button="Xác nhận chuyển",
        acts_on=lambda request, nomination: services.FORWARD.offered(request.user, nomination),
    )
    def forward_selected(self, request, queryset):
        forwarded, offices = 0, {}  # the offices they went to, in order, once each
        for nomination in queryset:
            try:
                nomination = services.nomination_forward(nomination=nomination, user=request.user)
                forwarded += 1
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"{nomination}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                offices[office_name(Role.HOME_AFFAIRS, nomination.office_unit)] = None
        if forwarded:
            messages.success(request, f"Đã chuyển {forwarded} đề nghị sang {', '.join(offices)}.")


def _forward_consequence(nominations) -> str:
    offices = ", ".join(dict.fromkeys(office_name(Role.HOME_AFFAIRS, n.office_unit) for n in nominations))
    return (
        f"Các đề nghị dưới đây sẽ được chuyển sang {offices or 'cơ quan thi đua, khen thưởng'} thẩm định; từ đó "
        "đơn vị đề nghị không sửa được nữa, chỉ cơ quan thẩm định trả lại hoặc quyết định được. Cơ quan thẩm "
        "định được báo qua thư điện tử."
    )


@admin.register(NominationTransition)
class NominationTransitionAdmin(RecordOnlyAdmin, OwnedAdmin):
    list_display = ["nomination", "from_status", "to_status", "by_display", "at", "reason"]
    list_filter = ["to_status"]
    search_fields = ["nomination__nominee_name", "reason"]
    list_select_related = ["nomination__award_form", "by"]

    @admin.display(description="người thực hiện", ordering="by__first_name")
    def by_display(self, obj):
        return person_name(obj.by)

