"""Migration reports.0004: the reports written before districts were many get their district (and,
since campaign.0003, keep it as their plan's owner)."""

import datetime

import pytest

from conftest import migrate_to, migrate_to_latest

BEFORE = [("reports", "0003_review_report_district")]


def _report(apps, campaign, kind, place="Thanh Xuân"):
    return apps.get_model("reports", "ReviewReport").objects.create(
        campaign=campaign, kind=kind, place=place, number="", recipients="Lưu: VT, LĐTBXH.",
    )


def _plan(apps):
    return apps.get_model("campaign", "Campaign").objects.create(
        number="255/KH-UBND", title="Kế hoạch", issuing_body="UBND quận Thanh Xuân",
        issued_on=datetime.date(2022, 9, 29), start_year=2022, end_year=2025,
    )


@pytest.mark.django_db(transaction=True)
def test_the_only_district_takes_the_existing_reports():
    apps = migrate_to(BEFORE)
    province = apps.get_model("wards", "Province").objects.create(code="01", name="Thành phố Hà Nội")
    district = apps.get_model("wards", "District").objects.create(province=province, code="009", name="Thanh Xuân")
    campaign = _plan(apps)
    first, second = _report(apps, campaign, "mid_term"), _report(apps, campaign, "final", place="Hà Nội")
    migrate_to_latest()
    from reports.models import ReviewReport

    assert set(ReviewReport.objects.values_list("pk", "campaign__owner_district")) == {
        (first.pk, district.pk), (second.pk, district.pk)
    }


@pytest.mark.django_db(transaction=True)
def test_among_several_districts_the_place_names_it():
    apps = migrate_to(BEFORE)
    province = apps.get_model("wards", "Province").objects.create(code="01", name="Thành phố Hà Nội")
    District = apps.get_model("wards", "District")
    District.objects.create(province=province, code="009", name="Thanh Xuân")
    dong_da = District.objects.create(province=province, code="006", name="Đống Đa")
    report = _report(apps, _plan(apps), "final", place="Đống Đa")
    migrate_to_latest()
    from reports.models import ReviewReport

    # Đống Đa's report moved, with its district's rows, onto Đống Đa's own copy of the plan.
    assert ReviewReport.objects.get(pk=report.pk).district.pk == dong_da.pk


@pytest.mark.django_db(transaction=True)
def test_a_report_of_no_known_district_stops_the_migration():
    apps = migrate_to(BEFORE)
    province = apps.get_model("wards", "Province").objects.create(code="01", name="Thành phố Hà Nội")
    District = apps.get_model("wards", "District")
    District.objects.create(province=province, code="009", name="Thanh Xuân")
    District.objects.create(province=province, code="006", name="Đống Đa")
    report = _report(apps, _plan(apps), "final", place="Hà Nội")
    with pytest.raises(RuntimeError, match="không xác định được quận"):
        migrate_to_latest()
    apps.get_model("reports", "ReviewReport").objects.filter(pk=report.pk).delete()
    migrate_to_latest()
