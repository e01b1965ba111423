"""Awards of the campaign (section V of the plan): the forms, the criteria assessments that back
them, and the nominations with their dossiers and appraisal history."""

import hashlib
import re
import secrets
import unicodedata
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from campaign.models import ActorType, Campaign, Criterion, PlanRowsQuerySet, plan_rule
from common.collation import vietnamese
from common.workflow import Transition
from units.access import DISTRICT, NOTHING, PROVINCE, WARD, ScopedQuerySet, ward_rule
from units.models import District, Ward, in_period, period_label
from units.offices import office_name
from units.roles import Role


class Occasion(models.TextChoices):
    """When an award is considered; the reviews' years are the plan's own (its milestones)."""

    YEARLY = "yearly", "Khen thưởng hằng năm"
    MID_TERM = "mid_term", "Sơ kết giữa kỳ Phong trào thi đua"
    FINAL = "final", "Tổng kết Phong trào thi đua"
    SUDDEN = "sudden", "Thành tích đột xuất"


# The occasions held once, in the year of the plan's milestone of the same kind.
REVIEW_OCCASIONS = (Occasion.MID_TERM, Occasion.FINAL)


class DecisionLevel(models.TextChoices):
    CITY = "city", "UBND Thành phố"
    DISTRICT = "district", "UBND quận"
    WARD = "ward", "UBND phường"


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    HOUSEHOLD = "household", "Hộ gia đình"


class AwardForm(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="award_forms", verbose_name="kế hoạch",
        help_text="Kế hoạch nêu hình thức khen thưởng này (mục V của kế hoạch).",
    )
    code = models.SlugField(
        "mã", max_length=40, help_text="Tên ngắn không dấu, dùng trong dữ liệu mẫu và xuất tệp."
    )
    name = models.CharField("hình thức khen thưởng", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Từ cao xuống thấp.")
    decided_by = models.CharField(
        "cấp quyết định", max_length=20, choices=DecisionLevel.choices,
        help_text="Cấp ra quyết định khen thưởng. Hình thức của phường do phường quyết định, không trình lên quận.",
    )
    decider = models.CharField(
        "người, cơ quan quyết định", max_length=200,
        help_text="Ghi vào quyết định khen thưởng, ví dụ: Chủ tịch UBND quận Thanh Xuân. "
        "Với hình thức của phường, tên phường được thêm khi ghi quyết định.",
    )
    for_yearly = models.BooleanField("xét hằng năm", default=False)
    for_mid_term = models.BooleanField("xét khi sơ kết giữa kỳ", default=False)
    for_final = models.BooleanField("xét khi tổng kết", default=False)
    for_sudden = models.BooleanField("xét thành tích đột xuất", default=False)
    for_collective = models.BooleanField("tặng tập thể", default=False)
    for_individual = models.BooleanField("tặng cá nhân", default=False)
    for_household = models.BooleanField("tặng hộ gia đình", default=False)
    valid_from = models.DateField(
        "áp dụng từ ngày", null=True, blank=True, help_text="Để trống nếu áp dụng từ khi có kế hoạch.",
    )
    valid_to = models.DateField(
        "áp dụng đến hết ngày", null=True, blank=True,
        help_text="Ví dụ: Giấy khen của Chủ tịch UBND quận đến 30/06/2025 (từ 01/07/2025 không còn cấp huyện).",
    )

    objects = PlanRowsQuerySet.as_manager()

    class Meta:
        verbose_name = "hình thức khen thưởng"
        verbose_name_plural = "hình thức khen thưởng"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="one_award_form_per_code",
                violation_error_message="Kế hoạch đã có hình thức khen thưởng mã này.",
            ),
            models.UniqueConstraint(
                fields=["campaign", "name"], name="one_award_form_per_name",
                violation_error_message="Kế hoạch đã có hình thức khen thưởng tên này.",
            ),
            models.CheckConstraint(
                condition=Q(for_yearly=True) | Q(for_mid_term=True) | Q(for_final=True) | Q(for_sudden=True),
                name="award_form_has_an_occasion",
                violation_error_message="Hình thức khen thưởng phải được xét vào ít nhất một dịp.",
            ),
            models.CheckConstraint(
                condition=Q(for_collective=True) | Q(for_individual=True) | Q(for_household=True),
                name="award_form_has_a_recipient",
                violation_error_message="Hình thức khen thưởng phải tặng cho ít nhất một đối tượng.",
            ),
        ]

    def __str__(self):
        return self.name

    def allows_occasion(self, occasion: str) -> bool:
        return {
            Occasion.YEARLY: self.for_yearly, Occasion.MID_TERM: self.for_mid_term, Occasion.FINAL: self.for_final,
            Occasion.SUDDEN: self.for_sudden,
        }.get(occasion, False)

    def valid_on(self, day) -> bool:
        return in_period(day, self.valid_from, self.valid_to)

    @property
    def validity_label(self) -> str:
        """"đến 30/06/2025", "từ 01/07/2025", or "" when the form holds for the whole plan."""
        return period_label(self.valid_from, self.valid_to)

    def allows_kind(self, kind: str) -> bool:
        return {
            NomineeKind.COLLECTIVE: self.for_collective, NomineeKind.INDIVIDUAL: self.for_individual,
            NomineeKind.HOUSEHOLD: self.for_household,
        }.get(kind, False)

    @property
    def occasions_label(self) -> str:
        return ", ".join(str(o.label) for o in Occasion if self.allows_occasion(o))

    @property
    def kinds_label(self) -> str:
        return ", ".join(str(k.label).lower() for k in NomineeKind if self.allows_kind(k))

    @property
    def is_ward_form(self) -> bool:
        return self.decided_by == DecisionLevel.WARD

    @property
    def is_city_form(self) -> bool:
        return self.decided_by == DecisionLevel.CITY


class AssessmentResult(models.TextChoices):
    MET = "met", "Đạt"
    PARTLY = "partly", "Đạt một phần"
    NOT_MET = "not_met", "Không đạt"


class AssessmentQuerySet(ScopedQuerySet):
    """A ward's assessments are the ward's rows; an assessment of no ward (a district office, a
    bank) is its plan's owner's, read by the district's staff and its city."""

    def read_rule(self, reach):
        # (An empty Q() is dropped from an OR, not read as "everything": say so first.)
        if reach.everything:
            return Q()
        if reach.level == WARD:
            return ward_rule(reach, "ward")
        return ward_rule(reach, "ward") | (Q(ward__isnull=True) & plan_rule(reach, "campaign"))

    def write_rule(self, reach):
        if reach.everything:
            return Q()
        return plan_rule(reach, "campaign", write=True) & (
            Q(ward__isnull=True) | ward_rule(reach, "ward", write=True)
        )


class CriterionAssessment(models.Model):
    """LĐ-TB&XH's yearly judgement of one actor against one criterion of section IV."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="assessments", verbose_name="kế hoạch"
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="assessments", verbose_name="tiêu chí"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments",
        verbose_name="phường",
        help_text="Bắt buộc với tiêu chí của UBND phường; với tổ dân phố, hộ gia đình: phường nơi họ ở.",
    )
    subject_name = models.CharField(
        "đối tượng được đánh giá", max_length=200, blank=True,
        help_text="Để trống khi đánh giá chính UBND phường. Ví dụ: Tổ dân phố số 5; Ngân hàng CSXH quận.",
    )
    result = models.CharField("kết quả", max_length=10, choices=AssessmentResult.choices)
    note = models.TextField("nhận xét", blank=True)
    evidence = models.TextField(
        "căn cứ, minh chứng", blank=True,
        help_text="Văn bản, số liệu làm căn cứ đánh giá, ví dụ: Báo cáo số 12/BC-UBND ngày 10/12/2023 của phường.",
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người đánh giá",
    )
    assessed_at = models.DateTimeField("đánh giá lúc", auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "đánh giá tiêu chí thi đua"
        verbose_name_plural = "đánh giá tiêu chí thi đua"
        ordering = ["campaign", "year", vietnamese("ward__name"), vietnamese("subject_name"), "criterion__order"]
        indexes = [
            # For a ward's or district's assessments: the unique index puts the criterion before the
            # ward, and SQLite's planner prefers it unless this one matches more columns.
            models.Index(fields=["campaign", "ward", "year"], name="assessment_ward_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "criterion", "ward", "subject_name"],
                name="one_assessment_per_subject_criterion_year",
                violation_error_message="Đối tượng này đã được đánh giá theo tiêu chí này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["campaign", "year", "criterion", "subject_name"], condition=Q(ward__isnull=True),
                name="one_assessment_per_subject_without_ward",
                violation_error_message="Đối tượng này đã được đánh giá theo tiêu chí này trong năm.",
            ),
            models.CheckConstraint(
                condition=Q(ward__isnull=False) | ~Q(subject_name=""),
                name="assessment_names_its_subject",
                violation_error_message="Chọn phường hoặc ghi tên đối tượng được đánh giá.",
            ),
        ]

    def __str__(self):
        return f"{self.subject_label} — năm {self.year}: {self.get_result_display()}"

    @property
    def subject_label(self) -> str:
        if self.subject_name and self.ward_id:
            return f"{self.subject_name} ({self.ward})"
        return self.subject_name or f"UBND {self.ward}"

    def clean(self):
        errors = {}
        if self.campaign_id and self.year and self.year not in self.campaign.years:
            errors["year"] = (
                f"Năm {self.year} nằm ngoài thời gian của kế hoạch "
                f"({self.campaign.start_year}–{self.campaign.end_year})."
            )
        if self.criterion_id and self.campaign_id and self.criterion.campaign_id != self.campaign_id:
            errors["criterion"] = "Tiêu chí không thuộc kế hoạch này."
        if self.ward_id and self.campaign_id and not self.campaign.covers(self.ward):
            errors["ward"] = f"{self.ward} không thuộc đơn vị ban hành {self.campaign}."
        if self.criterion_id and self.criterion.actor_type == ActorType.WARD:
            if not self.ward_id:
                errors["ward"] = "Tiêu chí của UBND phường: phải chọn phường được đánh giá."
            if self.subject_name:
                errors["subject_name"] = "Tiêu chí của UBND phường đánh giá chính phường: để trống tên đối tượng."
        elif not self.subject_name:
            errors["subject_name"] = "Ghi tên đối tượng được đánh giá (tổ dân phố, hộ, cán bộ, doanh nghiệp…)."
        if errors:
            raise ValidationError(errors)


# Vietnamese tone marks, whichever vowel of a syllable they sit on ("hoà" and "hòa", "Thuỵ" and "Thụy"
# are one name in two spellings); the marks that shape a vowel (â, ă, ơ) stay where they are.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWEL_MARKS = "\u0302\u0306\u031b"
_DOTTED_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}[^\W\d_]?\b")
_LETTERS_AND_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def _syllable(word: str) -> str:
    """The word with its tone mark moved to its end and any mark Vietnamese does not use dropped."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(sorted(ch for ch in decomposed if ch in _TONE_MARKS))
    kept = "".join(
        ch for ch in decomposed
        if not unicodedata.combining(ch) or (ch in _VOWEL_MARKS)
    )
    return unicodedata.normalize("NFC", kept + tones)


def comparable_words(text: str) -> list[str]:
    """The words of `text` as the one-award-per-achievement rule compares them: Unicode NFKC, any
    case; invisible characters (zero-width spaces, joiners, direction marks) removed; punctuation and
    symbols as spaces; "T.D.P" as "TDP"; the tone mark on either vowel; numbers without leading zeros
    and without the "số" before them; "Tổ dân phố", "Ủy ban nhân dân", "Khu dân cư" as TDP, UBND, KDC."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = _DOTTED_ACRONYM.sub(lambda match: match.group().replace(".", ""), text)
    text = "".join(
        "" if unicodedata.category(ch) == "Cf" else (" " if unicodedata.category(ch)[0] in "PSZC" else ch)
        for ch in text
    )
    words = [_syllable(word) for word in _LETTERS_AND_DIGITS.sub(" ", text).split()]
    words = [_number(word) or word for word in words]
    words = [word for index, word in enumerate(words)
             if not (word == _SO and index + 1 < len(words) and words[index + 1].isdigit())]
    for phrase, abbreviation in _ABBREVIATIONS:
        size = len(phrase)
        index = 0
        while index + size <= len(words):
            if words[index:index + size] == phrase:
                words[index:index + size] = [abbreviation]
            index += 1
    return words


def _number(word: str) -> str | None:
    """A number without its leading zeros (and without any mark typed on it), or None."""
    digits = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    return str(int(digits)) if digits.isdigit() else None


_SO = _syllable("số")
_ABBREVIATIONS = [
    ([_syllable(word) for word in phrase.split()], abbreviation)
    for phrase, abbreviation in (("tổ dân phố", "tdp"), ("ủy ban nhân dân", "ubnd"), ("khu dân cư", "kdc"))
]
_WARD = _syllable("phường")
# How a unit names the nominee's own ward: "Khương Đình", "Phường Khương Đình", "P. Khương Đình", "UBND phường …".
_OWN_WARD_PREFIXES = ([], [_WARD], ["p"], ["ubnd", _WARD], ["ubnd"])


def nominee_key(
    name: str, unit: str, ward_id: int | None, district_id: int | None = None, *, ward_name: str | None = None
) -> str:
    """Who a nomination is for, as the one-award-per-achievement rule compares it: the name and unit
    by `comparable_words`; the nominee's own ward written as its unit is no unit (`ward_name`, read
    from the ward when not given); outside any ward, the proposing district tells nominees apart."""
    name_words, unit_words = comparable_words(name), comparable_words(unit)
    if ward_id and unit_words:
        if ward_name is None:
            ward_name = Ward.objects.filter(pk=ward_id).values_list("name", flat=True).first() or ""
        ward_words = comparable_words(ward_name)
        if ward_words[:1] == [_WARD]:
            ward_words = ward_words[1:]
        if any(unit_words == prefix + ward_words for prefix in _OWN_WARD_PREFIXES):
            unit_words = []
    place = ward_id or (f"q{district_id}" if district_id else "")
    key = f"{' '.join(name_words)}|{' '.join(unit_words)}|{place}"
    if len(key) > 500:  # NFKC lengthens some characters: the column holds 500
        key = f"{key[:400]}#{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def occasion_label(occasion: str, year: int) -> str:
    if occasion == Occasion.YEARLY:
        return f"Khen thưởng năm {year}"
    if occasion == Occasion.SUDDEN:
        return f"Thành tích đột xuất năm {year}"
    return f"{Occasion(occasion).label} ({year})" if year else str(Occasion(occasion).label)


def review_year(campaign: Campaign, occasion: str) -> int | None:
    """The year the plan holds its mid-term or final review (its milestone), else its last year
    for the final one; None for the mid-term of a plan without one."""
    from campaign.models import Milestone

    year = Milestone.objects.filter(campaign=campaign, kind=occasion).values_list("year", flat=True).first()
    if year is None and occasion == Occasion.FINAL:
        return campaign.end_year
    return year


def proposing_unit_label(proposing_ward: Ward | None, district: District | None = None) -> str:
    """The ward's people's committee, or the office in charge of `district` when the district proposes."""
    if proposing_ward is not None:
        return f"UBND {proposing_ward}"
    return f"{office_name(Role.SOCIAL_AFFAIRS, district)} quận"


def nominee_unit_label(unit: str, ward: Ward | None) -> str:
    return unit or (str(ward) if ward is not None else "")


class NominationQuerySet(ScopedQuerySet):
    """A ward's proposals are its officer's and its district's; a district's own proposals its
    offices'; the city reads its districts'. Read on the indexed district column: no join."""

    path = ""

    def _rule(self, reach, *, write: bool) -> Q:
        prefix = f"{self.path}__" if self.path else ""
        if reach.everything:
            return Q()
        if write and not reach.writes:
            return NOTHING
        if reach.level == WARD:
            rule = Q(**{f"{prefix}proposing_ward": reach.ward.pk})
        elif reach.level == DISTRICT:
            rule = Q(**{f"{prefix}district": reach.district.pk})
        elif reach.level == PROVINCE and not write:
            rule = Q(**{f"{prefix}campaign__owner_province": reach.province.pk}) | Q(
                **{f"{prefix}district__province": reach.province.pk}
            )
        else:
            rule = NOTHING
        if write:
            return rule
        # The wards and districts the user reads as history: their nominations too, read-only.
        if reach.history:
            rule |= Q(**{f"{prefix}proposing_ward__in": sorted(reach.history)})
        if reach.history_districts:
            rule |= Q(**{f"{prefix}district__in": sorted(reach.history_districts)})
        return rule

    def read_rule(self, reach):
        return self._rule(reach, write=False)

    def write_rule(self, reach):
        return self._rule(reach, write=True)


class OfNominationQuerySet(NominationQuerySet):
    path = "nomination"


class NominationTransitionQuerySet(OfNominationQuerySet):
    def write_rule(self, reach):
        return NOTHING


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi cơ quan thường trực"
        FORWARDED = "forwarded", "Chờ cơ quan thi đua, khen thưởng thẩm định"
        RETURNED = "returned", "Bị trả lại"
        REJECTED = "rejected", "Không đề nghị khen thưởng"
        APPROVED = "approved", "Đã thẩm định, đồng ý"
        SENT_TO_CITY = "sent_to_city", "Đã trình UBND Thành phố"
        AWARDED = "awarded", "Đã khen thưởng"

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    # A rejected proposal does not count as an award: the nominee may be proposed again.
    LIVE_STATUSES = (
        Status.DRAFT, Status.SUBMITTED, Status.FORWARDED, Status.RETURNED, Status.APPROVED,
        Status.SENT_TO_CITY, Status.AWARDED,
    )

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="nominations", verbose_name="kế hoạch"
    )
    occasion = models.CharField("dịp khen thưởng", max_length=20, choices=Occasion.choices)
    year = models.PositiveSmallIntegerField(
        "năm", help_text="Năm của thành tích. Tổng kết: năm cuối của kế hoạch (2025)."
    )
    award_form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="nominations", verbose_name="hình thức khen thưởng"
    )
    nominee_kind = models.CharField("đối tượng", max_length=20, choices=NomineeKind.choices)
    nominee_name = models.CharField(
        "tên tập thể, cá nhân, hộ", max_length=200,
        help_text="Ví dụ: Tổ dân phố số 5; Ông Nguyễn Văn An; Hộ bà Lê Thị Hoa.",
    )
    unit = models.CharField(
        "đơn vị, địa chỉ", max_length=200, blank=True,
        help_text="Cơ quan, đơn vị công tác hoặc nơi ở, ví dụ: Phường Khương Đình; UBND phường Khương Đình.",
    )
    position = models.CharField("chức vụ", max_length=200, blank=True, help_text="Với cá nhân.")
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations",
        verbose_name="phường của đối tượng",
        help_text="Phường nơi tập thể, cá nhân, hộ công tác hoặc sinh sống; để trống với đơn vị cấp quận.",
    )
    actor_type = models.CharField(
        "loại đối tượng thi đua", max_length=30, choices=ActorType.choices,
        help_text="Quyết định các tiêu chí thi đua (mục IV của kế hoạch) hiển thị bên cạnh thành tích.",
    )
    achievements = models.TextField(
        "tóm tắt thành tích", help_text="Thành tích nổi bật trong Phong trào thi đua, có số liệu cụ thể."
    )
    proposing_ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="proposed_nominations", db_index=False,
        verbose_name="phường đề nghị",
        help_text="Để trống khi cơ quan thường trực của quận trực tiếp đề nghị.",
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, editable=False, db_index=False,
        related_name="nominations", verbose_name="quận xét đề nghị",
        help_text="Quận có cơ quan thường trực, cơ quan thi đua, khen thưởng xử lý đề nghị: quận của phường "
        "đề nghị, hoặc quận có cơ quan thường trực lập đề nghị. Tự xác định khi lập đề nghị.",
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(
        "chuyển sang trạng thái này lúc", default=timezone.now, editable=False,
        help_text="Thời điểm của bước xử lý gần nhất: đề nghị chờ ở trạng thái hiện tại từ lúc này.",
    )
    appraisal_comment = models.TextField(
        "ý kiến thẩm định", blank=True,
        help_text="Ý kiến của cơ quan thi đua, khen thưởng khi đồng ý, trả lại hoặc không đề nghị.",
    )
    decision_number = models.CharField(
        "số quyết định", max_length=50, blank=True, help_text="Ví dụ: 1234/QĐ-UBND."
    )
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.CharField(
        "người, cơ quan quyết định", max_length=200, blank=True,
        help_text="Ví dụ: Chủ tịch UBND quận Thanh Xuân.",
    )
    key = models.CharField("khóa đối tượng", max_length=500, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords(
        verbose_name="lịch sử đề nghị khen thưởng", excluded_fields=["created_at", "updated_at", "key"]
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("forward_nomination", "Tổng hợp, chuyển đề nghị khen thưởng sang cơ quan thi đua, khen thưởng"),
            ("appraise_nomination", "Thẩm định đề nghị khen thưởng, ghi quyết định khen thưởng"),
            ("export_nomination", "Xuất danh sách đề nghị khen thưởng ra tệp"),
        ]
        indexes = [
            # A district's pages: counts per status, Nội vụ's queue, the list (district staff).
            models.Index(fields=["district", "campaign", "status"], name="nomination_district_status"),
            # An officer's pages: their ward's proposals.
            models.Index(fields=["proposing_ward", "campaign", "status"], name="nomination_ward_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "occasion", "year", "key"], condition=~Q(status="rejected"),
                name="one_award_per_achievement",
                violation_error_message=(
                    "Đối tượng này đã được đề nghị khen thưởng trong dịp này: "
                    "một thành tích không khen thưởng hai lần."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="awarded") | (~Q(decision_number="") & Q(decision_date__isnull=False)),
                name="awarded_has_decision",
                violation_error_message="Đã khen thưởng thì phải có số và ngày quyết định.",
            ),
            models.CheckConstraint(
                condition=~Q(nominee_kind="household") | Q(actor_type="household"),
                name="household_nominee_is_household_actor",
                violation_error_message="Đối tượng là hộ gia đình thì loại đối tượng thi đua là hộ gia đình.",
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name} — {self.award_form}"

    def save(self, *args, **kwargs):
        # Derived, never typed: the district that handles it and the identity the
        # one-award-per-achievement rule compares.
        self.assign_district()
        self.key = self.comparison_key()
        super().save(*args, **kwargs)

    def comparison_key(self) -> str:
        return nominee_key(
            self.nominee_name, self.unit, self.ward_id, self.district_id,
            ward_name=self.ward.name if self.ward_id else "",
        )

    def assign_district(self) -> None:
        if self.district_id is None and self.campaign_id:
            self.district_id = self.campaign.owner_district_id

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def proposing_unit(self) -> str:
        if self.proposing_ward_id:
            return proposing_unit_label(self.proposing_ward)
        return proposing_unit_label(None, self.district if self.district_id else None)

    @property
    def office_unit(self):
        """The unit whose offices handle the nomination, as its messages name them: the proposing
        ward (whose offices are its district's while it has one), else the nominee's ward, else the
        district, else the plan's owner."""
        if self.proposing_ward_id:
            return self.proposing_ward
        if self.ward_id:
            return self.ward
        return self.district if self.district_id else self.campaign.owner

    @property
    def occasion_label(self) -> str:
        return occasion_label(self.occasion, self.year)

    @property
    def appraisal_result(self) -> str:
        Status = self.Status
        comment = f": {self.appraisal_comment}" if self.appraisal_comment else ""
        if self.status == Status.AWARDED:
            return (
                f"Đã khen thưởng (Quyết định số {self.decision_number} ngày "
                f"{self.decision_date:%d/%m/%Y} của {self.decided_by})"
            )
        if self.status == Status.APPROVED:
            return f"Đồng ý{comment}"
        if self.status == Status.SENT_TO_CITY:
            return f"Đồng ý, đã trình UBND Thành phố{comment}"
        if self.status == Status.REJECTED:
            return f"Không đề nghị khen thưởng{comment}"
        if self.status == Status.RETURNED and self.appraisal_comment:
            return f"Trả lại để bổ sung{comment}"
        if self.status == Status.FORWARDED:
            return "Chờ thẩm định"
        return "Chưa thẩm định"

    @property
    def nominee_unit(self) -> str:
        return nominee_unit_label(self.unit, self.ward if self.ward_id else None)

    def occasion_day(self, campaign: Campaign) -> "datetime.date":
        """The day the award is considered: the review's day where the plan sets it, else the
        year's end (the yearly review of results)."""
        import datetime

        from campaign.models import Milestone

        if self.occasion in REVIEW_OCCASIONS:
            held = Milestone.objects.filter(campaign=campaign, kind=self.occasion).values_list("held_on", flat=True).first()
            if held:
                return held
        return datetime.date(self.year, 12, 31)

    def clean(self):
        """The plan's award rules, on every path: pages, admin, demo data. Every rule broken is
        reported at once, so that one correction of the form is enough."""
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        self.assign_district()
        campaign = self.campaign if self.campaign_id else None
        form = self.award_form if self.award_form_id else None
        if campaign and self.year and self.year not in campaign.years:
            add(
                "year",
                f"Năm {self.year} nằm ngoài thời gian của kế hoạch ({campaign.start_year}–{campaign.end_year})."
            )
        if campaign and self.occasion in REVIEW_OCCASIONS and self.year:
            held = review_year(campaign, self.occasion)
            name = Occasion(self.occasion).label.split(" Phong trào")[0].lower()
            if held is None:
                add("occasion", f"Kế hoạch {campaign.number} không có mốc {name}.")
            elif self.year != held:
                add("year", f"Khen thưởng {name} được xét vào năm {held}.")
        day = self.decision_date or (self.occasion_day(campaign) if campaign and self.occasion and self.year else None)
        if form and day and not form.valid_on(day):
            add(
                "award_form",
                f"{form.name} chỉ áp dụng {form.validity_label}; không dùng được cho "
                f"{'quyết định ngày' if self.decision_date else 'dịp khen thưởng ngày'} {day:%d/%m/%Y}."
            )
        if form and self.occasion and not form.allows_occasion(self.occasion):
            add(
                "award_form",
                f"{form.name} chỉ xét vào dịp: {form.occasions_label.lower()}; "
                f"không xét cho {Occasion(self.occasion).label.lower()}."
            )
        # The recipient is checked even when the occasion is wrong: both need correcting.
        if form and self.nominee_kind and not form.allows_kind(self.nominee_kind):
            if self.nominee_kind == NomineeKind.HOUSEHOLD:
                add(
                    "award_form",
                    f"Hộ gia đình được tặng Bằng khen, Giấy khen, không được tặng {form.name}."
                )
            else:
                add("award_form", f"{form.name} chỉ tặng cho {form.kinds_label}.")
        if form and campaign and form.campaign_id != campaign.pk:
            add("award_form", f"{form.name} không thuộc kế hoạch {campaign.number}.")
        if form and form.is_ward_form and not self.proposing_ward_id:
            add(
                "award_form",
                f"{form.name} do UBND phường quyết định: chỉ phường đề nghị và quyết định, không trình lên quận."
            )
        if self.nominee_kind == NomineeKind.HOUSEHOLD and self.actor_type and self.actor_type != ActorType.HOUSEHOLD:
            add("actor_type", "Đối tượng là hộ gia đình thì loại đối tượng thi đua là hộ gia đình.")
        if self.actor_type in (ActorType.WARD, ActorType.RESIDENTIAL_GROUP) and not self.ward_id:
            add("ward", "Với UBND phường hoặc tổ dân phố, phải chọn phường.")
        if self.proposing_ward_id and self.ward_id and self.proposing_ward_id != self.ward_id:
            add("ward", "Phường chỉ đề nghị khen thưởng cho tập thể, cá nhân, hộ của phường mình.")
        if self.proposing_ward_id and not self.ward_id:
            add("ward", "Phường đề nghị thì đối tượng phải thuộc phường đó.")
        elif self.proposing_ward_id and self.district_id and self.proposing_ward.district_id != self.district_id:
            add("proposing_ward", f"{self.proposing_ward} không thuộc {self.district}.")
        elif self.ward_id and self.district_id and self.ward.district_id != self.district_id:
            add(
                "ward",
                f"Phường của đối tượng không thuộc {self.district}: quận chỉ đề nghị khen thưởng đối tượng của quận mình."
            )
        try:
            self._check_not_rewarded_twice()
        except ValidationError as error:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    def _check_not_rewarded_twice(self):
        if not (self.campaign_id and self.occasion and self.year and self.nominee_name):
            return
        twin = (
            Nomination.objects.filter(
                campaign_id=self.campaign_id, occasion=self.occasion, year=self.year,
                key=self.comparison_key(),
                status__in=self.LIVE_STATUSES,
            )
            .exclude(pk=self.pk)
            .select_related("award_form", "district")
            .first()
        )
        if twin is not None:
            raise ValidationError(
                f"{self.nominee_name} đã được đề nghị {twin.award_form} cho "
                f"{twin.occasion_label.lower()} ({twin.get_status_display().lower()}, do {twin.proposing_unit} đề nghị): "
                "một thành tích không khen thưởng hai lần."
            )

    def validate_constraints(self, exclude=None):
        # The twin check in clean() already says which nomination clashes, in words.
        exclude = set(exclude or ()) | {"key"}
        super().validate_constraints(exclude=exclude)


class NominationTransition(Transition):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="transitions", verbose_name="đề nghị khen thưởng"
    )
    from_status = models.CharField("từ trạng thái", max_length=20, choices=Nomination.Status.choices)
    to_status = models.CharField("sang trạng thái", max_length=20, choices=Nomination.Status.choices)

    objects = NominationTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "bước xử lý đề nghị khen thưởng"
        verbose_name_plural = "các bước xử lý đề nghị khen thưởng"
        ordering = ["nomination", "at", "pk"]

    def __str__(self):
        return f"{self.nomination}: {self.get_from_status_display()} → {self.get_to_status_display()}"


def document_path(instance: "NominationDocument", filename: str) -> str:
    # Never the uploaded name: a generated one, with the extension of the checked content.
    return f"awards/{instance.nomination.campaign_id}/{uuid.uuid4().hex}{instance.extension}"


class NominationDocument(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION_LETTER = "submission_letter", "Tờ trình"
        ACHIEVEMENT_REPORT = "achievement_report", "Báo cáo thành tích"
        MEETING_MINUTES = "meeting_minutes", "Biên bản họp xét"
        OTHER = "other", "Tài liệu khác"

    # Without these two the dossier is not complete enough to send on.
    REQUIRED_KINDS = (Kind.SUBMISSION_LETTER, Kind.ACHIEVEMENT_REPORT)

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="documents", verbose_name="đề nghị khen thưởng"
    )
    kind = models.CharField("loại hồ sơ", max_length=30, choices=Kind.choices)
    file = models.FileField("tệp", upload_to=document_path, max_length=200)
    original_name = models.CharField("tên tệp gốc", max_length=200)
    extension = models.CharField("đuôi tệp", max_length=10)
    content_type = models.CharField("kiểu nội dung", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    objects = OfNominationQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        ordering = ["nomination", "kind", "uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def size_label(self) -> str:
        return size_label(self.size)


def size_label(size: int) -> str:
    """"120 KB", "2,5 MB": a file's size as the pages write it."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(size // 1024, 1)} KB"


# A file accepted on a nomination form that had other errors waits this long for the form to be
# sent again; `manage.py clear_pending_documents` removes older ones.
PENDING_DOCUMENT_LIFETIME = timedelta(days=1)


def new_pending_token() -> str:
    return secrets.token_hex(16)


def pending_document_path(instance: "PendingDocument", filename: str) -> str:
    # Never the uploaded name, as for the dossier's own files.
    return f"awards/pending/{uuid.uuid4().hex}{instance.extension}"


class PendingDocumentQuerySet(models.QuerySet):
    def stale(self, *, now=None):
        """Files kept longer than PENDING_DOCUMENT_LIFETIME: their form was never sent again."""
        return self.filter(created_at__lt=(now or timezone.now()) - PENDING_DOCUMENT_LIFETIME)


class PendingDocument(models.Model):
    """A dossier file that passed its checks on a nomination form the user must correct: kept so
    that the corrected form need not carry it again. Reached by its random token and its uploader
    only; it becomes the nomination's document when the form is saved, and is removed then."""

    token = models.CharField("mã tệp đã nhận", max_length=32, unique=True, default=new_pending_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="người tải lên"
    )
    kind = models.CharField("loại hồ sơ", max_length=30, choices=NominationDocument.Kind.choices)
    file = models.FileField("tệp", upload_to=pending_document_path, max_length=200)
    original_name = models.CharField("tên tệp gốc", max_length=200)
    extension = models.CharField("đuôi tệp", max_length=10)
    content_type = models.CharField("kiểu nội dung", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True, db_index=True)

    objects = PendingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ chờ lưu cùng đề nghị"
        verbose_name_plural = "hồ sơ chờ lưu cùng đề nghị"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def size_label(self) -> str:
        return size_label(self.size)
