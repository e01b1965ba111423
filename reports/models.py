"""The document register of the plan's reviews: the mid-term and final reports, in the years of the plan's milestones.

Issuing stores the PDF (and its tables' spreadsheet) in the row with its SHA-256, and every
download serves those bytes: later changes to figures never alter what the district signed.
"""

import hashlib
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.db.models import Q

from simple_history.models import HistoricalRecords

from campaign.models import Campaign, PlanRowsQuerySet
from common.workflow import Transition
from units.access import NOTHING
from units.offices import office_name
from units.roles import Role

# Decree 30/2020/NĐ-CP ends the recipients with the archive line: the office keeps one copy, the
# drafting office (LĐ-TB&XH) another.
ARCHIVE_LINE = "Lưu: VT, LĐTBXH."


def recipients_for(district=None, *, on: date | None = None) -> str:
    """The usual recipients of a district's review, its offices named as on `on` (today); without
    a district, by their roles."""
    if district is None:
        city, home = "Sở theo dõi phong trào của", "Cơ quan thi đua, khen thưởng của"
    else:
        city = office_name(Role.CITY_SOCIAL_AFFAIRS, district, on=on, full=True)
        home = office_name(Role.HOME_AFFAIRS, district, on=on, full=True)
    return "\n".join([
        "UBND thành phố Hà Nội;",
        f"{city} thành phố Hà Nội;",
        "Ban Thi đua - Khen thưởng thành phố Hà Nội;",
        "Thường trực Quận ủy, HĐND quận;",
        "Lãnh đạo UBND quận;",
        f"{home} quận;",
        "UBND 11 phường;",
        ARCHIVE_LINE,
    ])


def default_recipients() -> str:
    return recipients_for()


# A bound on what staff can type, so that rendering a report stays bounded in time as well.
NARRATIVE_MAX_CHARS = 20_000


def _narrative(verbose_name: str, help_text: str) -> models.TextField:
    return models.TextField(
        verbose_name, blank=True, help_text=help_text,
        validators=[MaxLengthValidator(
            NARRATIVE_MAX_CHARS, f"Tối đa {NARRATIVE_MAX_CHARS:,} ký tự mỗi phần.".replace(",", "."),
        )],
    )


class ReviewReport(models.Model):
    class Kind(models.TextChoices):
        # The values are those of campaign.Milestone.Kind, whose year and date the report uses.
        MID_TERM = "mid_term", "Sơ kết giữa kỳ"
        FINAL = "final", "Tổng kết"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="review_reports", verbose_name="kế hoạch"
    )
    kind = models.CharField("loại báo cáo", max_length=20, choices=Kind.choices)
    number = models.CharField(
        "số báo cáo", max_length=40, blank=True,
        help_text="Số do Văn phòng cấp, ví dụ 125/BC-UBND. Có thể để trống khi còn dự thảo; "
        "bắt buộc khi ban hành.",
    )
    place = models.CharField(
        "địa danh", max_length=60, default="Thanh Xuân",
        help_text="Ghi trước ngày tháng: “Thanh Xuân, ngày … tháng … năm …”.",
    )
    dated_on = models.DateField(
        "ngày báo cáo", null=True, blank=True,
        help_text="Ngày ký. Để trống khi còn dự thảo; bắt buộc khi ban hành. "
        "Số liệu được tính đến ngày này.",
    )
    subject = models.CharField(
        "trích yếu", max_length=300, blank=True,
        help_text="Để trống để dùng trích yếu mặc định theo loại báo cáo.",
    )
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=60, default="TM. ỦY BAN NHÂN DÂN",
        help_text="Dòng đầu của khối chữ ký, ví dụ TM. ỦY BAN NHÂN DÂN.",
    )
    signer_deputy = models.CharField(
        "ký thay", max_length=60, blank=True, default="KT. CHỦ TỊCH",
        help_text="Ví dụ KT. CHỦ TỊCH khi Phó Chủ tịch ký thay; để trống khi Chủ tịch ký.",
    )
    signer_title = models.CharField(
        "chức vụ người ký", max_length=60, default="PHÓ CHỦ TỊCH", help_text="Ví dụ PHÓ CHỦ TỊCH."
    )
    signer_name = models.CharField(
        "họ tên người ký", max_length=100, blank=True, help_text="Bắt buộc khi ban hành."
    )
    recipients = models.TextField(
        "nơi nhận", default=default_recipients,
        help_text=f"Mỗi nơi nhận một dòng (không cần gạch đầu dòng); dòng cuối là “{ARCHIVE_LINE}”.",
        validators=[MaxLengthValidator(3_000, "Nơi nhận quá dài (tối đa 3.000 ký tự).")],
    )

    deployment = _narrative(
        "I. Công tác triển khai",
        "Việc quán triệt, tuyên truyền, ban hành kế hoạch, phát động Phong trào thi đua ở quận và "
        "các phường. Mỗi đoạn một dòng.",
    )
    results = _narrative(
        "II. Kết quả đạt được (nhận định)",
        "Nhận định chung về kết quả; các bảng số liệu (hộ cận nghèo, hộ nghèo, tiêu chí thi đua, "
        "khen thưởng) được hệ thống tự lập từ số liệu đã duyệt và đặt sau phần này.",
    )
    shortcomings = _narrative("III. Tồn tại, hạn chế và nguyên nhân", "Mỗi đoạn một dòng.")
    lessons = _narrative("IV. Bài học kinh nghiệm", "Mỗi đoạn một dòng.")
    directions = _narrative(
        "V. Phương hướng, nhiệm vụ thời gian tới",
        "Sơ kết: nhiệm vụ đến năm 2025. Tổng kết: nhiệm vụ giai đoạn tiếp theo.",
    )
    proposals = _narrative("VI. Đề xuất, kiến nghị với Thành phố", "Ghi “Không” nếu không có.")

    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    pdf = models.BinaryField("tệp PDF đã ban hành", null=True, editable=False)
    pdf_sha256 = models.CharField("mã SHA-256 của tệp PDF", max_length=64, blank=True, editable=False)
    xlsx = models.BinaryField("tệp Excel đã ban hành", null=True, editable=False)
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người ban hành", editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    NARRATIVE_FIELDS = ("deployment", "results", "shortcomings", "lessons", "directions", "proposals")

    objects = PlanRowsQuerySet.as_manager()
    # Every change of the draft, and its issue, with who made it; the stored files are not copied.
    history = HistoricalRecords(
        verbose_name="lịch sử báo cáo sơ kết, tổng kết", excluded_fields=["pdf", "xlsx", "created_at", "updated_at"]
    )

    class Meta:
        verbose_name = "báo cáo sơ kết, tổng kết"
        verbose_name_plural = "báo cáo sơ kết, tổng kết"
        ordering = ["campaign", "kind"]
        permissions = [
            ("issue_reviewreport", "Ban hành báo cáo sơ kết, tổng kết (khóa tệp PDF)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"], name="one_review_report_per_plan_kind",
                violation_error_message="Kế hoạch đã có báo cáo loại này: sửa báo cáo đã có.",
            ),
            # An issued report carries number, date, signer and the frozen file with its checksum.
            models.CheckConstraint(
                condition=Q(status="draft") | (
                    ~Q(number="") & Q(dated_on__isnull=False) & ~Q(signer_name="")
                    & Q(pdf__isnull=False) & Q(pdf_sha256__regex=r"^[0-9a-f]{64}$")
                    & Q(issued_at__isnull=False)
                ),
                name="issued_review_report_is_complete",
                violation_error_message="Báo cáo đã ban hành phải có số, ngày, người ký và tệp PDF.",
            ),
        ]

    def __str__(self):
        number = self.number or "chưa có số"
        return f"Báo cáo {self.get_kind_display().lower()} ({number})"

    @property
    def district(self):
        return self.campaign.owner_district

    @cached_property
    def review_year(self) -> int:
        """The year of the plan's review of this kind (its milestone; a list may annotate it as
        `milestone_year`), else the plan's last year for the final one, its second for the mid-term."""
        from campaign.models import Milestone

        year = getattr(self, "milestone_year", None)
        if year is None:
            year = Milestone.objects.filter(campaign=self.campaign_id, kind=self.kind).values_list("year", flat=True).first()
        if year is None:
            campaign = self.campaign
            year = campaign.end_year if self.kind == self.Kind.FINAL else min(campaign.start_year + 1, campaign.end_year)
        return year

    @property
    def kind_label(self) -> str:
        """"Sơ kết giữa kỳ năm 2023", "Tổng kết năm 2025": the plan's own years."""
        return f"{self.get_kind_display()} năm {self.review_year}"

    @property
    def plan_subject(self) -> str:
        """The plan's title as the opening sentence cites it: "hưởng ứng Phong trào thi đua “…” đến năm 2025"."""
        title = self.campaign.title
        return title[:1].lower() + title[1:]

    @property
    def movement(self) -> str:
        """The movement the plan answers, as its title names it ("Phong trào thi đua “…”")."""
        found = re.search(r"[Pp]hong trào thi đua\s*“[^”]+”", self.campaign.title)
        return found.group(0)[0].upper() + found.group(0)[1:] if found else self.campaign.title

    @property
    def agency(self) -> str:
        return self.campaign.issuing_body

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def title(self) -> str:
        if self.subject:
            return self.subject
        period = f"giai đoạn {self.campaign.start_year}–{self.review_year}"
        if self.kind == self.Kind.MID_TERM:
            return f"Sơ kết giữa kỳ thực hiện {self.movement} {period}"
        return f"Tổng kết {self.movement} {period}"

    @property
    def number_line(self) -> str:
        # A draft leaves the number blank for the records office, as paper drafts do.
        return self.number or "      /BC-UBND"

    @property
    def date_line(self) -> str:
        return f"{self.place}, {vietnamese_date(self.dated_on)}"

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-–").strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def file_stem(self) -> str:
        kind = f"{'so-ket' if self.kind == self.Kind.MID_TERM else 'tong-ket'}-{self.review_year}"
        number = "".join(ch if ch.isalnum() else "-" for ch in self.number).strip("-").lower()
        return f"bao-cao-{kind}" + (f"-{number}" if number else "-du-thao")

    def missing_for_issue(self) -> list[str]:
        missing = []
        if not self.number.strip():
            missing.append("số báo cáo")
        if self.dated_on is None:
            missing.append("ngày báo cáo")
        if not self.signer_name.strip():
            missing.append("họ tên người ký")
        for name in self.NARRATIVE_FIELDS:
            if not getattr(self, name).strip():
                missing.append(f"phần “{self._meta.get_field(name).verbose_name}”")
        return missing

    def clean(self):
        errors = {}
        lines = self.recipient_lines
        if not lines or lines[-1] != ARCHIVE_LINE:
            errors["recipients"] = f"Dòng cuối của nơi nhận phải là “{ARCHIVE_LINE}”."
        if self.number and not self.number.strip().endswith("/BC-UBND"):
            errors["number"] = "Số báo cáo có dạng …/BC-UBND, ví dụ 125/BC-UBND."
        if self.dated_on and self.campaign_id and self.dated_on < self.campaign.issued_on:
            errors["dated_on"] = (
                f"Ngày báo cáo không được trước ngày ban hành kế hoạch "
                f"({self.campaign.issued_on:%d/%m/%Y})."
            )
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def checksum(content: bytes) -> str:
        return hashlib.sha256(content).hexdigest()


class ReportStepQuerySet(PlanRowsQuerySet):
    plan_path = "report__campaign"

    def write_rule(self, reach):
        return NOTHING


class ReviewReportTransition(Transition):
    report = models.ForeignKey(
        ReviewReport, on_delete=models.CASCADE, related_name="transitions", verbose_name="báo cáo"
    )
    from_status = models.CharField("từ trạng thái", max_length=20, choices=ReviewReport.Status.choices)
    to_status = models.CharField("sang trạng thái", max_length=20, choices=ReviewReport.Status.choices)

    objects = ReportStepQuerySet.as_manager()

    class Meta:
        verbose_name = "bước xử lý báo cáo"
        verbose_name_plural = "các bước xử lý báo cáo"
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def vietnamese_date(value: date | None) -> str:
    """ "ngày 05 tháng 02 năm 2025": Decree 30 pads days below 10 and the months 1 and 2."""
    if value is None:
        return "ngày     tháng     năm     "
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
