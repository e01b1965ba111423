from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from campaign.models import Campaign, PlanRowsQuerySet, plan_rule
from common.collation import vietnamese
from common.workflow import Transition
from units.access import NOTHING, WardRowsQuerySet, ward_rule
from units.models import Ward


class HouseholdCount(models.PositiveIntegerField):
    """A number of households: never negative, with messages a clerk understands."""

    @cached_property
    def validators(self):
        # Django's range validators in plain words instead of its stiff Vietnamese; built once
        # per field, as Django's are, since an import cleans thousands of rows of such fields.
        return [
            *self.default_validators, *self._validators,
            MinValueValidator(0, "Số hộ không được là số âm."),
            MaxValueValidator(1_000_000, "Số hộ quá lớn: kiểm tra lại (tối đa 1.000.000)."),
        ]


def check_plan_covers(campaign: Campaign | None, ward: Ward | None) -> None:
    """A plan's row about a ward names a ward of the plan's own unit."""
    if campaign is not None and ward is not None and not campaign.covers(ward):
        raise ValidationError({"ward": f"{ward} không thuộc đơn vị ban hành {campaign}."})


class PlanWardRowsQuerySet(WardRowsQuerySet):
    """A plan's rows about one ward (baselines, targets): read as the ward's rows, written by
    the plan's owner, within its own wards."""

    def write_rule(self, reach):
        return ward_rule(reach, "ward", write=True) & plan_rule(reach, "campaign", write=True)


class CountTransitionQuerySet(WardRowsQuerySet):
    ward_path = "count__ward"

    def write_rule(self, reach):
        return NOTHING


class ExtensionQuerySet(WardRowsQuerySet):
    def write_rule(self, reach):
        return ward_rule(reach, "ward", write=True) & plan_rule(reach, "window__campaign", write=True)


class Baseline(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="baselines", verbose_name="kế hoạch"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="baselines", verbose_name="phường"
    )
    near_poor = HouseholdCount(
        "số hộ cận nghèo đầu kỳ", help_text="Số hộ cận nghèo của phường khi bắt đầu kế hoạch."
    )
    poor = HouseholdCount("số hộ nghèo đầu kỳ", default=0)
    annex_row = models.PositiveSmallIntegerField(
        "số thứ tự trong phụ lục", null=True, blank=True,
        help_text="Số thứ tự (TT) của phường trong bảng phụ lục của kế hoạch; để trống nếu phụ lục không có phường này. "
        "Phụ lục của báo cáo sơ kết, tổng kết liệt kê các phường theo thứ tự này.",
    )

    objects = PlanWardRowsQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu đầu kỳ"
        verbose_name_plural = "số liệu đầu kỳ"
        ordering = ["campaign", vietnamese("ward__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "ward"], name="one_baseline_per_ward",
                violation_error_message="Phường này đã có số liệu đầu kỳ trong kế hoạch.",
            ),
        ]

    def __str__(self):
        return f"{self.ward} — {self.near_poor} hộ cận nghèo đầu kỳ"

    def clean(self):
        check_plan_covers(self.campaign if self.campaign_id else None, self.ward if self.ward_id else None)


class ReductionTarget(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name="kế hoạch"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="targets", verbose_name="phường"
    )
    year = models.PositiveSmallIntegerField("năm")
    reduction = HouseholdCount(
        "số hộ cận nghèo giảm", help_text="Chỉ tiêu giảm hộ cận nghèo của phường trong năm."
    )

    objects = PlanWardRowsQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu giảm hộ cận nghèo"
        verbose_name_plural = "chỉ tiêu giảm hộ cận nghèo"
        ordering = ["campaign", vietnamese("ward__name"), "year"]
        permissions = [
            ("import_reductiontarget", "Nhập chỉ tiêu từ tệp"),
            ("export_reductiontarget", "Xuất chỉ tiêu ra tệp"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "ward", "year"], name="one_target_per_ward_year",
                violation_error_message="Phường này đã có chỉ tiêu của năm này.",
            ),
        ]

    def __str__(self):
        return f"{self.ward} — năm {self.year}: giảm {self.reduction} hộ"

    def clean(self):
        check_plan_covers(self.campaign if self.campaign_id else None, self.ward if self.ward_id else None)
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            raise ValidationError(
                {"year": f"Năm {self.year} nằm ngoài thời gian của kế hoạch "
                         f"({self.campaign.start_year}–{self.campaign.end_year})."}
            )


# The movements of the annual review, in the order of its table: the poor households' (balanced
# when the year's start is given: rows entered before it was asked have none), then the near-poor's.
POOR_DECREASE_FIELDS = ("poor_escaped", "poor_out_other")
POOR_INCREASE_FIELDS = ("poor_new", "poor_fallen_back", "poor_in_other")
DECREASE_FIELDS = ("near_poor_escaped", "near_poor_to_poor", "near_poor_out_other")
INCREASE_FIELDS = ("near_poor_new", "near_poor_fallen_back", "near_poor_from_poor", "near_poor_in_other")
FIGURE_FIELDS = (
    "total_households", "poor_start", *POOR_DECREASE_FIELDS, *POOR_INCREASE_FIELDS, "poor_end", "near_poor_start",
    *DECREASE_FIELDS, *INCREASE_FIELDS, "near_poor_end",
)


class PovertyStandard(models.TextChoices):
    """The standard a year's review measured households against (NĐ 351/2025/NĐ-CP keeps the
    2022–2025 one through 31/12/2026)."""

    S2022 = "2022-2025", "Chuẩn nghèo đa chiều giai đoạn 2022–2025 (Nghị định 07/2021/NĐ-CP)"
    S2027 = "2027-2030", "Chuẩn nghèo đa chiều giai đoạn 2026–2030, áp dụng từ năm 2027 (Nghị định 351/2025/NĐ-CP)"

    @classmethod
    def of_year(cls, year: int) -> str:
        return cls.S2022 if year <= 2026 else cls.S2027


def _sum(fields):
    total = F(fields[0])
    for name in fields[1:]:
        total = total + F(name)
    return total


class YearlyCount(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang nhập"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Bị trả lại"
        APPROVED = "approved", "Đã duyệt"

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="counts", verbose_name="kế hoạch"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="counts", verbose_name="phường"
    )
    year = models.PositiveSmallIntegerField("năm", help_text="Năm của kết quả rà soát.")
    standard = models.CharField(
        "chuẩn nghèo áp dụng", max_length=20, choices=PovertyStandard.choices, blank=True,
        help_text="Để trống: theo năm rà soát (đến hết năm 2026: chuẩn giai đoạn 2022–2025).",
    )
    total_households = HouseholdCount(
        "tổng số hộ dân cư", null=True, blank=True,
        help_text="Tổng số hộ của phường khi rà soát, để tính tỷ lệ hộ nghèo, cận nghèo.",
    )

    poor_start = HouseholdCount(
        "số hộ nghèo đầu năm", null=True, blank=True,
        help_text="Bằng số cuối năm trước. Khi có số đầu năm: cuối năm = đầu năm − giảm + tăng.",
    )
    poor_escaped = HouseholdCount(
        "hộ nghèo giảm: thoát nghèo", default=0, help_text="Kể cả hộ thoát nghèo thành hộ cận nghèo."
    )
    poor_out_other = HouseholdCount(
        "hộ nghèo giảm: lý do khác", default=0, help_text="Chuyển đi, hộ không còn thành viên, …"
    )
    poor_in_other = HouseholdCount("hộ nghèo tăng: lý do khác", default=0, help_text="Chuyển đến, tách hộ, …")
    poor_end = HouseholdCount(
        "số hộ nghèo cuối năm", default=0,
        help_text="Mục tiêu của kế hoạch: 0. Khác 0 vẫn được ghi nhận nhưng bị đánh dấu.",
    )
    poor_new = HouseholdCount(
        "trong đó: hộ nghèo phát sinh mới", default=0, help_text="Mục tiêu: 0."
    )
    poor_fallen_back = HouseholdCount(
        "trong đó: hộ tái nghèo", default=0, help_text="Mục tiêu: 0."
    )

    near_poor_start = HouseholdCount(
        "số hộ cận nghèo đầu năm",
        help_text="Bằng số cuối năm trước, hoặc số đầu kỳ của kế hoạch ở năm đầu tiên.",
    )
    near_poor_escaped = HouseholdCount(
        "giảm: thoát cận nghèo", default=0, help_text="Hộ có thu nhập vượt chuẩn cận nghèo."
    )
    near_poor_to_poor = HouseholdCount(
        "giảm: chuyển thành hộ nghèo", default=0
    )
    near_poor_out_other = HouseholdCount(
        "giảm: lý do khác", default=0, help_text="Chuyển đi, hộ không còn thành viên, …"
    )
    near_poor_new = HouseholdCount("tăng: phát sinh mới", default=0)
    near_poor_fallen_back = HouseholdCount(
        "tăng: tái cận nghèo", default=0, help_text="Hộ đã thoát cận nghèo nay rơi lại."
    )
    near_poor_from_poor = HouseholdCount(
        "tăng: từ hộ nghèo chuyển sang", default=0
    )
    near_poor_in_other = HouseholdCount(
        "tăng: lý do khác", default=0, help_text="Chuyển đến, tách hộ, …"
    )
    near_poor_end = HouseholdCount(
        "số hộ cận nghèo cuối năm",
        help_text="Phải bằng: đầu năm − các khoản giảm + các khoản tăng.",
    )

    note = models.TextField("ghi chú", blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    start_needs_check = models.BooleanField(
        "cần kiểm tra lại số đầu năm", default=False,
        help_text="Đặt khi số liệu năm trước được mở lại: số đầu năm có thể không còn đúng.",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="người cập nhật",
    )
    version = models.PositiveIntegerField(
        "lần sửa", default=0, editable=False,
        help_text="Tăng mỗi lần số liệu được lưu; một biểu mẫu mở từ lần sửa cũ hơn không được lưu đè.",
    )
    objects = WardRowsQuerySet.as_manager()

    history = HistoricalRecords(
        verbose_name="lịch sử số liệu hằng năm", excluded_fields=["created_at", "updated_at"]
    )

    class Meta:
        verbose_name = "số liệu hằng năm"
        verbose_name_plural = "số liệu hằng năm"
        ordering = ["campaign", vietnamese("ward__name"), "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "ward", "year"], name="one_count_per_ward_year",
                violation_error_message="Phường này đã có số liệu của năm này.",
            ),
            models.CheckConstraint(
                condition=Q(
                    near_poor_end=F("near_poor_start") - _sum(DECREASE_FIELDS) + _sum(INCREASE_FIELDS)
                ),
                name="count_balances",
                violation_error_message=(
                    "Số hộ cận nghèo cuối năm phải bằng đầu năm − các khoản giảm + các khoản tăng."
                ),
            ),
            models.CheckConstraint(
                condition=Q(poor_start__isnull=True) | Q(
                    poor_end=F("poor_start") - _sum(POOR_DECREASE_FIELDS) + _sum(POOR_INCREASE_FIELDS)
                ),
                name="count_poor_balances",
                violation_error_message="Số hộ nghèo cuối năm phải bằng đầu năm − các khoản giảm + các khoản tăng.",
            ),
            models.CheckConstraint(
                condition=Q(total_households__isnull=True)
                | Q(total_households__gte=F("poor_end") + F("near_poor_end")),
                name="count_within_households",
                violation_error_message="Tổng số hộ dân cư không được nhỏ hơn số hộ nghèo cộng số hộ cận nghèo cuối năm.",
            ),
            models.CheckConstraint(
                condition=Q(poor_end__gte=F("poor_new") + F("poor_fallen_back")),
                name="count_poor_parts_within_total",
                violation_error_message=(
                    "Hộ nghèo phát sinh mới cộng hộ tái nghèo không được lớn hơn số hộ nghèo cuối năm."
                ),
            ),
        ]
        permissions = [
            ("review_yearlycount", "Duyệt, trả lại, mở lại số liệu hằng năm"),
            ("enter_for_wards_yearlycount", "Nhập số liệu hằng năm thay cho phường (từ tệp phường gửi)"),
            ("import_yearlycount", "Nhập số liệu hằng năm từ tệp"),
            ("export_yearlycount", "Xuất số liệu hằng năm ra tệp"),
        ]

    def __str__(self):
        return f"{self.ward} — năm {self.year}"

    @property
    def decreases(self) -> int:
        return sum(getattr(self, name) or 0 for name in DECREASE_FIELDS)

    @property
    def increases(self) -> int:
        return sum(getattr(self, name) or 0 for name in INCREASE_FIELDS)

    @property
    def computed_end(self) -> int:
        return (self.near_poor_start or 0) - self.decreases + self.increases

    @property
    def reduction(self) -> int:
        return self.near_poor_start - self.near_poor_end

    @property
    def standard_applied(self) -> str:
        return self.standard or PovertyStandard.of_year(self.year)

    @property
    def standard_label(self) -> str:
        return PovertyStandard(self.standard_applied).label

    def rate(self, name: str) -> str:
        """The share of the ward's households that `name` counts, as "1,25%"; "–" without a total."""
        if not self.total_households:
            return "–"
        return f"{getattr(self, name) * 100 / self.total_households:.2f}%".replace(".", ",")

    @property
    def poor_rate(self) -> str:
        return self.rate("poor_end")

    @property
    def near_poor_rate(self) -> str:
        return self.rate("near_poor_end")

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def goal_breaches(self) -> list[str]:
        """The plan's standing goals (0 poor, 0 newly poor, 0 fallen back) that this year misses."""
        breaches = []
        if self.poor_end:
            breaches.append(f"có {self.poor_end} hộ nghèo (mục tiêu: không có hộ nghèo)")
        if self.poor_new:
            breaches.append(f"phát sinh {self.poor_new} hộ nghèo mới (mục tiêu: 0)")
        if self.poor_fallen_back:
            breaches.append(f"có {self.poor_fallen_back} hộ tái nghèo (mục tiêu: 0)")
        return breaches

    # An import that has read the baselines and last years' ends for its whole file sets this to
    # the row's (start, source), so that cleaning the row asks the database nothing.
    _known_start: tuple[int | None, str] | None = None

    def expected_start(self) -> tuple[int | None, str]:
        """The start this year must carry, and where it comes from, in words."""
        if self._known_start is not None:
            return self._known_start
        return expected_start(campaign=self.campaign, ward=self.ward, year=self.year)

    def clean(self):
        errors = {}
        if not (self.campaign_id and self.ward_id and self.year):
            return
        check_plan_covers(self.campaign, self.ward)
        if self.year not in self.campaign.years:
            errors["year"] = (
                f"Năm {self.year} nằm ngoài thời gian của kế hoạch "
                f"({self.campaign.start_year}–{self.campaign.end_year})."
            )
        else:
            start, source = self.expected_start()
            if start is None:
                errors["near_poor_start"] = source
            elif self.near_poor_start is not None and self.near_poor_start != start:
                errors["near_poor_start"] = (
                    f"Số hộ cận nghèo đầu năm phải là {start} ({source}), không phải "
                    f"{self.near_poor_start}."
                )
        if self.near_poor_start is not None and self.near_poor_end is not None and all(
            getattr(self, name) is not None for name in DECREASE_FIELDS + INCREASE_FIELDS
        ):
            if self.computed_end != self.near_poor_end:
                errors["near_poor_end"] = (
                    f"Số liệu không cân đối: đầu năm {self.near_poor_start} − giảm {self.decreases} "
                    f"+ tăng {self.increases} = {self.computed_end}, nhưng số cuối năm nhập là "
                    f"{self.near_poor_end}."
                )
        if None not in (self.poor_end, self.poor_new, self.poor_fallen_back) and (
            self.poor_new + self.poor_fallen_back > self.poor_end
        ):
            errors["poor_end"] = (
                "Hộ nghèo phát sinh mới cộng hộ tái nghèo không được lớn hơn số hộ nghèo cuối năm."
            )
        poor = [getattr(self, name) for name in ("poor_start", *POOR_DECREASE_FIELDS, *POOR_INCREASE_FIELDS, "poor_end")]
        if None not in poor and "poor_end" not in errors:
            decreases = sum(getattr(self, name) for name in POOR_DECREASE_FIELDS)
            increases = sum(getattr(self, name) for name in POOR_INCREASE_FIELDS)
            if self.poor_start - decreases + increases != self.poor_end:
                errors["poor_end"] = (
                    f"Số hộ nghèo không cân đối: đầu năm {self.poor_start} − giảm {decreases} + tăng {increases} "
                    f"= {self.poor_start - decreases + increases}, nhưng số cuối năm nhập là {self.poor_end}."
                )
            elif (self.near_poor_from_poor or 0) > self.poor_escaped:
                errors["poor_escaped"] = (
                    f"{self.near_poor_from_poor} hộ nghèo chuyển thành cận nghèo nhưng chỉ {self.poor_escaped} hộ thoát nghèo."
                )
            elif (self.near_poor_to_poor or 0) > self.poor_new + self.poor_fallen_back:
                errors["poor_new"] = (
                    f"{self.near_poor_to_poor} hộ cận nghèo chuyển thành hộ nghèo nhưng chỉ "
                    f"{self.poor_new + self.poor_fallen_back} hộ nghèo phát sinh mới hoặc tái nghèo."
                )
        ends = (self.poor_end or 0) + (self.near_poor_end or 0)
        if self.total_households is not None and self.total_households < ends:
            errors["total_households"] = (
                f"Tổng số hộ dân cư ({self.total_households}) nhỏ hơn số hộ nghèo và cận nghèo cuối năm ({ends})."
            )
        if errors:
            raise ValidationError(errors)


def expected_start(*, campaign: Campaign, ward: Ward, year: int) -> tuple[int | None, str]:
    if year == campaign.start_year:
        baseline = Baseline.objects.filter(campaign=campaign, ward=ward).values_list("near_poor", flat=True).first()
        return start_from(campaign=campaign, ward=ward, year=year, baseline=baseline)
    previous = (
        YearlyCount.objects.filter(campaign=campaign, ward=ward, year=year - 1)
        .values_list("near_poor_end", flat=True).first()
    )
    return start_from(campaign=campaign, ward=ward, year=year, previous_end=previous)


def start_from(
    *, campaign: Campaign, ward: Ward, year: int, baseline: int | None = None, previous_end: int | None = None
) -> tuple[int | None, str]:
    """The start of `year` from the ward's baseline (first year) or last year's end (None: missing)."""
    if year == campaign.start_year:
        if baseline is None:
            return None, f"Chưa có số liệu đầu kỳ của {ward} trong kế hoạch."
        return baseline, f"số đầu kỳ của kế hoạch {campaign.number}"
    if previous_end is None:
        return None, f"Chưa có số liệu năm {year - 1}: hãy nhập năm {year - 1} trước."
    return previous_end, f"số cuối năm {year - 1}"


class CountTransition(Transition):
    count = models.ForeignKey(
        YearlyCount, on_delete=models.CASCADE, related_name="transitions", verbose_name="số liệu"
    )
    from_status = models.CharField("từ trạng thái", max_length=20, choices=YearlyCount.Status.choices)
    to_status = models.CharField("sang trạng thái", max_length=20, choices=YearlyCount.Status.choices)

    objects = CountTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "bước xử lý số liệu"
        verbose_name_plural = "các bước xử lý số liệu"
        ordering = ["count", "at", "pk"]

    def __str__(self):
        return f"{self.count}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ReportingWindow(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="windows", verbose_name="kế hoạch"
    )
    year = models.PositiveSmallIntegerField("năm số liệu")
    opens_on = models.DateField("mở từ ngày")
    closes_on = models.DateField(
        "hạn nộp", help_text="Ngày cuối cùng phường được nhập và gửi số liệu, ví dụ 15/12."
    )

    objects = PlanRowsQuerySet.as_manager()

    class Meta:
        verbose_name = "thời hạn báo cáo"
        verbose_name_plural = "thời hạn báo cáo"
        ordering = ["campaign", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year"], name="one_window_per_year",
                violation_error_message="Năm này đã có thời hạn báo cáo.",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="window_in_order",
                violation_error_message="Hạn nộp không được trước ngày mở.",
            ),
        ]

    def __str__(self):
        return f"Báo cáo năm {self.year}: {self.opens_on:%d/%m/%Y} – {self.closes_on:%d/%m/%Y}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "Hạn nộp không được trước ngày mở."})
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            raise ValidationError({"year": f"Năm {self.year} nằm ngoài thời gian của kế hoạch."})


class WindowExtension(models.Model):
    window = models.ForeignKey(
        ReportingWindow, on_delete=models.CASCADE, related_name="extensions", verbose_name="thời hạn"
    )
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="extensions", verbose_name="phường")
    closes_on = models.DateField("gia hạn đến ngày")
    reason = models.TextField("lý do gia hạn")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name="người gia hạn",
    )
    granted_at = models.DateTimeField("gia hạn lúc", auto_now_add=True)
    objects = ExtensionQuerySet.as_manager()

    # A moved deadline keeps its earlier dates, reasons and grantors here.
    history = HistoricalRecords(verbose_name="lịch sử gia hạn báo cáo")

    class Meta:
        verbose_name = "gia hạn báo cáo"
        verbose_name_plural = "gia hạn báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["window", "ward"], name="one_extension_per_ward",
                violation_error_message="Phường này đã được gia hạn cho năm này: sửa gia hạn cũ.",
            ),
        ]

    def __str__(self):
        return f"{self.ward}: gia hạn năm {self.window.year} đến {self.closes_on:%d/%m/%Y}"

    def clean(self):
        if self.window_id and self.ward_id:
            check_plan_covers(self.window.campaign, self.ward)
        if self.window_id and self.closes_on and self.closes_on <= self.window.closes_on:
            raise ValidationError({"closes_on": "Ngày gia hạn phải sau hạn nộp chung."})
