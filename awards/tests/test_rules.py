"""The plan's award rules (section V), each enforced by the model and so on every path."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards import services
from awards.models import AwardForm, DecisionLevel, Nomination, Occasion, nominee_key


def test_the_four_forms_of_the_plan_are_seeded(award_forms):
    forms = list(AwardForm.objects.values_list(
        "name", "decided_by", "for_yearly", "for_final", "for_sudden", "for_collective", "for_individual",
        "for_household",
    ))
    assert forms == [
        ("Cờ thi đua của UBND Thành phố", "city", False, True, False, True, False, False),
        ("Bằng khen của Chủ tịch UBND Thành phố", "city", True, True, False, True, True, True),
        ("Giấy khen của Chủ tịch UBND quận", "district", True, True, False, True, True, True),
        ("Giấy khen của Chủ tịch UBND phường", "ward", True, True, True, True, True, True),
    ]
    assert award_forms["giay-khen-phuong"].decided_by == DecisionLevel.WARD


def test_flag_only_at_the_final_review(make_nomination, social_affairs, award_forms, khuong_dinh):
    with pytest.raises(ValidationError) as error:
        make_nomination(
            social_affairs, award_form=award_forms["co-thi-dua-thanh-pho"], proposing_ward=None,
            nominee_name="UBND phường Khương Đình", actor_type="ward", occasion="yearly", year=2024,
        )
    assert "chỉ xét vào dịp: tổng kết" in " ".join(error.value.messages)
    assert not Nomination.objects.exists()
    flag = make_nomination(
        social_affairs, award_form=award_forms["co-thi-dua-thanh-pho"], proposing_ward=None,
        nominee_name="UBND phường Khương Đình", actor_type="ward", occasion="final", year=2025,
    )
    assert flag.pk


def test_flag_only_to_collectives(make_nomination, social_affairs, award_forms):
    with pytest.raises(ValidationError) as error:
        make_nomination(
            social_affairs, award_form=award_forms["co-thi-dua-thanh-pho"], proposing_ward=None,
            occasion="final", year=2025, nominee_kind="individual", nominee_name="Ông Nguyễn Văn An",
            actor_type="official",
        )
    assert "chỉ tặng cho tập thể" in " ".join(error.value.messages)
    assert not Nomination.objects.exists()


def test_household_gets_certificates_not_the_flag(make_nomination, officer, social_affairs, award_forms):
    household = {"nominee_kind": "household", "nominee_name": "Hộ bà Lê Thị Hoa", "actor_type": "household"}
    with pytest.raises(ValidationError) as error:
        make_nomination(
            social_affairs, award_form=award_forms["co-thi-dua-thanh-pho"], proposing_ward=None,
            occasion="final", year=2025, **household,
        )
    assert "Hộ gia đình được tặng Bằng khen, Giấy khen, không được tặng Cờ thi đua" in " ".join(error.value.messages)
    assert make_nomination(officer, **household).award_form.code == "giay-khen-quan"
    assert make_nomination(
        officer, award_form=award_forms["bang-khen-thanh-pho"], occasion="final", year=2025, **household
    ).pk


def test_one_achievement_is_not_rewarded_twice(draft, make_nomination, officer, social_affairs, award_forms):
    # Same nominee, same occasion, another form and typed differently: blocked, with the twin named.
    with pytest.raises(ValidationError) as error:
        make_nomination(
            officer, nominee_name="  tổ dân phố  SỐ 5 ", award_form=award_forms["bang-khen-thanh-pho"],
        )
    message = " ".join(error.value.messages)
    assert "đã được đề nghị Giấy khen của Chủ tịch UBND quận cho khen thưởng năm 2023" in message
    assert "một thành tích không khen thưởng hai lần" in message
    assert Nomination.objects.count() == 1
    # Another occasion is another achievement.
    assert make_nomination(officer, year=2024).pk


def test_a_rejected_nomination_does_not_block_a_new_one(forwarded, make_nomination, officer, home_affairs):
    services.nomination_reject(nomination=forwarded, user=home_affairs, reason="Thành tích chưa nổi bật.")
    assert make_nomination(officer).pk


def test_the_database_blocks_a_second_live_nomination(draft):
    twin = Nomination.objects.get(pk=draft.pk)
    twin.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_nominee_key_ignores_case_spacing_and_accent_encoding():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Tổ dân phố số 5")
    assert nominee_key(decomposed, "", 1) == nominee_key("  TỔ DÂN  phố số 5", "", 1)
    assert nominee_key("Tổ dân phố số 5", "", 1) != nominee_key("Tổ dân phố số 5", "", 2)


def test_ward_award_is_decided_by_the_ward_not_sent_up(make_nomination, officer, social_affairs, award_forms):
    ward_award = make_nomination(
        officer, award_form=award_forms["giay-khen-phuong"], occasion="sudden", year=2024, documents=False,
    )
    with pytest.raises(ValidationError) as error:
        services.nomination_submit(nomination=ward_award, user=officer)
    assert "do UBND phường quyết định, không gửi lên quận" in " ".join(error.value.messages)
    ward_award.refresh_from_db()
    assert ward_award.status == Nomination.Status.DRAFT
    # The district cannot propose a ward's own award either.
    with pytest.raises(ValidationError) as error:
        make_nomination(
            social_affairs, award_form=award_forms["giay-khen-phuong"], proposing_ward=None, occasion="sudden",
            year=2024, nominee_name="Tổ dân phố số 7",
        )
    assert "chỉ phường đề nghị và quyết định" in " ".join(error.value.messages)


def test_district_forms_are_not_given_for_sudden_achievements(make_nomination, officer):
    with pytest.raises(ValidationError) as error:
        make_nomination(officer, occasion=Occasion.SUDDEN, year=2024)
    assert "không xét cho thành tích đột xuất" in " ".join(error.value.messages)


def test_final_review_is_held_in_the_last_year(make_nomination, officer):
    with pytest.raises(ValidationError) as error:
        make_nomination(officer, occasion="final", year=2024)
    assert "Khen thưởng tổng kết được xét vào năm 2025." in error.value.messages


def test_a_ward_proposes_only_for_itself(make_nomination, officer, nhan_chinh):
    with pytest.raises(ValidationError) as error:
        make_nomination(officer, ward=nhan_chinh)
    assert "Phường chỉ đề nghị khen thưởng cho tập thể, cá nhân, hộ của phường mình." in error.value.messages


def test_awarded_needs_a_decision_in_the_database(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.filter(pk=draft.pk).update(status="awarded")
