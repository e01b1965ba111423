"""Benchmark helper: Thanh Xuân's final review report, written and issued through the services.

    python bench/prepare_report.py draft        # saves a complete draft, prints its id
    python bench/prepare_report.py issue ID     # issues it as ldtbxh, prints the seconds it took

Runs against the database of DATABASE_URL (a benchmark database, never a real one), at any scale:
the report is Thanh Xuân's (district 009), written by its LĐ-TB&XH (ldtbxh).
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from campaign.models import Campaign
    from reports.models import ReviewReport
    from reports.services import review_report_issue, review_report_save

    user = get_user_model().objects.get(username="ldtbxh")
    if sys.argv[1:2] == ["draft"]:
        paragraph = "Nội dung báo cáo của phần này, viết bởi Phòng LĐ-TB&XH. " * 12
        report = ReviewReport(
            campaign=Campaign.objects.plan_255(),
            kind=ReviewReport.Kind.FINAL, number="86/BC-UBND",
            dated_on=datetime.date(2025, 6, 5), signer_name="Đặng Khánh Hòa",
            **{name: "\n".join([paragraph] * 4) for name in ReviewReport.NARRATIVE_FIELDS},
        )
        review_report_save(report=report, user=user)
        print(report.pk)
    elif sys.argv[1:2] == ["issue"] and len(sys.argv) == 3:
        started = time.perf_counter()
        report = review_report_issue(report=ReviewReport.objects.get(pk=int(sys.argv[2])), user=user)
        assert report.is_issued and report.pdf
        print(f"{time.perf_counter() - started:.3f}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
