"""The spreadsheet of wards: a district's office renames its own wards from a file, nothing else. A
new code, another unit's ward, or a change of its province, district or lifetime is refused by row
(successions are entered in the admin, with their legal basis).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields

from common.spreadsheets import CodeWidget, DateWidget, SheetResource, TextWidget

from .access import reach
from .models import District, Province, Ward

WARD_CODE = "Mã phường"
GEOGRAPHY_COLUMNS = {
    "province": "Mã tỉnh, thành phố", "district": "Mã quận",
    "valid_from": "Hiệu lực từ ngày", "valid_to": "Hiệu lực đến hết ngày",
}


class WardResource(SheetResource):
    code = fields.Field(attribute="code", column_name=WARD_CODE, widget=TextWidget())
    name = fields.Field(attribute="name", column_name="Tên phường", widget=TextWidget())
    province = fields.Field(
        attribute="province", column_name="Mã tỉnh, thành phố", widget=CodeWidget(Province, "tỉnh, thành phố", width=2)
    )
    district = fields.Field(attribute="district", column_name="Mã quận", widget=CodeWidget(District, "quận", width=3))
    valid_from = fields.Field(attribute="valid_from", column_name="Hiệu lực từ ngày", widget=DateWidget())
    valid_to = fields.Field(attribute="valid_to", column_name="Hiệu lực đến hết ngày", widget=DateWidget())

    optional_columns = ("Mã tỉnh, thành phố", "Hiệu lực từ ngày", "Hiệu lực đến hết ngày")

    class Meta:
        model = Ward
        fields = ("code", "name", "province", "district", "valid_from", "valid_to")
        import_order = export_order = fields
        import_id_fields = ("code",)
        name = "Danh sách phường"

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.seen = {}
        self.geography = reach(self.user).everything
        self.fields["province"].widget.queryset = Province.objects.visible_to(self.user)
        self.fields["district"].widget.queryset = District.objects.visible_to(self.user)
        self.editable = Ward.objects.editable_by(self.user)

    def get_queryset(self):
        return super().get_queryset().visible_to(self.user) if self.user is not None else super().get_queryset()

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
        found = self.editable.at_key(code)
        if found is not None:
            return found, False
        if not self.geography:
            raise ValidationError({WARD_CODE: (
                f"Mã phường «{code}» không phải của một phường thuộc đơn vị của tài khoản: chỉ quản trị "
                "hệ thống được thêm phường mới hoặc sửa phường của đơn vị khác."
            )})
        return Ward(code=code), True

    def import_instance(self, instance, row, **kwargs):
        before = {name: getattr(instance, f"{name}_id", None) or getattr(instance, name, None)
                  for name in GEOGRAPHY_COLUMNS}
        super().import_instance(instance, row, **kwargs)
        if self.geography:
            return
        changed = [
            column for name, column in GEOGRAPHY_COLUMNS.items()
            if (getattr(instance, f"{name}_id", None) or getattr(instance, name, None)) != before[name]
        ]
        if changed:
            raise ValidationError({changed[0]: (
                "Chỉ quản trị hệ thống được đổi tỉnh, quận và thời gian hiệu lực của "
                f"phường (cột {', '.join(f'«{c}»' for c in changed)})."
            )})
