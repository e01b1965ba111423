"""The nominations as a spreadsheet: one row per nomination, in the words of a council meeting."""

from import_export import fields, widgets

from common.spreadsheets import SheetResource

from .models import Nomination


class NominationResource(SheetResource):
    occasion = fields.Field(attribute="occasion_label", column_name="Dịp khen thưởng")
    award_form = fields.Field(attribute="award_form__name", column_name="Hình thức khen thưởng")
    nominee_kind = fields.Field(attribute="get_nominee_kind_display", column_name="Đối tượng")
    nominee_name = fields.Field(attribute="nominee_name", column_name="Tên tập thể, cá nhân, hộ")
    unit = fields.Field(attribute="unit", column_name="Đơn vị, địa chỉ")
    position = fields.Field(attribute="position", column_name="Chức vụ")
    ward = fields.Field(attribute="ward__name", column_name="Phường")
    actor_type = fields.Field(attribute="get_actor_type_display", column_name="Loại đối tượng thi đua")
    achievements = fields.Field(attribute="achievements", column_name="Tóm tắt thành tích")
    proposing_unit = fields.Field(attribute="proposing_unit", column_name="Đơn vị đề nghị")
    status = fields.Field(attribute="get_status_display", column_name="Trạng thái")
    appraisal_comment = fields.Field(attribute="appraisal_comment", column_name="Ý kiến thẩm định")
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định")
    decision_date = fields.Field(
        attribute="decision_date", column_name="Ngày quyết định", widget=widgets.DateWidget(format="%d/%m/%Y")
    )
    decided_by = fields.Field(attribute="decided_by", column_name="Người, cơ quan quyết định")

    class Meta:
        model = Nomination
        fields = (
            "occasion", "award_form", "nominee_kind", "nominee_name", "unit", "position", "ward", "actor_type",
            "achievements", "proposing_unit", "status", "appraisal_comment", "decision_number", "decision_date",
            "decided_by",
        )
        export_order = fields
        name = "Đề nghị khen thưởng"

    def get_queryset(self):
        return super().get_queryset().select_related("award_form", "ward", "proposing_ward", "district")
