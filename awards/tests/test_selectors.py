"""Evidence, ranking, the queue and the council list: computed from approved data, in a bounded
number of queries whatever the number of wards and nominations."""

import datetime
import io

from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from awards import selectors, services
from awards.models import AssessmentResult, CriterionAssessment, Nomination
from campaign.models import Criterion
from units.access import reach
from units.models import Ward
from wards.models import YearlyCount

APPROVED = YearlyCount.Status.APPROVED


def assess(plan, ward, year, order, result, user=None):
    return CriterionAssessment.objects.create(
        campaign=plan, year=year, ward=ward, result=result,
        criterion=Criterion.objects.get(campaign=plan, actor_type="ward", order=order),
    )


def test_evidence_comes_from_approved_figures(plan, make_count, khuong_dinh):
    # Khương Đình: 6 at the start; targets 2, 2, 2, 0.
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=3)          # 3 left, target met
    make_count(khuong_dinh, 2023, status=APPROVED, near_poor_escaped=1)          # 2 left, target missed
    make_count(khuong_dinh, 2024, near_poor_escaped=2)                            # draft: not evidence
    assess(plan, khuong_dinh, 2023, 3, AssessmentResult.PARTLY)
    evidence = selectors.ward_evidence(campaign=plan, ward=khuong_dinh, up_to_year=2024)
    # 2023 misses its own target, yet 4 of 4 households are reduced since the start: on the path,
    # as the dashboard says.
    assert [(r["year"], r["target"], r["reduction"], r["status"], r["on_track"]) for r in evidence["years"]] == [
        (2022, 2, 3, "ahead", True), (2023, 2, 1, "on_track", True), (2024, 2, None, None, None),
    ]
    texts = [s["text"] for s in evidence["statements"]]
    assert texts == [
        "Đúng hoặc vượt tiến độ giảm hộ cận nghèo (lũy kế so với chỉ tiêu lũy kế) tất cả 2 năm đã duyệt (2022, 2023).",
        "Không có hộ nghèo, hộ tái nghèo, hộ nghèo phát sinh mới trong các năm đã duyệt.",
        "Còn 2 hộ cận nghèo cuối năm 2023 (đầu kỳ: 6 hộ).",
        "Năm 2024: số liệu chưa được duyệt, chưa tính vào minh chứng.",
    ]
    assert [(a["year"], a["partly"]) for a in evidence["assessments"]] == [(2023, 1)]


def test_evidence_of_a_ward_that_met_every_target(plan, make_count, nhan_chinh):
    for year in (2022, 2023, 2024):
        make_count(nhan_chinh, year, status=APPROVED, near_poor_escaped=3)
    evidence = selectors.ward_evidence(campaign=plan, ward=nhan_chinh, up_to_year=2025)
    texts = [s["text"] for s in evidence["statements"]]
    assert texts[0] == (
        "Đúng hoặc vượt tiến độ giảm hộ cận nghèo (lũy kế so với chỉ tiêu lũy kế) tất cả 3 năm đã duyệt (2022, 2023, 2024)."
    )
    assert "Không còn hộ cận nghèo cuối năm 2024." in texts


def test_evidence_names_a_poor_household_breach(plan, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2, poor_end=1, poor_new=1)
    texts = [s["text"] for s in selectors.ward_evidence(campaign=plan, ward=khuong_dinh, up_to_year=2022)["statements"]]
    assert "Năm 2022: có 1 hộ nghèo (mục tiêu: không có hộ nghèo); phát sinh 1 hộ nghèo mới (mục tiêu: 0)." in texts


def test_nomination_page_shows_criteria_and_evidence(client, draft, officer, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2)
    client.force_login(officer)
    page = client.get(reverse("awards:nomination-detail", args=[draft.pk])).content.decode()
    assert "Tiêu chí thi đua: Tổ dân phố" in page
    assert "Huy động có hiệu quả nguồn lực từ Nhân dân" in page
    assert "Đúng hoặc vượt tiến độ giảm hộ cận nghèo (lũy kế so với chỉ tiêu lũy kế) tất cả 1 năm đã duyệt (2022)." in page
    assert "to-trinh.pdf" in page and "Còn thiếu" not in page


def test_ranking_counts_criteria_and_figures(plan, make_count, khuong_dinh, nhan_chinh, social_affairs,
                                             django_assert_max_num_queries):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2)     # target 2 met
    make_count(nhan_chinh, 2022, status=APPROVED, near_poor_escaped=1)      # target 3 missed
    for order in (2, 3, 4, 5):
        assess(plan, khuong_dinh, 2022, order, AssessmentResult.MET)
        assess(plan, nhan_chinh, 2022, order, AssessmentResult.PARTLY)
    reach(social_affairs)  # the posting, read once per request
    with django_assert_max_num_queries(5):
        ranking = selectors.ward_ranking(user=social_affairs, campaign=plan, year=2022)
    rows = {r["ward"].name: r for r in ranking["rows"]}
    assert (rows["Khương Đình"]["points"], rows["Khương Đình"]["possible"], rows["Khương Đình"]["rank"]) == (11, 11, 1)
    assert (rows["Nhân Chính"]["points"], rows["Nhân Chính"]["possible"]) == (5, 11)
    assert rows["Nhân Chính"]["on_track"] is False and rows["Nhân Chính"]["kept_goals"] is True
    assert rows["Nhân Chính"]["status"] == "behind"
    assert rows["Kim Giang"]["complete"] is False and len(ranking["rows"]) == 11
    assert ranking["rows"][0]["ward"] == khuong_dinh
    # The nine others have nothing to rank on: unranked, after the ranked, not all "1" at 0 %.
    assert [r["rank"] for r in ranking["rows"]] == [1, 2] + [None] * 9
    assert rows["Kim Giang"]["ranked"] is False and rows["Kim Giang"]["percent"] is None
    assert len(ranking["unranked"]) == 9 and khuong_dinh not in ranking["unranked"]


def test_ranking_judges_the_cumulative_path_as_the_dashboard(plan, make_count, khuong_dinh, social_affairs):
    from reports.progress import district_progress

    # Khương Đình: 6 at the start, targets 2, 2: 3 out in 2022, 1 in 2023 (under the year's 2).
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=3)
    make_count(khuong_dinh, 2023, status=APPROVED, near_poor_escaped=1)
    row = next(r for r in selectors.ward_ranking(user=social_affairs, campaign=plan, year=2023)["rows"]
               if r["ward"] == khuong_dinh)
    dashboard = district_progress(campaign=plan, today=datetime.date(2024, 3, 1))
    cell = next(r for r in dashboard["wards"] if r["ward"] == khuong_dinh)["cells"][1]
    assert row["status"] == cell["status"] == "on_track"
    assert (row["cumulative_achieved"], row["cumulative_target"], row["on_track"]) == (4, 4, True)
    assert (row["points"], row["possible"]) == (3, 3)  # no criteria assessed; the figures count


def test_the_ranking_page_says_unranked_and_its_measure(client, plan, make_count, khuong_dinh, social_affairs):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=3)
    make_count(khuong_dinh, 2023, status=APPROVED, near_poor_escaped=1)
    client.force_login(social_affairs)
    page = " ".join(client.get(reverse("awards:ranking-year", args=[2023])).content.decode().split())
    assert "Đúng tiến độ</span> (lũy kế giảm 4/4; năm 2023 giảm 1/2)" in page
    assert "số hộ đã giảm lũy kế từ đầu kỳ so với chỉ tiêu lũy kế đến hết năm 2023" in page
    assert page.count("Chưa xếp hạng</span>") == 10
    assert "Chưa xếp hạng (chưa đánh giá tiêu chí, chưa có số liệu được duyệt): " in page


def test_ranking_queries_do_not_grow_with_wards(plan, make_count, social_affairs, django_assert_max_num_queries):
    for ward in Ward.objects.all():
        make_count(ward, 2022, status=APPROVED)
        for order in (1, 4, 5):
            assess(plan, ward, 2022, order, AssessmentResult.MET)
    reach(social_affairs)
    with django_assert_max_num_queries(5):
        ranking = selectors.ward_ranking(user=social_affairs, campaign=plan, year=2022)
    assert len(ranking["rows"]) == 11


def _many_nominations(make_nomination, officer, social_affairs, award_forms, n, start=0):
    for i in range(start, start + n):
        nomination = make_nomination(officer, nominee_name=f"Tổ dân phố số {i + 1}")
        services.nomination_submit(nomination=nomination, user=officer)
        services.nomination_forward(nomination=nomination, user=social_affairs)


def test_queue_page_queries_stay_bounded(client, make_nomination, officer, social_affairs, home_affairs,
                                         award_forms, django_assert_max_num_queries):
    _many_nominations(make_nomination, officer, social_affairs, award_forms, 2)
    client.force_login(home_affairs)
    client.get(reverse("awards:queue"))  # warm the session
    cache.clear()
    # session, user, roles, posting, campaign, the desk's version; counts, nominations, documents;
    # the header's "Chờ duyệt (N)": permissions (2) and the count.
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("awards:queue"))
    _many_nominations(make_nomination, officer, social_affairs, award_forms, 6, start=2)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("awards:queue"))
    page = response.content.decode()
    assert page.count("Tờ trình") == 8 and "Tổ dân phố số 8" in page
    assert response.context["queue"]["waiting_total"] == 8


def test_queue_groups_by_occasion_and_age(forwarded, make_nomination, officer, social_affairs, home_affairs, award_forms):
    older = make_nomination(officer, nominee_name="Hộ bà Lê Thị Hoa", nominee_kind="household", actor_type="household",
                            occasion="final", year=2025)
    services.nomination_submit(nomination=older, user=officer)
    services.nomination_forward(nomination=older, user=social_affairs)
    forwarded_on = datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC)
    older.transitions.update(at=forwarded_on)
    Nomination.objects.filter(pk=older.pk).update(status_changed_at=forwarded_on)
    queue = selectors.appraisal_queue(user=home_affairs, campaign=forwarded.campaign, today=datetime.date(2025, 1, 22))
    assert [g["label"] for g in queue["groups"]] == ["Tổng kết Phong trào thi đua (2025)", "Khen thưởng năm 2023"]
    assert queue["groups"][0]["nominations"][0]["age_days"] == 20
    counts = {s["value"]: s["count"] for s in queue["status_counts"]}
    assert counts["forwarded"] == 2 and counts["draft"] == 0


def test_council_list_xlsx(client, approved, make_nomination, officer, social_affairs, home_affairs):
    evil = make_nomination(officer, nominee_name="=HYPERLINK(\"http://x\")", achievements="@SUM(1)+2")
    services.nomination_submit(nomination=evil, user=officer)
    services.nomination_forward(nomination=evil, user=social_affairs)
    services.nomination_reject(nomination=evil, user=home_affairs, reason="-Không đủ tiêu chuẩn")
    make_nomination(officer, nominee_name="Tổ dân phố số 9")  # a draft: not for the council
    client.force_login(home_affairs)
    response = client.get(reverse("awards:council-list", args=["yearly", 2023]))
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-hoi-dong-yearly-2023.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0] == ["STT", "Tên tập thể, cá nhân, hộ gia đình", "Đơn vị", "Hình thức khen thưởng",
                       "Tóm tắt thành tích", "Đơn vị đề nghị", "Kết quả thẩm định"]
    assert len(rows) == 3
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Tổ dân phố số 5"] == [
        2, "Tổ dân phố số 5", "Phường Khương Đình", "Giấy khen của Chủ tịch UBND quận",
        "Vận động 3 hộ cận nghèo thoát cận nghèo bền vững.", "UBND Phường Khương Đình", "Đồng ý: Đủ tiêu chuẩn.",
    ]
    formula = by_name["'=HYPERLINK(\"http://x\")"]
    assert formula[4] == "'@SUM(1)+2"
    assert formula[6] == "Không đề nghị khen thưởng: -Không đủ tiêu chuẩn"
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=5) for cell in row[1:])
