"""Synthetic data at city or nation scale, for benchmarks and for trying the product at size.

Around the real plan 255/KH-UBND, of which each district gets its own copy, units are named by
number ("Phường Số 340") so that no figure can be taken for a real unit's. The same `seed` gives
the same rows on SQLite and PostgreSQL (`fingerprint`); rows are written in bulk, as the services
would leave them, in one transaction. Only the seed_scale command imports this module.
"""

import csv
import dataclasses
import hashlib
import io
import json
import operator
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from awards.models import (
    AssessmentResult, AwardForm, CriterionAssessment, Nomination, NominationDocument, NominationTransition,
    NomineeKind, Occasion, nominee_key,
)
from campaign.models import ActorType, Campaign, Criterion, Milestone
from common import cache as progress_cache
from units.access import Role
from units.models import District, Province, StaffPosting, Ward, WardOfficer, slugify_vi
from wards.models import Baseline, CountTransition, ReductionTarget, ReportingWindow, WindowExtension, YearlyCount

# Hashed once for every account (the production hasher is slow); the demo accounts' password.
PASSWORD = "ThiDua@2025"
SUPERUSER = "quantri"
# Marks a database seed_scale filled, the only kind --replace may wipe (no real address is .invalid).
MARKER_EMAIL = "seed-scale@thidua.invalid"
EMAIL_DOMAIN = "thidua.example.vn"
# One small PDF shared by every dossier row: a file each would cost gigabytes for nothing.
SHARED_DOCUMENT = "awards/seed-scale/ho-so-mau.pdf"

REAL_PROVINCE, REAL_DISTRICT = "01", "009"
FIRST_WARD_CODE = 10000  # generated wards are 10001, 10002…; the real ones are 00343–00373
MAX_DISTRICT_CODE = 999
MAX_WARD_CODE = 99999
BATCH = 2000
COPY_NULL = "\\N"  # how a NULL is spelt in the CSV sent to PostgreSQL's COPY; no text here is "\N"
TZ = ZoneInfo(settings.TIME_ZONE)
JOINED = datetime(2022, 10, 1, 8, 0, tzinfo=TZ)
# No generated date is later than this, so decisions are never "after today".
LATEST = datetime(2026, 3, 31, 17, 0, tzinfo=TZ)

Status = YearlyCount.Status
NStatus = Nomination.Status
Kind = NominationDocument.Kind

FLAG, CITY_MERIT, DISTRICT_MERIT, WARD_MERIT = (
    "co-thi-dua-thanh-pho", "bang-khen-thanh-pho", "giay-khen-quan", "giay-khen-phuong",
)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = {"Ông": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công"], "Bà": ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh"]}
GIVEN = {
    "Ông": ["An", "Bình", "Cường", "Dũng", "Hùng", "Khang", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn", "Việt"],
    "Bà": ["Anh", "Chi", "Dung", "Hà", "Hoa", "Lan", "Mai", "Nga", "Oanh", "Phương", "Thảo", "Trang", "Yến"],
}
RETURN_REASONS = [
    "Số hộ thoát cận nghèo chưa khớp danh sách kèm theo: đề nghị rà soát lại.",
    "Thiếu biên bản họp bình xét của tổ dân phố.",
    "Hộ phát sinh mới chưa có phiếu rà soát, xác minh thu nhập.",
]
NOMINATION_RETURN_REASONS = [
    "Bổ sung số liệu cụ thể (số tiền vận động, số hộ được hỗ trợ).",
    "Thiếu biên bản họp xét của đơn vị đề nghị.",
    "Báo cáo thành tích chưa có xác nhận của UBND phường.",
]
REJECT_REASONS = [
    "Thành tích chưa nổi bật so với tiêu chuẩn của hình thức khen thưởng.",
    "Thành tích này đã được khen thưởng ở hình thức khác trong năm.",
]
EXTENSION_REASONS = [
    "Cán bộ phụ trách mới được phân công, phường đề nghị gia hạn.",
    "Phường đang rà soát lại các hộ phát sinh mới cuối năm.",
]
ACHIEVEMENTS = {
    ActorType.RESIDENTIAL_GROUP: "Vận động, hỗ trợ vốn và kinh nghiệm làm ăn cho {n} hộ cận nghèo; "
                                 "huy động {m} triệu đồng cho quỹ Vì người nghèo.",
    ActorType.WARD: "Giảm {n} hộ cận nghèo trong giai đoạn, không có hộ nghèo, không tái nghèo.",
    ActorType.OFFICIAL: "Bám sát địa bàn, rà soát từng hộ cận nghèo; kết nối vay vốn ưu đãi cho {n} hộ.",
    ActorType.HOUSEHOLD: "Chủ động học nghề, vay vốn sản xuất; thoát cận nghèo và giúp {n} hộ khác có việc làm.",
    ActorType.ENTERPRISE: "Tuyển dụng {n} lao động của hộ cận nghèo; ủng hộ {m} triệu đồng cho quỹ Vì người nghèo.",
}


class SeedRefused(Exception):
    """The database holds data seed_scale did not write: nothing was written."""


@dataclass(frozen=True)
class Size:
    provinces: int
    hanoi_districts: int
    hanoi_wards: int
    other_districts: int
    other_wards: int
    nominations: int
    spread: float = 0.5

    @property
    def districts(self) -> int:
        return self.hanoi_districts + self.other_districts

    @property
    def wards(self) -> int:
        return self.hanoi_wards + self.other_wards


LEVELS = {
    "city": Size(provinces=1, hanoi_districts=30, hanoi_wards=580, other_districts=0, other_wards=0,
                 nominations=10_000),
    "nation": Size(provinces=63, hanoi_districts=30, hanoi_wards=580, other_districts=670, other_wards=10_020,
                   nominations=100_000),
}


def level_size(level: str, *, provinces: int | None = None, districts: int | None = None,
               wards_per_district: int | None = None, nominations: int | None = None) -> Size:
    """The size of a level, or a small uniform one for tests (Thanh Xuân keeps its 11 wards)."""
    size = LEVELS[level]
    if districts is not None or wards_per_district is not None or provinces is not None:
        if districts is None or wards_per_district is None:
            raise ValueError("Cần cả --districts và --wards-per-district.")
        provinces = provinces if provinces is not None else size.provinces
        if provinces < 1 or districts < 1 or wards_per_district < 1:
            raise ValueError("Số tỉnh, số quận và số phường mỗi quận phải lớn hơn 0.")
        others = (provinces - 1) * districts
        size = Size(
            provinces=provinces, hanoi_districts=districts, hanoi_wards=11 + (districts - 1) * wards_per_district,
            other_districts=others, other_wards=others * wards_per_district, nominations=size.nominations,
            spread=0.0,
        )
    if nominations is not None:
        size = dataclasses.replace(size, nominations=nominations)
    if size.provinces > 99 or size.districts > MAX_DISTRICT_CODE - 1:
        raise ValueError("Quá nhiều tỉnh hoặc quận: mã tỉnh có 2 chữ số, mã quận 3 chữ số.")
    if size.wards - 11 > MAX_WARD_CODE - FIRST_WARD_CODE:
        raise ValueError("Quá nhiều phường: mã phường có 5 chữ số.")
    return size


@dataclass
class SeedResult:
    seconds: float
    rows: dict[str, int]
    accounts: list[tuple[str, str]]
    password: str


def _fixture() -> dict[str, list[dict]]:
    path = Path(settings.BASE_DIR) / "fixtures" / "plan_255.json"
    by_model: dict[str, list[dict]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        by_model.setdefault(row["model"], []).append(row)
    return by_model


def check_database(*, replace: bool) -> bool:
    """Refuse a database that holds data seed_scale did not write. True when it holds a previous
    run's data (which `replace` allows to wipe), False when it is empty but for the plan."""
    User = get_user_model()
    marker = User.objects.filter(username=SUPERUSER, email=MARKER_EMAIL, is_superuser=True).first()
    if marker is not None:
        if not replace:
            raise SeedRefused(
                "Cơ sở dữ liệu này đã có dữ liệu giả lập của seed_scale. "
                "Dùng --replace để xóa và tạo lại."
            )
        # Every generated account shares one password hash: another one was made by hand.
        foreign = User.objects.exclude(password=marker.password).values_list("username", flat=True)[:5]
        if foreign:
            raise SeedRefused(
                "Cơ sở dữ liệu có tài khoản không do seed_scale tạo ("
                + ", ".join(foreign) + "): không xóa. Hãy dùng một cơ sở dữ liệu riêng, trống."
            )
        return True
    fixture = _fixture()
    found = []
    if User.objects.exists():
        found.append(f"{_n(User.objects.count())} tài khoản")
    for model, label in (
        (YearlyCount, "số liệu hằng năm"), (Nomination, "đề nghị khen thưởng"),
        (CriterionAssessment, "đánh giá tiêu chí"), (ReportingWindow, "thời hạn báo cáo"),
        (WindowExtension, "gia hạn báo cáo"), (WardOfficer, "cán bộ phường"), (StaffPosting, "đơn vị công tác"),
        (apps.get_model("reports", "ReviewReport"), "báo cáo sơ kết, tổng kết"),
    ):
        n = model.objects.count()
        if n:
            found.append(f"{_n(n)} {label}")
    for model, label in ((Province, "tỉnh"), (District, "quận"), (Ward, "phường")):
        codes = {r["fields"]["code"] for r in fixture.get(model._meta.label_lower, [])}
        n = model.objects.exclude(code__in=codes).count()
        if n:
            found.append(f"{_n(n)} {label} ngoài dữ liệu của kế hoạch")
    # Loading the fixture again rewrites only its own plan rows; one added by hand would survive.
    for model, label in ((Campaign, "kế hoạch"), (Milestone, "mốc tiến độ"), (Criterion, "tiêu chí"),
                         (AwardForm, "hình thức khen thưởng")):
        pks = {r["pk"] for r in fixture.get(model._meta.label_lower, [])}
        n = model.objects.exclude(pk__in=pks).count()
        if n:
            found.append(f"{_n(n)} {label} ngoài dữ liệu của kế hoạch")
    if found:
        raise SeedRefused(
            "Cơ sở dữ liệu đã có dữ liệu thật (" + "; ".join(found) + "): seed_scale không ghi gì. "
            "Hãy chỉ định một cơ sở dữ liệu riêng, trống (DATABASE_URL), chạy migrate rồi chạy lại."
        )
    return False


def _wiped_models() -> list[type[models.Model]]:
    """Every model seed_scale writes or that may point at its rows, children first."""
    User = get_user_model()
    chosen = [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in {"units", "campaign", "wards", "awards", "reports"}
        or m in (User, User.groups.through, User.user_permissions.through, LogEntry, Session)
    ]
    ordered, placed = [], set()
    while len(ordered) < len(chosen):
        progressed = False
        for model in chosen:
            if model in placed:
                continue
            pointing = [
                other for other in chosen if other not in placed and other is not model and any(
                    f.is_relation and f.many_to_one and f.related_model is model
                    for f in other._meta.concrete_fields
                )
            ]
            if not pointing:
                ordered.append(model)
                placed.add(model)
                progressed = True
        if not progressed:
            raise RuntimeError("circular foreign keys between the wiped models")
    return ordered


def _wipe() -> None:
    for model in _wiped_models():
        model.objects.all()._raw_delete(connection.alias)


@contextmanager
def _fixed_timestamps(*model_classes):
    """Turn off auto_now(_add), so that generated rows keep their fixed dates (same seed, same data)."""
    fields = [
        f for m in model_classes for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _split(total: int, parts: int, rng: random.Random, spread: float) -> list[int]:
    if parts <= 0:
        return []
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    shares = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def _at(day: date, rng: random.Random) -> datetime:
    moment = datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.randrange(0, 60, 5), tzinfo=TZ)
    return min(moment, LATEST)


def _later(moment: datetime, rng: random.Random, low: int, high: int) -> datetime:
    return min(moment + timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6)), LATEST)


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pdf_bytes() -> bytes:
    text = b"BT /F1 14 Tf 72 770 Td (Ho so mau - du lieu gia lap seed_scale) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _bulk(model, rows: list) -> list:
    if rows:
        model.objects.bulk_create(rows, batch_size=BATCH)
    return rows


def _first_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _insert(model, rows: list[dict]) -> None:
    """INSERT rows given as {attname: value} through the cursor, far cheaper than bulk_create.
    Missing columns take the field's default; rows with their own id need `_reset_ids` after."""
    if not rows:
        return
    with_id = model._meta.pk.attname in rows[0]
    fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    row_tuple = operator.itemgetter(*(f.attname for f in fields))
    ops = connection.ops
    adapters = [
        (index, ops.adapt_datetimefield_value if isinstance(f, models.DateTimeField) else ops.adapt_datefield_value)
        for index, f in enumerate(fields) if isinstance(f, models.DateField)
    ]
    values = []
    for row in rows:
        value = list(row_tuple({**defaults, **row}))
        for index, adapt in adapters:
            value[index] = adapt(value[index])
        values.append(value)
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.Database.__name__ == "psycopg2":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerows([COPY_NULL if v is None else v for v in value] for value in values)
            buffer.seek(0)
            cursor.cursor.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '{COPY_NULL}')", buffer
            )
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            for start in range(0, len(values), 10_000):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                                   values[start:start + 10_000])


def _reset_ids(*model_classes) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@dataclass
class _Plan:
    id: int
    ward_criteria: dict[int, int]
    group_criteria: list[int]
    forms: dict[str, AwardForm]
    windows: dict[int, int] = field(default_factory=dict)


@dataclass
class _WardInfo:
    ward: Ward
    district: District
    plan: _Plan
    baseline: int
    targets: dict[int, int]
    officer_id: int = 0
    counts: dict[int, dict] = field(default_factory=dict)


def _province_label(province: Province) -> str:
    return f"tỉnh {province.name.removeprefix('Tỉnh ')}"


def _row(instance: models.Model) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


class _Seeder:
    def __init__(self, *, size: Size, seed: int, password: str, log: Callable[[str], None]):
        self.size, self.seed, self.log = size, seed, log
        self.password_hash = make_password(password, salt=f"seedscale{seed}")
        self.campaign = Campaign.objects.plan_255()
        if self.campaign is None or self.campaign.parent is None:
            raise SeedRefused("Thiếu kế hoạch 255/KH-UBND của quận Thanh Xuân hoặc kế hoạch 251/KH-UBND "
                              "của Thành phố (fixtures/plan_255.json).")
        self.years = list(self.campaign.years)
        self.groups = {}
        for role in Role:
            group = Group.objects.filter(name=role.value).first()
            if group is None:
                raise SeedRefused(f"Thiếu nhóm quyền “{role.value}”: hãy chạy migrate trước.")
            self.groups[role] = group
        self.source_forms = list(AwardForm.objects.filter(campaign=self.campaign).order_by("order", "pk"))
        missing = {FLAG, CITY_MERIT, DISTRICT_MERIT, WARD_MERIT} - {form.code for form in self.source_forms}
        if missing:
            raise SeedRefused(
                "Kế hoạch 255/KH-UBND thiếu hình thức khen thưởng (" + ", ".join(sorted(missing))
                + "): hãy kiểm tra fixtures/plan_255.json."
            )
        self.source_criteria = list(Criterion.objects.filter(campaign=self.campaign).order_by("pk"))
        self.source_milestones = list(Milestone.objects.filter(campaign=self.campaign).order_by("pk"))

    def rng(self, phase: str) -> random.Random:
        # One stream per phase: a change in one phase leaves the others' data as it was.
        return random.Random(f"{self.seed}:{phase}")

    def units(self) -> None:
        rng = self.rng("units")
        size = self.size
        hanoi = Province.objects.get(code=REAL_PROVINCE)
        thanh_xuan = District.objects.get(code=REAL_DISTRICT)
        provinces = [hanoi] + _bulk(Province, [
            Province(code=f"{n:02d}", name=f"Tỉnh Số {n}") for n in range(2, size.provinces + 1)
        ])

        district_codes = (f"{n:03d}" for n in range(1, MAX_DISTRICT_CODE + 1) if f"{n:03d}" != REAL_DISTRICT)
        shares = [(hanoi, size.hanoi_districts - 1)] + list(zip(
            provinces[1:], _split(size.other_districts, size.provinces - 1, rng, size.spread)
        ))
        new_districts = []
        for province, n in shares:
            for _ in range(n):
                code = next(district_codes)
                new_districts.append(District(province=province, code=code, name=f"Số {int(code)}"))
        _bulk(District, new_districts)

        hanoi_new = [d for d in new_districts if d.province is hanoi]
        others = [d for d in new_districts if d.province is not hanoi]
        per_district = (
            _split(size.hanoi_wards - 11, len(hanoi_new), rng, size.spread)
            + _split(size.other_wards, len(others), rng, size.spread)
        )
        new_wards, number = [], 0
        for district, n in zip(hanoi_new + others, per_district):
            for _ in range(n):
                number += 1
                name = f"Số {number}"
                new_wards.append(Ward(
                    district=district, province_id=district.province_id, code=f"{FIRST_WARD_CODE + number:05d}",
                    name=name, slug=slugify_vi(name),
                ))
        _bulk(Ward, new_wards)
        self.real_wards = list(Ward.objects.filter(district=thanh_xuan).order_by("code"))
        self.new_wards = new_wards
        self.districts = [thanh_xuan] + new_districts
        self.provinces = provinces
        self.log(f"  đơn vị: {len(provinces)} tỉnh, {len(self.districts)} quận, "
                 f"{_n(len(self.real_wards) + len(new_wards))} phường")

    def plans(self) -> None:
        source, city = self.campaign, self.campaign.parent
        plans, milestones, criteria, forms = [], [], [], []
        next_plan, next_criterion, next_form = _first_id(Campaign), _first_id(Criterion), _first_id(AwardForm)

        city_plans = {city.owner_province_id: city.pk}
        for province in self.provinces[1:]:
            city_plans[province.pk] = next_plan
            plans.append(dict(
                id=next_plan, number=f"{int(province.code)}/KH-UBND", title=city.title, owner_district_id=None,
                owner_province_id=province.pk, parent_id=None, issuing_body=f"UBND {_province_label(province)}",
                issued_on=city.issued_on, start_year=city.start_year, end_year=city.end_year, goal=city.goal,
            ))
            next_plan += 1

        self.plans_by_district: dict[int, _Plan] = {}
        for district in self.districts:
            if district.pk == source.owner_district_id:
                self.plans_by_district[district.pk] = _Plan(
                    id=source.pk,
                    ward_criteria={c.order: c.pk for c in self.source_criteria if c.actor_type == ActorType.WARD},
                    group_criteria=[c.pk for c in sorted(self.source_criteria, key=lambda c: c.order)
                                    if c.actor_type == ActorType.RESIDENTIAL_GROUP],
                    forms={form.code: form for form in self.source_forms},
                )
                continue
            plan_id = next_plan
            next_plan += 1
            plans.append(dict(
                id=plan_id, number=f"{int(district.code)}/KH-UBND", title=source.title, owner_district_id=district.pk,
                owner_province_id=None, parent_id=city_plans[district.province_id],
                issuing_body=f"UBND quận {district.name}", issued_on=source.issued_on,
                start_year=source.start_year, end_year=source.end_year, goal=source.goal,
            ))
            milestones += [
                dict(campaign_id=plan_id, kind=m.kind, year=m.year, held_on=m.held_on, description=m.description)
                for m in self.source_milestones
            ]
            ward_criteria, group_criteria = {}, []
            for c in self.source_criteria:
                criteria.append(dict(id=next_criterion, campaign_id=plan_id, actor_type=c.actor_type, order=c.order,
                                     scope=c.scope, text=c.text))
                if c.actor_type == ActorType.WARD:
                    ward_criteria[c.order] = next_criterion
                elif c.actor_type == ActorType.RESIDENTIAL_GROUP:
                    group_criteria.append((c.order, next_criterion))
                next_criterion += 1
            renames = {source.owner_district.name: district.name}
            if district.province_id != city.owner_province_id:
                renames["thành phố Hà Nội"] = _province_label(district.province)
            own_forms = {}
            for form in self.source_forms:
                decider = form.decider
                for old, new in renames.items():
                    decider = decider.replace(old, new)
                copy = AwardForm(
                    id=next_form, campaign_id=plan_id, code=form.code, name=form.name, order=form.order,
                    decided_by=form.decided_by, decider=decider, for_yearly=form.for_yearly,
                    for_mid_term=form.for_mid_term, for_final=form.for_final, for_sudden=form.for_sudden,
                    for_collective=form.for_collective, for_individual=form.for_individual,
                    for_household=form.for_household, valid_from=form.valid_from, valid_to=form.valid_to,
                )
                next_form += 1
                own_forms[form.code] = copy
                forms.append(_row(copy))
            self.plans_by_district[district.pk] = _Plan(
                id=plan_id, ward_criteria=ward_criteria, group_criteria=[pk for _, pk in sorted(group_criteria)],
                forms=own_forms,
            )
        _insert(Campaign, plans)
        _insert(Milestone, milestones)
        _insert(Criterion, criteria)
        _insert(AwardForm, forms)
        _reset_ids(Campaign, Criterion, AwardForm)
        self.log(f"  kế hoạch: {len(self.provinces)} của tỉnh, thành phố; {len(self.districts)} của quận "
                 f"({_n(len(criteria) + len(self.source_criteria))} tiêu chí)")

    def baselines(self) -> None:
        rng = self.rng("baselines")
        thanh_xuan = self.districts[0]
        fixture_baselines = {b.ward_id: b.near_poor for b in Baseline.objects.filter(campaign=self.campaign)}
        fixture_targets: dict[int, dict[int, int]] = {}
        for t in ReductionTarget.objects.filter(campaign=self.campaign):
            fixture_targets.setdefault(t.ward_id, {})[t.year] = t.reduction
        own = self.plans_by_district[thanh_xuan.pk]
        self.wards: list[_WardInfo] = [
            _WardInfo(ward=w, district=thanh_xuan, plan=own, baseline=fixture_baselines.get(w.pk, 0),
                      targets=fixture_targets.get(w.pk, {}))
            for w in self.real_wards
        ]
        baselines, targets = [], []
        for ward in self.new_wards:
            plan = self.plans_by_district[ward.district.pk]
            if rng.random() < 0.4:
                near_poor = 0
            else:
                near_poor = rng.randint(1, 12) if rng.random() < 0.7 else rng.randint(10, 30)
            plan_targets = {}
            if near_poor:
                per = -(-near_poor // rng.choice((3, 3, 4)))
                left = near_poor
                for year in self.years[:-1]:
                    plan_targets[year] = min(per, left)
                    left -= plan_targets[year]
                plan_targets[self.years[-1]] = left
                targets += [
                    dict(campaign_id=plan.id, ward_id=ward.pk, year=y, reduction=r) for y, r in plan_targets.items()
                ]
            baselines.append(dict(campaign_id=plan.id, ward_id=ward.pk, near_poor=near_poor, poor=0))
            self.wards.append(_WardInfo(ward=ward, district=ward.district, plan=plan, baseline=near_poor,
                                        targets=plan_targets))
        _insert(Baseline, baselines)
        _insert(ReductionTarget, targets)

    def accounts(self) -> None:
        User = get_user_model()
        users, roles = [], []

        def add(username: str, full_name: str, role: Role | None, *, staff: bool = True, superuser: bool = False,
                email: str | None = None):
            user = User(
                username=username, password=self.password_hash, first_name=full_name, last_name="",
                email=email or f"{username}@{EMAIL_DOMAIN}", is_staff=staff, is_superuser=superuser,
                is_active=True, date_joined=JOINED,
            )
            users.append(user)
            roles.append(role)
            return user

        add(SUPERUSER, "Quản trị dữ liệu giả lập", None, superuser=True, email=MARKER_EMAIL)
        city = {
            p.pk: add(f"so-ldtbxh-{p.code}",
                      "Lê Thu Hà" if p.code == REAL_PROVINCE else f"Cán bộ Sở LĐ-TB&XH {p.name}",
                      Role.CITY_SOCIAL_AFFAIRS, staff=False)
            for p in self.provinces
        }
        staff = {}
        for d in self.districts:
            real = d.code == REAL_DISTRICT
            staff[d.pk] = (
                add("ldtbxh" if real else f"ldtbxh-{d.code}",
                    "Nguyễn Thị Lan" if real else f"Cán bộ Phòng LĐ-TB&XH quận {d.name}", Role.SOCIAL_AFFAIRS),
                add("noivu" if real else f"noivu-{d.code}",
                    "Trần Văn Minh" if real else f"Cán bộ Phòng Nội vụ quận {d.name}", Role.HOME_AFFAIRS),
            )
        officers = [add(f"phuong-{info.ward.slug}", f"Cán bộ phường {info.ward.name}", Role.WARD_OFFICER)
                    for info in self.wards]
        _bulk(User, users)
        _insert(User.groups.through, [
            dict(user_id=u.pk, group_id=self.groups[r].pk) for u, r in zip(users, roles) if r
        ])
        _insert(StaffPosting, [dict(user_id=u.pk, province_id=pk, district_id=None) for pk, u in city.items()]
                + [dict(user_id=u.pk, district_id=pk, province_id=None) for pk, pair in staff.items() for u in pair])
        _insert(WardOfficer, [
            dict(user_id=u.pk, ward_id=info.ward.pk, position="Cán bộ Lao động – Thương binh và Xã hội")
            for u, info in zip(officers, self.wards)
        ])
        for u, info in zip(officers, self.wards):
            info.officer_id = u.pk
        self.staff = {pk: (social.pk, home.pk) for pk, (social, home) in staff.items()}
        self.accounts_summary = [
            (SUPERUSER, "quản trị (superuser)"),
            (f"so-ldtbxh-{REAL_PROVINCE}", "Sở LĐ-TB&XH Hà Nội; mỗi tỉnh: so-ldtbxh-<mã tỉnh>"),
            ("ldtbxh, noivu", "Phòng LĐ-TB&XH, Phòng Nội vụ quận Thanh Xuân"),
            ("ldtbxh-<mã quận>, noivu-<mã quận>", "hai phòng của mỗi quận khác, ví dụ ldtbxh-001"),
            ("phuong-khuong-dinh", "cán bộ phường Khương Đình; mỗi phường: phuong-<tên không dấu>, ví dụ "
                                   f"phuong-{self.wards[-1].ward.slug}"),
        ]
        self.log(f"  tài khoản: {_n(len(users))}")

    def windows(self) -> None:
        rng = self.rng("windows")
        windows, next_id = [], _first_id(ReportingWindow)
        for district in self.districts:
            plan = self.plans_by_district[district.pk]
            for y in self.years:
                windows.append(dict(id=next_id, campaign_id=plan.id, year=y, opens_on=date(y, 11, 1),
                                    closes_on=date(y, 12, 15)))
                plan.windows[y] = next_id
                next_id += 1
        _insert(ReportingWindow, windows)
        _reset_ids(ReportingWindow)
        extensions = []
        for year in self.years:
            for info in self.wards:
                if rng.random() < 0.03:
                    extensions.append(WindowExtension(
                        window_id=info.plan.windows[year], ward=info.ward,
                        closes_on=date(year, 12, rng.choice((22, 31))),
                        reason=rng.choice(EXTENSION_REASONS), granted_by_id=self.staff[info.district.pk][0],
                        granted_at=_at(date(year, 12, rng.randint(8, 14)), rng),
                    ))
        _bulk(WindowExtension, extensions)
        _insert(WindowExtension.history.model, [
            dict(id=e.pk, window_id=e.window_id, ward_id=e.ward_id, closes_on=e.closes_on, reason=e.reason,
                 granted_by_id=e.granted_by_id, granted_at=e.granted_at, history_date=e.granted_at,
                 history_type="+", history_user_id=e.granted_by_id,
                 history_change_reason=_short(f"Gia hạn đến {e.closes_on:%d/%m/%Y}: {e.reason}"))
            for e in extensions
        ])

    def _statuses(self, rng: random.Random) -> list[str]:
        """A ward's years and statuses: approved ones first, in order, then at most two on their way."""
        approved = rng.choices((4, 3, 2, 1, 0), weights=(40, 33, 13, 8, 6))[0]
        states = [Status.APPROVED] * approved
        if approved < len(self.years):
            step = rng.choices((Status.SUBMITTED, Status.RETURNED, Status.DRAFT, None), weights=(35, 15, 25, 25))[0]
            if step is not None:
                states.append(step)
                if len(states) < len(self.years) and rng.random() < 0.25:
                    states.append(Status.DRAFT)
        return states

    def counts(self) -> None:
        rng = self.rng("counts")
        counts, steps = [], []  # steps: (count, officer, [(from, to, by, at, reason)])
        next_id = _first_id(YearlyCount)
        for info in self.wards:
            social = self.staff[info.district.pk][0]
            behind = rng.random() < 0.2
            start = info.baseline
            for year, status in zip(self.years, self._statuses(rng)):
                target = info.targets.get(year, 0)
                escaped = max(0, min(start, target + rng.choice((-1, 0, 0, 0, 1)) - behind * rng.randint(0, 2)))
                out_other = int(rng.random() < 0.1 and start - escaped > 0)
                new = rng.randint(1, 2) if rng.random() < 0.1 else 0
                fallen_back = int(rng.random() < 0.05)
                poor_end = int(rng.random() < 0.02)
                poor_new = poor_end if rng.random() < 0.5 else 0
                end = start - escaped - out_other + new + fallen_back
                created = _at(date(year, 11, rng.randint(1, 25)), rng)
                moves = []
                at = created
                if status != Status.DRAFT:
                    at = _later(at, rng, 1, 10)
                    moves.append((Status.DRAFT, Status.SUBMITTED, info.officer_id, at, ""))
                    if status == Status.RETURNED or rng.random() < 0.15:
                        at = _later(at, rng, 2, 6)
                        moves.append((Status.SUBMITTED, Status.RETURNED, social, at, rng.choice(RETURN_REASONS)))
                        if status != Status.RETURNED:
                            at = _later(at, rng, 1, 5)
                            moves.append((Status.RETURNED, Status.SUBMITTED, info.officer_id, at, ""))
                    if status == Status.APPROVED:
                        at = _later(at, rng, 3, 20)
                        moves.append((Status.SUBMITTED, Status.APPROVED, social, at, ""))
                count = dict(
                    id=next_id, campaign_id=info.plan.id, ward_id=info.ward.pk, year=year, poor_end=poor_end,
                    poor_new=poor_new, poor_fallen_back=0, near_poor_start=start, near_poor_escaped=escaped,
                    near_poor_to_poor=0, near_poor_out_other=out_other, near_poor_new=new,
                    near_poor_fallen_back=fallen_back, near_poor_from_poor=0, near_poor_in_other=0,
                    near_poor_end=end, note="", status=status, start_needs_check=False, version=0,
                    created_at=created, updated_at=at, updated_by_id=moves[-1][2] if moves else info.officer_id,
                )
                next_id += 1
                counts.append(count)
                steps.append((count, info.officer_id, moves))
                info.counts[year] = count
                start = end
        _insert(YearlyCount, counts)
        _reset_ids(YearlyCount)

        transitions, history = [], []
        kept = [f.attname for f in YearlyCount.history.model._meta.concrete_fields
                if f.attname in counts[0] and f.attname != "status"] if counts else []
        for count, officer, moves in steps:
            figures = {name: count[name] for name in kept}
            history.append(dict(figures, status=Status.DRAFT, history_date=count["created_at"],
                                history_user_id=officer, history_type="+", history_change_reason="Tạo số liệu"))
            for from_status, to_status, by, at, reason in moves:
                transitions.append(dict(count_id=count["id"], from_status=from_status, to_status=to_status,
                                        by_id=by, at=at, reason=reason))
                label = Status(to_status).label
                history.append(dict(
                    figures, status=to_status, history_date=at, history_user_id=by, history_type="~",
                    history_change_reason=_short(f"{label}: {reason}" if reason else label),
                ))
        _insert(CountTransition, transitions)
        _insert(YearlyCount.history.model, history)
        self.log(f"  số liệu: {_n(len(counts))} năm-phường, {_n(len(transitions))} bước xử lý")

    def assessments(self) -> None:
        rng = self.rng("assessments")
        rows = []
        for info in self.wards:
            assessor = self.staff[info.district.pk][0]
            orders = (2, 3, 4, 5) if info.baseline else (1, 4, 5)
            for year, count in info.counts.items():
                if count["status"] != Status.APPROVED:
                    continue
                reduction = count["near_poor_start"] - count["near_poor_end"]
                when = _later(count["updated_at"], rng, 5, 30)
                for order in orders:
                    criterion = info.plan.ward_criteria.get(order)
                    if criterion is None:
                        continue
                    result, note = AssessmentResult.MET, "Thực hiện tốt."
                    if order == 3:
                        target = info.targets.get(year, 0)
                        if reduction >= target:
                            note = f"Giảm {reduction} hộ, chỉ tiêu {target} hộ."
                        else:
                            result, note = AssessmentResult.PARTLY, f"Giảm {reduction}/{target} hộ theo chỉ tiêu."
                    elif order == 5 and count["near_poor_fallen_back"]:
                        fallen_back = count["near_poor_fallen_back"]
                        result, note = AssessmentResult.PARTLY, f"Có {fallen_back} hộ tái cận nghèo."
                    elif rng.random() < 0.05:
                        result, note = AssessmentResult.NOT_MET, "Chưa thực hiện đầy đủ."
                    rows.append(dict(
                        campaign_id=info.plan.id, year=year, criterion_id=criterion, ward_id=info.ward.pk,
                        subject_name="", result=result, note=note, assessed_by_id=assessor, assessed_at=when,
                        evidence=f"Báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} của UBND {info.ward}.",
                    ))
                if rng.random() < 0.05:
                    group = f"Tổ dân phố số {rng.randint(1, 30)}"
                    for criterion in info.plan.group_criteria:
                        rows.append(dict(
                            campaign_id=info.plan.id, year=year, criterion_id=criterion, ward_id=info.ward.pk,
                            subject_name=group, result=rng.choices(AssessmentResult.values, weights=(80, 15, 5))[0],
                            note="Đánh giá theo báo cáo của UBND phường.", evidence="", assessed_by_id=assessor,
                            assessed_at=when,
                        ))
        _insert(CriterionAssessment, rows)

    def _person(self, rng: random.Random) -> tuple[str, str]:
        title = rng.choice(("Ông", "Bà"))
        return title, f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[title])} {rng.choice(GIVEN[title])}"

    def _nominee(self, rng: random.Random, info: _WardInfo, form: AwardForm, kind: str) -> dict:
        ward, district = info.ward, info.district
        by_district = not form.is_ward_form and rng.random() < 0.1
        group = rng.randint(1, 40)
        if kind == NomineeKind.HOUSEHOLD:
            title, name = self._person(rng)
            return dict(nominee_name=f"Hộ {title.lower()} {name}", actor_type=ActorType.HOUSEHOLD, ward=ward,
                        proposing_ward=ward, unit=f"Tổ dân phố số {group}, Phường {ward.name}", position="")
        if kind == NomineeKind.INDIVIDUAL:
            title, name = self._person(rng)
            if by_district:
                return dict(nominee_name=f"{title} {name}", actor_type=ActorType.OFFICIAL, ward=None,
                            proposing_ward=None, unit=f"Phòng LĐ-TB&XH quận {district.name}", position="Chuyên viên")
            official = rng.random() < 0.5
            return dict(
                nominee_name=f"{title} {name}", ward=ward, proposing_ward=ward, unit=f"Phường {ward.name}",
                actor_type=ActorType.OFFICIAL if official else ActorType.RESIDENTIAL_GROUP,
                position="Công chức Văn hóa – Xã hội phường" if official else f"Tổ trưởng tổ dân phố số {group}",
            )
        if by_district:
            if rng.random() < 0.5:
                return dict(nominee_name=f"UBND phường {ward.name}", actor_type=ActorType.WARD, ward=ward,
                            proposing_ward=None, unit="", position="")
            return dict(nominee_name=f"Hợp tác xã Số {rng.randint(1, 60)}", actor_type=ActorType.ENTERPRISE,
                        ward=None, proposing_ward=None, unit=f"Quận {district.name}", position="")
        return dict(nominee_name=f"Tổ dân phố số {group}", actor_type=ActorType.RESIDENTIAL_GROUP, ward=ward,
                    proposing_ward=ward, unit=f"Phường {ward.name}", position="")

    def _decider(self, form: AwardForm, info: _WardInfo) -> str:
        if form.is_ward_form:
            return f"{form.decider} {info.ward.name}".strip()
        return form.decider

    def _path(self, rng: random.Random, form: AwardForm, status: str) -> list[tuple[str, str]]:
        if form.is_ward_form:
            return [(NStatus.AWARDED, "proposer")] if status == NStatus.AWARDED else []
        s, f, a = (NStatus.SUBMITTED, "proposer"), (NStatus.FORWARDED, "social"), (NStatus.APPROVED, "home")
        return {
            NStatus.DRAFT: [],
            NStatus.SUBMITTED: [s],
            NStatus.FORWARDED: [s, f],
            NStatus.RETURNED: [s, (NStatus.RETURNED, "social")] if rng.random() < 0.5
            else [s, f, (NStatus.RETURNED, "home")],
            NStatus.REJECTED: [s, f, (NStatus.REJECTED, "home")],
            NStatus.APPROVED: [s, f, a],
            NStatus.SENT_TO_CITY: [s, f, a, (NStatus.SENT_TO_CITY, "home")],
            NStatus.AWARDED: [s, f, a, *([(NStatus.SENT_TO_CITY, "home")] if form.is_city_form else []),
                              (NStatus.AWARDED, "home")],
        }[status]

    def nominations(self) -> None:
        rng = self.rng("nominations")
        used: set[tuple] = set()
        total = self.size.nominations
        next_id = _first_id(Nomination)
        made = 0
        while made < total:
            # In chunks, so that a nation's nominations and their steps are never all in memory.
            chunk = []
            for _ in range(min(10_000, total - made)):
                chunk.append(self._nomination(rng, used, next_id))
                next_id += 1
            made += len(chunk)
            transitions, documents = [], []
            for nomination, steps, docs in chunk:
                previous = NStatus.DRAFT
                for to, by, at, comment in steps:
                    transitions.append(dict(nomination_id=nomination["id"], from_status=previous, to_status=to,
                                            by_id=by, at=at, reason=comment))
                    previous = to
                for number, (kind, at) in enumerate(docs, start=1):
                    documents.append(dict(
                        nomination_id=nomination["id"], kind=kind, file=SHARED_DOCUMENT,
                        original_name=f"{Kind(kind).label} {number}.pdf", extension=".pdf",
                        content_type="application/pdf", size=len(self.document),
                        uploaded_by_id=nomination["created_by_id"], uploaded_at=at,
                    ))
            _insert(Nomination, [n for n, _, _ in chunk])
            _insert(NominationTransition, transitions)
            _insert(NominationDocument, documents)
        _reset_ids(Nomination)
        self.log(f"  đề nghị khen thưởng: {_n(made)}")

    def _nomination(self, rng: random.Random, used: set, pk: int) -> tuple:
        for _attempt in range(50):
            info = self.wards[rng.randrange(len(self.wards))]
            forms = info.plan.forms
            occasion = rng.choices((Occasion.YEARLY, Occasion.FINAL, Occasion.SUDDEN), weights=(65, 25, 10))[0]
            if occasion == Occasion.SUDDEN:
                form, year = forms[WARD_MERIT], rng.choice(self.years)
            elif occasion == Occasion.FINAL:
                form = forms[rng.choices((FLAG, CITY_MERIT, DISTRICT_MERIT, WARD_MERIT), weights=(10, 25, 45, 20))[0]]
                year = self.years[-1]
            else:
                form = forms[rng.choices((CITY_MERIT, DISTRICT_MERIT, WARD_MERIT), weights=(20, 55, 25))[0]]
                year = rng.choices(self.years, weights=(20, 25, 30, 25))[0]
                if form.valid_to and year >= form.valid_to.year:
                    # Decided early the next year: a form that ends mid-year covers the year before.
                    year = form.valid_to.year - 1
            kinds = [k for k in NomineeKind.values if form.allows_kind(k)]
            kind = rng.choices(kinds, weights=[{"collective": 40, "individual": 35, "household": 25}[k] for k in kinds])[0]
            who = self._nominee(rng, info, form, kind)
            key = nominee_key(who["nominee_name"], who["unit"], who["ward"].pk if who["ward"] else None,
                              info.district.pk, ward_name=who["ward"].name if who["ward"] else "")
            if (occasion, year, key) not in used:
                used.add((occasion, year, key))
                break
        else:
            raise RuntimeError("could not draw a nominee not yet proposed for the occasion")

        if form.is_ward_form:
            status = rng.choices((NStatus.DRAFT, NStatus.AWARDED), weights=(25, 75))[0]
        else:
            status = rng.choices(
                (NStatus.DRAFT, NStatus.SUBMITTED, NStatus.FORWARDED, NStatus.RETURNED, NStatus.REJECTED,
                 NStatus.APPROVED, NStatus.SENT_TO_CITY, NStatus.AWARDED),
                weights=(8, 10, 15, 8, 5, 10, 9, 35),
            )[0]
            if status == NStatus.SENT_TO_CITY and not form.is_city_form:
                status = NStatus.APPROVED
        social, home = self.staff[info.district.pk]
        proposer = info.officer_id if who["proposing_ward"] is not None else social
        actors = {"proposer": proposer, "social": social, "home": home}
        if occasion == Occasion.FINAL:
            created = _at(date(2025, 3, 1) + timedelta(days=rng.randint(0, 60)), rng)
        elif occasion == Occasion.SUDDEN:
            created = _at(date(year, rng.randint(1, 11), rng.randint(1, 28)), rng)
        else:
            created = _at(date(year, 12, 1) + timedelta(days=rng.randint(0, 40)), rng)

        ward, proposing_ward = who.pop("ward"), who.pop("proposing_ward")
        nomination = dict(
            id=pk, campaign_id=info.plan.id, occasion=occasion, year=year, award_form_id=form.pk,
            nominee_kind=kind, ward_id=ward.pk if ward else None,
            proposing_ward_id=proposing_ward.pk if proposing_ward else None, district_id=info.district.pk,
            achievements=ACHIEVEMENTS[who["actor_type"]].format(n=rng.randint(2, 9), m=rng.randint(5, 80)),
            status=status, key=key, created_by_id=proposer, created_at=created, appraisal_comment="",
            decision_number="", decision_date=None, decided_by="", **who,
        )
        steps, at = [], created
        for to, actor in self._path(rng, form, status):
            at = _later(at, rng, 1, 10)
            comment = ""
            if to == NStatus.RETURNED:
                comment = rng.choice(NOMINATION_RETURN_REASONS)
                if actor == "home":
                    nomination["appraisal_comment"] = comment
            elif to == NStatus.REJECTED:
                comment = nomination["appraisal_comment"] = rng.choice(REJECT_REASONS)
            elif to == NStatus.APPROVED:
                comment = nomination["appraisal_comment"] = "Đủ tiêu chuẩn, hồ sơ đầy đủ."
            elif to == NStatus.AWARDED:
                decided_by = self._decider(form, info)
                number = f"{rng.randint(10, 3999)}/QĐ-UBND"
                decided_on = at.astimezone(TZ).date()
                nomination.update(decision_number=number, decision_date=decided_on, decided_by=decided_by)
                comment = f"Quyết định số {number} ngày {decided_on:%d/%m/%Y} của {decided_by}."
            steps.append((to, actors[actor], at, comment))
        nomination["updated_at"] = nomination["status_changed_at"] = at

        # The dossier: a submitted nomination has at least the two required files.
        if status == NStatus.DRAFT:
            kinds = [Kind.SUBMISSION_LETTER, Kind.ACHIEVEMENT_REPORT][: rng.randint(0, 2)]
        elif form.is_ward_form:
            kinds = [Kind.SUBMISSION_LETTER] + ([Kind.ACHIEVEMENT_REPORT] if rng.random() < 0.5 else [])
        else:
            kinds = [Kind.SUBMISSION_LETTER, Kind.ACHIEVEMENT_REPORT]
            kinds += [Kind.MEETING_MINUTES] if rng.random() < 0.6 else []
            kinds += [Kind.OTHER] if rng.random() < 0.1 else []
        docs = [(kind, _later(created, rng, 0, 0)) for kind in kinds]
        return nomination, steps, docs

    def run(self) -> None:
        self.document = _pdf_bytes()
        # The rows written through the cursor carry their dates; bulk_create would stamp the clock.
        with _fixed_timestamps(WindowExtension):
            for step in (self.units, self.plans, self.baselines, self.accounts, self.windows, self.counts,
                         self.assessments, self.nominations):
                begun = time.perf_counter()
                step()
                self.log(f"    ({step.__name__}: {time.perf_counter() - begun:.1f} s)")


def seed_scale(*, size: Size, seed: int, password: str = PASSWORD, replace: bool = False,
               log: Callable[[str], None] = lambda message: None) -> SeedResult:
    """Raises SeedRefused, having written nothing, when the database holds data seed_scale did
    not write, or (without `replace`) an earlier run's."""
    begun = time.perf_counter()
    with transaction.atomic():
        previous = check_database(replace=replace)
        if previous:
            _wipe()
            log("  dữ liệu giả lập cũ đã được xóa")
        call_command("loaddata", "plan_255", verbosity=0)
        seeder = _Seeder(size=size, seed=seed, password=password, log=log)
        seeder.run()
        # Rows written in bulk send no signal: the progress pages' cache is told here.
        progress_cache.bump()
        document = seeder.document

        def write_document():
            if not default_storage.exists(SHARED_DOCUMENT):
                default_storage.save(SHARED_DOCUMENT, ContentFile(document))

        transaction.on_commit(write_document)
    _analyze()
    return SeedResult(
        seconds=time.perf_counter() - begun, rows=table_rows(), accounts=seeder.accounts_summary,
        password=password,
    )


def _seeded_models() -> list[type[models.Model]]:
    User = get_user_model()
    return [
        Province, District, Ward, Campaign, Milestone, Criterion, AwardForm, Baseline, ReductionTarget, User,
        User.groups.through, StaffPosting, WardOfficer,
        ReportingWindow, WindowExtension, WindowExtension.history.model, YearlyCount, CountTransition,
        YearlyCount.history.model, CriterionAssessment, Nomination, NominationTransition, NominationDocument,
    ]


def _analyze() -> None:
    """On PostgreSQL, what autovacuum would do after a bulk load, so the first pages are planned as
    in steady state. VACUUM cannot run inside a transaction (a test's): ANALYZE alone there."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in _seeded_models():
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def table_rows() -> dict[str, int]:
    return {model._meta.db_table: model.objects.count() for model in _seeded_models()}


def _normal(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


# What tells a row apart without its id; a nomination by what its key (which holds ids) is made of.
NATURAL = {
    Province: ["code"], District: ["code"], Ward: ["code"],
    Campaign: ["owner_district", "owner_province", "number"],
    Criterion: ["campaign", "actor_type", "order"], AwardForm: ["campaign", "code"],
    ReportingWindow: ["campaign", "year"], YearlyCount: ["campaign", "ward", "year"],
    Nomination: ["campaign", "nominee_name", "unit", "ward", "district", "occasion", "year"],
}


def _natural(model, path: str) -> list[str]:
    if model is get_user_model():
        return [f"{path}__username"]
    names = []
    for name in NATURAL[model]:
        f = model._meta.get_field(name)
        names += _natural(f.related_model, f"{path}__{name}") if f.is_relation else [f"{path}__{name}"]
    return names


def _lookups(model, *, skip: tuple[str, ...] = ()) -> list[str]:
    names = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in skip:
            continue
        names += _natural(f.related_model, f.name) if f.is_relation else [f.name]
    return names


def fingerprint() -> str:
    """SHA-256 over every generated row by natural keys, not ids: alike on SQLite and PostgreSQL."""
    User = get_user_model()
    queries = [
        (model, _lookups(model))
        for model in (Province, District, Ward, Campaign, Milestone, Criterion, AwardForm, Baseline,
                      ReductionTarget, ReportingWindow, YearlyCount, CriterionAssessment)
    ] + [
        (Nomination, _lookups(Nomination, skip=("key",))),
        (User, _lookups(User, skip=("last_login",))),
        (User.groups.through, ["user__username", "group__name"]),
        (StaffPosting, _lookups(StaffPosting)),
        (WardOfficer, _lookups(WardOfficer)),
        (WindowExtension, _lookups(WindowExtension)),
        (WindowExtension.history.model, _lookups(WindowExtension.history.model, skip=("id",))),
        (YearlyCount.history.model, _lookups(YearlyCount.history.model, skip=("id",))),
        (CountTransition, _lookups(CountTransition)),
        (NominationTransition, _lookups(NominationTransition)),
        (NominationDocument, _lookups(NominationDocument)),
    ]
    digest = hashlib.sha256()
    for model, lookups in queries:
        rows = model.objects.order_by().values_list(*lookups)
        lines = sorted(repr(tuple(_normal(v) for v in row)) for row in rows)
        digest.update(f"{model._meta.db_table}:{len(lines)}\n".encode())
        for line in lines:
            digest.update(line.encode())
            digest.update(b"\n")
    return digest.hexdigest()
