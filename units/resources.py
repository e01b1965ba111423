"""The spreadsheet of wards: its Vietnamese columns and import rules."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields

from common.spreadsheets import CodeWidget, DateWidget, SheetResource, TextWidget

from .models import District, Ward

WARD_CODE = "Mã phường"


class WardResource(SheetResource):
    code = fields.Field(attribute="code", column_name=WARD_CODE, widget=TextWidget())
    name = fields.Field(attribute="name", column_name="Tên phường", widget=TextWidget())
    district = fields.Field(attribute="district", column_name="Mã quận", widget=CodeWidget(District, "quận", width=3))
    dissolved_on = fields.Field(attribute="dissolved_on", column_name="Ngày giải thể, sáp nhập", widget=DateWidget())
    successor = fields.Field(attribute="successor", column_name="Mã đơn vị kế thừa", widget=CodeWidget(Ward, "phường", width=5))

    optional_columns = ("Ngày giải thể, sáp nhập", "Mã đơn vị kế thừa")

    class Meta:
        model = Ward
        fields = ("code", "name", "district", "dissolved_on", "successor")
        import_order = export_order = fields
        import_id_fields = ("code",)
        name = "Danh sách phường"

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.seen = {}

    def import_row(self, row, instance_loader, **kwargs):
        self.current_row = self.sheet_row(kwargs["row_number"])
        return super().import_row(row, instance_loader, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        code = row.get(WARD_CODE)
        if isinstance(code, (int, float)):
            row[WARD_CODE] = code = f"{int(code):05d}"
        code = str(code or "").strip()
        if not code:
            raise ValidationError({WARD_CODE: "Ô trống: ghi mã phường."})
        if code in self.seen:
            raise ValidationError({NON_FIELD_ERRORS: f"Trùng mã phường {code} với dòng {self.seen[code]}."})
        self.seen[code] = self.current_row
        found = Ward.objects.filter(code=code).first()
        return (found, False) if found else (Ward(code=code), True)
