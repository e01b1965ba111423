"""Bulk data for the tests that check a page or selector does not slow down with more wards, and
for the tests of several districts and cities."""

from campaign.models import Campaign
from common.cache import bump
from units.models import District, Province, Ward
from wards.models import Baseline, ReductionTarget, YearlyCount


def add_wards(plan: Campaign, number: int, *, district: District | None = None) -> list[Ward]:
    """`number` more wards (of the only district unless `district`), each 4 near-poor down to 2
    over two approved years, in bulk."""
    district = district or District.objects.get()
    # Thanh Xuân's test wards are 9xxxx; another district's start with its code's last two digits.
    # Thanh Xuân's test wards are "Thử 000", 9xxxx; another district's carry its name and start
    # with its code's last two digits.
    thanh_xuan = district.code == "009"
    code = (lambda i: f"9{i:04d}") if thanh_xuan else (lambda i: f"{district.code[-2:]}{i:03d}")
    label = "Thử" if thanh_xuan else district.name
    wards = Ward.objects.bulk_create([
        Ward(district=district, province_id=district.province_id, code=code(i), name=f"{label} {i:03d}", slug=f"thu-{code(i)}")
        for i in range(number)
    ])
    Baseline.objects.bulk_create([Baseline(campaign=plan, ward=w, near_poor=4) for w in wards])
    ReductionTarget.objects.bulk_create([
        ReductionTarget(campaign=plan, ward=w, year=year, reduction=1)
        for w in wards for year in plan.years
    ])
    YearlyCount.objects.bulk_create([
        YearlyCount(
            campaign=plan, ward=w, year=year, status=YearlyCount.Status.APPROVED,
            near_poor_start=start, near_poor_escaped=1, near_poor_end=start - 1,
        )
        for w in wards for year, start in ((2022, 4), (2023, 3))
    ])
    # Bulk writes send no signal: the progress pages learn of them from here.
    bump()
    return wards


def add_district(plan: Campaign, *, code: str, name: str, wards: int = 20,
                 province: Province | None = None) -> District:
    """A district of `province` (Hà Nội by default) with its own copy of `plan` (see
    conftest.district_plan_for) and `wards` wards in it, as `add_wards` makes them."""
    from conftest import district_plan_for

    district = District.objects.create(province=province or Province.objects.get(code="01"), code=code, name=name)
    own = district_plan_for(district, plan=plan)
    add_wards(own, wards, district=district)
    return district
