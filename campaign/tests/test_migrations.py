"""Migration campaign.0003: existing plans get the district that issued them as owner.

A running district keeps what it had: its plan (now owned by it, answering the city's plan, with
the award forms that were shared), its staff's access, and every figure, approval and history
row as it was. A plan that several districts shared is split: each district gets its own copy,
and its rows move onto it.
"""

import datetime

import pytest

from conftest import migrate_to, migrate_to_latest

BEFORE = [
    ("campaign", "0001_plan"), ("awards", "0008_units_from_wards"), ("reports", "0008_role_grants"),
    ("wards", "0010_units_moved_out"), ("units", "0001_units_from_wards"),
]


def _setting(apps):
    """Hà Nội, Thanh Xuân with two wards, the plan as it was stored (its parent as text), the
    shared award forms, a posted LĐ-TB&XH."""
    Province, District, Ward = (apps.get_model("units", name) for name in ("Province", "District", "Ward"))
    hanoi = Province.objects.create(code="01", name="Thành phố Hà Nội")
    thanh_xuan = District.objects.create(province=hanoi, code="009", name="Thanh Xuân")
    wards = [
        Ward.objects.create(district=thanh_xuan, code=code, name=name, slug=slug)
        for code, name, slug in (("00364", "Khương Đình", "khuong-dinh"), ("00343", "Nhân Chính", "nhan-chinh"))
    ]
    plan = apps.get_model("campaign", "Campaign").objects.create(
        number="255/KH-UBND", title="Hưởng ứng Phong trào thi đua", issuing_body="UBND quận Thanh Xuân",
        issued_on=datetime.date(2022, 9, 29), start_year=2022, end_year=2025,
        parent_plan_number="251/KH-UBND", parent_plan_issued_on=datetime.date(2022, 9, 27),
        parent_plan_body="UBND thành phố Hà Nội",
    )
    Criterion = apps.get_model("campaign", "Criterion")
    criterion = Criterion.objects.create(campaign=plan, actor_type="ward", order=1, text="Giảm hộ cận nghèo.")
    AwardForm = apps.get_model("awards", "AwardForm")
    form = AwardForm.objects.create(
        code="giay-khen-quan", name="Giấy khen của Chủ tịch UBND quận", order=3, decided_by="district",
        decider="Chủ tịch UBND quận Thanh Xuân", for_yearly=True, for_collective=True, for_individual=True,
    )
    User = apps.get_model("auth", "User")
    staff = User.objects.create(username="ldtbxh", is_staff=True)
    # (A transactional test before this one may have flushed the roles.)
    staff.groups.add(apps.get_model("auth", "Group").objects.get_or_create(name="Phòng LĐ-TB&XH")[0])
    apps.get_model("units", "StaffPosting").objects.create(user=staff, district=thanh_xuan)
    return {"plan": plan, "district": thanh_xuan, "wards": wards, "criterion": criterion, "form": form,
            "staff": staff, "province": hanoi}


def _rows(apps, setting, ward, *, maker):
    """A baseline, an approved count with a history row, a nomination and an assessment of `ward`."""
    plan = setting["plan"]
    apps.get_model("wards", "Baseline").objects.create(campaign=plan, ward=ward, near_poor=6)
    count = apps.get_model("wards", "YearlyCount").objects.create(
        campaign=plan, ward=ward, year=2022, status="approved", near_poor_start=6, near_poor_escaped=2,
        near_poor_end=4,
    )
    apps.get_model("wards", "HistoricalYearlyCount").objects.create(
        id=count.pk, campaign_id=plan.pk, ward_id=ward.pk, year=2022, status="approved", near_poor_start=6,
        near_poor_escaped=2, near_poor_end=4, poor_end=0, poor_new=0, poor_fallen_back=0, near_poor_to_poor=0,
        near_poor_out_other=0, near_poor_new=0, near_poor_fallen_back=0, near_poor_from_poor=0,
        near_poor_in_other=0, note="", start_needs_check=False, version=0,
        history_date=datetime.datetime(2023, 1, 5, tzinfo=datetime.timezone.utc), history_type="+",
        history_change_reason="Tạo số liệu",
    )
    nomination = apps.get_model("awards", "Nomination").objects.create(
        campaign=plan, occasion="yearly", year=2023, award_form=setting["form"], nominee_kind="collective",
        nominee_name=f"Tổ dân phố số 1 {ward.name}", ward=ward, proposing_ward=ward, actor_type="residential_group",
        achievements="Giảm 2 hộ.", district=ward.district, key=f"to|{ward.pk}", created_by=maker,
    )
    assessment = apps.get_model("awards", "CriterionAssessment").objects.create(
        campaign=plan, year=2022, criterion=setting["criterion"], ward=ward, result="met",
    )
    return {"count": count, "nomination": nomination, "assessment": assessment}


@pytest.mark.django_db(transaction=True)
def test_the_running_district_owns_its_plan_and_keeps_its_access(client):
    apps = migrate_to(BEFORE)
    setting = _setting(apps)
    rows = _rows(apps, setting, setting["wards"][0], maker=setting["staff"])
    history_before = list(apps.get_model("wards", "HistoricalYearlyCount").objects.order_by("pk").values())
    migrate_to_latest()

    from django.contrib.auth import get_user_model

    from awards.models import AwardForm, Nomination
    from campaign.models import Campaign
    from wards.models import YearlyCount

    plan = Campaign.objects.get(pk=setting["plan"].pk)
    assert plan.owner_district_id == setting["district"].pk and plan.owner_province is None
    assert (plan.parent.number, plan.parent.issued_on, plan.parent.issuing_body) == (
        "251/KH-UBND", datetime.date(2022, 9, 27), "UBND thành phố Hà Nội")
    assert plan.parent.owner_province_id == setting["province"].pk
    assert Campaign.objects.count() == 2
    assert list(AwardForm.objects.values_list("pk", "campaign")) == [(setting["form"].pk, plan.pk)]
    assert Nomination.objects.get(pk=rows["nomination"].pk).campaign_id == plan.pk
    # Figures and history untouched.
    assert YearlyCount.objects.get(pk=rows["count"].pk).campaign_id == plan.pk
    # Every value as it was (later migrations add columns, which old rows leave at their defaults).
    columns = list(history_before[0]) if history_before else []
    assert list(YearlyCount.history.model.objects.order_by("pk").values(*columns)) == history_before
    # The district's office keeps its plan and its pages.
    from conftest import _restore_roles

    _restore_roles()
    staff = get_user_model().objects.get(pk=setting["staff"].pk)
    assert list(Campaign.objects.editable_by(staff)) == [plan]
    client.force_login(staff)
    response = client.get("/tong-quan/")
    assert response.status_code == 200 and "255/KH-UBND" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_plan_shared_by_two_districts_is_split_between_them():
    apps = migrate_to(BEFORE)
    setting = _setting(apps)
    Ward, District = apps.get_model("units", "Ward"), apps.get_model("units", "District")
    dong_da = District.objects.create(province=setting["province"], code="006", name="Đống Đa")
    van_chuong = Ward.objects.create(district=dong_da, code="00211", name="Văn Chương", slug="van-chuong")
    ours = _rows(apps, setting, setting["wards"][0], maker=setting["staff"])
    theirs = _rows(apps, setting, van_chuong, maker=setting["staff"])
    counts_before = list(apps.get_model("wards", "YearlyCount").objects.order_by("pk").values_list(
        "pk", "ward", "year", "status", "near_poor_start", "near_poor_end", "version"))
    migrate_to_latest()

    from awards.models import CriterionAssessment, Nomination
    from campaign.models import Campaign
    from wards.models import YearlyCount

    plan = Campaign.objects.get(pk=setting["plan"].pk)
    copy = Campaign.objects.get(owner_district=dong_da.pk)
    assert plan.owner_district_id == setting["district"].pk
    assert (copy.number, copy.parent_id, copy.issuing_body) == ("255/KH-UBND", plan.parent_id, "UBND quận Đống Đa")
    assert YearlyCount.objects.get(pk=ours["count"].pk).campaign_id == plan.pk
    assert YearlyCount.objects.get(pk=theirs["count"].pk).campaign_id == copy.pk
    # Their nomination moved with an award form of its own plan, named for its district.
    nomination = Nomination.objects.select_related("award_form").get(pk=theirs["nomination"].pk)
    assert (nomination.campaign_id, nomination.award_form.campaign_id) == (copy.pk, copy.pk)
    assert nomination.award_form.decider == "Chủ tịch UBND quận Đống Đa"
    assert Nomination.objects.get(pk=ours["nomination"].pk).award_form_id == setting["form"].pk
    # Their assessment moved with the copy's own criterion.
    assessment = CriterionAssessment.objects.select_related("criterion").get(pk=theirs["assessment"].pk)
    assert assessment.campaign_id == copy.pk and assessment.criterion.campaign_id == copy.pk
    assert assessment.criterion.text == "Giảm hộ cận nghèo."
    # The figures themselves are as they were, row for row.
    assert list(YearlyCount.objects.order_by("pk").values_list(
        "pk", "ward", "year", "status", "near_poor_start", "near_poor_end", "version")) == counts_before


@pytest.mark.django_db(transaction=True)
def test_a_plan_of_no_known_district_stops_the_migration():
    apps = migrate_to(BEFORE)
    Province, District = apps.get_model("units", "Province"), apps.get_model("units", "District")
    hanoi = Province.objects.create(code="01", name="Thành phố Hà Nội")
    District.objects.create(province=hanoi, code="009", name="Thanh Xuân")
    District.objects.create(province=hanoi, code="006", name="Đống Đa")
    plan = apps.get_model("campaign", "Campaign").objects.create(
        number="5/KH-UBND", title="Kế hoạch", issuing_body="UBND", issued_on=datetime.date(2022, 1, 1),
        start_year=2022, end_year=2025,
    )
    with pytest.raises(RuntimeError, match="không xác định được quận ban hành"):
        migrate_to_latest()
    apps.get_model("campaign", "Campaign").objects.filter(pk=plan.pk).delete()
    migrate_to_latest()
