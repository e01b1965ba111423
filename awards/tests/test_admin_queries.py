"""The admin's change lists of awards, review reports and the plan run the same number of queries
with a few rows and with many: 10 nominations and 11 wards, then 250 nominations and 40 wards.

Each list is read as the officer of Khương Đình, as LĐ-TB&XH, as Nội vụ and as a superuser (the
lists of wards and figures are in wards/tests/test_admin_queries.py).
"""

from awards.models import Nomination, NominationTransition
from wards.tests.test_admin_queries import queries

from .test_scale import add_nominations, add_wards

CHANGE_LISTS = [
    "awards_nomination", "awards_criterionassessment", "awards_nominationtransition", "awards_awardform",
    "reports_reviewreport", "campaign_campaign", "campaign_criterion", "campaign_milestone",
]
QUERIES = {
    "awards_nomination": ["", "?status=forwarded", "?year=2023", "?q=Tổ"],
    "awards_criterionassessment": ["", "?year=2023"],
}


def transitions(nominations, by):
    NominationTransition.objects.bulk_create(
        NominationTransition(nomination=n, from_status="submitted", to_status=n.status, by=by) for n in nominations
    )


def test_change_lists_do_not_grow(client, plan, award_forms, khuong_dinh, officer, social_affairs, home_affairs,
                                  superuser):
    users = {"officer": officer, "social affairs": social_affairs, "home affairs": home_affairs, "superuser": superuser}
    form = award_forms["giay-khen-quan"]
    add_wards(plan, khuong_dinh.district, 0, assessor=social_affairs)
    transitions(add_nominations(10, plan=plan, ward=khuong_dinh, user=officer, award_form=form), social_affairs)
    cases = [(who, name, query) for who in users for name in CHANGE_LISTS for query in QUERIES.get(name, [""])]
    small = {case: queries(client, users[case[0]], case[1], case[2]) for case in cases}

    add_wards(plan, khuong_dinh.district, 29, assessor=social_affairs)
    transitions(
        add_nominations(240, plan=plan, ward=khuong_dinh, user=officer, award_form=form, start=10), social_affairs
    )
    assert Nomination.objects.count() == 250
    large = {case: queries(client, users[case[0]], case[1], case[2]) for case in cases}

    grew = {case: (small[case], large[case]) for case in cases if small[case] != large[case]}
    assert not grew, grew
    assert {case[0] for case in cases if large[case][0] == 200} == set(users), "every user reads some lists"
