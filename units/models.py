"""Administrative units over time and who works for which: provinces (and centrally-run cities),
districts, communes and wards, each with a lifetime; which units went into which (Succession);
the postings of officers and offices' staff, each for a period; and the offices' names.

A unit's identity is its row: a code may be reused by a later unit (since 1/7/2025 the new
Khương Đình ward carries the old one's 00364), so codes are unique only among units valid on the
same day. The tables keep the names they had when these models belonged to the wards app."""

import datetime
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common.collation import vietnamese

from .access import ScopedQuerySet, WardRowsQuerySet, district_rule, geography_rule, province_rule, reach_rule
from .roles import Role


def slugify_vi(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Khương Đình" -> "khuong-dinh" ("đ" has no decomposition)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    return "-".join(words)


def valid_rule(day: datetime.date, path: str = "") -> Q:
    """Rows (at `path`) whose lifetime holds `day`: both ends are inclusive, an empty end is open."""
    at = f"{path}__" if path else ""
    return (Q(**{f"{at}valid_from__isnull": True}) | Q(**{f"{at}valid_from__lte": day})) & (
        Q(**{f"{at}valid_to__isnull": True}) | Q(**{f"{at}valid_to__gte": day})
    )


def overlap_rule(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Rows whose lifetime shares at least a day with [start, end] (None: open)."""
    rule = Q()
    if end is not None:
        rule &= Q(valid_from__isnull=True) | Q(valid_from__lte=end)
    if start is not None:
        rule &= Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    return rule


def parse_key(key: str) -> tuple[str, datetime.date | None]:
    """A unit's key in URLs: its code, or "code-YYYY-MM-DD" for a unit that ended that day."""
    code, _, ended = key.partition("-")
    if not ended:
        return code, None
    try:
        return code, datetime.date.fromisoformat(ended)
    except ValueError:
        return key, None


def dmy(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def period_label(start: datetime.date | None, end: datetime.date | None) -> str:
    """"từ 01/07/2025", "đến 30/06/2025", "01/01/2025 – 30/06/2025", or "" for an open period."""
    if start and end:
        return f"{dmy(start)} – {dmy(end)}"
    if end:
        return f"đến {dmy(end)}"
    return f"từ {dmy(start)}" if start else ""


def in_period(day: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    """Whether `day` lies in [start, end], both inclusive, an empty end open."""
    return (start is None or start <= day) and (end is None or day <= end)


class LifetimeQuerySet(ScopedQuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_rule(day))

    def current(self):
        return self.valid_on(timezone.localdate())

    def at_key(self, key: str):
        """The unit of `key`: a dated key names the holder of the code that ended that day; a bare
        code, the unit holding it today, else its latest holder (old links keep working)."""
        code, ended = parse_key(key)
        rows = self.filter(code=code)
        if ended is not None:
            return rows.filter(valid_to=ended).first()
        return rows.order_by(F("valid_to").desc(nulls_first=True), "-pk").first()


class Lifetime(models.Model):
    """A unit's lifetime: both days inclusive; an empty start means "since before the records"."""

    valid_from = models.DateField(
        "hiệu lực từ ngày", null=True, blank=True,
        help_text="Ngày đơn vị được thành lập theo văn bản; để trống nếu có từ trước khi có dữ liệu.",
    )
    valid_to = models.DateField(
        "hiệu lực đến hết ngày", null=True, blank=True,
        help_text="Ngày cuối cùng đơn vị còn tồn tại (ví dụ 30/06/2025); để trống khi còn hoạt động.",
    )

    class Meta:
        abstract = True

    def valid_on(self, day: datetime.date) -> bool:
        return in_period(day, self.valid_from, self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_on(timezone.localdate())

    @property
    def has_ended(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    @property
    def key(self) -> str:
        return self.code if self.valid_to is None else f"{self.code}-{self.valid_to:%Y-%m-%d}"

    @property
    def lifetime_label(self) -> str:
        return period_label(self.valid_from, self.valid_to)

    def clean_lifetime(self, level: str) -> dict:
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "Ngày hết hiệu lực không được trước ngày có hiệu lực."
        elif self.code:
            twin = (
                type(self)._default_manager.filter(code=self.code)
                .filter(overlap_rule(self.valid_from, self.valid_to)).exclude(pk=self.pk).first()
            )
            if twin is not None:
                when = f" ({twin.lifetime_label})" if twin.lifetime_label else ""
                errors["code"] = (
                    f"Mã {self.code} đang là mã của {twin}{when} trong cùng thời gian: hai đơn vị {level} "
                    "cùng hiệu lực không được trùng mã."
                )
        return errors


def current_code_constraint(name: str) -> models.UniqueConstraint:
    # Overlapping lifetimes are refused by clean(); the database holds the rule for today's units.
    return models.UniqueConstraint(
        fields=["code"], condition=Q(valid_to__isnull=True), name=name,
        violation_error_message="Mã này đang là mã của một đơn vị còn hiệu lực.",
    )


class ProvinceQuerySet(LifetimeQuerySet):
    def read_rule(self, reach):
        return province_rule(reach)

    def write_rule(self, reach):
        return geography_rule(reach)


class DistrictQuerySet(LifetimeQuerySet):
    def read_rule(self, reach):
        return district_rule(reach)

    def write_rule(self, reach):
        return geography_rule(reach)


class WardQuerySet(LifetimeQuerySet, WardRowsQuerySet):
    ward_path = ""


class WardOfficerQuerySet(WardRowsQuerySet):
    ward_path = "ward"


class StaffPostingQuerySet(ScopedQuerySet):
    def read_rule(self, reach):
        if reach.everything:
            return Q()
        return (
            district_rule(reach, "district", officers=False) | province_rule(reach, "province")
            | reach_rule(reach, "ward")
        )

    def write_rule(self, reach):
        return geography_rule(reach)


class SuccessionQuerySet(ScopedQuerySet):
    def read_rule(self, reach):
        return reach_rule(reach, "predecessor") | reach_rule(reach, "successor")

    def write_rule(self, reach):
        return geography_rule(reach)


class OfficeQuerySet(ScopedQuerySet):
    """Offices' names are reference data: everyone reads them, the superuser changes them."""

    def read_rule(self, reach):
        return Q()

    def write_rule(self, reach):
        return geography_rule(reach)


class Province(Lifetime):
    """A province or centrally-run city: Hà Nội runs plan 251."""

    LEVEL = "province"

    code = models.CharField(
        "mã tỉnh, thành phố", max_length=2,
        help_text="Mã đơn vị hành chính do Nhà nước cấp, 2 chữ số, ví dụ 01 (Hà Nội).",
    )
    name = models.CharField("tên tỉnh, thành phố", max_length=100, help_text="Ví dụ: Thành phố Hà Nội.")

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        db_table = "wards_province"
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"
        ordering = ["code", "-valid_to"]
        constraints = [current_code_constraint("province_code_current")]

    def __str__(self):
        return self.name

    @property
    def short_name(self) -> str:
        """The name as a place line of a document reads it: "Hà Nội"."""
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name

    def clean(self):
        errors = self.clean_lifetime("cấp tỉnh")
        if errors:
            raise ValidationError(errors)


class District(Lifetime):
    """A district-level unit; the level was abolished on 1/7/2025 (its districts end 30/6/2025)."""

    LEVEL = "district"

    class Kind(models.TextChoices):
        URBAN = "quan", "Quận"
        RURAL = "huyen", "Huyện"
        TOWN = "thi_xa", "Thị xã"
        CITY = "thanh_pho", "Thành phố"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name="tỉnh, thành phố"
    )
    kind = models.CharField("loại đơn vị", max_length=10, choices=Kind.choices, default=Kind.URBAN, db_default=Kind.URBAN)
    code = models.CharField(
        "mã quận, huyện", max_length=5,
        help_text="Mã đơn vị hành chính do Nhà nước cấp, ví dụ 009 (Thanh Xuân).",
    )
    name = models.CharField("tên quận, huyện", max_length=100, help_text="Không ghi chữ «Quận», ví dụ: Thanh Xuân.")

    objects = DistrictQuerySet.as_manager()

    class Meta:
        db_table = "wards_district"
        verbose_name = "quận, huyện"
        verbose_name_plural = "quận, huyện"
        ordering = ["code", "-valid_to"]
        constraints = [current_code_constraint("district_code_current")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    def clean(self):
        errors = self.clean_lifetime("cấp huyện")
        if errors:
            raise ValidationError(errors)


class Ward(Lifetime):
    """A commune-level unit (phường, xã): under a district until 30/6/2025, under the province since."""

    LEVEL = "ward"

    class Kind(models.TextChoices):
        WARD = "phuong", "Phường"
        COMMUNE = "xa", "Xã"
        TOWNSHIP = "thi_tran", "Thị trấn"
        SPECIAL = "dac_khu", "Đặc khu"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="wards", verbose_name="tỉnh, thành phố",
        help_text="Với phường, xã thuộc quận, huyện: tỉnh, thành phố của quận, huyện.",
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="wards", verbose_name="quận, huyện",
        help_text="Để trống với phường, xã trực thuộc tỉnh, thành phố (chính quyền hai cấp, từ 01/07/2025).",
    )
    kind = models.CharField("loại đơn vị", max_length=10, choices=Kind.choices, default=Kind.WARD, db_default=Kind.WARD)
    code = models.CharField(
        "mã phường, xã", max_length=5,
        help_text="Mã đơn vị hành chính do Nhà nước cấp, 5 chữ số, ví dụ 00364 (Khương Đình).",
    )
    name = models.CharField("tên phường, xã", max_length=100, help_text="Không ghi chữ «Phường», ví dụ: Khương Đình.")
    slug = models.SlugField(
        "tên không dấu", max_length=100, editable=False,
        help_text="Dùng trong tên tài khoản cán bộ phường, ví dụ khuong-dinh.",
    )

    objects = WardQuerySet.as_manager()

    class Meta:
        db_table = "wards_ward"
        verbose_name = "phường, xã"
        verbose_name_plural = "phường, xã"
        ordering = [vietnamese("name"), "-valid_to"]
        indexes = [models.Index(fields=["name"], name="ward_name")]
        permissions = [
            ("import_ward", "Nhập danh sách phường từ tệp"),
            ("export_ward", "Xuất danh sách phường ra tệp"),
        ]
        constraints = [current_code_constraint("ward_code_current")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    @property
    def label(self) -> str:
        """The name with its lifetime where it has ended, so that two holders of a name differ."""
        return f"{self} ({self.lifetime_label})" if self.valid_to else str(self)

    @property
    def parent(self):
        return self.district or self.province

    def save(self, *args, **kwargs):
        self.slug = slugify_vi(self.name)
        if self.district_id:
            self.province_id = District.objects.values_list("province_id", flat=True).get(pk=self.district_id)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.code and not (self.code.isdigit() and len(self.code) == 5):
            errors["code"] = "Mã phường, xã gồm đúng 5 chữ số, ví dụ 00364."
        if self.district_id:
            district = self.district
            if self.province_id and district.province_id != self.province_id:
                errors["district"] = f"{district} không thuộc {self.province}."
            self.province_id = district.province_id
            if self.valid_from and district.valid_to and self.valid_from > district.valid_to:
                errors["district"] = f"{district} đã hết hiệu lực từ {dmy(district.valid_to)}."
        elif not self.province_id:
            errors["province"] = "Chọn tỉnh, thành phố (hoặc quận, huyện) mà phường, xã trực thuộc."
        errors.update({k: v for k, v in self.clean_lifetime("cấp xã").items() if k not in errors})
        if errors:
            raise ValidationError(errors)


class Succession(models.Model):
    """Which old unit went into which new one, from which day, and what part of it.

    One side may be a unit the product does not hold (a ward of another district), named in
    `other_name`, so that a new ward's list of predecessors is complete and its roll-up can say
    what it lacks. `share` is the part of the predecessor's households that went to the
    successor; empty with part=SHARE means the split is not known, and nothing is invented."""

    class Part(models.TextChoices):
        WHOLE = "whole", "Toàn bộ"
        SHARE = "share", "Một phần"

    predecessor = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="successions",
        verbose_name="đơn vị trước sắp xếp",
    )
    successor = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="predecessions",
        verbose_name="đơn vị sau sắp xếp",
    )
    other_name = models.CharField(
        "đơn vị ngoài hệ thống", max_length=150, blank=True,
        help_text="Khi một bên là đơn vị không quản lý trong hệ thống, ví dụ «Phường Trung Hòa (quận Cầu Giấy)».",
    )
    other_code = models.CharField("mã đơn vị ngoài hệ thống", max_length=5, blank=True)
    effective_on = models.DateField(
        "có hiệu lực từ ngày", help_text="Ngày đơn vị sau sắp xếp bắt đầu hoạt động, ví dụ 01/07/2025."
    )
    part = models.CharField("phạm vi", max_length=10, choices=Part.choices)
    share = models.DecimalField(
        "tỷ lệ số hộ chuyển sang", max_digits=5, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Phần số hộ của đơn vị cũ chuyển sang đơn vị mới, từ 0 đến 1 (ví dụ 0,35). "
        "Để trống khi chưa có số liệu phân chia: hệ thống không ước tính.",
    )
    legal_basis = models.CharField(
        "căn cứ", max_length=300, help_text="Ví dụ: Nghị quyết 1656/NQ-UBTVQH15 ngày 16/6/2025, Điều 1 khoản 23."
    )
    note = models.TextField("ghi chú", blank=True, help_text="Ví dụ: phần diện tích, dân số; nguồn số liệu phân chia.")

    objects = SuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = "sắp xếp đơn vị hành chính"
        verbose_name_plural = "sắp xếp đơn vị hành chính (kế thừa)"
        ordering = [
            "effective_on", vietnamese("successor__name"), vietnamese("predecessor__name"), vietnamese("other_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(predecessor__isnull=False, successor__isnull=False)
                | Q(predecessor__isnull=True, successor__isnull=False) & ~Q(other_name="")
                | Q(predecessor__isnull=False, successor__isnull=True) & ~Q(other_name=""),
                name="succession_has_sides",
                violation_error_message="Ghi đơn vị trước và sau sắp xếp (một bên có thể là đơn vị ngoài hệ thống).",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="succession_not_itself",
                violation_error_message="Một đơn vị không thể kế thừa chính nó.",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(part="share"), name="succession_share_of_part",
                violation_error_message="Chỉ ghi tỷ lệ khi đơn vị cũ được chia một phần.",
            ),
            models.UniqueConstraint(
                fields=["predecessor", "successor"], condition=Q(predecessor__isnull=False, successor__isnull=False),
                name="one_succession_per_pair",
                violation_error_message="Đã ghi việc sắp xếp giữa hai đơn vị này.",
            ),
        ]

    def __str__(self):
        before = self.predecessor or self.other_name
        after = self.successor or self.other_name
        return f"{before} → {after} ({self.part_label}, từ {dmy(self.effective_on)})"

    @property
    def part_label(self) -> str:
        if self.part == self.Part.WHOLE:
            return "toàn bộ"
        if self.share is None:
            return "một phần, chưa rõ tỷ lệ"
        return f"một phần, khoảng {self.share * 100:.0f}% số hộ"

    @property
    def estimated(self) -> bool:
        return self.part == self.Part.SHARE

    @property
    def factor(self):
        """The part of the predecessor's households counted in the successor: 1, the share, or None."""
        return 1 if self.part == self.Part.WHOLE else self.share

    def clean(self):
        errors = {}
        if not (self.predecessor_id or self.successor_id):
            errors["predecessor"] = "Ghi ít nhất một đơn vị trong hệ thống."
        elif not (self.predecessor_id and self.successor_id) and not self.other_name.strip():
            errors["other_name"] = "Ghi tên đơn vị ngoài hệ thống."
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            errors["successor"] = "Một đơn vị không thể kế thừa chính nó."
        if self.part == self.Part.WHOLE and self.share is not None:
            errors["share"] = "Đơn vị cũ chuyển toàn bộ: không ghi tỷ lệ."
        if self.effective_on:
            if self.successor_id and self.successor.valid_from and self.successor.valid_from > self.effective_on:
                errors["effective_on"] = f"{self.successor} chỉ có hiệu lực từ {dmy(self.successor.valid_from)}."
            if self.predecessor_id and self.predecessor.valid_to and self.predecessor.valid_to >= self.effective_on:
                errors["effective_on"] = (
                    f"{self.predecessor} còn hiệu lực đến {dmy(self.predecessor.valid_to)}: ngày sắp xếp phải sau ngày đó."
                )
        if self.predecessor_id and self.share is not None and not errors:
            others = Succession.objects.filter(predecessor=self.predecessor_id).exclude(pk=self.pk)
            total = sum((s.share for s in others if s.share is not None), self.share)
            if total > 1:
                errors["share"] = f"Tổng tỷ lệ chia của {self.predecessor} vượt 100% ({total * 100:.0f}%)."
        if errors:
            raise ValidationError(errors)


class Posting(models.Model):
    """A period of work for a unit: both days inclusive, an empty end is still running."""

    valid_from = models.DateField("từ ngày", null=True, blank=True, help_text="Để trống nếu không rõ.")
    valid_to = models.DateField(
        "đến hết ngày", null=True, blank=True,
        help_text="Ngày cuối cùng làm việc cho đơn vị này; để trống khi còn đang làm.",
    )

    class Meta:
        abstract = True

    def valid_on(self, day: datetime.date) -> bool:
        return in_period(day, self.valid_from, self.valid_to)

    def clean_period(self) -> dict:
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "Ngày kết thúc không được trước ngày bắt đầu."
        elif self.user_id:
            twin = (
                type(self)._default_manager.filter(user=self.user_id)
                .filter(overlap_rule(self.valid_from, self.valid_to)).exclude(pk=self.pk).first()
            )
            if twin is not None:
                errors["valid_from"] = (
                    f"Tài khoản đang được phân công về {twin.unit} trong cùng thời gian: kết thúc phân công "
                    "cũ trước (ghi «đến hết ngày»)."
                )
        return errors


class WardOfficer(Posting):
    """A user acting as the officer of one ward, for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_postings",
        verbose_name="tài khoản",
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="officers", verbose_name="phường, xã"
    )
    position = models.CharField("chức vụ", max_length=100, blank=True)

    objects = WardOfficerQuerySet.as_manager()

    class Meta:
        db_table = "wards_wardofficer"
        verbose_name = "cán bộ phường, xã"
        verbose_name_plural = "cán bộ phường, xã"
        ordering = [vietnamese("ward__name"), "user__username", "-valid_from"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.ward})"

    @property
    def unit(self):
        return self.ward

    def clean(self):
        errors = self.clean_period()
        if self.ward_id and self.valid_from and self.ward.valid_to and self.valid_from > self.ward.valid_to:
            errors["ward"] = f"{self.ward} đã hết hiệu lực từ {dmy(self.ward.valid_to)}."
        if errors:
            raise ValidationError(errors)


class StaffPosting(Posting):
    """A user working for an office of one unit, for a period: a district's offices (until
    30/6/2025), a province's department, or since 1/7/2025 a commune or ward's own offices.
    A staff user without a current posting changes nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="postings",
        verbose_name="tài khoản",
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name="phường, xã", help_text="Với các phòng của UBND phường, xã (chính quyền hai cấp).",
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name="quận, huyện", help_text="Với các phòng của UBND quận, huyện (đến 30/06/2025).",
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name="tỉnh, thành phố", help_text="Với sở của tỉnh, thành phố.",
    )

    objects = StaffPostingQuerySet.as_manager()

    class Meta:
        db_table = "wards_staffposting"
        verbose_name = "đơn vị công tác"
        verbose_name_plural = "đơn vị công tác của cán bộ các phòng, sở"
        ordering = ["user__username", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ward__isnull=False, district__isnull=True, province__isnull=True)
                | Q(ward__isnull=True, district__isnull=False, province__isnull=True)
                | Q(ward__isnull=True, district__isnull=True, province__isnull=False),
                name="posting_one_unit",
                violation_error_message="Chọn đúng một đơn vị: một phường, xã, một quận, huyện hoặc một tỉnh, thành phố.",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.unit})"

    @property
    def unit(self):
        return self.ward or self.district or self.province

    def clean(self):
        errors = self.clean_period()
        if sum(1 for pk in (self.ward_id, self.district_id, self.province_id) if pk) != 1:
            errors["district"] = "Chọn đúng một đơn vị: một phường, xã, một quận, huyện hoặc một tỉnh, thành phố."
        if errors:
            raise ValidationError(errors)


class Office(models.Model):
    """The name an office goes by: which office of a unit of `level` plays `role` in a period.

    Names change with the organisation (Phòng LĐ-TB&XH until 2025, the ward's economic office
    after 1/7/2025; Sở LĐ-TB&XH until 28/2/2025, Sở Nông nghiệp và Môi trường since): pages,
    messages and documents read them here for the day they speak of, so no code names an office."""

    class Level(models.TextChoices):
        WARD = "ward", "Phường, xã"
        DISTRICT = "district", "Quận, huyện"
        PROVINCE = "province", "Tỉnh, thành phố"

    role = models.CharField("vai trò", max_length=40, choices=Role.choices)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    name = models.CharField("tên cơ quan", max_length=150, help_text="Ví dụ: Phòng Lao động – Thương binh và Xã hội.")
    short_name = models.CharField("tên viết tắt", max_length=60, help_text="Ví dụ: Phòng LĐ-TB&XH.")
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="offices",
        verbose_name="chỉ áp dụng cho tỉnh, thành phố",
        help_text="Để trống nếu tên dùng chung cả nước; ghi khi tỉnh, thành phố đặt tên riêng.",
    )
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_to = models.DateField("đến hết ngày", null=True, blank=True)
    legal_basis = models.CharField("căn cứ", max_length=300, blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = "tên cơ quan theo thời kỳ"
        verbose_name_plural = "tên cơ quan theo thời kỳ"
        ordering = ["level", "role", "valid_from"]

    def __str__(self):
        period = " – ".join(p for p in (dmy(self.valid_from), dmy(self.valid_to)) if p)
        return f"{self.name} ({self.get_level_display()}{', ' + period if period else ''})"
