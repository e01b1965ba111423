"""Bulk data for the tests that check a page or selector does not slow down with more wards."""

from campaign.models import Campaign
from wards.models import Baseline, District, ReductionTarget, Ward, YearlyCount


def add_wards(plan: Campaign, number: int) -> None:
    """`number` more wards, each 4 near-poor down to 2 over two approved years, in bulk."""
    district = District.objects.get()
    wards = Ward.objects.bulk_create([
        Ward(district=district, code=f"9{i:04d}", name=f"Thử {i:03d}", slug=f"thu-{i:03d}")
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
