from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from units.access import DISTRICT, NOTHING, PROVINCE, WARD, Reach, ScopedQuerySet, reach
from units.models import Ward, valid_rule


class ActorType(models.TextChoices):
    """The kinds of actor that section IV of the plan sets criteria for (a. to e.)."""

    DISTRICT = "district", "UBND quận và các phòng, ban"
    WARD = "ward", "UBND phường"
    RESIDENTIAL_GROUP = "residential_group", "Tổ dân phố"
    HOUSEHOLD = "household", "Hộ cận nghèo, hộ mới thoát cận nghèo"
    OFFICIAL = "official", "Cán bộ, công chức, viên chức làm công tác giảm nghèo"
    ENTERPRISE = "enterprise", "Doanh nghiệp, ngân hàng, tổ chức tín dụng"


def plan_rule(reach: Reach, path: str = "", *, write: bool = False) -> Q:
    """Plans (at `path`, "" for plans) the user reads or writes: a unit's plan is read by its
    people, by its city's staff and, as history, by those whose earlier unit it was; written by
    its own office (a district's staff; since 1/7/2025 a ward's own offices); a city's plan by
    the superuser only."""
    if reach.everything:
        return Q()
    at = (lambda name: f"{path}__{name}") if path else (lambda name: name)
    if write:
        if not reach.writes:
            return NOTHING
        if reach.level == DISTRICT:
            return Q(**{at("owner_district"): reach.district.pk})
        if reach.level == WARD and reach.office:
            return Q(**{at("owner_ward"): reach.ward.pk})
        return NOTHING
    rule = NOTHING
    if reach.level in (WARD, DISTRICT):
        rule = Q(**{at("owner_province"): reach.province_id})
        if reach.district_id:
            rule |= Q(**{at("owner_district"): reach.district_id})
        if reach.level == WARD:
            rule |= Q(**{at("owner_ward"): reach.ward.pk})
    elif reach.level == PROVINCE:
        rule = (
            Q(**{at("owner_province"): reach.province.pk}) | Q(**{at("owner_district__province"): reach.province.pk})
            | Q(**{at("owner_ward__province"): reach.province.pk})
        )
    if reach.history:
        rule |= Q(**{f"{at('owner_ward')}__in": sorted(reach.history)})
        rule |= Q(**{f"{at('owner_district')}__in": Ward.objects.filter(pk__in=reach.history).values("district")})
    if reach.history_districts:
        rule |= Q(**{f"{at('owner_district')}__in": sorted(reach.history_districts)})
    return rule


def plan_editable(user, plan_id: int) -> bool:
    """Whether `user` may change the rows of the plan `plan_id` (asked once per plan and request)."""
    known = user.__dict__.setdefault("_editable_plans", {})
    if plan_id not in known:
        known[plan_id] = Campaign.objects.editable_by(user).filter(pk=plan_id).exists()
    return known[plan_id]


class CampaignQuerySet(ScopedQuerySet):
    def read_rule(self, reach):
        return plan_rule(reach)

    def write_rule(self, reach):
        return plan_rule(reach, write=True)

    def of_unit(self, user):
        unit = reach(user)
        if unit.everything:
            return self
        if unit.level == WARD and unit.district_id is None:
            return self.filter(owner_ward=unit.ward)
        if unit.level in (WARD, DISTRICT):
            return self.filter(owner_district=unit.district_id)
        if unit.level == PROVINCE:
            return self.filter(owner_province=unit.province)
        return self.none()

    def plan_255(self):
        return self.filter(number="255/KH-UBND", owner_district__code="009").first()

    def running_first(self, today):
        """Plans running in `today`'s year first, then the latest ones: a unit's default plan."""
        running = models.Case(
            models.When(start_year__lte=today.year, end_year__gte=today.year, then=models.Value(0)),
            default=models.Value(1),
        )
        return self.alias(running=running).order_by("running", "-end_year", "-issued_on", "-pk")


class Campaign(models.Model):
    number = models.CharField("số kế hoạch", max_length=40, help_text="Ví dụ: 255/KH-UBND.")
    title = models.CharField("tên kế hoạch", max_length=300)
    owner_district = models.ForeignKey(
        "units.District", on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name="quận ban hành",
        help_text="Đơn vị sở hữu kế hoạch: kế hoạch của quận, các tiêu chí, chỉ tiêu, thời hạn "
        "báo cáo và báo cáo sơ kết, tổng kết của nó thuộc quận này.",
    )
    owner_province = models.ForeignKey(
        "units.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name="tỉnh, thành phố ban hành",
        help_text="Với kế hoạch của thành phố (ví dụ 251/KH-UBND của Hà Nội). Chọn quận hoặc thành phố, không cả hai.",
    )
    owner_ward = models.ForeignKey(
        "units.Ward", on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name="phường, xã ban hành",
        help_text="Với kế hoạch của phường, xã trực thuộc tỉnh, thành phố (chính quyền hai cấp, từ 01/07/2025).",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name="thực hiện kế hoạch",
        help_text="Kế hoạch cấp trên mà kế hoạch này thực hiện, ví dụ 251/KH-UBND của UBND Thành phố.",
    )
    issuing_body = models.CharField(
        "cơ quan ban hành", max_length=200, help_text="Ví dụ: UBND quận Thanh Xuân."
    )
    issued_on = models.DateField("ngày ban hành")
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    goal = models.TextField("mục tiêu", blank=True)

    objects = CampaignQuerySet.as_manager()

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
            models.CheckConstraint(
                condition=Q(owner_district__isnull=False, owner_province__isnull=True, owner_ward__isnull=True)
                | Q(owner_district__isnull=True, owner_province__isnull=False, owner_ward__isnull=True)
                | Q(owner_district__isnull=True, owner_province__isnull=True, owner_ward__isnull=False),
                name="campaign_has_one_owner",
                violation_error_message="Kế hoạch thuộc đúng một đơn vị: một phường, xã, một quận hoặc một tỉnh, thành phố.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="campaign_not_own_parent",
                violation_error_message="Kế hoạch không thể thực hiện chính nó.",
            ),
        ]

    def __str__(self):
        return f"Kế hoạch {self.number}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def owner(self):
        return self.owner_ward or self.owner_district or self.owner_province

    @property
    def owner_label(self) -> str:
        if self.owner_ward_id:
            return f"{self.owner_ward.get_kind_display().lower()} {self.owner_ward.name}"
        return f"quận {self.owner_district.name}" if self.owner_district_id else str(self.owner_province)

    @property
    def province_id(self) -> int | None:
        """The province the plan's owner lies in."""
        if self.owner_province_id:
            return self.owner_province_id
        return (self.owner_ward or self.owner_district).province_id

    def wards(self):
        """The plan's wards: those of its owner's area it started with, and any given a baseline
        in it since (a ward formed later joins a plan through its baseline)."""
        if self.owner_ward_id:
            area = Ward.objects.filter(pk=self.owner_ward_id)
        elif self.owner_district_id:
            area = Ward.objects.filter(district=self.owner_district_id)
        else:
            area = Ward.objects.filter(province=self.owner_province_id)
        return area.filter(valid_rule(date(self.start_year, 1, 1)) | Q(pk__in=self.baselines.values("ward_id")))

    def covers(self, ward) -> bool:
        """Whether `ward` lies in the plan's owner's area (at any time)."""
        if self.owner_ward_id:
            return ward.pk == self.owner_ward_id
        if self.owner_district_id:
            return ward.district_id == self.owner_district_id
        return ward.province_id == self.owner_province_id

    def clean(self):
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = "Năm kết thúc không được trước năm bắt đầu."
        if sum(bool(pk) for pk in (self.owner_ward_id, self.owner_district_id, self.owner_province_id)) != 1:
            errors["owner_district"] = "Chọn đúng một đơn vị ban hành: một phường, xã, một quận hoặc một tỉnh, thành phố."
        if self.parent_id:
            parent = self.parent
            if self.pk and parent.pk == self.pk:
                errors["parent"] = "Kế hoạch không thể thực hiện chính nó."
            elif self.owner_district_id and parent.owner_province_id != self.owner_district.province_id:
                errors["parent"] = "Kế hoạch của quận thực hiện kế hoạch của thành phố mà quận trực thuộc."
            elif self.owner_ward_id and parent.owner_province_id != self.owner_ward.province_id:
                errors["parent"] = "Kế hoạch của phường, xã thực hiện kế hoạch của tỉnh, thành phố mà phường, xã trực thuộc."
            elif self.owner_province_id:
                errors["parent"] = "Kế hoạch của thành phố không thực hiện kế hoạch nào khác trong hệ thống."
        if self.number and self.issued_on and (self.owner_ward_id or self.owner_district_id or self.owner_province_id):
            twin = Campaign.objects.filter(
                number=self.number.strip(), issued_on__year=self.issued_on.year, owner_ward=self.owner_ward_id,
                owner_district=self.owner_district_id, owner_province=self.owner_province_id,
            ).exclude(pk=self.pk)
            if twin.exists():
                errors["number"] = f"Đơn vị đã có kế hoạch số {self.number} năm {self.issued_on.year}."
        if errors:
            raise ValidationError(errors)


class PlanRowsQuerySet(ScopedQuerySet):
    """Rows of a plan (at `plan_path`): its owner's, read by the owner's people and city."""

    plan_path = "campaign"

    def read_rule(self, reach):
        return plan_rule(reach, self.plan_path)

    def write_rule(self, reach):
        return plan_rule(reach, self.plan_path, write=True)


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

    objects = PlanRowsQuerySet.as_manager()

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

    objects = PlanRowsQuerySet.as_manager()

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
