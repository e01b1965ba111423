"""The 2025 reorganisation as reference data: both steps entered beside the old units, history
untouched, roll-ups summed by hand, and the users of the new and the old wards."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports.documents import review_html
from reports.review import review_content
from reports.rollup import lineage
from reports.tests.review_data import APPROVED, approve_years, review
from units import reorganisation
from units.access import Role, forget
from units.models import District, Province, Succession, Ward, WardOfficer
from wards.models import CountTransition, YearlyCount
from wards.tests.test_admin import form_data

NEW = datetime.date(2025, 7, 1)


def load():
    return reorganisation.load(Province, District, Ward, Succession)


def new_ward(code):
    return Ward.objects.get(code=code, valid_from=NEW)


def old_ward(code):
    return Ward.objects.get(code=code, district__code="009", valid_from__isnull=True)


@pytest.fixture
def history(plan, social_affairs):
    """2022–2024 approved for every ward, each with its transitions on record."""
    approve_years(plan, [2022, 2023, 2024])
    CountTransition.objects.bulk_create(
        CountTransition(count=count, from_status=YearlyCount.Status.SUBMITTED, to_status=APPROVED, by=social_affairs)
        for count in YearlyCount.objects.all()
    )
    return plan


def test_old_and_new_wards_coexist_with_reused_codes(plan):
    entered = load()
    assert entered == {"wards": 4, "successions": 27}
    old = Ward.objects.filter(district__code="009", valid_from__isnull=True)
    assert old.count() == 11 and not old.filter(valid_to__isnull=True).exists()
    assert set(old.filter(valid_to=datetime.date(2024, 12, 31)).values_list("name", flat=True)) == {
        "Hạ Đình", "Thanh Xuân Nam", "Kim Giang"}
    assert District.objects.get(code="009").valid_to == datetime.date(2025, 6, 30)
    current = Ward.objects.current()
    assert sorted(current.values_list("code", "name")) == [
        ("00352", "Phương Liệt"), ("00364", "Khương Đình"), ("00367", "Thanh Xuân")]
    assert not current.filter(district__isnull=False).exists()  # directly under the city
    # A reused code names the unit holding it today; the dated key names the old one.
    assert Ward.objects.at_key("00364") == new_ward("00364")
    assert Ward.objects.at_key("00364-2025-06-30") == old_ward("00364")
    assert Ward.objects.at_key("00373-2024-12-31").name == "Kim Giang"
    assert Ward.objects.at_key("00373-2025-06-30").name == "Hạ Đình"  # merged on 1/1/2025
    for ward in Ward.objects.all():
        ward.full_clean()  # no two units valid on the same day share a code
    for step in Succession.objects.all():
        step.full_clean()
        assert step.legal_basis.startswith("Nghị quyết")
    # Splits are unknown: the resolution gives no households, and nothing is invented.
    assert not Succession.objects.filter(share__isnull=False).exists()
    assert list(Succession.objects.filter(part="whole", effective_on=NEW).values_list("predecessor__name", "successor__name")) == [
        ("Khương Mai", "Phương Liệt")]


def test_history_unchanged_checksum_through_the_migration(history, make_nomination, officer):
    make_nomination(officer)
    review(history, kind="mid_term")
    before, rows = reorganisation.checksum(apps)
    assert rows > 50
    counts = list(YearlyCount.objects.order_by("pk").values())
    importlib.import_module("units.migrations.0007_reorganisation_2025").forwards(apps, None)
    assert reorganisation.applied(Ward)
    assert reorganisation.checksum(apps) == (before, rows)
    assert list(YearlyCount.objects.order_by("pk").values()) == counts
    importlib.import_module("units.migrations.0007_reorganisation_2025").forwards(apps, None)  # once only
    assert Ward.objects.filter(valid_from=NEW).count() == 3


def test_command_prints_checksums_and_refuses_without_the_wards(plan, capsys):
    call_command("load_units_2025")
    out = capsys.readouterr().out
    assert "trước khi nhập" in out and "Đã nhập 4 phường mới và 27 dòng kế thừa." in out
    call_command("load_units_2025")
    assert "không nhập lại" in capsys.readouterr().out


def test_refused_when_a_ward_is_missing_and_nothing_is_written(plan):
    Ward.objects.filter(code="00370").update(valid_to=datetime.date(2023, 1, 1))
    with pytest.raises(CommandError, match="thiếu mã 00370"):
        call_command("load_units_2025")
    assert not Succession.objects.exists() and Ward.objects.count() == 11


def test_roll_up_against_hand_sums(history):
    load()
    thanh_xuan = new_ward("00367")
    figures = {
        (w.code, y): e
        for w, y, e in ((c.ward, c.year, c.near_poor_end) for c in YearlyCount.objects.select_related("ward"))
    }
    # With unknown splits, 2023 lacks every split ward and the two units outside the product.
    found = lineage(thanh_xuan, [2023])
    total = found["totals"][0]
    assert not total.complete and not total.values
    assert {m["name"] for m in total.missing} >= {"Phường Trung Hòa (quận Cầu Giấy)", "Phường Nhân Chính (đến 30/06/2025)"}
    # Known shares: Nhân Chính 40 %, Thanh Xuân Bắc (with Thanh Xuân Nam, whole, before it) 50 %,
    # Thanh Xuân Trung 70 %, Thượng Đình 60 %; the outside wards still missing.
    shares = {"00343": "0.4", "00367": "0.5", "00355": "0.7", "00346": "0.6"}
    for code, share in shares.items():
        Succession.objects.filter(successor=thanh_xuan, predecessor__code=code).update(share=Decimal(share))
    total = lineage(thanh_xuan, [2023])["totals"][0]
    hand = (
        Decimal("0.4") * figures[("00343", 2023)]
        + Decimal("0.5") * (figures[("00367", 2023)] + figures[("00370", 2023)])
        + Decimal("0.7") * figures[("00355", 2023)] + Decimal("0.6") * figures[("00346", 2023)]
    )
    assert total.values["near_poor_end"] == hand
    assert total.estimated and {m["name"] for m in total.missing} == {
        "Phường Trung Hòa (quận Cầu Giấy)", "Phường Trung Văn (quận Nam Từ Liêm)"}
    assert total.value("near_poor_end").startswith("~")
    # A whole predecessor is summed as it is, not estimated: Phương Liệt from Khương Mai.
    Succession.objects.filter(successor=new_ward("00352")).exclude(part="whole").delete()
    total = lineage(new_ward("00352"), [2024])["totals"][0]
    assert total.complete and not total.estimated
    assert total.values["near_poor_end"] == figures[("00352", 2024)]
    assert total.value("near_poor_end") == str(figures[("00352", 2024)])


def test_the_review_reads_the_same_after_the_reorganisation(history):
    report = review(history, kind="mid_term")
    today = datetime.date(2026, 12, 3)
    before = review_html(content=review_content(report=report, today=today), for_pdf=True)
    load()
    report.refresh_from_db()
    after = review_html(content=review_content(report=report, today=today), for_pdf=True)
    assert after == before
    assert "Khương Đình" in after


@pytest.fixture
def new_officer(make_user, plan):
    load()
    user = make_user("phuong-thanh-xuan-moi", Role.WARD_OFFICER)
    WardOfficer.objects.create(user=user, ward=new_ward("00367"), valid_from=NEW)
    return user


def test_new_ward_user_reads_predecessors_history_and_cannot_change_it(client, history, new_officer):
    count = YearlyCount.objects.get(ward=old_ward("00367"), year=2024)
    count.status = YearlyCount.Status.RETURNED
    count.save(update_fields=["status"])
    client.force_login(new_officer)
    page = client.get(reverse("reports:ward", args=["00367"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Các đơn vị trước sắp xếp" in text and "Phường Thanh Xuân Bắc (đến 30/06/2025)" in text
    assert "chưa có kế hoạch thi đua" in text
    old = client.get(reverse("reports:ward", args=["00367-2025-06-30"]))
    assert old.status_code == 200 and "hoạt động đến hết ngày 30/06/2025" in old.content.decode()
    assert client.get(reverse("wards:count", args=["00367-2025-06-30", 2024])).status_code == 200
    # Returned figures of the old ward would be editable by its officer: not by the successor's.
    stored = YearlyCount.objects.filter(pk=count.pk).values().get()
    data = form_data(count, near_poor_escaped=0, near_poor_end=count.near_poor_start)
    edit = client.post(reverse("admin:wards_yearlycount_change", args=[count.pk]), data)
    assert edit.status_code in (403, 404)
    assert YearlyCount.objects.filter(pk=count.pk).values().get() == stored
    add = client.post(reverse("admin:wards_yearlycount_add"), {**data, "year": 2025})
    assert add.status_code in (200, 403) and not YearlyCount.objects.filter(year=2025).exists()
    # Another district's or an unrelated ward's history stays out of reach.
    assert client.get(reverse("reports:ward", args=["00352"])).status_code == 404


def test_old_ward_officer_keeps_reading_and_writes_nothing(client, history, officer):
    load()
    forget(officer)
    client.force_login(officer)
    page = client.get(reverse("reports:ward", args=["00364-2025-06-30"]))
    text = page.content.decode()
    assert page.status_code == 200 and "Đơn vị kế thừa" in text and "Phường Khương Đình" in text
    assert "Nhập số liệu năm" not in text
    latest = YearlyCount.objects.get(ward=old_ward("00364"), year=2024)
    add = client.post(reverse("admin:wards_yearlycount_add"), form_data(
        latest, year=2025, near_poor_start=latest.near_poor_end, near_poor_escaped=0, near_poor_end=latest.near_poor_end))
    assert add.status_code in (200, 403) and not YearlyCount.objects.filter(year=2025).exists()


def test_city_page_lists_the_new_wards_directly_and_the_old_units_as_of_a_date(client, history, make_user):
    load()
    city_staff = make_user("so-nnmt", Role.CITY_SOCIAL_AFFAIRS)
    client.force_login(city_staff)
    url = reverse("reports:city-dashboard", args=["01"])
    text = client.get(url).content.decode()
    for name in ("Phường Thanh Xuân", "Phường Khương Đình", "Phường Phương Liệt"):
        assert name in text
    assert "3 phường, xã trực thuộc thành phố" in text
    then = client.get(url, {"ngay": "2024-06-30"}).content.decode()
    assert "Quận Thanh Xuân</a> (11 phường)" in then and "trực thuộc thành phố" not in then
    merged = client.get(url, {"ngay": "2025-03-01"}).content.decode()
    assert "Quận Thanh Xuân</a> (9 phường)" in merged


def test_the_superuser_carries_postings_over_to_the_successors(client, plan, officer, make_user, social_affairs):
    load()
    split = make_user("phuong-khuong-trung", Role.WARD_OFFICER, old_ward("00349"))
    url = reverse("admin:units_wardofficer_changelist")
    postings = [officer.officer_postings.get().pk, split.officer_postings.get().pk]
    data = {"action": "carry_over", "_selected_action": postings, "post": "yes"}
    client.force_login(social_affairs)  # the action is not the district office's
    client.post(url, data)
    assert WardOfficer.objects.filter(valid_to__isnull=False).count() == 0
    client.force_login(make_user("root", is_superuser=True))
    asked = client.post(url, {**data, "post": ""}).content.decode()  # the action asks first
    assert "Sẽ thực hiện với 1 dòng" in asked and "Giữ nguyên, không thực hiện được" in asked
    assert WardOfficer.objects.filter(valid_to__isnull=False).count() == 0
    response = client.post(url, data, follow=True)
    text = response.content.decode()
    assert "Đã chuyển 1 phân công sang đơn vị kế thừa." in text
    assert "chưa xác định được đơn vị kế thừa" in text  # Khương Trung went to two wards
    ended = officer.officer_postings.get(ward=old_ward("00364"))
    assert ended.valid_to == datetime.date(2025, 6, 30)
    running = officer.officer_postings.get(valid_to__isnull=True)
    assert running.ward == new_ward("00364") and running.valid_from == NEW
    forget(officer)
    from units.access import reach

    unit = reach(officer)
    assert unit.ward == new_ward("00364") and unit.writes and old_ward("00364").pk in unit.history
    assert split.officer_postings.get().valid_to is None


def test_the_predecessors_table_as_a_spreadsheet(client, history, make_user, new_officer):
    import io

    import openpyxl

    from common.tests.printing import assert_printable

    city_staff = make_user("so-nnmt", Role.CITY_SOCIAL_AFFAIRS)
    client.force_login(city_staff)
    response = client.get(reverse("reports:ward-lineage-xlsx", args=["00367"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="don-vi-truoc-sap-xep-00367.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert_printable(sheet, title_rows="3:3", landscape=True)
    rows = list(sheet.values)
    assert rows[2][:4] == ("Đơn vị", "Phạm vi", "Căn cứ", "2022")
    names = [row[0] for row in rows[3:]]
    assert "Phường Thanh Xuân Bắc (đến 30/06/2025)" in names and "  Phường Thanh Xuân Nam (đến 31/12/2024)" in names
    by_name = {row[0]: row for row in rows[3:]}
    tx_bac = YearlyCount.objects.get(ward=old_ward("00367"), year=2022)
    assert by_name["Phường Thanh Xuân Bắc (đến 30/06/2025)"][3] == tx_bac.near_poor_end
    assert by_name["Phường Trung Hòa (quận Cầu Giấy)"][3] == "ngoài hệ thống"
    assert by_name["Cộng vào Phường Thanh Xuân"][3] == "– (chưa đủ)"  # unknown splits: no total, never 0
    assert any(str(name).startswith("Năm 2022 chưa đủ số liệu") for name in names)
    # Whoever cannot read the ward page cannot read its table.
    other = make_user("can-bo-khuong-dinh-moi", Role.WARD_OFFICER)
    WardOfficer.objects.create(user=other, ward=new_ward("00364"), valid_from=NEW)
    client.force_login(other)
    assert client.get(reverse("reports:ward-lineage-xlsx", args=["00367"])).status_code == 404
    client.force_login(new_officer)
    assert client.get(reverse("reports:ward-lineage-xlsx", args=["00367"])).status_code == 200


def test_the_review_reads_the_movement_and_years_from_its_plan(plan):
    from campaign.models import Campaign, Milestone

    Campaign.objects.filter(pk=plan.pk).update(
        title="Hưởng ứng Phong trào thi đua “Cả nước chung tay vì người nghèo” đến năm 2025"
    )
    Milestone.objects.filter(campaign=plan, kind="mid_term").update(year=2024)
    plan.refresh_from_db()
    report = review(plan, kind="mid_term")
    assert report.movement == "Phong trào thi đua “Cả nước chung tay vì người nghèo”"
    assert report.title == "Sơ kết giữa kỳ thực hiện Phong trào thi đua “Cả nước chung tay vì người nghèo” giai đoạn 2022–2024"
    assert report.kind_label == "Sơ kết giữa kỳ năm 2024" and report.file_stem == "bao-cao-so-ket-2024-97-bc-ubnd"
    html = review_html(content=review_content(report=report, today=datetime.date(2024, 7, 1)), for_pdf=True)
    assert "về hưởng ứng Phong trào thi đua “Cả nước chung tay vì người nghèo” đến năm 2025" in html
    assert "Vì người nghèo – Không để ai" not in html


def test_an_ended_ward_owes_no_review_of_a_year_it_did_not_finish(history, social_affairs):
    from reports.progress import district_progress

    load()
    progress = district_progress(campaign=history, today=datetime.date(2026, 12, 3), district=old_ward("00364").district)
    row = next(r for r in progress["wards"] if r["ward"].code == "00364")
    cell_2025 = next(c for c in row["cells"] if c["year"] == 2025)
    assert cell_2025["status_label"] == "Đơn vị đã sắp xếp" and not cell_2025["late"]
    assert next(c for c in row["cells"] if c["year"] == 2024)["status_label"] != "Đơn vị đã sắp xếp"


def test_the_final_review_reads_the_same_after_the_reorganisation(history):
    report = review(history)  # the final review, dated 5/6/2025
    today = datetime.date(2026, 12, 3)
    before = review_html(content=review_content(report=report, today=today), for_pdf=True)
    load()
    report.refresh_from_db()
    assert review_html(content=review_content(report=report, today=today), for_pdf=True) == before


def test_city_units_reads_every_ward_in_a_fixed_number_of_queries(history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.rollup import city_units

    load()
    province = Province.objects.get(code="01")
    day = datetime.date(2026, 12, 3)

    def read():
        with CaptureQueriesContext(connection) as queries:
            units = city_units(province, day)
        return units, len(queries)

    three, queries = read()
    # Each ward's latest year as its own lineage reads it, one ward at a time.
    for row in three["wards"]:
        found = lineage(row["ward"], None, own=True)
        latest = next((t for t in reversed(found["totals"]) if t.values or t.own), None)
        def seen(total):
            return total and (total.year, total.shown, total.missing, total.estimated)
        assert seen(row["latest"]) == seen(latest)
        assert row["sources"] == len(found["sources"])
    # Three more wards from the old ones, one of them through a ward that came from another.
    old = list(Ward.objects.filter(district__code="009", valid_from__isnull=True).order_by("code")[:3])
    for number, predecessor in enumerate(old):
        ward = Ward.objects.create(province=province, code=f"0999{number}", name=f"Thử {number}", valid_from=NEW)
        Succession.objects.create(
            predecessor=predecessor, successor=ward, effective_on=NEW, part=Succession.Part.SHARE, share=Decimal("0.5"),
            legal_basis="Nghị quyết thử")
    six, more = read()
    assert len(six["wards"]) == 6 and more == queries
    tried = next(row for row in six["wards"] if row["ward"].code == "09990")
    assert tried["latest"].estimated and tried["latest"].year == 2024


def test_the_successor_carrying_on_a_wards_work(plan):
    from units.services import successor_of

    load()
    assert successor_of(old_ward("00364")) == new_ward("00364")  # the successor of its name
    assert successor_of(old_ward("00352")) == new_ward("00352")  # Khương Mai, wholly into Phương Liệt
    kim_giang = Ward.objects.get(name="Kim Giang")
    through = successor_of(kim_giang)  # into Hạ Đình on 1/1/2025, then on
    assert through is None or through.valid_to is None
    split = old_ward("00349")  # Khương Trung, into two wards
    assert successor_of(split) is None
    first = Succession.objects.filter(predecessor=split).order_by("pk").first().successor
    assert successor_of(split, or_first=True) == first and first.valid_to is None
    assert successor_of(new_ward("00367")) is None  # a unit standing today goes nowhere
    for ward in Ward.objects.filter(valid_to__isnull=False):
        found = successor_of(ward, or_first=True)
        assert found is not None and found.valid_to is None, ward


def test_a_report_written_after_the_district_ended_rolls_its_wards_up_into_the_new_ones(history):
    from reports.documents import review_pdf
    from reports.tests.pdf_text import page_texts

    load()
    report = review(history)  # dated 5/6/2025, while the district stood
    in_time = review_html(content=review_content(report=report, today=datetime.date(2026, 12, 3)), for_pdf=True)
    assert "SAU SẮP XẾP" not in in_time and "PHỤ LỤC III" not in in_time
    type(report).objects.filter(pk=report.pk).update(dated_on=datetime.date(2026, 3, 2))
    late = type(report).objects.select_related("campaign__owner_district").get(pk=report.pk)
    content = review_content(report=late, today=datetime.date(2026, 12, 3))
    rows = {row["ward"].name: row for row in content["successors"]}
    assert list(rows) == ["Khương Đình", "Phương Liệt", "Thanh Xuân"]
    # Phương Liệt holds Khương Mai wholly and parts of splits of unknown share: partial, never guessed.
    phuong_liet = {t.year: t for t in rows["Phương Liệt"]["totals"]}
    assert set(phuong_liet) == {2022, 2023, 2024, 2025}
    assert not phuong_liet[2024].complete
    Succession.objects.filter(successor=new_ward("00352")).exclude(part="whole").delete()
    content = review_content(report=late, today=datetime.date(2026, 12, 3))
    phuong_liet = {t.year: t for t in next(r for r in content["successors"] if r["ward"].name == "Phương Liệt")["totals"]}
    khuong_mai = YearlyCount.objects.get(ward=old_ward("00352"), year=2024).near_poor_end
    assert phuong_liet[2024].complete and phuong_liet[2024].value("near_poor_end") == str(khuong_mai)
    assert phuong_liet[2025].value("near_poor_end") == "–"  # no unit stood to count 2025 but the new one
    html = review_html(content=content, for_pdf=True)
    assert "PHỤ LỤC III" in html and "QUY VỀ ĐƠN VỊ HÀNH CHÍNH SAU SẮP XẾP" in html
    assert "Phường Khương Mai (đến 30/06/2025) (toàn bộ)<" in html
    pdf = review_pdf(report=late, today=datetime.date(2026, 12, 3))
    pages = page_texts(pdf)
    last = pages[-1]
    assert "PHỤ LỤC III" in last and "Phương Liệt" in last and "Khương Mai" in last
