"""The award pages at two sizes: the same number of queries with 10 or 200 nominations and with 11
or 40 wards, and whatever another district holds under its own plan; long lists come a page at a
time; Nội vụ's queue is served from its cached copy until the district's nominations change."""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards import selectors, services
from awards.models import AssessmentResult, CriterionAssessment, Nomination, NominationDocument, nominee_key
from campaign.models import Criterion
from units.models import Ward
from wards.models import Baseline, ReductionTarget, YearlyCount

Status = Nomination.Status
PAGE = selectors.PAGE_SIZE


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def add_nominations(number, *, plan, ward, user, award_form, status=Status.FORWARDED, start=0, year=2023):
    """`number` nominations of `ward` in `status`, each with its letter and report, in bulk, under
    `plan` (the plan of the ward's district) for one of its own award forms."""
    assert plan.covers(ward) and award_form.campaign_id == plan.pk
    names = [f"Tổ dân phố số {start + i + 1:03d}" for i in range(number)]
    nominations = Nomination.objects.bulk_create([
        Nomination(
            campaign=plan, occasion="yearly", year=year, award_form=award_form, nominee_kind="collective",
            nominee_name=name, unit=f"Phường {ward.name}", ward=ward, proposing_ward=ward, district=ward.district,
            actor_type="residential_group", achievements="Vận động hộ cận nghèo thoát cận nghèo.", status=status,
            key=nominee_key(name, f"Phường {ward.name}", ward.pk, ward.district_id, ward_name=ward.name), created_by=user,
        )
        for name in names
    ])
    NominationDocument.objects.bulk_create([
        NominationDocument(
            nomination=nomination, kind=kind, file=f"awards/{plan.pk}/{nomination.pk}-{kind}.pdf",
            original_name=f"{kind}.pdf", extension=".pdf", content_type="application/pdf", size=1000,
            uploaded_by=user,
        )
        for nomination in nominations for kind in ("submission_letter", "achievement_report")
    ])
    return nominations


def add_wards(plan, district, number, *, assessor):
    """`number` more wards of `district` with baselines, targets, an approved year and assessments,
    under `plan`, the district's own, against its own criteria."""
    assert plan.owner_district_id == district.pk
    wards = Ward.objects.bulk_create([
        Ward(district=district, province_id=district.province_id, code=f"9{i:04d}", name=f"Thử {i:03d}", slug=f"thu-{i:03d}") for i in range(number)
    ])
    Baseline.objects.bulk_create([Baseline(campaign=plan, ward=w, near_poor=4) for w in wards])
    ReductionTarget.objects.bulk_create([
        ReductionTarget(campaign=plan, ward=w, year=year, reduction=1) for w in wards for year in plan.years
    ])
    YearlyCount.objects.bulk_create([
        YearlyCount(campaign=plan, ward=w, year=2023, status=YearlyCount.Status.APPROVED,
                    near_poor_start=4, near_poor_escaped=1, near_poor_end=3)
        for w in wards
    ])
    criteria = list(Criterion.objects.filter(campaign=plan, actor_type="ward"))
    CriterionAssessment.objects.bulk_create([
        CriterionAssessment(campaign=plan, year=2023, ward=w, criterion=c, result=AssessmentResult.MET,
                            assessed_by=assessor)
        for w in wards for c in criteria
    ])


def queries(client, path, *, cold=True) -> int:
    """The queries of one request to `path`, after a first one that warms the session."""
    client.get(path)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name,args", [
    ("queue", ()), ("nomination-list", ()), ("council-list", ("yearly", 2023)),
])
def test_queries_do_not_grow_with_nominations(client, plan, award_forms, khuong_dinh, officer, home_affairs,
                                              name, args):
    form = award_forms["giay-khen-quan"]
    add_nominations(10, plan=plan, ward=khuong_dinh, user=officer, award_form=form)
    client.force_login(home_affairs)
    few = queries(client, url(name, *args))
    add_nominations(190, plan=plan, ward=khuong_dinh, user=officer, award_form=form, start=10)
    add_nominations(50, plan=plan, ward=khuong_dinh, user=officer, award_form=form, start=200, status=Status.DRAFT)
    assert queries(client, url(name, *args)) == few


@pytest.mark.parametrize("name,args", [
    ("queue", ()), ("nomination-list", ()), ("council-list", ("yearly", 2023)),
])
def test_another_districts_plan_adds_no_query_and_no_row(client, plan, award_forms, khuong_dinh, officer,
                                                          home_affairs, cau_giay_plan, cau_giay_forms, nghia_do,
                                                          cau_giay_officer, name, args):
    add_nominations(10, plan=plan, ward=khuong_dinh, user=officer, award_form=award_forms["giay-khen-quan"])
    client.force_login(home_affairs)
    few = queries(client, url(name, *args))
    before = fresh(client, url(name, *args))
    add_nominations(150, plan=cau_giay_plan, ward=nghia_do, user=cau_giay_officer,
                    award_form=cau_giay_forms["giay-khen-quan"], start=500)
    add_wards(cau_giay_plan, nghia_do.district, 29, assessor=cau_giay_officer)
    assert queries(client, url(name, *args)) == few
    after = fresh(client, url(name, *args))
    if name == "queue":
        assert _names(after) == _names(before) and len(_names(after)) == 10
    elif name == "nomination-list":
        assert after.context["total"] == before.context["total"] == 10
    else:
        assert load_workbook(io.BytesIO(after.content)).active.max_row == 4 + 10


def test_officer_list_queries_do_not_grow(client, plan, award_forms, khuong_dinh, officer):
    form = award_forms["giay-khen-quan"]
    add_nominations(10, plan=plan, ward=khuong_dinh, user=officer, award_form=form, status=Status.DRAFT)
    client.force_login(officer)
    few = queries(client, url("nomination-list"))
    add_nominations(190, plan=plan, ward=khuong_dinh, user=officer, award_form=form, start=10, status=Status.DRAFT)
    assert queries(client, url("nomination-list")) == few


@pytest.mark.parametrize("name", ["ranking-year", "assessments"])
def test_queries_do_not_grow_with_wards(client, plan, khuong_dinh, social_affairs, home_affairs, name):
    add_wards(plan, khuong_dinh.district, 0, assessor=social_affairs)
    client.force_login(home_affairs)
    few = queries(client, url(name, 2023))
    assert len(client.get(url(name, 2023)).context["rows"]) == 11
    add_wards(plan, khuong_dinh.district, 29, assessor=social_affairs)
    assert queries(client, url(name, 2023)) == few
    assert len(client.get(url(name, 2023)).context["rows"]) == 40


def test_detail_queries_do_not_grow(client, plan, award_forms, forwarded, officer, social_affairs, home_affairs,
                                    make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    client.force_login(home_affairs)
    few = queries(client, url("nomination-detail", forwarded.pk))
    add_nominations(200, plan=plan, ward=khuong_dinh, user=officer, award_form=award_forms["giay-khen-quan"],
                    start=10)
    add_wards(plan, khuong_dinh.district, 29, assessor=social_affairs)
    assert queries(client, url("nomination-detail", forwarded.pk)) == few


# --- pages --------------------------------------------------------------------------------------

def _names(response) -> list[str]:
    """The nominees of a queue page computed afresh (a cached page renders no context)."""
    return [row["nominee_name"] for group in response.context["queue"]["groups"] for row in group["nominations"]]


def fresh(client, address):
    cache.clear()
    return client.get(address)


def test_queue_comes_a_page_at_a_time(client, plan, award_forms, khuong_dinh, officer, home_affairs):
    add_nominations(PAGE * 2 + 5, plan=plan, ward=khuong_dinh, user=officer, award_form=award_forms["giay-khen-quan"])
    client.force_login(home_affairs)
    first = client.get(url("queue"))
    second = client.get(url("queue") + "?trang=2")
    last = client.get(url("queue") + "?trang=3")
    assert [len(_names(r)) for r in (first, second, last)] == [PAGE, PAGE, 5]
    seen = _names(first) + _names(second) + _names(last)
    assert len(set(seen)) == PAGE * 2 + 5
    page = first.content.decode()
    assert f"{PAGE * 2 + 5} đề nghị đang chờ xử lý" in page and "trang 1/3" in page
    assert '<a href="?trang=2" rel="next">Trang sau ›</a>' in page
    # The group heading counts the whole group, not only this page's rows.
    assert f"({PAGE * 2 + 5} đề nghị, chờ lâu nhất" in second.content.decode()


@pytest.mark.parametrize("asked,shown", [("99", 3), ("0", 3), ("abc", 1)])
def test_a_page_out_of_range_shows_the_nearest_with_a_note(client, plan, award_forms, khuong_dinh, officer,
                                                            home_affairs, asked, shown):
    add_nominations(PAGE * 2 + 5, plan=plan, ward=khuong_dinh, user=officer, award_form=award_forms["giay-khen-quan"])
    client.force_login(home_affairs)
    response = client.get(url("queue") + f"?trang={asked}")
    assert response.status_code == 200
    assert response.context["queue"]["page"].number == shown
    assert f"Không có trang “{asked}”: đang hiển thị trang {shown}/3." in response.content.decode()


def test_list_pages_keep_the_filters(client, plan, award_forms, khuong_dinh, officer, home_affairs):
    form = award_forms["giay-khen-quan"]
    add_nominations(PAGE + 3, plan=plan, ward=khuong_dinh, user=officer, award_form=form)
    add_nominations(PAGE + 1, plan=plan, ward=khuong_dinh, user=officer, award_form=form, start=100,
                    status=Status.DRAFT)
    client.force_login(home_affairs)
    first = client.get(url("nomination-list") + "?trang-thai=forwarded")
    assert len(first.context["nominations"]) == PAGE
    assert "?trang-thai=forwarded&amp;trang=2" in first.content.decode()
    second = client.get(url("nomination-list") + "?trang-thai=forwarded&trang=2")
    assert [r["status"] for r in second.context["nominations"]] == [Status.FORWARDED] * 3
    counts = {s["value"]: s["count"] for s in second.context["status_counts"]}
    assert (counts["forwarded"], counts["draft"], second.context["total"]) == (PAGE + 3, PAGE + 1, 2 * PAGE + 4)
    assert "Không có trang" in client.get(url("nomination-list") + "?trang=7").content.decode()


def test_list_counts_follow_the_chosen_occasion(client, plan, award_forms, khuong_dinh, officer, home_affairs):
    form = award_forms["giay-khen-quan"]
    add_nominations(3, plan=plan, ward=khuong_dinh, user=officer, award_form=form)
    sudden = add_nominations(2, plan=plan, ward=khuong_dinh, user=officer, award_form=form, start=10)
    Nomination.objects.filter(pk__in=[n.pk for n in sudden]).update(occasion="sudden")
    client.force_login(home_affairs)
    response = client.get(url("nomination-list") + "?dip=sudden")
    assert response.context["total"] == 2 and len(response.context["nominations"]) == 2
    assert {r["nominee_name"] for r in response.context["nominations"]} == {n.nominee_name for n in sudden}


def test_council_list_holds_every_row_of_the_occasion(client, plan, award_forms, khuong_dinh, officer, home_affairs):
    add_nominations(PAGE * 3, plan=plan, ward=khuong_dinh, user=officer, award_form=award_forms["giay-khen-quan"])
    client.force_login(home_affairs)
    sheet = load_workbook(io.BytesIO(client.get(url("council-list", "yearly", 2023)).content)).active
    assert sheet.max_row == 4 + PAGE * 3


# --- the queue's cached copy ----------------------------------------------------------------------

def test_queue_is_served_from_its_cached_copy_until_a_nomination_moves(client, forwarded, home_affairs,
                                                                        social_affairs):
    client.force_login(home_affairs)
    cold = queries(client, url("queue"))
    warm = queries(client, url("queue"), cold=False)
    assert warm < cold
    services.nomination_approve(nomination=forwarded, user=home_affairs)
    page = client.get(url("queue")).content.decode()
    assert "Đã thẩm định, đồng ý" in page and "Ghi quyết định hoặc trình Thành phố" in page
    # LĐ-TB&XH of the district reads the same copy; the day is part of its key.
    client.force_login(social_affairs)
    assert "Ghi quyết định hoặc trình Thành phố" in client.get(url("queue")).content.decode()


def test_queue_copy_follows_a_new_forwarded_nomination_and_a_new_file(client, forwarded, make_nomination, officer,
                                                                       social_affairs, home_affairs):
    client.force_login(home_affairs)
    assert "Tổ dân phố số 9" not in client.get(url("queue")).content.decode()
    other = make_nomination(officer, nominee_name="Tổ dân phố số 9", documents=False)
    services.documents_add(nomination=other, user=officer, uploads=[
        ("submission_letter", _upload("to-trinh.pdf")), ("achievement_report", _upload("bao-cao.pdf")),
    ])
    services.nomination_submit(nomination=other, user=officer)
    services.nomination_forward(nomination=other, user=social_affairs)
    page = client.get(url("queue")).content.decode()
    assert "Tổ dân phố số 9" in page and "2 đề nghị đang chờ xử lý" in page


def test_a_file_added_moves_the_data_version(forwarded, make_nomination, officer, home_affairs, plan):
    from common import cache as data_cache

    draft = make_nomination(officer, nominee_name="Tổ dân phố số 9", documents=False)
    before = data_cache.version()
    services.documents_add(nomination=draft, user=officer, uploads=[("other", _upload("anh.png"))])
    assert data_cache.version() != before


def _upload(name):
    from conftest import upload

    return upload(name)
