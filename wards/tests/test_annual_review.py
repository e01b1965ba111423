"""What the annual review's form reports besides the near-poor movements: the ward's households
(for rates), the poor households' own movements, and the poverty standard of the year."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wards.models import PovertyStandard, YearlyCount


def test_poor_movements_balance_when_the_start_is_given(make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, poor_start=2, poor_escaped=2, poor_end=0, total_households=4000)
    assert count.poor_end == 0
    with pytest.raises(ValidationError) as refused:
        make_count(khuong_dinh, 2023, poor_start=0, poor_new=1, poor_end=2)
    assert "Số hộ nghèo không cân đối: đầu năm 0 − giảm 0 + tăng 1 = 1, nhưng số cuối năm nhập là 2" in str(refused.value)
    # Rows from before the start was asked keep their old rule only.
    assert make_count(khuong_dinh, 2023, poor_end=1, poor_new=1).poor_start is None


def test_cross_checks_with_the_near_poor_movements(make_count, khuong_dinh):
    with pytest.raises(ValidationError, match="chuyển thành cận nghèo nhưng chỉ 0 hộ thoát nghèo"):
        make_count(khuong_dinh, 2022, poor_start=1, poor_out_other=1, poor_end=0, near_poor_from_poor=1)
    with pytest.raises(ValidationError, match="Tổng số hộ dân cư \\(3\\) nhỏ hơn"):
        make_count(khuong_dinh, 2022, total_households=3)


def test_rates_and_standard_on_the_count_page(client, officer, make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, total_households=4000, near_poor_escaped=2)
    assert count.near_poor_rate == f"{count.near_poor_end * 100 / 4000:.2f}%".replace(".", ",")
    assert make_count(khuong_dinh, 2023).near_poor_rate == "–"  # no total: no rate, not 0
    assert count.standard_applied == PovertyStandard.S2022
    assert PovertyStandard.of_year(2026) == PovertyStandard.S2022  # NĐ 351/2025 keeps it in 2026
    assert PovertyStandard.of_year(2027) == PovertyStandard.S2027
    client.force_login(officer)
    page = client.get(reverse("wards:count", args=[khuong_dinh.code, 2022])).content.decode()
    assert "Nghị định 07/2021/NĐ-CP" in page and "4000" in page and count.near_poor_rate in page


def test_the_form_takes_the_new_figures(client, officer, khuong_dinh, plan):
    from wards.tests.test_admin import form_data

    client.force_login(officer)
    data = form_data(khuong_dinh, year=2022, total_households=3900, poor_start=0)
    assert client.post(reverse("admin:wards_yearlycount_add"), data).status_code == 302
    saved = YearlyCount.objects.get()
    assert (saved.total_households, saved.poor_start, saved.standard_applied) == (3900, 0, PovertyStandard.S2022)
