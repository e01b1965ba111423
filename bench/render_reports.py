"""Benchmark: render the review reports as PDFs, for the district and at city scale.

Builds a scratch database (SQLite in a temporary folder unless DATABASE_URL is set: then that
database is flushed first, so never point it at real data) with the plan and its 11 wards, all
four years approved, then times: the district's mid-term (2023) and final (2025) PDFs, and a
final report with about 580 wards (the city's wards before the 2025 merger). Prints for each the
time to read the data (selector), to render the HTML, to make the PDF, the pages and the size, of
the median render (the targets are medians: 2 s for the district's, 15 s at city scale).
Run: .venv/bin/python bench/render_reports.py [--wards 580] [--repeat 3] [--save DIR]
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
    parser.add_argument("--wards", type=int, default=580, help="wards in the city-scale report; default 580")
    parser.add_argument("--repeat", type=int, default=3, help="renders per report (the median is shown); default 3")
    parser.add_argument("--save", metavar="DIR", help="also write each PDF into DIR, to look at")
    args = parser.parse_args()

    scratch = scratch_database()  # noqa: F841 (the folder lives as long as the run)

    import datetime

    import pypdf

    from campaign.models import Campaign
    from reports.documents import review_html
    from reports.models import ReviewReport
    from reports.pdf import html_to_pdf
    from reports.review import review_content
    from units.models import District, Ward
    from wards.models import Baseline, ReductionTarget, YearlyCount

    campaign = Campaign.objects.plan_255()
    district = District.objects.get(code="009")  # Thanh Xuân, from the plan's data
    today = datetime.date(2025, 6, 11)

    def approve(wards):
        targets = {(t.ward_id, t.year): t.reduction for t in ReductionTarget.objects.filter(campaign=campaign)}
        counts = []
        for ward in wards:
            start = Baseline.objects.get(campaign=campaign, ward=ward).near_poor
            for year in campaign.years:
                escaped = min(targets.get((ward.pk, year), 0), start)
                counts.append(YearlyCount(
                    campaign=campaign, ward=ward, year=year, status=YearlyCount.Status.APPROVED,
                    near_poor_start=start, near_poor_escaped=escaped, near_poor_end=start - escaped,
                ))
                start -= escaped
        YearlyCount.objects.bulk_create(counts)

    approve(Ward.objects.all())
    narrative = {name: ("Nội dung báo cáo của phần này, viết bởi Phòng LĐ-TB&XH. " * 12 + "\n") * 4
                 for name in ReviewReport.NARRATIVE_FIELDS}

    def report(kind):
        row = ReviewReport.objects.filter(campaign=campaign, kind=kind).first() or ReviewReport(
            campaign=campaign, kind=kind, number="86/BC-UBND", dated_on=datetime.date(2025, 6, 5),
            signer_name="Đặng Khánh Hòa", **narrative,
        )
        row.save()
        return row

    def measure(label, review):
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            content = review_content(report=review, today=today)
            selected = time.perf_counter()
            html = review_html(content=content, for_pdf=True)
            rendered = time.perf_counter()
            pdf = html_to_pdf(html)
            done = time.perf_counter()
            runs.append((selected - started, rendered - selected, done - rendered, done - started))
        # The run whose total is the median (the lower middle one for an even count).
        best = sorted(runs, key=lambda times: times[-1])[(len(runs) - 1) // 2]
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        if args.save:
            name = "".join(ch if ch.isalnum() else "-" for ch in label.split("(")[0].strip()).lower()
            Path(args.save, f"{name}.pdf").write_bytes(pdf)
        print(f"{label:<44} data {best[0]*1000:7.0f} ms  html {best[1]*1000:6.0f} ms  "
              f"pdf {best[2]:6.2f} s  total {best[3]:6.2f} s  {pages:3d} pages  {len(pdf)/1024:7.0f} KiB")

    print(f"median of {args.repeat} renders each")
    measure("district, mid-term 2023 (11 wards)", report(ReviewReport.Kind.MID_TERM))
    measure("district, final 2025 (11 wards)", report(ReviewReport.Kind.FINAL))

    extra = Ward.objects.bulk_create([
        Ward(district=district, province_id=district.province_id, code=f"9{i:04d}", name=f"Phường thử {i:03d}", slug=f"phuong-thu-{i:03d}")
        for i in range(args.wards - Ward.objects.count())
    ])
    Baseline.objects.bulk_create([Baseline(campaign=campaign, ward=w, near_poor=4) for w in extra])
    ReductionTarget.objects.bulk_create([
        ReductionTarget(campaign=campaign, ward=w, year=year, reduction=reduction)
        for w in extra for year, reduction in zip(campaign.years, (1, 1, 1, 1))
    ])
    approve(extra)
    measure(f"city scale, final 2025 ({Ward.objects.count()} wards)", report(ReviewReport.Kind.FINAL))


if __name__ == "__main__":
    main()
