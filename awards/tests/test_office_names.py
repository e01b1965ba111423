"""Offices are named from `Office` for the unit and the day a text speaks of: a ward under no
district (since 1/7/2025) names its own offices, Thanh Xuân's data its district's, and a renamed
office shows up without a code change (the reviews: reports/tests/test_office_names.py).

Named users: the officer of Khương Đình and LĐ-TB&XH of Thanh Xuân (ours), the officer of a ward
formed under the city on 1/7/2025, and a user with no role."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.urls import reverse

from awards import services
from awards.models import Nomination, proposing_unit_label
from campaign.models import Campaign
from units import offices
from units.models import District, Office, Province, Ward
from units.roles import Role
from wards import services as ward_services
from wards.models import YearlyCount

pytestmark = pytest.mark.django_db

FORMED = datetime.date(2025, 7, 1)
WARD_SOCIAL, WARD_HOME = "Phòng Kinh tế, Hạ tầng và Đô thị", "Văn phòng HĐND và UBND"


@pytest.fixture
def hanoi(plan):
    return Province.objects.get(code="01")


@pytest.fixture
def new_ward(hanoi):
    """A ward formed directly under the city on 1/7/2025."""
    return Ward.objects.create(province=hanoi, code="99001", name="Hoàng Liệt", valid_from=FORMED)


@pytest.fixture
def new_officer(make_user, new_ward):
    return make_user("phuong-hoang-liet", Role.WARD_OFFICER, new_ward)


def rename(role: Role, level: str, name: str) -> None:
    Office.objects.filter(role=role, level=level, province=None).update(name=name, short_name=name)
    offices.forget()  # update() sends no signal: drop the names this process keeps


def render(text: str, **context) -> str:
    return Template("{% load offices %}" + text).render(Context(context))


def test_a_nomination_of_a_ward_under_no_district_names_the_wards_offices(plan, new_ward, no_role):
    city_plan = Campaign.objects.get(owner_province=new_ward.province)
    nomination = Nomination(campaign=city_plan, proposing_ward=new_ward, ward=new_ward, nominee_name="Tổ dân phố số 2")
    assert nomination.office_unit == new_ward
    with pytest.raises(PermissionDenied) as refused:
        services.FORWARD.check(no_role, nomination)
    assert str(refused.value) == f"Chỉ {WARD_SOCIAL} được tổng hợp và chuyển đề nghị sang {WARD_HOME}."
    with pytest.raises(PermissionDenied) as refused:
        services.APPROVE.check(no_role, nomination)
    assert str(refused.value) == f"Chỉ {WARD_HOME} được thẩm định và ghi quyết định khen thưởng."
    assert "LĐ-TB&XH" not in str(refused.value) and "Nội vụ" not in str(refused.value)


def test_the_page_of_a_new_wards_nomination_names_its_offices(client, plan, new_ward, new_officer):
    city_plan = Campaign.objects.get(owner_province=new_ward.province)
    form = services.award_forms_copy(source=plan, target=city_plan)[0]
    nomination = Nomination.objects.create(
        campaign=city_plan, occasion="yearly", year=2025, award_form=form, nominee_kind="collective",
        nominee_name="Tổ dân phố số 2", actor_type="residential_group", achievements="Không còn hộ cận nghèo.",
        ward=new_ward, proposing_ward=new_ward, created_by=new_officer,
    )
    client.force_login(new_officer)
    page = client.get(reverse("awards:nomination-detail", args=[nomination.pk])).content.decode()
    assert f"Gửi {WARD_SOCIAL}" in page
    assert f"Chưa có năm nào có số liệu được {WARD_SOCIAL} duyệt." in page
    assert f"tính từ số liệu hằng năm đã được {WARD_SOCIAL} duyệt" in page
    assert "LĐ-TB&amp;XH" not in page and "Nội vụ" not in page


def test_a_ward_under_a_district_names_the_districts_offices(plan, khuong_dinh, no_role):
    nomination = Nomination(campaign=plan, proposing_ward=khuong_dinh, ward=khuong_dinh)
    with pytest.raises(PermissionDenied) as refused:
        services.FORWARD.check(no_role, nomination)
    assert str(refused.value) == "Chỉ Phòng LĐ-TB&XH được tổng hợp và chuyển đề nghị sang Phòng Nội vụ."


def test_the_template_tag_names_the_offices_of_the_unit_and_the_day(new_ward, khuong_dinh, hanoi):
    assert render('{% office_name "social" ward %} · {% office_name "home" ward %}', ward=new_ward) == (
        f"{WARD_SOCIAL} · {WARD_HOME}"
    )
    assert render('{% office_name "social" ward %}', ward=khuong_dinh) == "Phòng LĐ-TB&amp;XH"
    before, after = datetime.date(2025, 2, 28), datetime.date(2025, 3, 1)
    assert render('{% office_name "city" p on=day full=True %}', p=hanoi, day=before) == (
        "Sở Lao động – Thương binh và Xã hội"
    )
    assert render('{% office_name "city" p on=day full=True %}', p=hanoi, day=after) == "Sở Nông nghiệp và Môi trường"


def test_the_moves_on_a_new_wards_figures_name_its_office(plan, new_ward, new_officer):
    # The pages of wards under the city are not held yet: the moves their page would offer.
    city_plan = Campaign.objects.get(owner_province=new_ward.province)
    count = YearlyCount.objects.create(campaign=city_plan, ward=new_ward, year=2025, near_poor_start=3, near_poor_end=3)
    labels = [action.label for action in ward_services.count_actions(count=count, user=new_officer)]
    assert labels == ["Sửa số liệu", f"Gửi {WARD_SOCIAL} duyệt"]


def test_a_renamed_office_shows_up_in_the_messages_without_a_code_change(
    client, plan, draft, officer, social_affairs, khuong_dinh, make_count, django_capture_on_commit_callbacks,
):
    rename(Role.SOCIAL_AFFAIRS, "district", "Phòng Dân tộc, Tôn giáo và Xã hội")
    rename(Role.HOME_AFFAIRS, "district", "Phòng Tổ chức, Thi đua")
    social_affairs.email, officer.email = "ldtbxh@example.org", "khuong-dinh@example.org"
    social_affairs.save(update_fields=["email"])
    officer.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_submit(nomination=draft, user=officer)
    assert "chờ Phòng Dân tộc, Tôn giáo và Xã hội tổng hợp." in mail.outbox[-1].body
    assert proposing_unit_label(None, District.objects.get(code="009")) == "Phòng Dân tộc, Tôn giáo và Xã hội quận"

    client.force_login(social_affairs)
    response = client.post(
        reverse("awards:nomination-forward", args=[draft.pk]), {"confirmed": "1"}, follow=True
    )
    assert "Đã chuyển đề nghị sang Phòng Tổ chức, Thi đua thẩm định." in response.content.decode()

    count = make_count(khuong_dinh, 2022, status=YearlyCount.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        ward_services.count_approve(count=count, user=social_affairs)
    assert mail.outbox[-1].body.startswith("Phòng Dân tộc, Tôn giáo và Xã hội đã duyệt số liệu năm 2022")
    assert "LĐ-TB&XH" not in mail.outbox[-1].body
