"""Validation of a ward's yearly figures: every path (admin, services, imports) runs these."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from units.models import Ward, slugify_vi
from wards.models import YearlyCount


def errors_of(count):
    with pytest.raises(ValidationError) as caught:
        count.full_clean()
    return caught.value.message_dict


def test_slug_keeps_the_d_of_dong():
    assert slugify_vi("Khương Đình") == "khuong-dinh"
    assert slugify_vi("Thanh Xuân Bắc") == "thanh-xuan-bac"
    assert slugify_vi("Hạ Đình") == "ha-dinh"


def test_first_year_starts_from_the_baseline(plan, khuong_dinh):
    count = YearlyCount(campaign=plan, ward=khuong_dinh, year=2022)
    assert count.expected_start() == (6, "số đầu kỳ của kế hoạch 255/KH-UBND")


def test_balanced_figures_save(plan, khuong_dinh):
    count = YearlyCount(
        campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6,
        near_poor_escaped=3, near_poor_new=1, near_poor_end=4,
    )
    count.full_clean()
    count.save()
    assert count.reduction == 2


def test_broken_balance_names_the_field_and_the_sum(plan, khuong_dinh):
    count = YearlyCount(
        campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_escaped=2,
        near_poor_end=5,
    )
    assert errors_of(count)["near_poor_end"] == [
        "Số liệu không cân đối: đầu năm 6 − giảm 2 + tăng 0 = 4, nhưng số cuối năm nhập là 5."
    ]


def test_negative_figure_refused(plan, khuong_dinh):
    count = YearlyCount(
        campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_escaped=-1,
        near_poor_end=7,
    )
    assert errors_of(count)["near_poor_escaped"] == ["Số hộ không được là số âm."]


def test_start_must_match_the_baseline(plan, khuong_dinh):
    count = YearlyCount(campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=5, near_poor_end=5)
    assert errors_of(count)["near_poor_start"] == [
        "Số hộ cận nghèo đầu năm phải là 6 (số đầu kỳ của kế hoạch 255/KH-UBND), không phải 5."
    ]


def test_start_must_match_last_years_end(make_count, plan, khuong_dinh):
    make_count(khuong_dinh, 2022, near_poor_escaped=2)
    count = YearlyCount(campaign=plan, ward=khuong_dinh, year=2023, near_poor_start=6, near_poor_end=6)
    assert errors_of(count)["near_poor_start"] == [
        "Số hộ cận nghèo đầu năm phải là 4 (số cuối năm 2022), không phải 6."
    ]


def test_year_without_the_previous_one_refused(plan, khuong_dinh):
    count = YearlyCount(campaign=plan, ward=khuong_dinh, year=2024, near_poor_start=6, near_poor_end=6)
    assert errors_of(count)["near_poor_start"] == ["Chưa có số liệu năm 2023: hãy nhập năm 2023 trước."]


@pytest.mark.parametrize("year", [2021, 2026])
def test_year_outside_the_plan_refused(plan, khuong_dinh, year):
    count = YearlyCount(campaign=plan, ward=khuong_dinh, year=year, near_poor_start=6, near_poor_end=6)
    assert errors_of(count)["year"] == [
        f"Năm {year} nằm ngoài thời gian của kế hoạch (2022–2025)."
    ]


def test_duplicate_ward_year_refused(make_count, plan, khuong_dinh):
    make_count(khuong_dinh, 2022)
    duplicate = YearlyCount(campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_end=6)
    assert errors_of(duplicate)["__all__"] == ["Phường này đã có số liệu của năm này."]


def test_poor_parts_cannot_exceed_the_total(plan, khuong_dinh):
    count = YearlyCount(
        campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_end=6,
        poor_end=1, poor_new=1, poor_fallen_back=1,
    )
    assert "không được lớn hơn số hộ nghèo cuối năm" in errors_of(count)["poor_end"][0]


def test_poor_households_are_accepted_but_flagged(make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, poor_end=2, poor_new=1, poor_fallen_back=1)
    assert count.goal_breaches == [
        "có 2 hộ nghèo (mục tiêu: không có hộ nghèo)",
        "phát sinh 1 hộ nghèo mới (mục tiêu: 0)",
        "có 1 hộ tái nghèo (mục tiêu: 0)",
    ]
    assert make_count(Ward.objects.get(code="00343"), 2022).goal_breaches == []


def test_database_refuses_an_unbalanced_row_even_without_clean(plan, khuong_dinh):
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyCount.objects.create(
            campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_end=9
        )


def test_database_refuses_a_second_row_for_the_same_year(make_count, plan, khuong_dinh):
    make_count(khuong_dinh, 2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyCount.objects.create(
            campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_end=6
        )


def test_database_refuses_a_negative_figure(plan, khuong_dinh):
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyCount.objects.create(
            campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_escaped=-1,
            near_poor_end=7,
        )


def test_ward_code_is_unique_among_current_wards(plan, khuong_dinh):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.create(district=khuong_dinh.district, code="00364", name="Trùng mã")
    ward = Ward(district=khuong_dinh.district, code="364", name="Sai mã")
    assert errors_of(ward)["code"] == ["Mã phường, xã gồm đúng 5 chữ số, ví dụ 00364."]


def test_target_year_must_be_in_the_plan(plan, khuong_dinh):
    from wards.models import ReductionTarget

    target = ReductionTarget(campaign=plan, ward=khuong_dinh, year=2026, reduction=1)
    assert errors_of(target)["year"] == ["Năm 2026 nằm ngoài thời gian của kế hoạch (2022–2025)."]
