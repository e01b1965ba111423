"""The spreadsheet of wards: a district's office renames its own wards from a file, nothing else. A
new code, another unit's ward, or a change of district, dissolution or successor is refused by row.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields

from common.spreadsheets import CodeWidget, DateWidget, SheetResource, TextWidget

from .access import reach
from .models import District, Ward

WARD_CODE = "Mã phường"
GEOGRAPHY_COLUMNS = {"district": "Mã quận", "dissolved_on": "Ngày giải thể, sáp nhập", "successor": "Mã đơn vị kế thừa"}


class WardResource(SheetResource):
    code = fields.Field(attribute="code", column_name=WARD_CODE, widget=TextWidget())
    name = fields.Field(attribute="name", column_name="Tên phường", widget=TextWidget())
    district = fields.Field(attribute="district", column_name="Mã quận", widget=CodeWidget(District, "quận", width=3))
    dissolved_on = fields.Field(attribute="dissolved_on", column_name="Ngày giải thể, sáp nhập", widget=DateWidget())
    successor = fields.Field(
        attribute="successor", column_name="Mã đơn vị kế thừa", widget=CodeWidget(Ward, "phường", width=5)
    )

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
        self.geography = reach(self.user).everything
        self.fields["district"].widget.queryset = District.objects.visible_to(self.user)
        self.fields["successor"].widget.queryset = Ward.objects.visible_to(self.user)
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
        found = self.editable.filter(code=code).first()
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
                "Chỉ quản trị hệ thống được đổi quận, ngày giải thể, sáp nhập và đơn vị kế thừa của "
                f"phường (cột {', '.join(f'«{c}»' for c in changed)})."
            )})
