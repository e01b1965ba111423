"""The reviewers' inbox ("Chờ duyệt"): what waits for the user's own unit, oldest first, and who
is refused it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Nomination
from campaign.models import Campaign
from conftest import district_plan_for
from units.access import Role
from units.models import District, Province, Ward
from wards.models import CountTransition, YearlyCount

Status = YearlyCount.Status


def submitted(count, by, at):
    step = CountTransition.objects.create(count=count, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=by)
    CountTransition.objects.filter(pk=step.pk).update(at=at)
    return count


@pytest.fixture
def waiting(make_count, khuong_dinh, nhan_chinh, officer, other_officer):
    """Two Thanh Xuân wards' 2022 figures submitted, Nhân Chính's first; a draft of a third."""
    now = timezone.now()
    late = submitted(make_count(khuong_dinh, 2022, status=Status.SUBMITTED), officer, now)
    early = submitted(make_count(nhan_chinh, 2022, status=Status.SUBMITTED), other_officer,
                      now - datetime.timedelta(days=3))
    make_count(Ward.objects.get(code="00367"), 2022)
    return [early, late]


@pytest.fixture
def hoang_mai(make_user, plan):
    """A second district with one ward whose 2022 figures wait, and its own two offices."""
    district = District.objects.create(province=Province.objects.get(code="01"), code="008", name="Hoàng Mai")
    ward = Ward.objects.create(district=district, code="00331", name="Định Công")
    own = district_plan_for(district, wards=[ward])
    YearlyCount.objects.create(campaign=own, ward=ward, year=2022, near_poor_start=4, near_poor_escaped=1,
                               near_poor_end=3, status=Status.SUBMITTED)
    return {
        "social": make_user("ldtbxh-hoang-mai", Role.SOCIAL_AFFAIRS, district=district),
        "home": make_user("noivu-hoang-mai", Role.HOME_AFFAIRS, district=district),
        "plan": own,
    }


def rows(page, table):
    return [row for row in page.split(f'id="{table}"')[1].split("</table>")[0].split("<tr>")[2:]]


def test_social_affairs_reads_its_wards_waiting_oldest_first(client, social_affairs, waiting, hoang_mai):
    client.force_login(social_affairs)
    page = client.get(reverse("reports:inbox")).content.decode()
    listed = rows(page, "inbox-counts")
    assert len(listed) == 2
    assert "Nhân Chính" in listed[0] and "Khương Đình" in listed[1]
    assert reverse("wards:count", args=["00343", 2022]) in listed[0]
    assert "phuong-nhan-chinh" in listed[0] and "phuong-khuong-dinh" in listed[1]  # who sent them
    assert "Định Công" not in page
    assert "Chờ duyệt (2)" in page


def test_another_districts_office_reads_only_its_own(client, waiting, hoang_mai):
    client.force_login(hoang_mai["social"])
    page = client.get(reverse("reports:inbox")).content.decode()
    listed = rows(page, "inbox-counts")
    assert len(listed) == 1 and "Định Công" in listed[0]
    assert "Khương Đình" not in page and "Nhân Chính" not in page
    assert "Chờ duyệt (1)" in page


def test_home_affairs_reads_the_proposals_forwarded_to_it(client, home_affairs, social_affairs, officer,
                                                          make_nomination, hoang_mai, waiting):
    forwarded = make_nomination(officer, nominee_name="Tổ dân phố số 5")
    Nomination.objects.filter(pk=forwarded.pk).update(status=Nomination.Status.FORWARDED)
    submitted_one = make_nomination(officer, nominee_name="Tổ dân phố số 9")  # LĐ-TB&XH's, not Nội vụ's
    Nomination.objects.filter(pk=submitted_one.pk).update(status=Nomination.Status.SUBMITTED)
    client.force_login(home_affairs)
    page = client.get(reverse("reports:inbox")).content.decode()
    assert 'id="inbox-counts"' not in page
    listed = rows(page, "inbox-nominations")
    assert len(listed) == 1 and "Tổ dân phố số 5" in listed[0] and "Thẩm định" in listed[0]
    # LĐ-TB&XH has the submitted proposal to consolidate beside its figures.
    client.force_login(social_affairs)
    page = client.get(reverse("reports:inbox")).content.decode()
    assert "Tổ dân phố số 9" in page and "Tổ dân phố số 5" not in page
    assert "Chờ duyệt (3)" in page
    # Hoàng Mai's Nội vụ has nothing of Thanh Xuân's.
    client.force_login(hoang_mai["home"])
    page = client.get(reverse("reports:inbox")).content.decode()
    assert "Tổ dân phố" not in page and "Không có đề nghị khen thưởng nào chờ xử lý." in page


@pytest.mark.parametrize("who", ["officer", "city_staff", "no_role"])
def test_who_reviews_nothing_is_refused(request, client, make_user, waiting, who):
    user = make_user("so-ldtbxh", Role.CITY_SOCIAL_AFFAIRS) if who == "city_staff" else request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("reports:inbox"))
    assert response.status_code == 403
    assert "Chờ duyệt (" not in client.get(reverse("home"), follow=True).content.decode()


def test_approve_and_next_stays_inside_the_district(client, hoang_mai, waiting):
    """Hoàng Mai's office approving its last figures is not sent on to Thanh Xuân's."""
    client.force_login(hoang_mai["social"])
    done = client.post(reverse("wards:count-approve", args=["00331", 2022]), {"next": "inbox", "confirmed": "1"})
    assert done["Location"] == reverse("reports:inbox")
    assert YearlyCount.objects.get(ward__code="00331").status == Status.APPROVED
    assert {c.status for c in waiting if c.refresh_from_db() is None} == {Status.SUBMITTED}


def test_the_inbox_is_read_in_a_fixed_number_of_queries(client, social_affairs, waiting, django_assert_num_queries,
                                                        make_count, plan):
    client.force_login(social_affairs)
    client.get(reverse("reports:inbox"))
    with django_assert_num_queries(QUERIES) as captured:
        client.get(reverse("reports:inbox"))
    for code in ("00352", "00355", "00358"):
        submitted(make_count(Ward.objects.get(code=code), 2022, status=Status.SUBMITTED), social_affairs,
                  timezone.now())
    with django_assert_num_queries(len(captured)):
        page = client.get(reverse("reports:inbox")).content.decode()
    assert len(rows(page, "inbox-counts")) == 5


# Session and user, the user's groups, permissions and posting, the plan (and whether there is a
# choice), the two lists and the header's count.
QUERIES = 10


def test_home_affairs_lands_on_its_queue(client, home_affairs):
    client.force_login(home_affairs)
    assert client.get(reverse("home"))["Location"] == reverse("awards:queue")


def test_a_plan_of_another_district_chosen_in_the_session_lists_nothing(client, social_affairs, waiting, hoang_mai):
    """Even with another district's plan forced into the session, the inbox holds the user's own."""
    client.force_login(social_affairs)
    session = client.session
    session["ke_hoach"] = hoang_mai["plan"].pk
    session.save()
    page = client.get(reverse("reports:inbox")).content.decode()
    assert "Định Công" not in page
    assert Campaign.objects.filter(pk=hoang_mai["plan"].pk).exists()
