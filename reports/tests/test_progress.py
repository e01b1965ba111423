"""Progress figures against cases computed by hand from the plan's annex (DOMAIN.md)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.progress import district_progress, ward_page
from reports.tests.factories import add_wards
from units.models import District, Ward
from wards.models import ReportingWindow, WindowExtension, YearlyCount

APPROVED = YearlyCount.Status.APPROVED
# Mid-2023: the 2022 figures are due (no window: end of 2022), the 2023 ones are not yet.
MID_2023 = date(2023, 6, 11)


def ward(code: str) -> Ward:
    return Ward.objects.get(code=code)


def row_of(progress: dict, some_ward: Ward) -> dict:
    return next(row for row in progress["wards"] if row["ward"] == some_ward)


def cell_of(progress: dict, some_ward: Ward, year: int) -> dict:
    return row_of(progress, some_ward)["cells"][year - progress["campaign"].start_year]


def test_the_plans_own_targets_and_planned_path(plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        progress = district_progress(campaign=plan, today=date(2022, 10, 1))
    assert progress["ward_count"] == 11
    assert progress["baseline"] == 32
    assert progress["total_target"] == 32
    assert [t["target"] for t in progress["totals"]] == [11, 11, 10, 0]
    assert [t["planned_remaining"] for t in progress["totals"]] == [21, 10, 0, 0]
    assert [p["planned"] for p in progress["path"]] == [32, 21, 10, 0, 0]
    assert [p["label"] for p in progress["path"]] == [
        "Đầu kỳ 2022", "Cuối 2022", "Cuối 2023", "Cuối 2024", "Cuối 2025",
    ]
    # Nothing reported: no actual figure, every year still ahead of its deadline.
    assert [p["actual"] for p in progress["path"]] == [32, None, None, None, None]
    assert {c["status"] for row in progress["wards"] for c in row["cells"]} == {"not_yet_due"}
    assert progress["latest_total"] is None
    assert row_of(progress, ward("00358"))["total_target"] == 9  # Phương Liệt: 3 + 3 + 3 + 0


def test_a_ward_on_track_one_behind_and_one_ahead(plan, make_count, khuong_dinh, nhan_chinh):
    phuong_liet = ward("00358")
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2)  # target 2 of 6
    make_count(nhan_chinh, 2022, status=APPROVED, near_poor_escaped=1)  # target 3 of 9
    make_count(phuong_liet, 2022, status=APPROVED, near_poor_escaped=4, near_poor_new=1)  # 3 of 9

    progress = district_progress(campaign=plan, today=MID_2023)

    on_track = cell_of(progress, khuong_dinh, 2022)
    assert (on_track["achieved"], on_track["remaining"]) == (2, 4)
    assert (on_track["cumulative_achieved"], on_track["cumulative_target"]) == (2, 2)
    assert (on_track["status"], on_track["status_label"]) == ("on_track", "Đúng tiến độ")
    behind = cell_of(progress, nhan_chinh, 2022)
    assert (behind["achieved"], behind["remaining"], behind["status"]) == (1, 8, "behind")
    assert behind["status_label"] == "Chậm tiến độ"
    # Four out and one new: a net reduction of 3, the year's target.
    netted = cell_of(progress, phuong_liet, 2022)
    assert (netted["achieved"], netted["remaining"], netted["planned_remaining"]) == (3, 6, 6)
    assert netted["status"] == "on_track"

    total = progress["totals"][0]
    assert (total["actual_remaining"], total["approved_wards"], total["complete"]) == (18, 3, False)
    assert total["achieved"] == 2 + 1 + 3
    assert total["status"] is None  # partial: the district is not judged on 3 wards of 11
    assert progress["path"][1]["actual"] == 18 and progress["path"][1]["wards"] == 3


def test_the_headline_year_is_the_latest_every_ward_has_approved(plan, make_count, khuong_dinh):
    wards = [khuong_dinh, *Ward.objects.filter(district__code="009").exclude(pk=khuong_dinh.pk)]
    progress = district_progress(campaign=plan, today=MID_2023)
    assert (progress["latest_total"], progress["latest_partial"]) == (None, None)
    make_count(wards[0], 2022, status=APPROVED, near_poor_escaped=1)
    progress = district_progress(campaign=plan, today=MID_2023)
    assert progress["latest_total"] is None
    assert (progress["latest_partial"]["year"], progress["latest_partial"]["approved_wards"]) == (2022, 1)
    for ward_ in wards[1:]:
        make_count(ward_, 2022, status=APPROVED)
    make_count(wards[0], 2023, status=APPROVED)
    progress = district_progress(campaign=plan, today=date(2024, 3, 1))
    assert (progress["latest_total"]["year"], progress["latest_total"]["actual_remaining"]) == (2022, 31)
    assert progress["latest_partial"]["year"] == 2023


def test_ahead_when_cumulative_reduction_beats_the_cumulative_target(plan, make_count):
    phuong_liet = ward("00358")
    make_count(phuong_liet, 2022, status=APPROVED, near_poor_escaped=5)
    cell = cell_of(district_progress(campaign=plan, today=MID_2023), phuong_liet, 2022)
    assert (cell["remaining"], cell["cumulative_achieved"], cell["cumulative_target"]) == (4, 5, 3)
    assert (cell["status"], cell["status_label"]) == ("ahead", "Vượt tiến độ")


def test_status_is_judged_on_cumulative_figures(plan, make_count, khuong_dinh):
    # 3 out in 2022 (target 2), only 1 in 2023 (target 2): 4 of 4 by the end of 2023.
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=3)
    make_count(khuong_dinh, 2023, status=APPROVED, near_poor_escaped=1)
    progress = district_progress(campaign=plan, today=date(2024, 3, 1))
    assert cell_of(progress, khuong_dinh, 2022)["status"] == "ahead"
    later = cell_of(progress, khuong_dinh, 2023)
    assert (later["achieved"], later["target"]) == (1, 2)
    assert (later["cumulative_achieved"], later["cumulative_target"], later["status"]) == (4, 4, "on_track")


def test_new_near_poor_in_a_ward_without_targets_puts_it_behind(plan, make_count):
    kim_giang = ward("00373")
    make_count(kim_giang, 2022, status=APPROVED, near_poor_new=1)
    cell = cell_of(district_progress(campaign=plan, today=MID_2023), kim_giang, 2022)
    assert (cell["target"], cell["achieved"], cell["remaining"], cell["status"]) == (0, -1, 1, "behind")


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_only_approved_counts_are_results(plan, make_count, khuong_dinh, status):
    make_count(khuong_dinh, 2022, status=status, near_poor_escaped=2)
    progress = district_progress(campaign=plan, today=date(2022, 12, 1))
    cell = cell_of(progress, khuong_dinh, 2022)
    assert cell["result"] is None and cell["remaining"] is None
    assert cell["count"].status == cell["count_status"] == status
    assert cell["count_status_label"] == YearlyCount.Status(status).label
    # Returned figures wait for the ward, not for the deadline.
    assert cell["status"] == {"submitted": "awaiting_approval", "returned": "returned"}.get(status, "not_yet_due")
    assert progress["totals"][0]["actual_remaining"] is None


def test_submitted_figures_past_the_deadline_await_approval_not_the_ward(plan, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status="submitted", near_poor_escaped=2)
    cell = cell_of(district_progress(campaign=plan, today=MID_2023), khuong_dinh, 2022)
    assert (cell["status"], cell["status"].label) == ("awaiting_approval", "Chờ duyệt")
    assert not cell["late"]


@pytest.fixture
def window_2023(plan, khuong_dinh):
    """Figures of 2023 due on 15/01/2024; Khương Đình has until 31/01/2024."""
    window = ReportingWindow.objects.create(
        campaign=plan, year=2023, opens_on=date(2023, 12, 1), closes_on=date(2024, 1, 15)
    )
    WindowExtension.objects.create(
        window=window, ward=khuong_dinh, closes_on=date(2024, 1, 31), reason="Ốm đau cán bộ"
    )
    return window


@pytest.mark.parametrize(("today", "khuong_dinh_status", "nhan_chinh_status"), [
    (date(2024, 1, 10), "not_yet_due", "not_yet_due"),
    (date(2024, 1, 15), "not_yet_due", "not_yet_due"),  # the deadline day still counts
    (date(2024, 1, 16), "not_yet_due", "not_reported"),  # extension keeps Khương Đình in time
    (date(2024, 1, 31), "not_yet_due", "not_reported"),
    (date(2024, 2, 1), "not_reported", "not_reported"),
])
def test_not_reported_only_after_the_wards_own_deadline(
    plan, window_2023, khuong_dinh, nhan_chinh, today, khuong_dinh_status, nhan_chinh_status
):
    progress = district_progress(campaign=plan, today=today)
    ours, theirs = cell_of(progress, khuong_dinh, 2023), cell_of(progress, nhan_chinh, 2023)
    assert (ours["status"], theirs["status"]) == (khuong_dinh_status, nhan_chinh_status)
    assert (ours["deadline"], ours["deadline_extended"]) == (date(2024, 1, 31), True)
    assert (theirs["deadline"], theirs["deadline_extended"]) == (date(2024, 1, 15), False)
    labels = {"not_yet_due": "Chưa đến hạn", "not_reported": "Chưa báo cáo"}
    assert ours["status_label"] == labels[khuong_dinh_status]


def test_a_year_without_a_window_is_due_on_31_december(plan, khuong_dinh):
    on_the_day = district_progress(campaign=plan, today=date(2024, 12, 31))
    day_after = district_progress(campaign=plan, today=date(2025, 1, 1))
    assert cell_of(on_the_day, khuong_dinh, 2024)["deadline"] == date(2024, 12, 31)
    assert cell_of(on_the_day, khuong_dinh, 2024)["status"] == "not_yet_due"
    assert cell_of(day_after, khuong_dinh, 2024)["status"] == "not_reported"
    assert day_after["completeness"][2]["deadline"] == date(2024, 12, 31)
    assert not day_after["completeness"][2]["has_window"]


def test_breaches_of_the_zero_poor_goals_are_flagged(plan, make_count, khuong_dinh, nhan_chinh):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2, poor_end=2, poor_new=1)
    # Not approved yet: not a result, so not in the district's figures.
    make_count(nhan_chinh, 2022, status="submitted", poor_end=1, poor_fallen_back=1)
    progress = district_progress(campaign=plan, today=MID_2023)

    cell = cell_of(progress, khuong_dinh, 2022)
    assert cell["breaches"] == [
        "có 2 hộ nghèo (mục tiêu: không có hộ nghèo)",
        "phát sinh 1 hộ nghèo mới (mục tiêu: 0)",
    ]
    assert cell["status"] == "on_track"  # the near-poor figures are still on plan
    assert cell_of(progress, nhan_chinh, 2022)["breaches"] == []
    [breach] = progress["breaches"]
    assert (breach["ward"], breach["year"], breach["count"]) == (khuong_dinh, 2022, cell["count"])
    assert progress["totals"][0]["breaches"] == [breach]
    assert progress["totals"][1]["breaches"] == []
    assert row_of(progress, khuong_dinh)["breaches"] == [breach]


def test_reporting_completeness_per_year(plan, make_count, khuong_dinh, nhan_chinh):
    phuong_liet, thanh_xuan_bac = ward("00358"), ward("00367")
    make_count(khuong_dinh, 2022, status=APPROVED)
    make_count(nhan_chinh, 2022, status="submitted")
    make_count(phuong_liet, 2022, status="returned")
    make_count(thanh_xuan_bac, 2022, status="draft")
    progress = district_progress(campaign=plan, today=date(2023, 3, 1))

    year = progress["completeness"][0]
    assert year["year"] == 2022 and year["ward_count"] == 11
    assert year["numbers"] == {
        "approved": 1, "submitted": 1, "returned": 1, "draft": 1, "missing": 7, "late": 9,
    }
    assert (year["approved"], year["submitted"]) == ([khuong_dinh], [nhan_chinh])
    assert (year["returned"], year["draft"]) == ([phuong_liet], [thanh_xuan_bac])
    # Late: past the deadline and still owed by the ward (a submitted count waits on the district).
    assert khuong_dinh not in year["late"] and nhan_chinh not in year["late"]
    assert phuong_liet in year["late"] and ward("00373") in year["late"]
    assert year["rate"] == pytest.approx(2 / 11) and year["rate_percent"] == 18
    assert [g["key"] for g in year["groups"]] == ["approved", "submitted", "returned", "draft", "missing"]
    # 2023 is not due yet: nothing is late, nothing sent.
    assert progress["completeness"][1]["numbers"]["late"] == 0
    assert progress["completeness"][1]["rate"] == 0


def test_completeness_counts_extensions(plan, window_2023):
    year = district_progress(campaign=plan, today=date(2024, 1, 20))["completeness"][1]
    assert (year["deadline"], year["has_window"], year["extensions"]) == (date(2024, 1, 15), True, 1)
    assert year["numbers"]["late"] == 10  # every ward but Khương Đình, whose deadline is later


def test_forecast_from_the_approved_years(plan, make_count, khuong_dinh, nhan_chinh):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=1)  # 6 → 5
    make_count(khuong_dinh, 2023, status=APPROVED, near_poor_escaped=2)  # 5 → 3
    make_count(khuong_dinh, 2024, status="submitted", near_poor_escaped=3)  # not counted
    make_count(nhan_chinh, 2022, status=APPROVED, near_poor_escaped=1)  # 9 → 8
    progress = district_progress(campaign=plan, today=date(2024, 3, 1))

    ours = row_of(progress, khuong_dinh)["forecast"]
    assert ours["approved_years"] == [2022, 2023]
    assert (ours["as_of_year"], ours["remaining"], ours["planned_remaining"]) == (2023, 3, 2)
    assert (ours["average_reduction"], ours["years_left"], ours["pace_needed"]) == (1.5, 2, 2)
    assert (ours["reaches_zero"], ours["projected_end"]) == (True, 0)
    assert ours["verdict"] == (
        "Theo nhịp độ hiện tại (bình quân giảm 1,5 hộ/năm) sẽ về 0 hộ trước cuối năm 2025."
    )

    theirs = row_of(progress, nhan_chinh)["forecast"]
    assert (theirs["remaining"], theirs["average_reduction"], theirs["years_left"]) == (8, 1, 3)
    assert (theirs["pace_needed"], theirs["reaches_zero"], theirs["projected_end"]) == (3, False, 5)
    assert "còn khoảng 5 hộ; cần giảm 3 hộ mỗi năm" in theirs["verdict"]

    # No approved year: the baseline and the whole plan ahead, nothing to project from.
    khuong_trung = row_of(progress, ward("00349"))["forecast"]
    assert (khuong_trung["remaining"], khuong_trung["years_left"], khuong_trung["pace_needed"]) == (2, 4, 1)
    assert (khuong_trung["average_reduction"], khuong_trung["reaches_zero"]) == (None, None)
    # A ward with no near-poor households has reached the goal already.
    kim_giang = row_of(progress, ward("00373"))["forecast"]
    assert (kim_giang["remaining"], kim_giang["pace_needed"], kim_giang["reaches_zero"]) == (0, 0, True)


def test_forecast_when_the_plan_is_over(plan, make_count):
    khuong_trung = ward("00349")
    for year in (2022, 2023, 2024, 2025):
        make_count(khuong_trung, year, status=APPROVED)
    forecast = row_of(district_progress(campaign=plan, today=date(2026, 6, 1)), khuong_trung)["forecast"]
    assert (forecast["remaining"], forecast["years_left"], forecast["pace_needed"]) == (2, 0, None)
    assert forecast["reaches_zero"] is False
    assert "Hết kế hoạch vẫn còn 2 hộ" in forecast["verdict"]


def test_ward_progress_is_the_wards_row_of_the_district(
    plan, make_count, khuong_dinh, window_2023, django_assert_max_num_queries
):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2, poor_end=1)
    today = date(2024, 1, 20)
    with django_assert_max_num_queries(6):
        own = ward_page(campaign=plan, ward=khuong_dinh, today=today)["progress"]
    row = row_of(district_progress(campaign=plan, today=today), khuong_dinh)
    for key in ("ward", "baseline", "total_target", "cells", "forecast", "breaches"):
        assert own[key] == row[key]
    assert own["has_baseline"] and own["years"] == [2022, 2023, 2024, 2025]
    assert [p["planned"] for p in own["path"]] == [6, 4, 2, 0, 0]
    assert [p["actual"] for p in own["path"]] == [6, 4, None, None, None]
    assert own["cells"][1]["deadline"] == date(2024, 1, 31)


def test_ward_progress_of_a_ward_outside_the_plan(plan):
    outsider = Ward.objects.create(district=District.objects.get(), code="99999", name="Mới Lập")
    progress = ward_page(campaign=plan, ward=outsider, today=MID_2023)["progress"]
    assert (progress["ward"], progress["baseline"], progress["has_baseline"]) == (outsider, 0, False)
    assert progress["forecast"]["reaches_zero"] is True


def test_query_count_is_the_same_for_11_and_300_wards(
    plan, make_count, khuong_dinh, window_2023, django_assert_num_queries
):
    make_count(khuong_dinh, 2022, status=APPROVED, near_poor_escaped=2)
    today = date(2024, 2, 1)
    with CaptureQueriesContext(connection) as at_11:
        district_progress(campaign=plan, today=today)
    assert len(at_11) <= 6

    add_wards(plan, 289)
    with django_assert_num_queries(len(at_11)):
        progress = district_progress(campaign=plan, today=today)
    assert progress["ward_count"] == 300
    assert progress["baseline"] == 32 + 289 * 4
    assert progress["totals"][1]["approved_wards"] == 289
    assert progress["totals"][1]["actual_remaining"] == 289 * 2
    extra = row_of(progress, Ward.objects.get(code="90288"))
    assert [c["status"] for c in extra["cells"]] == ["on_track", "on_track", "not_yet_due", "not_yet_due"]
