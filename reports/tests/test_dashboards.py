"""The progress dashboards of a district and of a city, and where /tong-quan/ leads each user.

Named users: LĐ-TB&XH and Nội vụ of Thanh Xuân (ours), LĐ-TB&XH of Đống Đa (another district of
Hà Nội), Sở LĐ-TB&XH of Hà Nội (our city) and of Hải Phòng (another city), a ward officer, a
user without a role, a superuser.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.progress import district_progress
from reports.tests.factories import add_district
from reports.tests.review_data import plan_of
from units.models import Province
from wards.models import YearlyCount

CITY = "/tong-quan/tinh/01/"
THANH_XUAN = "/tong-quan/quan/009/"
DONG_DA = "/tong-quan/quan/006/"


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_url_names():
    assert reverse("reports:district-dashboard", args=["009"]) == THANH_XUAN
    assert reverse("reports:city-dashboard", args=["01"]) == CITY


# --- /tong-quan/: each user's own dashboard -------------------------------------------------------

@pytest.mark.parametrize("role", ["social_affairs", "home_affairs"])
def test_district_staff_get_their_district_only(request, client, role, dong_da):
    client.force_login(request.getfixturevalue(role))
    page = page_of(client, "/tong-quan/")
    assert "Tiến độ giảm hộ cận nghèo Quận Thanh Xuân" in page
    assert "Khương Đình" in page and "Kim Giang" in page
    assert "Đống Đa 000" not in page
    assert "11 phường" in page


def test_staff_of_another_district_get_theirs(client, dong_da_staff):
    client.force_login(dong_da_staff)
    page = page_of(client, "/tong-quan/")
    assert "Quận Đống Đa" in page and "Đống Đa 002" in page
    assert "Khương Đình" not in page and "3 phường" in page


def test_district_staff_without_a_posting_are_told_why(client, unposted_staff):
    client.force_login(unposted_staff)
    response = client.get("/tong-quan/")
    assert response.status_code == 403
    assert "chưa được phân công về quận nào" in response.content.decode()
    assert client.get(THANH_XUAN).status_code == 403


def test_city_staff_go_to_their_city(client, city_staff):
    client.force_login(city_staff)
    response = client.get("/tong-quan/")
    assert response.status_code == 302 and response["Location"] == CITY


def test_a_superuser_of_one_district_gets_it(client, superuser):
    client.force_login(superuser)
    assert "Tiến độ giảm hộ cận nghèo Quận Thanh Xuân" in page_of(client, "/tong-quan/")


def test_a_superuser_of_one_city_goes_to_it(client, superuser, dong_da):
    client.force_login(superuser)
    response = client.get("/tong-quan/")
    assert response.status_code == 302 and response["Location"] == CITY


def test_a_superuser_of_several_cities_picks_one(client, superuser, dong_da, hong_bang):
    client.force_login(superuser)
    page = page_of(client, "/tong-quan/")
    assert "Chọn một tỉnh, thành phố" in page
    assert f'href="{CITY}"' in page and 'href="/tong-quan/tinh/31/"' in page
    assert "Thành phố Hải Phòng" in page


# --- a district's dashboard -----------------------------------------------------------------------

@pytest.mark.parametrize("url", [THANH_XUAN, CITY])
def test_anonymous_goes_to_login(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["officer", "other_officer", "no_role"])
@pytest.mark.parametrize("url", [THANH_XUAN, CITY])
def test_officers_and_users_without_role_are_refused(request, client, role, url):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 403


def test_district_staff_see_their_own_district_and_no_other(client, social_affairs, dong_da):
    client.force_login(social_affairs)
    assert "Khương Đình" in page_of(client, THANH_XUAN)
    assert client.get(DONG_DA).status_code == 404
    assert client.get("/tong-quan/quan/999/").status_code == 404


def test_city_staff_read_every_district_of_their_city(client, city_staff, dong_da, make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    client.force_login(city_staff)
    page = page_of(client, THANH_XUAN)
    # Up to the city, down to the wards; no link into the admin, where city staff have no access.
    assert f'href="{CITY}"' in page and "Thành phố Hà Nội" in page
    assert 'href="/phuong/00364/"' in page
    assert reverse("admin:wards_yearlycount_change", args=[count.pk]) not in page
    assert reverse("wards:count", args=[count.ward.key, 2022]) not in page
    assert "giảm 2, còn 4" in page
    assert "Đống Đa 001" in page_of(client, DONG_DA)


def test_district_staff_see_links_to_the_figures(client, social_affairs, make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    client.force_login(social_affairs)
    page = page_of(client, THANH_XUAN)
    # The figures' own page, with their workflow, rather than the admin's form.
    assert f'href="{reverse("wards:count", args=[count.ward.key, 2022])}"' in page
    assert reverse("admin:wards_yearlycount_change", args=[count.pk]) not in page
    assert f'href="{CITY}"' not in page


def test_city_staff_of_another_city_are_refused_with_404(client, other_city_staff, dong_da):
    client.force_login(other_city_staff)
    assert client.get(THANH_XUAN).status_code == 404
    assert client.get(CITY).status_code == 404
    assert client.get("/phuong/00364/").status_code == 404


def test_the_district_dashboard_counts_its_wards_only(client, social_affairs, dong_da, plan):
    client.force_login(social_affairs)
    page = page_of(client, THANH_XUAN)
    progress = district_progress(campaign=plan_of(dong_da, plan), today=timezone.localdate(), district=dong_da)
    assert [row["ward"].name for row in progress["wards"]] == ["Đống Đa 000", "Đống Đa 001", "Đống Đa 002"]
    assert progress["baseline"] == 12
    # The plan's own figures: 32 households in Thanh Xuân, none of Đống Đa's 12.
    assert "Kế hoạch: Đầu kỳ 2022 32, Cuối 2022 21" in page


# --- a city's dashboard ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["social_affairs", "home_affairs", "dong_da_staff"])
def test_district_staff_are_refused_the_city(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(CITY).status_code == 403


def test_a_superuser_reads_any_city(client, superuser, hong_bang):
    client.force_login(superuser)
    assert "Hồng Bàng" in page_of(client, "/tong-quan/tinh/31/")
    assert client.get("/tong-quan/tinh/99/").status_code == 404


def test_the_city_dashboard_lists_its_districts_with_links(client, city_staff, dong_da, hong_bang):
    client.force_login(city_staff)
    page = page_of(client, CITY)
    assert "Tiến độ giảm hộ cận nghèo Thành phố Hà Nội" in page
    assert f'href="{THANH_XUAN}"' in page and f'href="{DONG_DA}"' in page
    assert "Hồng Bàng" not in page
    assert page.count("<svg") == 1
    assert "Toàn thành phố" in page


def test_city_totals_are_the_sums_of_its_districts(client, city_staff, plan, dong_da, make_count, khuong_dinh,
                                                   nhan_chinh):
    from reports.progress import city_progress

    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2, poor_end=1)
    make_count(nhan_chinh, 2022, status=YearlyCount.Status.SUBMITTED, near_poor_escaped=3)
    add_district(plan, code="007", name="Hai Bà Trưng", wards=4)
    today = date(2024, 3, 1)
    city = city_progress(campaign=plan.parent, province=Province.objects.get(code="01"), today=today)
    districts = {d.code: district_progress(campaign=plan_of(d, plan), today=today, district=d)
                 for d in (row["district"] for row in city["districts"])}
    assert sorted(districts) == ["006", "007", "009"]
    assert [row["district"].name for row in city["districts"]] == ["Đống Đa", "Hai Bà Trưng", "Thanh Xuân"]

    for row in city["districts"]:
        expected = districts[row["district"].code]
        assert (row["ward_count"], row["baseline"], row["total_target"]) == (
            expected["ward_count"], expected["baseline"], expected["total_target"])
        for cell, total, completeness in zip(row["years"], expected["totals"], expected["completeness"]):
            assert cell["target"] == total["target"]
            assert cell["cumulative_target"] == total["cumulative_target"]
            assert cell["planned_remaining"] == total["planned_remaining"]
            assert cell["actual_remaining"] == total["actual_remaining"]
            assert cell["achieved"] == total["achieved"]
            assert cell["approved_wards"] == total["approved_wards"]
            assert (cell["complete"], cell["status"]) == (total["complete"], total["status"])
            assert cell["breaches"] == len(total["breaches"])
            assert cell["counts"] == {key: completeness["numbers"][key] for key in cell["counts"]}
            assert cell["rate_percent"] == completeness["rate_percent"]

    assert (city["ward_count"], city["baseline"], city["total_target"]) == (18, 32 + 12 + 16, 60)
    # The city's totals are its districts' sums.
    for index, cell in enumerate(city["totals"]):
        totals = [d["totals"][index] for d in districts.values()]
        assert cell["target"] == sum(t["target"] for t in totals)
        assert cell["planned_remaining"] == sum(t["planned_remaining"] for t in totals)
        assert cell["approved_wards"] == sum(t["approved_wards"] for t in totals)
        reported = [t["actual_remaining"] for t in totals if t["actual_remaining"] is not None]
        assert cell["actual_remaining"] == (sum(reported) if reported else None)
    # 2022: Khương Đình approved (4 left) besides the 7 test wards (3 left each), Nhân Chính sent.
    first = city["totals"][0]
    assert (first["approved_wards"], first["actual_remaining"], first["breaches"]) == (8, 4 + 7 * 3, 1)
    assert (first["sent"], first["counts"]["missing"], first["complete"]) == (9, 9, False)

    client.force_login(city_staff)
    page = page_of(client, CITY)
    assert "Chưa đủ: 8/18 phường đã duyệt" in page
    assert "⚠ 1 số liệu có hộ nghèo" in page


def test_a_district_where_every_ward_is_approved_is_judged(client, city_staff, plan, dong_da):
    # Đống Đa's test wards: 4 households, 1 a year; 2022 and 2023 approved at the target.
    client.force_login(city_staff)
    city = page_of(client, CITY)
    assert "Đúng tiến độ" in city
    assert "Chưa đủ số liệu" in city  # Thanh Xuân has none approved


def summary_of(page: str) -> str:
    """The headline figures above a dashboard's tables, as text."""
    import re

    section = page.split('<section class="summary">', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_the_district_headline_shows_no_total_of_a_partial_year(client, social_affairs, make_count, khuong_dinh):
    # One ward of 11 approved for 2022: its 4 households are not the district's figure.
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    client.force_login(social_affairs)
    page = page_of(client, THANH_XUAN)
    summary = summary_of(page)
    assert "Chưa đủ số liệu: 1/11 phường" in summary
    assert "Còn lại cuối năm" not in summary
    # The table's district total says what it is: a sum of one ward, not the district's.
    assert "Cộng 1 phường đã duyệt: 4" in page
    assert "Chưa đủ số liệu: 1/11 phường, chưa phải số của toàn quận" in page
    assert "Thực tế còn" not in page


def test_the_district_headline_is_the_latest_complete_year(client, social_affairs, plan, make_count):
    from units.models import Ward

    # 2022 approved for every ward, 2023 for one: the headline is 2022's total, 2023 is partial.
    wards = list(Ward.objects.filter(district__code="009"))
    for ward in wards:
        make_count(ward, 2022, status=YearlyCount.Status.APPROVED)
    make_count(wards[0], 2023, status=YearlyCount.Status.APPROVED)
    client.force_login(social_affairs)
    summary = summary_of(page_of(client, THANH_XUAN))
    assert "Còn lại cuối năm 2022 (kế hoạch: 21) 32 11/11 phường đã duyệt" in summary
    assert "Số liệu năm 2023 Chưa đủ số liệu: 1/11 phường" in summary
    assert "Còn lại cuối năm 2023" not in summary


def test_the_city_headline_shows_no_total_of_a_partial_year(client, city_staff, plan, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.APPROVED, near_poor_escaped=2)
    client.force_login(city_staff)
    summary = summary_of(page_of(client, CITY))
    assert "Chưa đủ số liệu: 1/11 phường" in summary
    assert "Còn lại cuối năm" not in summary
    assert "Đã gửi số liệu năm 2022 9% 1/11 phường" in summary


# --- a ward's page, read by the offices above it ----------------------------------------------------

def test_city_staff_read_a_ward_page_without_entry_or_figures_links(client, city_staff, make_count, khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.RETURNED, near_poor_escaped=2)
    client.force_login(city_staff)
    page = page_of(client, "/phuong/00364/")
    assert "Phường Khương Đình" in page and "Tiến độ giảm hộ cận nghèo so với kế hoạch" in page
    assert f'href="{THANH_XUAN}"' in page  # back up to the district
    assert "Nhập số liệu năm" not in page and "nhập từ tệp Excel" not in page
    assert 'href="/phuong/00364/2022/"' not in page  # the figures' pages are the district's
    assert client.get("/phuong/00364/2022/").status_code == 403


def test_district_staff_read_a_ward_page_with_links_to_its_figures(client, social_affairs, make_count,
                                                                  khuong_dinh):
    make_count(khuong_dinh, 2022, status=YearlyCount.Status.SUBMITTED, near_poor_escaped=2)
    client.force_login(social_affairs)
    page = page_of(client, "/phuong/00364/")
    assert 'href="/phuong/00364/2022/"' in page and f'href="{THANH_XUAN}"' in page
    assert "Nhập số liệu năm" not in page


def test_the_officer_enters_figures_from_the_ward_page(client, officer):
    client.force_login(officer)
    page = page_of(client, "/phuong/00364/")
    assert "Nhập số liệu năm 2022" in page
    assert f'href="{THANH_XUAN}"' not in page


def test_staff_of_another_district_do_not_reach_the_ward(client, dong_da_staff):
    client.force_login(dong_da_staff)
    assert client.get("/phuong/00364/").status_code == 404
    assert client.get("/phuong/06000/").status_code == 200
