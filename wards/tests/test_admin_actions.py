"""The admin's bulk moves ask first: a POST of the action alone answers a page naming the rows and
what will happen to them, changes nothing, and links back; the page's button (post=yes) acts."""

import pytest
from django.urls import reverse

from conftest import district_plan_for
from units.access import Role
from wards import services
from wards.models import YearlyCount

Status = YearlyCount.Status
CHANGELIST = "admin:wards_yearlycount_changelist"


@pytest.fixture
def other_district(plan, make_user):
    from units.models import District, Ward

    thanh_xuan = District.objects.get(code="009")
    dong_da = District.objects.create(province=thanh_xuan.province, code="006", name="Đống Đa")
    ward = Ward.objects.create(district=dong_da, code="00211", name="Văn Chương")
    own = district_plan_for(dong_da, wards=[ward], plan=plan)
    return {
        "ward": ward, "plan": own,
        "social": make_user("ldtbxh-dong-da", Role.SOCIAL_AFFAIRS, district=dong_da),
        "officer": make_user("phuong-van-chuong", Role.WARD_OFFICER, ward),
    }


@pytest.fixture
def submitted_rows(make_count, khuong_dinh, nhan_chinh, officer, other_officer, other_district):
    from wards.models import YearlyCount as Count

    a = services.count_submit(count=make_count(khuong_dinh, 2022), user=officer)
    b = services.count_submit(count=make_count(nhan_chinh, 2022), user=other_officer)
    c_draft = Count(campaign=other_district["plan"], ward=other_district["ward"], year=2022, near_poor_start=4,
                    near_poor_end=4)
    c_draft.full_clean()
    c_draft.save()
    c = services.count_submit(count=c_draft, user=other_district["officer"])
    return a, b, c


def statuses(*counts):
    return [YearlyCount.objects.get(pk=c.pk).status for c in counts]


def test_approving_asks_first_and_changes_nothing_until_confirmed(client, social_affairs, submitted_rows, make_count,
                                                                    khuong_dinh):
    a, b, _ = submitted_rows
    draft = make_count(khuong_dinh, 2023)
    client.force_login(social_affairs)
    url = reverse(CHANGELIST) + "?o=2"
    data = {"action": "approve_selected", "_selected_action": [a.pk, b.pk, draft.pk], "index": "0"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xác nhận: duyệt các số liệu đã chọn" in html
    assert "sẽ được duyệt và khóa" in html
    assert "Sẽ thực hiện với 2 dòng" in html
    assert str(a) in html and str(b) in html
    assert "Giữ nguyên, không thực hiện được" in html and str(draft) in html  # a draft is not approved
    assert 'name="post" value="yes"' in html and 'value="Xác nhận duyệt"' in html
    assert f'href="{url}"' in html  # cancel: back to the list, its order kept
    assert statuses(a, b, draft) == [Status.SUBMITTED, Status.SUBMITTED, Status.DRAFT]

    response = client.post(url, {**data, "post": "yes"}, follow=True)
    assert "Đã duyệt 2 bản số liệu." in response.content.decode()
    assert statuses(a, b, draft) == [Status.APPROVED, Status.APPROVED, Status.DRAFT]


@pytest.mark.parametrize("who", ["officer", "other_officer", "home_affairs"])
def test_refused_roles_get_no_confirmation_and_change_nothing(client, request, who, submitted_rows):
    a, b, c = submitted_rows
    client.force_login(request.getfixturevalue(who))
    for post in ({}, {"post": "yes"}):
        data = {"action": "approve_selected", "_selected_action": [a.pk, b.pk, c.pk], "index": "0", **post}
        response = client.post(reverse(CHANGELIST), data)
        assert b'name="post" value="yes"' not in response.content
    assert statuses(a, b, c) == [Status.SUBMITTED] * 3


def test_the_other_districts_office_acts_on_its_own_row_only(client, submitted_rows, other_district):
    a, b, c = submitted_rows
    client.force_login(other_district["social"])
    data = {"action": "approve_selected", "_selected_action": [a.pk, b.pk, c.pk], "index": "0"}
    html = client.post(reverse(CHANGELIST), data).content.decode()
    assert "Sẽ thực hiện với 1 dòng" in html and str(c) in html
    assert str(a) not in html and str(b) not in html
    assert statuses(a, b, c) == [Status.SUBMITTED] * 3
    client.post(reverse(CHANGELIST), {**data, "post": "yes"})
    assert statuses(a, b, c) == [Status.SUBMITTED, Status.SUBMITTED, Status.APPROVED]


def test_the_other_districts_rows_are_not_even_listed(client, social_affairs, submitted_rows):
    a, _, c = submitted_rows
    client.force_login(social_affairs)
    response = client.post(reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": [a.pk, c.pk]})
    html = response.content.decode()
    assert str(a) in html and str(c) not in html and "Sẽ thực hiện với 1 dòng" in html
    client.post(reverse(CHANGELIST), {"action": "approve_selected", "_selected_action": [c.pk], "post": "yes"})
    assert statuses(c) == [Status.SUBMITTED]


def test_forwarding_nominations_asks_first(client, make_nomination, officer, social_affairs, home_affairs,
                                           media_root):
    from awards import services as award_services
    from awards.models import Nomination

    nomination = award_services.nomination_submit(nomination=make_nomination(officer), user=officer)
    url = reverse("admin:awards_nomination_changelist")
    data = {"action": "forward_selected", "_selected_action": [nomination.pk], "index": "0"}
    for user in (officer, home_affairs):
        client.force_login(user)
        client.post(url, {**data, "post": "yes"})
        assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SUBMITTED
    client.force_login(social_affairs)
    response = client.post(url, data)
    html = response.content.decode()
    assert "sẽ được chuyển sang Phòng Nội vụ thẩm định" in html and nomination.nominee_name in html
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SUBMITTED
    client.post(url, {**data, "post": "yes"})
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.FORWARDED
