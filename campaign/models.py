from django.core.exceptions import ValidationError
from django.db import models


class ActorType(models.TextChoices):
    """The kinds of actor that section IV of the plan sets criteria for (a. to e.)."""

    DISTRICT = "district", "UBND quận và các phòng, ban"
    WARD = "ward", "UBND phường"
    RESIDENTIAL_GROUP = "residential_group", "Tổ dân phố"
    HOUSEHOLD = "household", "Hộ cận nghèo, hộ mới thoát cận nghèo"
    OFFICIAL = "official", "Cán bộ, công chức, viên chức làm công tác giảm nghèo"
    ENTERPRISE = "enterprise", "Doanh nghiệp, ngân hàng, tổ chức tín dụng"


class Campaign(models.Model):
    number = models.CharField(
        "số kế hoạch", max_length=40, unique=True, help_text="Ví dụ: 255/KH-UBND."
    )
    title = models.CharField("tên kế hoạch", max_length=300)
    issuing_body = models.CharField(
        "cơ quan ban hành", max_length=200, help_text="Ví dụ: UBND quận Thanh Xuân."
    )
    issued_on = models.DateField("ngày ban hành")
    parent_plan_number = models.CharField(
        "thực hiện kế hoạch số", max_length=40, blank=True,
        help_text="Kế hoạch cấp trên mà kế hoạch này thực hiện, ví dụ 251/KH-UBND.",
    )
    parent_plan_issued_on = models.DateField("ngày của kế hoạch cấp trên", null=True, blank=True)
    parent_plan_body = models.CharField("cơ quan ban hành kế hoạch cấp trên", max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    goal = models.TextField("mục tiêu", blank=True)

    class Meta:
        verbose_name = "kế hoạch thi đua"
        verbose_name_plural = "kế hoạch thi đua"
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="campaign_years_in_order",
                violation_error_message="Năm kết thúc không được trước năm bắt đầu.",
            ),
        ]

    def __str__(self):
        return f"Kế hoạch {self.number}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "Năm kết thúc không được trước năm bắt đầu."})

    @classmethod
    def current(cls) -> "Campaign | None":
        """The campaign the product runs: the most recently issued one."""
        return cls.objects.order_by("-issued_on", "-pk").first()


class Milestone(models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "launch", "Phát động"
        MID_TERM = "mid_term", "Sơ kết giữa kỳ"
        FINAL = "final", "Tổng kết"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="milestones", verbose_name="kế hoạch"
    )
    kind = models.CharField("loại mốc", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("năm")
    held_on = models.DateField(
        "ngày tổ chức", null=True, blank=True,
        help_text="Để trống nếu kế hoạch chỉ nêu năm. Sơ kết, tổng kết: dịp 11/6.",
    )
    description = models.TextField("nội dung", blank=True)

    class Meta:
        verbose_name = "mốc tiến độ"
        verbose_name_plural = "mốc tiến độ"
        ordering = ["campaign", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="one_milestone_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    def clean(self):
        if self.held_on and self.held_on.year != self.year:
            raise ValidationError({"held_on": "Ngày tổ chức phải thuộc năm của mốc."})


class Criterion(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria", verbose_name="kế hoạch"
    )
    actor_type = models.CharField("đối tượng", max_length=30, choices=ActorType.choices)
    order = models.PositiveSmallIntegerField("thứ tự")
    scope = models.CharField(
        "phạm vi áp dụng", max_length=300, blank=True,
        help_text="Khi tiêu chí chỉ áp dụng cho một nhóm, ví dụ các phường có hộ cận nghèo.",
    )
    text = models.TextField("nội dung tiêu chí", help_text="Nguyên văn như trong kế hoạch.")

    class Meta:
        verbose_name = "tiêu chí thi đua"
        verbose_name_plural = "tiêu chí thi đua"
        ordering = ["campaign", "actor_type", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "actor_type", "order"], name="one_criterion_per_position"
            ),
        ]

    def __str__(self):
        short = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"{self.get_actor_type_display()} — {short}"
