"""Benchmark: import 10,000 rows of yearly figures at city scale, as LĐ-TB&XH does from the admin.

Builds a scratch database (SQLite in a temporary folder unless DATABASE_URL is set: then that
database is flushed first, so never point it at real data) with the plan, 2,500 wards and their
baselines, reporting windows open for the four plan years, writes an .xlsx of 2,500 wards × 4
years, then times the two steps of the admin's import: the checked preview (a dry run, rolled
back) and the confirmed import. Prints rows per second for each.
Run: .venv/bin/python bench/import_figures.py [--wards N]

The importer is a LĐ-TB&XH user posted to the district, as in production, not a superuser: a
superuser skips the reporting window and the ward scope, so it would time less than the real path.
A district staff member sees only their own district's wards, so the 2,500 wards all lie in one
test district of Hà Nội ("Quận thử nghiệm", code 900); the import does the same work per row
whatever the number of districts.
"""

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wards", type=int, default=2500, help="wards (4 rows each); default 2500")
    parser.add_argument(
        "--changes", action="store_true",
        help="then import the file again with every row's note changed: the same rows as changes",
    )
    args = parser.parse_args()

    scratch = scratch_database()  # noqa: F841 (the folder lives as long as the run)
    from datetime import timedelta

    import django
    import openpyxl
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from campaign.models import Campaign
    from common.spreadsheets import read_xlsx
    from units.access import Role
    from units.models import District, Province, StaffPosting, Ward
    from wards.models import Baseline, ReportingWindow, YearlyCount
    from wards.resources import YearlyCountResource

    plan_255 = Campaign.objects.plan_255()
    started = time.perf_counter()
    hanoi, _ = Province.objects.get_or_create(code="01", defaults={"name": "Thành phố Hà Nội"})
    district = District.objects.create(province=hanoi, code="900", name="Quận thử nghiệm")
    # The test district's own plan, with the years of 255/KH-UBND.
    campaign = Campaign.objects.create(
        number="900/KH-UBND", title=plan_255.title, owner_district=district, parent=plan_255.parent,
        issuing_body="UBND Quận thử nghiệm", issued_on=plan_255.issued_on,
        start_year=plan_255.start_year, end_year=plan_255.end_year,
    )
    wards = Ward.objects.bulk_create(
        Ward(district=district, province_id=district.province_id, code=f"{50000 + i:05d}", name=f"Thử nghiệm {i:04d}", slug=f"thu-nghiem-{i:04d}")
        for i in range(args.wards)
    )
    Baseline.objects.bulk_create(Baseline(campaign=campaign, ward=w, near_poor=20 + i % 30) for i, w in enumerate(wards))
    # Open windows, so that every row goes through the window check as an officer's would.
    today = timezone.localdate()
    ReportingWindow.objects.bulk_create(
        ReportingWindow(
            campaign=campaign, year=year, opens_on=today - timedelta(days=30), closes_on=today + timedelta(days=30)
        )
        for year in campaign.years
    )
    user = get_user_model().objects.create_user("ldtbxh-bench", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.SOCIAL_AFFAIRS.value))
    StaffPosting.objects.create(user=user, district=district)
    print(f"setup: {len(wards):,} wards in {time.perf_counter() - started:.1f} s")

    headers = YearlyCountResource().get_export_headers()

    def sheet_file(note):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(headers)
        for i, ward in enumerate(wards):
            start = 20 + i % 30
            for year in campaign.years:
                escaped, new = 3, i % 2
                end = start - escaped + new
                row = dict.fromkeys(headers, 0)
                row.update({
                    "Mã phường": ward.code, "Phường": ward.name, "Năm": year, "Số hộ cận nghèo đầu năm": start,
                    "Giảm: thoát cận nghèo": escaped, "Tăng: phát sinh mới": new, "Số hộ cận nghèo cuối năm": end,
                    "Ghi chú": note, "Trạng thái": None, "Chỉ tiêu giảm trong năm": None,
                })
                sheet.append([row[h] for h in headers])
                start = end
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    content = sheet_file("")
    rows = len(wards) * len(campaign.years)
    print(f"file: {rows:,} rows, {len(content) / 1024:.0f} KiB")

    def run(dry_run):
        begun = time.perf_counter()
        dataset = read_xlsx(content)
        read = time.perf_counter() - begun
        result = YearlyCountResource().import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True,
            rollback_on_validation_errors=True, user=user, plan=campaign, file_name="bench.xlsx",
            retain_instance_in_row_result=True,
        )
        took = time.perf_counter() - begun
        errors = result.sheet_report["errors"]
        assert not errors, errors[:3]
        return took, read

    took, read = run(dry_run=True)
    print(f"preview (dry run): {took:.1f} s, of which reading the file {read:.1f} s — {rows / took:,.0f} rows/s")
    assert not YearlyCount.objects.exists()
    took, read = run(dry_run=False)
    print(f"confirmed import:  {took:.1f} s, of which reading the file {read:.1f} s — {rows / took:,.0f} rows/s")
    assert YearlyCount.objects.count() == rows
    if args.changes:
        content = sheet_file("Rà soát lại")
        took, read = run(dry_run=False)
        print(f"changed rows:      {took:.1f} s, of which reading the file {read:.1f} s — {rows / took:,.0f} rows/s")
        assert YearlyCount.objects.filter(note="Rà soát lại", version=1).count() == rows
    print(f"database: {django.db.connection.vendor}")


if __name__ == "__main__":
    main()
