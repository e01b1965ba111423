import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wards import services
from wards.models import YearlyCount


def new_count(plan, ward, **figures):
    figures.setdefault("near_poor_start", 6)
    figures.setdefault("near_poor_end", figures["near_poor_start"])
    return YearlyCount(campaign=plan, ward=ward, year=2022, **figures)


def test_officer_saves_own_wards_figures(plan, officer, khuong_dinh):
    count = services.count_save(
        count=new_count(plan, khuong_dinh, near_poor_escaped=2, near_poor_end=4), user=officer
    )
    count.refresh_from_db()
    assert (count.near_poor_end, count.status, count.updated_by) == (4, "draft", officer)


def test_officer_of_another_ward_refused(plan, other_officer, khuong_dinh):
    with pytest.raises(PermissionDenied):
        services.count_save(count=new_count(plan, khuong_dinh), user=other_officer)
    assert not YearlyCount.objects.exists()


@pytest.mark.parametrize("role", ["home_affairs", "no_role"])
def test_other_roles_do_not_enter_figures(request, plan, khuong_dinh, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.count_save(count=new_count(plan, khuong_dinh), user=user)
    assert not YearlyCount.objects.exists()


def test_social_affairs_enters_on_a_wards_behalf_but_does_not_submit(plan, khuong_dinh, social_affairs):
    count = services.count_save(count=new_count(plan, khuong_dinh), user=social_affairs)
    assert count.status == YearlyCount.Status.DRAFT
    assert count.history.get().history_user == social_affairs
    with pytest.raises(PermissionDenied):
        services.count_submit(count=count, user=social_affairs)
    assert YearlyCount.objects.get().status == YearlyCount.Status.DRAFT


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_locked_figures_cannot_change(make_count, officer, khuong_dinh, status):
    count = make_count(khuong_dinh, 2022, status=status)
    count.near_poor_escaped, count.near_poor_end = 1, 5
    with pytest.raises(ValidationError) as caught:
        services.count_save(count=count, user=officer)
    assert "không thể sửa" in caught.value.messages[0]
    count.refresh_from_db()
    assert count.near_poor_end == 6


def test_returned_figures_can_be_fixed(make_count, officer, khuong_dinh):
    count = make_count(khuong_dinh, 2022, status="returned")
    count.near_poor_escaped, count.near_poor_end = 1, 5
    services.count_save(count=count, user=officer)
    count.refresh_from_db()
    assert count.near_poor_end == 5


def test_service_validates_the_balance(plan, officer, khuong_dinh):
    with pytest.raises(ValidationError) as caught:
        services.count_save(count=new_count(plan, khuong_dinh, near_poor_end=3), user=officer)
    assert "near_poor_end" in caught.value.message_dict
    assert not YearlyCount.objects.exists()
