"""The spreadsheets of wards, targets and yearly figures: their Vietnamese columns and import rules.

A row names its ward by code or name, never by id, and an officer's file reaches only their own
ward. Yearly figures go through `wards.batch.CountBatch`: the form's rules, the form's history.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from import_export import fields, widgets

from campaign.models import Campaign
from common.collation import vietnamese
from common.spreadsheets import SheetResource, SpreadsheetError, TextWidget, print_layout
from units.access import reach
from units.models import Ward

from .batch import CountBatch
from .models import FIGURE_FIELDS, ReductionTarget, YearlyCount
from .selectors import target_subquery

WARD_CODE, WARD_NAME, YEAR = "Mã phường", "Phường", "Năm"

_GROUPED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _fold(text: str) -> str:
    """A ward name as people type it: any case, any Unicode form, with or without "Phường"."""
    text = unicodedata.normalize("NFC", str(text)).casefold().strip()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"^(phường|p\.)\s*", "", text)


class NumberWidget(widgets.Widget):
    """A whole number as a clerk writes it: 12, 12.0 from Excel, "12" or "1.234" as text."""

    what = "số hộ"

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"Ô trống: ghi {self.what} (ghi 0 nếu không có).")
        if isinstance(value, bool):
            raise ValueError(f"Phải là {self.what} (số nguyên), không phải «{value}».")
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise ValueError(f"Phải là {self.what} (số nguyên), không phải {value:g}.")
        text = str(value).strip().replace(" ", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if digits.isdigit():
            return sign * int(digits)
        if _GROUPED_THOUSANDS.match(digits):
            return sign * int(digits.replace(".", ""))
        raise ValueError(f"Phải là {self.what} (số nguyên), không phải «{value}».")

    def render(self, value, obj=None, **kwargs):
        return value


class OptionalNumberWidget(NumberWidget):
    """A number that may be left empty (not asked, or not known): an empty cell reads as none."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return super().clean(value, row, **kwargs)

class YearWidget(NumberWidget):
    what = "năm"


class WardRowsResource(SheetResource):
    ward_code = fields.Field(attribute="ward__code", column_name=WARD_CODE, readonly=True)
    ward_name = fields.Field(attribute="ward__name", column_name=WARD_NAME, readonly=True)
    year = fields.Field(attribute="year", column_name=YEAR, widget=YearWidget())

    def before_import(self, dataset, **kwargs):
        headers = {str(h).strip().casefold() for h in dataset.headers or []}
        if WARD_CODE.casefold() not in headers and WARD_NAME.casefold() not in headers:
            raise SpreadsheetError(f"Thiếu cột «{WARD_CODE}» hoặc «{WARD_NAME}» để biết dòng nào của phường nào.")
        super().before_import(dataset, **kwargs)
        self.campaign = kwargs.get("plan")
        if self.campaign is None:
            raise SpreadsheetError("Đơn vị của tài khoản chưa có kế hoạch nào trong hệ thống.")
        # A row names a ward of the plan's unit; of those, the user writes their own.
        wards = list(self.campaign.wards().select_related("district"))
        self.wards_by_key = {}
        for ward in wards:
            self.wards_by_key[ward.code] = ward
            self.wards_by_key.setdefault(_fold(ward.name), ward)
        self.allowed_ward_ids = set(
            Ward.objects.editable_by(self.user).filter(pk__in=[w.pk for w in wards]).values_list("pk", flat=True)
        )
        self.own_ward = reach(self.user).ward
        self.load_existing(self._file_wards(dataset))
        self.seen = {}

    def _file_wards(self, dataset):
        found = {}
        for values in dataset:
            try:
                ward = self._lookup(dict(zip(dataset.headers, values)))[2]
            except (ValueError, OverflowError):  # a code no ward has; its row says so
                continue
            if ward is not None and ward.pk in self.allowed_ward_ids:
                found[ward.pk] = ward
        return list(found.values())

    def load_existing(self, wards):
        self.existing = {
            (row.ward_id, row.year): row
            for row in self.get_queryset().filter(ward__in=wards).select_related("ward", "campaign")
        }

    def existing_row(self, ward, year):
        return self.existing.get((ward.pk, year))

    def import_row(self, row, instance_loader, **kwargs):
        self.current_row = self.sheet_row(kwargs["row_number"])
        return super().import_row(row, instance_loader, **kwargs)

    def _lookup(self, row):
        """The column that names the row's ward, its text, and the ward (None if unknown)."""
        code, name = row.get(WARD_CODE), row.get(WARD_NAME)
        column, value = (WARD_CODE, code) if code not in (None, "") else (WARD_NAME, name)
        if value in (None, ""):
            return column, None, None
        text = str(value).strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = f"{int(value):05d}"  # Excel drops the leading zeros of a code typed as a number
        return column, text, self.wards_by_key.get(text) or self.wards_by_key.get(_fold(text))

    def _ward(self, row):
        column, text, ward = self._lookup(row)
        name = row.get(WARD_NAME)
        if text is None:
            raise ValidationError({column: "Ô trống: ghi mã phường (ví dụ 00364) hoặc tên phường."})
        if ward is None:
            raise ValidationError({column: f"Không có phường «{text}» trong {self.campaign.owner_label}."})
        if column == WARD_CODE and name not in (None, "") and _fold(name) != _fold(ward.name):
            raise ValidationError({WARD_NAME: f"Mã {ward.code} là của {ward}, không phải phường «{name}»."})
        if ward.pk not in self.allowed_ward_ids:
            if self.own_ward is not None:
                message = f"Tài khoản chỉ được nhập số liệu của {self.own_ward}; dòng này là của {ward}."
            else:
                message = "Tài khoản không được nhập số liệu của phường."
            raise ValidationError({column: message})
        return ward

    def get_or_init_instance(self, instance_loader, row):
        ward = self._ward(row)
        try:
            year = YearWidget().clean(row.get(YEAR))
        except ValueError as error:
            raise ValidationError({YEAR: str(error)}) from None
        key = (ward.pk, year)
        if key in self.seen:
            raise ValidationError(
                f"Trùng {ward} năm {year} với dòng {self.seen[key]}: mỗi phường, mỗi năm chỉ một dòng."
            )
        self.seen[key] = self.current_row
        instance = self.existing_row(ward, year)
        if instance is not None:
            return instance, False
        return self._meta.model(campaign=self.campaign, ward=ward, year=year), True

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(campaign=self.campaign) if getattr(self, "campaign", None) else queryset


class YearlyCountResource(WardRowsResource):
    status = fields.Field(attribute="get_status_display", column_name="Trạng thái", readonly=True)
    target = fields.Field(
        attribute="target_reduction", column_name="Chỉ tiêu giảm trong năm", readonly=True, widget=NumberWidget()
    )
    note = fields.Field(attribute="note", column_name="Ghi chú", widget=TextWidget())

    # Files made before the review's totals and poor-household movements were asked still import.
    optional_columns = (
        "Ghi chú", "Tổng số hộ dân cư", "Số hộ nghèo đầu năm", "Hộ nghèo giảm: thoát nghèo",
        "Hộ nghèo giảm: lý do khác", "Hộ nghèo tăng: lý do khác",
    )

    class Meta:
        model = YearlyCount
        fields = ("ward_code", "ward_name", "year", "target", *FIGURE_FIELDS, "note", "status")
        import_order = export_order = fields
        name = "Số liệu hộ nghèo, cận nghèo hằng năm"
        # No savepoint a row: CountBatch checks the rows one by one and writes them at the end.
        use_bulk = True
        # The library would deep-copy every row to tell what changed; the batch's stored rows say it.
        skip_diff = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.name in FIGURE_FIELDS:
            return OptionalNumberWidget if f.null else NumberWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        name = str(django_field.verbose_name)
        field.column_name = name[:1].upper() + name[1:]
        return field

    def get_queryset(self):
        return super().get_queryset().annotate(target_reduction=target_subquery())

    def load_existing(self, wards):
        # The batch reads and locks the stored rows with the rest of what the rows are checked against.
        self.batch = CountBatch(campaign=self.campaign, user=self.user, wards=wards)

    def existing_row(self, ward, year):
        return self.batch.stored_at(ward.pk, year)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A row whose cells all parse is cleaned by the batch, under the row lock, not twice; a row
        # with a bad cell is cleaned here, so that its other mistakes are listed in the same pass.
        if import_validation_errors:
            if instance.ward_id in self.batch.wards and instance.year in self.campaign.years:
                instance._known_start = self.batch.expected_start(instance)
            try:
                super().validate_instance(instance, import_validation_errors, validate_unique)
            finally:
                instance._known_start = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        stored = self.batch.as_stored(instance)
        if stored is None or import_validation_errors:
            return False
        return all(field.get_value(instance) == field.get_value(stored) for field in self.get_import_fields())

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if row_result.instance is not None:
            row_result.original = self.batch.as_stored(row_result.instance)

    def before_save_instance(self, instance, row, **kwargs):
        # Every rule of count_save, now, so that a refusal names this row; written in bulk_create.
        instance._change_reason = f"Nhập từ tệp {self.file_name}".strip()
        self.batch.add(instance)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write the rows checked so far with their history; a preview writes too, then rolls back."""
        self.create_instances.clear()
        self.update_instances.clear()
        if (dry_run and not using_transactions) or self.refused:
            return
        try:
            self.batch.write()
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)


class ReductionTargetResource(WardRowsResource):
    reduction = fields.Field(attribute="reduction", column_name="Chỉ tiêu giảm (hộ)", widget=NumberWidget())

    class Meta:
        model = ReductionTarget
        fields = ("ward_code", "ward_name", "year", "reduction")
        import_order = export_order = fields
        name = "Chỉ tiêu giảm hộ cận nghèo"


def default_template_year(*, campaign: Campaign, user) -> int:
    """The first plan year in which a ward within `user`'s reach still has figures to fill."""
    wards = Ward.objects.editable_by(user).filter(pk__in=campaign.wards().values("pk"))
    ward_count = wards.count()
    locked = dict(
        YearlyCount.objects.filter(campaign=campaign, ward__in=wards)
        .exclude(status__in=YearlyCount.EDITABLE_STATUSES)
        .values_list("year").annotate(n=models.Count("pk")).values_list("year", "n")
    )
    return next((year for year in campaign.years if locked.get(year, 0) < ward_count), campaign.end_year)


def count_template(*, campaign: Campaign, year: int, user) -> bytes:
    """An .xlsx of the unlocked rows `user` may fill for `year`, starts carried over, movements at 0."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from .models import Baseline, ReductionTarget

    wards = (
        Ward.objects.editable_by(user).filter(pk__in=campaign.wards().values("pk"))
        .order_by(vietnamese("name"))
    )
    counts = {
        c.ward_id: c
        for c in YearlyCount.objects.filter(campaign=campaign, year=year, ward__in=wards).select_related("ward")
    }
    previous_ends = dict(
        YearlyCount.objects.filter(campaign=campaign, year=year - 1, ward__in=wards).values_list("ward_id", "near_poor_end")
    )
    baselines = dict(Baseline.objects.filter(campaign=campaign, ward__in=wards).values_list("ward_id", "near_poor"))
    targets = dict(
        ReductionTarget.objects.filter(campaign=campaign, year=year, ward__in=wards).values_list("ward_id", "reduction")
    )
    resource = YearlyCountResource()
    book = Workbook()
    sheet = book.active
    sheet.title = f"Số liệu năm {year}"
    headers = resource.get_export_headers()
    sheet.append(headers)
    for ward in wards:
        count = counts.get(ward.pk)
        if count is not None and not count.is_editable:
            continue
        if count is None:
            start = baselines.get(ward.pk) if year == campaign.start_year else previous_ends.get(ward.pk)
            count = YearlyCount(campaign=campaign, ward=ward, year=year, near_poor_start=start, near_poor_end=start)
        count.target_reduction = targets.get(ward.pk, 0)
        sheet.append(resource.export_resource(count, force_native_type=True))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column in sheet.columns:
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = max(10, min(28, len(str(column[0].value)) * 0.9))
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = "D2"
    print_layout(sheet, title_rows=(1, 1))
    guide = book.create_sheet("Hướng dẫn")
    for line in (
        f"Tệp mẫu số liệu hộ nghèo, cận nghèo năm {year} — kế hoạch {campaign.number}.",
        "Chỉ trang tính đầu tiên được đọc; giữ nguyên dòng tiêu đề và tên các cột.",
        "Mỗi phường, mỗi năm một dòng. Ghi số hộ là số nguyên, ghi 0 nếu không có; không dùng công thức.",
        "Số hộ cận nghèo cuối năm = đầu năm − các khoản giảm + các khoản tăng.",
        "Số hộ cận nghèo đầu năm đã điền sẵn (số cuối năm trước, hoặc số đầu kỳ ở năm đầu tiên).",
        "Các cột «Chỉ tiêu giảm trong năm» và «Trạng thái» chỉ để tham khảo, không được nhập.",
        "Số liệu đã gửi hoặc đã duyệt không có trong tệp mẫu và không sửa được bằng tệp.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    print_layout(guide)
    output = BytesIO()
    book.save(output)
    return output.getvalue()
