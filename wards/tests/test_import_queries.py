"""The import of yearly figures at scale: a fixed number of queries whatever the rows, and the
rules, history and flags of count_save kept by the batch that writes them.

LĐ-TB&XH imports a file for many wards of Thanh Xuân: each ward has its 2022 figures stored as
a draft; the file changes 2022 and brings 2023 and 2024, which start from the file's own ends.
"""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from units.models import District, Ward
from wards import services
from wards.batch import CountBatch
from wards.models import Baseline, ReportingWindow, WindowExtension, YearlyCount
from wards.tests.test_spreadsheets import confirm, errors_of, figures_row, upload, xlsx

Status = YearlyCount.Status


def make_wards(plan, n, first=0):
    """`n` more wards of Thanh Xuân, each with a baseline of 10 and 2022 stored as a draft."""
    district = District.objects.get(code="009")
    wards = Ward.objects.bulk_create(
        Ward(district=district, province_id=district.province_id, code=f"{60000 + i:05d}", name=f"Thử {i:03d}", slug=f"thu-{i:03d}")
        for i in range(first, first + n)
    )
    Baseline.objects.bulk_create(Baseline(campaign=plan, ward=ward, near_poor=10) for ward in wards)
    YearlyCount.objects.bulk_create(
        YearlyCount(campaign=plan, ward=ward, year=2022, near_poor_start=10, near_poor_end=10) for ward in wards
    )
    return wards


def file_for(wards):
    rows = []
    for ward in wards:
        rows.append(figures_row(ward, 2022, 10, escaped=2))  # changed: 10 → 8
        rows.append(figures_row(ward, 2023, 8, escaped=1))  # new, from the file's 2022 end
        rows.append(figures_row(ward, 2024, 7))  # new, no movement
    return xlsx(rows)


def open_windows(plan):
    today = timezone.localdate()
    for year in plan.years:
        ReportingWindow.objects.create(
            campaign=plan, year=year, opens_on=today - datetime.timedelta(days=5),
            closes_on=today + datetime.timedelta(days=5),
        )


def import_queries(client, wards):
    """The queries of the preview and of the confirmation of a file for `wards`."""
    with CaptureQueriesContext(connection) as preview_queries:
        preview = upload(client, file_for(wards))
    assert errors_of(preview) == [], errors_of(preview)[:3]
    with CaptureQueriesContext(connection) as confirm_queries:
        done = confirm(client, preview)
    assert done.status_code == 302
    return len(preview_queries), len(confirm_queries)


def test_import_queries_do_not_grow_with_rows(client, social_affairs, plan):
    open_windows(plan)
    client.force_login(social_affairs)

    small = import_queries(client, make_wards(plan, 5))  # 15 rows
    large = import_queries(client, make_wards(plan, 20, first=5))  # 60 rows

    # Fixed, but for the statements the writes are split into: SQLite takes at most 999
    # parameters a statement, about 20 changed rows or 45 new ones; PostgreSQL 500 rows.
    for before, after in zip(small, large):
        assert after - before <= (60 - 15) // 10, f"15 rows: {small} queries (preview, confirm); 60 rows: {large}"
    assert YearlyCount.objects.filter(ward__code__startswith="6", year=2024).count() == 25


def test_history_versions_and_flags_as_count_save_leaves_them(client, social_affairs, plan):
    """Each written row has its history row (who, the file, created or changed), its version,
    and a later year whose start no longer follows is flagged, as saving row by row would."""
    client.force_login(social_affairs)
    changed, kept = make_wards(plan, 2)
    for ward in (changed, kept):  # 2023 stored too, starting from the stored 2022 end (10)
        YearlyCount.objects.create(campaign=plan, ward=ward, year=2023, near_poor_start=10, near_poor_end=10)
    content = xlsx([
        figures_row(changed, 2022, 10, escaped=2),  # 2023 no longer starts from 2022's end
        figures_row(kept, 2022, 10, escaped=2),
        figures_row(kept, 2023, 8),  # ...but this file puts it right
    ])

    assert confirm(client, upload(client, content, name="tong-hop.xlsx")).status_code == 302

    rows = {(c.ward_id, c.year): c for c in YearlyCount.objects.filter(ward__in=[changed, kept])}
    assert [rows[changed.pk, 2022].near_poor_end, rows[changed.pk, 2022].version] == [8, 1]
    assert rows[changed.pk, 2023].start_needs_check is True, "the stored 2023 is flagged"
    assert rows[kept.pk, 2023].start_needs_check is False and rows[kept.pk, 2023].near_poor_start == 8
    assert rows[kept.pk, 2023].version == 1
    for count in (rows[changed.pk, 2022], rows[kept.pk, 2022], rows[kept.pk, 2023]):
        record = count.history.order_by("-history_id").first()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "~", social_affairs, "Nhập từ tệp tong-hop.xlsx"
        )
        assert (record.near_poor_end, record.version, record.updated_by) == (
            count.near_poor_end, count.version, social_affairs
        )
        assert count.updated_at >= count.created_at and count.updated_by == social_affairs


def test_new_rows_have_a_created_history_row(client, social_affairs, plan, khuong_dinh):
    client.force_login(social_affairs)
    content = xlsx([figures_row(khuong_dinh, 2022, 6, escaped=2), figures_row(khuong_dinh, 2023, 4)])

    assert confirm(client, upload(client, content, name="moi.xlsx")).status_code == 302

    for count in YearlyCount.objects.filter(ward=khuong_dinh):
        record = count.history.get()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+", social_affairs, "Nhập từ tệp moi.xlsx"
        )
        assert (count.version, count.status, count.updated_by) == (0, Status.DRAFT, social_affairs)
        entry = LogEntry.objects.get(object_id=str(count.pk))
        assert (entry.user, entry.action_flag, entry.object_repr) == (social_affairs, ADDITION, str(count))


def test_a_closed_window_refuses_rows_unless_the_ward_is_extended(
    client, social_affairs, plan, khuong_dinh, nhan_chinh
):
    today, day = timezone.localdate(), datetime.timedelta(days=1)
    window = ReportingWindow.objects.create(campaign=plan, year=2022, opens_on=today - 30 * day, closes_on=today - day)
    WindowExtension.objects.create(
        window=window, ward=khuong_dinh, closes_on=today + datetime.timedelta(days=3), reason="Phường xin thêm."
    )
    client.force_login(social_affairs)
    content = xlsx([figures_row(khuong_dinh, 2022, 6), figures_row(nhan_chinh, 2022, 9)])

    preview = upload(client, content)

    assert [(e["row"], e["message"]) for e in errors_of(preview)] == [
        (3, f"Ngoài thời hạn báo cáo năm 2022: Đã hết hạn ({window.closes_on:%d/%m/%Y}). "
            "Liên hệ Phòng LĐ-TB&XH để được gia hạn.")
    ]
    assert not YearlyCount.objects.exists()


def test_a_row_created_meanwhile_by_someone_else_refuses_the_write(plan, social_affairs, khuong_dinh, officer):
    with transaction.atomic():
        batch = CountBatch(campaign=plan, user=social_affairs, wards=[khuong_dinh])
        batch.add(YearlyCount(campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_end=6))
        # The officer saves the same year between the batch's check and its write.
        services.count_save(
            count=YearlyCount(campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_end=6),
            user=officer,
        )

        with pytest.raises(ValidationError) as caught:
            batch.write()

        assert "Phường Khương Đình năm 2022 vừa được người khác tạo" in caught.value.messages[0]
        assert YearlyCount.objects.get().updated_by == officer, "the transaction is still usable"


def test_batch_refuses_what_count_save_refuses(plan, officer, other_officer, khuong_dinh, make_count):
    approved = make_count(khuong_dinh, 2022, status=Status.APPROVED)
    make_count(khuong_dinh, 2023)
    before = YearlyCount.history.count()
    with transaction.atomic():
        batch = CountBatch(campaign=plan, user=officer, wards=[khuong_dinh])
        locked = batch.stored_at(khuong_dinh.pk, 2022)
        locked.near_poor_escaped, locked.near_poor_end = 1, locked.near_poor_start - 1
        with pytest.raises(ValidationError, match="đã duyệt, không thể sửa"):
            batch.add(locked)
        with pytest.raises(ValidationError) as caught:
            batch.add(YearlyCount(campaign=plan, ward=khuong_dinh, year=2024, near_poor_start=1, near_poor_end=1))
        assert caught.value.message_dict["near_poor_start"] == [
            f"Số hộ cận nghèo đầu năm phải là {approved.near_poor_end} (số cuối năm 2023), không phải 1."
        ]
        with pytest.raises(ValidationError, match="Phường này đã có số liệu của năm này."):
            batch.add(YearlyCount(campaign=plan, ward=khuong_dinh, year=2023, near_poor_start=6, near_poor_end=6))
        stale = batch.stored_at(khuong_dinh.pk, 2023)
        with pytest.raises(ValidationError, match="Số liệu đã được người khác sửa lúc"):
            batch.add(stale, expected_version=stale.version + 1)
        with pytest.raises(ValidationError, match="Năm 2030 nằm ngoài thời gian của kế hoạch"):
            batch.add(YearlyCount(campaign=plan, ward=khuong_dinh, year=2030, near_poor_start=6, near_poor_end=6))
        batch.write()
    assert YearlyCount.objects.count() == 2 and YearlyCount.history.count() == before, "nothing written"

    with transaction.atomic():
        batch = CountBatch(campaign=plan, user=other_officer, wards=[khuong_dinh])
        with pytest.raises(PermissionDenied):
            batch.add(YearlyCount(campaign=plan, ward=khuong_dinh, year=2024, near_poor_start=6, near_poor_end=6))
