"""Award forms by deciding level and date: the district's certificate ends with the district level
(30/6/2025), the ward chairman's goes on; the mid-term review is an occasion, in the plan's year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardForm, Nomination, Occasion, occasion_label


def test_the_district_form_ends_with_the_district_level(plan, award_forms, officer, make_nomination):
    district_form = AwardForm.objects.get(campaign=plan, code="giay-khen-quan")
    assert district_form.valid_to == datetime.date(2025, 6, 30) and district_form.validity_label == "đến 30/06/2025"
    assert AwardForm.objects.get(campaign=plan, code="giay-khen-phuong").valid_to is None
    make_nomination(officer, year=2024)  # a 2024 achievement, decided while the district stood
    with pytest.raises(ValidationError) as refused:
        make_nomination(officer, year=2025, nominee_name="Tổ dân phố số 7")
    assert "Giấy khen của Chủ tịch UBND quận chỉ áp dụng đến 30/06/2025" in str(refused.value)
    assert "dịp khen thưởng ngày 31/12/2025" in str(refused.value)
    assert not Nomination.objects.filter(year=2025).exists()
    # The ward chairman's certificate continues after 1/7/2025.
    ward_form = make_nomination(officer, year=2025, award_form_code="giay-khen-phuong", nominee_name="Tổ dân phố số 8")
    assert ward_form.pk
    # A decision dated after the district ended is refused, whatever the achievement's year.
    late = make_nomination(officer, year=2024, nominee_name="Tổ dân phố số 9")
    late.decision_date = datetime.date(2025, 8, 1)
    with pytest.raises(ValidationError, match="không dùng được cho quyết định ngày 01/08/2025"):
        late.full_clean()


def test_the_mid_term_review_is_an_occasion_in_the_plans_year(plan, award_forms, officer, make_nomination):
    assert AwardForm.objects.get(campaign=plan, code="giay-khen-phuong").allows_occasion(Occasion.MID_TERM)
    assert not AwardForm.objects.get(campaign=plan, code="co-thi-dua-thanh-pho").allows_occasion(Occasion.MID_TERM)
    made = make_nomination(officer, occasion="mid_term", year=2023, award_form_code="giay-khen-phuong")
    assert made.occasion == Occasion.MID_TERM
    assert occasion_label("mid_term", 2023) == "Sơ kết giữa kỳ Phong trào thi đua (2023)"
    with pytest.raises(ValidationError, match="Khen thưởng sơ kết giữa kỳ được xét vào năm 2023."):
        make_nomination(officer, occasion="mid_term", year=2024, award_form_code="giay-khen-phuong",
                        nominee_name="Tổ dân phố số 6")
    with pytest.raises(ValidationError, match="chỉ xét vào dịp"):
        make_nomination(officer, occasion="mid_term", year=2023, award_form_code="co-thi-dua-thanh-pho",
                        nominee_name="Tổ dân phố số 4")
