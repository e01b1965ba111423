import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaign.models import Campaign
from common.collation import vietnamese
from units.access import WARD, reach
from units.models import Ward

from .models import REVIEW_OCCASIONS, AssessmentResult, AwardForm, Nomination, NominationDocument, Occasion, review_year
from .models import PendingDocument
from .uploads import CheckedUpload, check_upload


class NominationForm(forms.ModelForm):
    """The proposal itself. The view sets campaign, proposer and (for an officer) ward beforehand,
    so the model's award rules run on the whole nomination and show here in words."""

    class Meta:
        model = Nomination
        fields = [
            "occasion", "year", "award_form", "nominee_kind", "nominee_name", "unit", "position",
            "ward", "actor_type", "achievements",
        ]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["year"] = forms.TypedChoiceField(
            label="Năm", coerce=int, choices=[(y, str(y)) for y in campaign.years],
            help_text=self.fields["year"].help_text,
        )
        if not self.instance.year:
            self.initial["year"] = min(max(campaign.years), _this_year(campaign))
        for name in ("occasion", "nominee_kind", "actor_type"):
            self.fields[name].choices = [("", "— Chọn —"), *self.fields[name].choices[1:]]
        self.fields["award_form"].queryset = AwardForm.objects.filter(campaign=campaign)
        self.fields["award_form"].empty_label = "— Chọn hình thức —"
        if reach(user).level == WARD:
            # An officer proposes for their own ward only: the ward is not theirs to choose.
            del self.fields["ward"]
        else:
            self.fields["ward"].queryset = (
                Ward.objects.editable_by(user).filter(pk__in=campaign.wards().values("pk"))
                .order_by(vietnamese("name"), "code")
            )
            self.fields["ward"].empty_label = "— Đơn vị cấp quận (không thuộc phường) —"
            # Only a ward proposes its own award form.
            self.fields["award_form"].queryset = AwardForm.objects.filter(campaign=campaign).exclude(decided_by="ward")

    def clean(self):
        data = super().clean()
        if data.get("occasion") in REVIEW_OCCASIONS:
            # A review is held in one year, the plan's; the officer need not pick it.
            held = review_year(self.campaign, data["occasion"])
            if held is not None:
                data["year"] = self.instance.year = held
        return data


def _this_year(campaign: Campaign) -> int:
    return max(timezone.localdate().year, campaign.start_year)


class OptionalFile(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(required=False, allow_empty_file=True, max_length=None, **kwargs)


TOKEN = re.compile(r"[0-9a-f]{32}")
KEPT_GONE = (
    "Tệp đã nhận trước đó không còn được giữ (đã lưu vào đề nghị, hoặc quá một ngày): hãy chọn lại tệp."
)


def kept_field(kind: str) -> str:
    """The hidden field that carries the token of the file kept for `kind`."""
    return f"{kind}_da_nhan"


class DossierForm(forms.Form):
    """The dossier on a new nomination. Each new file is checked here, so that its errors show
    with the nomination's own; a file that passes while the rest of the form has errors is kept
    for the user (services.documents_keep) and named on the form again, its token in a hidden
    field, so that the corrected form is sent without picking it again."""

    submission_letter = OptionalFile(label="Tờ trình", help_text="Bắt buộc trước khi gửi.")
    achievement_report = OptionalFile(label="Báo cáo thành tích", help_text="Bắt buộc trước khi gửi.")
    meeting_minutes = OptionalFile(label="Biên bản họp xét")
    other = OptionalFile(label="Tài liệu khác")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.accepted: list[tuple[str, object, CheckedUpload]] = []
        self.kept: dict[str, PendingDocument] = {}

    def clean(self):
        data = super().clean()
        tokens = {kind: self.data.get(kept_field(kind), "") for kind in NominationDocument.Kind.values}
        tokens = {kind: token for kind, token in tokens.items() if token}
        # Only the user's own kept files: another's token is as unknown as a made-up one.
        found = {
            pending.token: pending
            for pending in PendingDocument.objects.filter(
                user=self.user, token__in=[t for t in tokens.values() if TOKEN.fullmatch(t)]
            )
        } if tokens else {}
        for kind in NominationDocument.Kind.values:
            upload = data.get(kind)
            pending = found.get(tokens.get(kind))
            if pending is not None and pending.kind == kind:
                self.kept[kind] = pending
            elif kind in tokens and not upload:
                self.add_error(kind, KEPT_GONE)
            if upload:
                try:
                    self.accepted.append((kind, upload, check_upload(upload)))
                except ValidationError as error:
                    self.add_error(kind, error)
        return data

    def uploads(self) -> list[tuple[str, object]]:
        return [(kind, upload) for kind, upload, _ in self.accepted]

    def rows(self) -> list[dict]:
        """Each file field with the file kept for it, as the form shows them."""
        return [
            {"field": self[kind], "kept": self.kept.get(kind), "kept_field": kept_field(kind)}
            for kind in NominationDocument.Kind.values
        ]


def error_list(*forms_) -> list[str]:
    """Every error of the forms, each with its field's label, in the order of the page."""
    out = []
    for form in forms_:
        if form is None:
            continue
        out.extend(str(message) for message in form.non_field_errors())
        for name, field in form.fields.items():
            out.extend(f"{field.label}: {message}" for message in form.errors.get(name, ()))
    return out


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại hồ sơ", choices=NominationDocument.Kind.choices)
    file = OptionalFile(label="Tệp (PDF, DOCX, XLSX, JPG, PNG; tối đa 10 MB)")


class DecisionForm(forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=50, required=False)
    date = forms.DateField(
        label="Ngày quyết định", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Ngày quyết định không hợp lệ: ghi theo dạng ngày/tháng/năm."},
    )


ASSESSMENT_CHOICES = [("", "— Chưa đánh giá —"), *AssessmentResult.choices]
