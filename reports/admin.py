from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from campaign.admin import CurrentCampaignAdmin
from units.access import reach
from units.admin import OwnedAdmin

from . import services
from .models import ReviewReport, recipients_for


@admin.register(ReviewReport)
class ReviewReportAdmin(CurrentCampaignAdmin, OwnedAdmin):
    """The drafting screen of LĐ-TB&XH; read-only for the others and once a report is issued."""

    list_display = ["__str__", "campaign", "kind", "number", "dated_on", "status", "issued_at", "links"]
    list_filter = ["kind", "status"]
    list_select_related = ["campaign"]
    readonly_fields = ["status", "issued_at", "issued_by", "pdf_sha256", "links"]
    fieldsets = [
        ("Văn bản", {"fields": ["campaign", "kind", "number", "place", "dated_on", "subject"]}),
        ("Nội dung (mỗi đoạn một dòng)", {"fields": list(ReviewReport.NARRATIVE_FIELDS)}),
        ("Nơi nhận và chữ ký", {"fields": [
            "recipients", "signer_authority", "signer_deputy", "signer_title", "signer_name",
        ]}),
        ("Ban hành", {"fields": ["status", "issued_at", "issued_by", "pdf_sha256", "links"]}),
    ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # A new report's recipients name today's offices of the user's district.
        initial.setdefault("recipients", recipients_for(reach(request.user).district))
        return initial

    @admin.display(description="xem, tải về")
    def links(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">Trang báo cáo</a> · <a href="{}">Xem trước</a> · <a href="{}">PDF</a> · <a href="{}">Excel</a>',
            reverse("reports:review-detail", args=[obj.pk]), reverse("reports:review-preview", args=[obj.pk]),
            reverse("reports:review-pdf", args=[obj.pk]), reverse("reports:review-xlsx", args=[obj.pk]),
        )

    def get_queryset(self, request):
        # The stored files stay in the database until a download asks for them.
        return super().get_queryset(request).defer("pdf", "xlsx")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_issued:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_issued:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The form has validated the row; the service refuses an issued report even when two
        # tabs race, and that refusal is a real error, not a message.
        services.review_report_save(report=obj, user=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        if "_save" in request.POST:
            return self._to_detail(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_save" in request.POST:
            return self._to_detail(request, obj)
        return super().response_change(request, obj)

    def _to_detail(self, request, obj):
        self.message_user(request, f"Đã lưu dự thảo “{obj}”.", messages.SUCCESS)
        return redirect("reports:review-detail", pk=obj.pk)
