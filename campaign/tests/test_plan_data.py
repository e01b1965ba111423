"""The reference data reproduces plan 255/KH-UBND: its annex cell by cell, its wards, criteria."""

import datetime
from pathlib import Path

from django.conf import settings

from campaign.models import ActorType, Criterion, Milestone
from units.models import District, Ward
from wards.models import Baseline, ReductionTarget

ANNEX = {
    # ward: (near-poor households in 2022, reductions 2022, 2023, 2024, 2025)
    "Thanh Xuân Bắc": (6, 2, 2, 2, 0),
    "Khương Đình": (6, 2, 2, 2, 0),
    "Phương Liệt": (9, 3, 3, 3, 0),
    "Khương Trung": (2, 1, 1, 0, 0),
    "Nhân Chính": (9, 3, 3, 3, 0),
}

WARD_CODES = {
    "Nhân Chính": "00343", "Thượng Đình": "00346", "Khương Trung": "00349", "Khương Mai": "00352",
    "Thanh Xuân Trung": "00355", "Phương Liệt": "00358", "Hạ Đình": "00361", "Khương Đình": "00364",
    "Thanh Xuân Bắc": "00367", "Thanh Xuân Nam": "00370", "Kim Giang": "00373",
}


def test_campaign_is_the_plan(plan):
    assert plan.number == "255/KH-UBND"
    assert plan.issued_on == datetime.date(2022, 9, 29)
    assert plan.issuing_body == "UBND quận Thanh Xuân"
    assert plan.owner_district.code == "009" and plan.owner_province is None
    assert (plan.parent.number, plan.parent.issued_on) == ("251/KH-UBND", datetime.date(2022, 9, 27))
    assert plan.parent.owner_province.code == "01" and plan.parent.issuing_body == "UBND thành phố Hà Nội"
    assert list(plan.years) == [2022, 2023, 2024, 2025]
    # The plan's own title misses the accent: the data spells it right.
    assert "“Vì người nghèo – Không để ai bị bỏ lại phía sau”" in plan.title
    assert "Vi người" not in plan.title


def test_milestones(plan):
    milestones = {m.kind: m for m in Milestone.objects.filter(campaign=plan)}
    assert milestones[Milestone.Kind.LAUNCH].year == 2022
    assert milestones[Milestone.Kind.MID_TERM].held_on == datetime.date(2023, 6, 11)
    assert milestones[Milestone.Kind.FINAL].held_on == datetime.date(2025, 6, 11)


def test_district_and_its_eleven_wards(plan):
    district = District.objects.get()
    assert (district.code, district.name, district.province.code) == ("009", "Thanh Xuân", "01")
    assert dict(Ward.objects.values_list("name", "code")) == WARD_CODES
    assert Ward.objects.get(code="00364").slug == "khuong-dinh"


def test_annex_cell_by_cell(plan):
    baselines = dict(Baseline.objects.filter(campaign=plan).values_list("ward__name", "near_poor"))
    targets = {
        (name, year): reduction
        for name, year, reduction in ReductionTarget.objects.filter(campaign=plan).values_list(
            "ward__name", "year", "reduction"
        )
    }
    for name, (households, *reductions) in ANNEX.items():
        assert baselines[name] == households, name
        for year, reduction in zip(range(2022, 2026), reductions):
            assert targets[(name, year)] == reduction, (name, year)
        assert sum(reductions) == households, f"{name}: targets add up to the 2022 count"
    assert {name for name, _ in targets} == set(ANNEX)
    # The other six wards had no near-poor households.
    assert all(baselines[name] == 0 for name in WARD_CODES if name not in ANNEX)
    assert sum(baselines.values()) == 32
    totals = [sum(targets[(name, year)] for name in ANNEX) for year in range(2022, 2026)]
    assert totals == [11, 11, 10, 0]


def test_every_criterion_of_section_iv_verbatim(plan):
    text = (Path(settings.BASE_DIR) / "fixtures" / "255-KH-UBND-2022.txt").read_text(encoding="utf-8")
    section = text.split("IV. TIÊU CHÍ THI ĐUA")[1].split("V. TIÊU CHUẨN")[0]
    criteria = Criterion.objects.filter(campaign=plan)
    counts = {actor: criteria.filter(actor_type=actor).count() for actor in ActorType.values}
    assert counts == {
        "district": 5, "ward": 5, "residential_group": 3, "household": 4, "official": 1,
        "enterprise": 3,
    }
    for criterion in criteria:
        first_sentence = criterion.text.split(" (Có biểu")[0]
        assert first_sentence in section, criterion.text
    five_wards = criteria.filter(actor_type="ward").exclude(scope="")
    assert five_wards.count() == 2
    assert all("Nhân Chính, Phương Liệt, Khương Đình, Thanh Xuân Bắc, Khương Trung" in c.scope
               for c in five_wards)
