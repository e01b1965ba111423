"""Administrative units and who works for which: provinces, districts, wards, ward officers and
the postings of office staff. The tables keep the names they had in the wards app."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .access import ScopedQuerySet, WardRowsQuerySet, district_rule, geography_rule, province_rule


def slugify_vi(text: str) -> str:
    """ASCII slug of a Vietnamese name; "đ" is mapped first, as Django's slugify drops it."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    return "-".join(words)


class ProvinceQuerySet(ScopedQuerySet):
    def read_rule(self, reach):
        return province_rule(reach)

    def write_rule(self, reach):
        return geography_rule(reach)


class DistrictQuerySet(ScopedQuerySet):
    def read_rule(self, reach):
        return district_rule(reach)

    def write_rule(self, reach):
        return geography_rule(reach)


class WardQuerySet(WardRowsQuerySet):
    ward_path = ""


class WardOfficerQuerySet(WardRowsQuerySet):
    ward_path = "ward"


class StaffPostingQuerySet(ScopedQuerySet):
    def read_rule(self, reach):
        if reach.everything:
            return Q()
        return district_rule(reach, "district", officers=False) | province_rule(reach, "province")

    def write_rule(self, reach):
        return geography_rule(reach)


class Province(models.Model):
    code = models.CharField(
        "mã tỉnh, thành phố", max_length=2, unique=True,
        help_text="Mã đơn vị hành chính do Nhà nước cấp, 2 chữ số, ví dụ 01 (Hà Nội).",
    )
    name = models.CharField("tên tỉnh, thành phố", max_length=100, help_text="Ví dụ: Thành phố Hà Nội.")

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        db_table = "wards_province"
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"
        ordering = ["code"]

    def __str__(self):
        return self.name


class District(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name="tỉnh, thành phố"
    )
    code = models.CharField(
        "mã quận", max_length=5, unique=True,
        help_text="Mã đơn vị hành chính do Nhà nước cấp, ví dụ 009 (Thanh Xuân).",
    )
    name = models.CharField("tên quận", max_length=100)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        db_table = "wards_district"
        verbose_name = "quận"
        verbose_name_plural = "quận"
        ordering = ["code"]

    def __str__(self):
        return f"Quận {self.name}"


class Ward(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="wards", verbose_name="quận"
    )
    code = models.CharField(
        "mã phường", max_length=5, unique=True,
        help_text="Mã đơn vị hành chính do Nhà nước cấp, 5 chữ số, ví dụ 00364 (Khương Đình).",
    )
    name = models.CharField("tên phường", max_length=100)
    slug = models.SlugField(
        "tên không dấu", max_length=100, unique=True, editable=False,
        help_text="Dùng trong tên tài khoản cán bộ phường, ví dụ khuong-dinh.",
    )
    dissolved_on = models.DateField(
        "ngày giải thể, sáp nhập", null=True, blank=True,
        help_text="Để trống khi phường còn hoạt động.",
    )
    successor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors",
        verbose_name="đơn vị kế thừa",
        help_text="Phường mới tiếp nhận địa bàn sau khi sắp xếp đơn vị hành chính.",
    )

    objects = WardQuerySet.as_manager()

    class Meta:
        db_table = "wards_ward"
        verbose_name = "phường"
        verbose_name_plural = "phường"
        ordering = ["name"]
        # Lists of wards, and of figures by ward, are read in name order a page at a time.
        indexes = [models.Index(fields=["name"], name="ward_name")]
        permissions = [
            ("import_ward", "Nhập danh sách phường từ tệp"),
            ("export_ward", "Xuất danh sách phường ra tệp"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(successor=F("pk")), name="ward_not_own_successor",
                violation_error_message="Một phường không thể kế thừa chính nó.",
            ),
        ]

    def __str__(self):
        return f"Phường {self.name}"

    def save(self, *args, **kwargs):
        # The slug is derived from the name, never typed.
        self.slug = slugify_vi(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if self.code and not (self.code.isdigit() and len(self.code) == 5):
            raise ValidationError({"code": "Mã phường gồm đúng 5 chữ số, ví dụ 00364."})
        if self.successor_id and self.pk and self.successor_id == self.pk:
            raise ValidationError({"successor": "Một phường không thể kế thừa chính nó."})


class WardOfficer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ward_officer",
        verbose_name="tài khoản",
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="officers", verbose_name="phường"
    )
    position = models.CharField("chức vụ", max_length=100, blank=True)

    objects = WardOfficerQuerySet.as_manager()

    class Meta:
        db_table = "wards_wardofficer"
        verbose_name = "cán bộ phường"
        verbose_name_plural = "cán bộ phường"
        ordering = ["ward__name", "user__username"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.ward})"


class StaffPosting(models.Model):
    """Links an office's user to the one unit whose wards they see (a district; a province for Sở
    LĐ-TB&XH). A staff user without a posting sees no ward."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posting",
        verbose_name="tài khoản",
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name="quận", help_text="Với Phòng LĐ-TB&XH, Phòng Nội vụ của quận.",
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name="tỉnh, thành phố", help_text="Với Sở LĐ-TB&XH của tỉnh, thành phố.",
    )

    objects = StaffPostingQuerySet.as_manager()

    class Meta:
        db_table = "wards_staffposting"
        verbose_name = "đơn vị công tác"
        verbose_name_plural = "đơn vị công tác của cán bộ quận, thành phố"
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(district__isnull=False, province__isnull=True)
                | Q(district__isnull=True, province__isnull=False),
                name="posting_one_unit",
                violation_error_message="Chọn đúng một đơn vị: một quận hoặc một tỉnh, thành phố.",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.district or self.province})"

    @property
    def unit(self):
        return self.district or self.province
