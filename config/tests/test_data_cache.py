"""The progress pages' cache follows every write to their data, on the very next request.

A write is run as another gunicorn worker would see it: its transaction really commits (so its
on-commit callback writes the new token), and this process's own counter is put back to where
it was, so that only what the database holds can tell the page that the data changed.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.urls import reverse

from common import cache as data_cache
from units.models import District, Ward
from wards import services
from wards.models import Baseline, ReductionTarget, ReportingWindow, YearlyCount

# Real commits: the token is written when a transaction commits, never inside a test's own.
pytestmark = pytest.mark.django_db(transaction=True)

SUBMITTED, APPROVED = YearlyCount.Status.SUBMITTED, YearlyCount.Status.APPROVED
DASHBOARD = "/tong-quan/"
WARD_PAGE = "/phuong/00364/"


@pytest.fixture
def elsewhere(monkeypatch):
    """Runs `write()` as committed by another worker (see the module's docstring); answers
    whether the token was written."""

    def run(write):
        counter = data_cache._local_changes
        written = []
        original = data_cache._write_token
        monkeypatch.setattr(data_cache, "_write_token", lambda: (written.append(True), original())[1])
        write()
        monkeypatch.setattr(data_cache, "_write_token", original)
        monkeypatch.setattr(data_cache, "_local_changes", counter)
        return bool(written)

    return run


def cell_text(client, url=DASHBOARD) -> str:
    page = client.get(url).content.decode()
    start = page.index('href="/phuong/00364/">Khương Đình')
    return page[start:page.index("</tr>", start)]


def test_an_approval_shows_on_the_next_request(client, social_affairs, make_count, khuong_dinh, elsewhere):
    count = make_count(khuong_dinh, 2022, status=SUBMITTED, near_poor_escaped=2)
    client.force_login(social_affairs)
    assert "chờ duyệt" in cell_text(client) and "giảm 2, còn 4" not in cell_text(client)
    assert elsewhere(lambda: services.count_approve(count=count, user=social_affairs))
    after = cell_text(client)
    assert "giảm 2, còn 4" in after and "Đúng tiến độ" in after


def test_a_return_and_a_reopening_show_on_the_next_request(client, social_affairs, officer, make_count,
                                                            khuong_dinh, elsewhere):
    count = make_count(khuong_dinh, 2022, status=SUBMITTED, near_poor_escaped=2)
    client.force_login(social_affairs)
    assert "chờ duyệt" in cell_text(client)
    elsewhere(lambda: services.count_return(count=count, user=social_affairs, reason="Thiếu hộ phát sinh."))
    assert "Số liệu bị trả lại" in cell_text(client)

    count.refresh_from_db()
    count.status = APPROVED
    elsewhere(count.save)
    assert "giảm 2, còn 4" in cell_text(client)
    elsewhere(lambda: services.count_reopen(count=count, user=social_affairs, reason="Sai số hộ."))
    assert "giảm 2, còn 4" not in cell_text(client) and "Số liệu bị trả lại" in cell_text(client)


def test_the_ward_page_follows_its_figures(client, officer, social_affairs, make_count, khuong_dinh, elsewhere):
    count = make_count(khuong_dinh, 2022, status=SUBMITTED, near_poor_escaped=2)
    client.force_login(officer)
    assert "Chờ duyệt" in client.get(WARD_PAGE).content.decode()
    elsewhere(lambda: services.count_approve(count=count, user=social_affairs))
    page = client.get(WARD_PAGE).content.decode()
    assert "Đúng tiến độ" in page and "còn 4 hộ, kế hoạch 4" in page


def test_a_target_changed_in_the_admin_shows(client, social_affairs, plan, khuong_dinh, elsewhere):
    target = ReductionTarget.objects.get(campaign=plan, ward=khuong_dinh, year=2022)
    client.force_login(social_affairs)
    assert "Chỉ tiêu: giảm 2" in cell_text(client)
    change = reverse("admin:wards_reductiontarget_change", args=[target.pk])
    data = {"campaign": plan.pk, "ward": khuong_dinh.pk, "year": 2022, "reduction": 3, "_save": "Lưu"}
    responses = []
    elsewhere(lambda: responses.append(client.post(change, data)))
    assert responses[0].status_code == 302
    assert "Chỉ tiêu: giảm 3" in cell_text(client)


@pytest.mark.parametrize("write", ["baseline", "window", "extension", "ward", "district"])
def test_every_kind_of_data_moves_the_version(plan, social_affairs, khuong_dinh, elsewhere, write):
    before = data_cache.version()

    def change():
        if write == "baseline":
            baseline = Baseline.objects.get(campaign=plan, ward=khuong_dinh)
            baseline.near_poor += 1
            baseline.save()
        elif write == "window":
            ReportingWindow.objects.create(
                campaign=plan, year=2023, opens_on=datetime.date(2023, 11, 1), closes_on=datetime.date(2023, 12, 15)
            )
        elif write == "extension":
            window = ReportingWindow.objects.create(
                campaign=plan, year=2024, opens_on=datetime.date(2024, 11, 1), closes_on=datetime.date(2024, 12, 15)
            )
            services.window_extend(window=window, ward=khuong_dinh, closes_on=datetime.date(2025, 1, 15),
                                   reason="Phường xin thêm thời gian.", user=social_affairs)
        elif write == "ward":
            Ward.objects.filter(pk=khuong_dinh.pk).get().save()
        else:
            District.objects.get(code="009").save()

    elsewhere(change)
    assert data_cache.version() != before


def test_figures_imported_in_bulk_move_the_version(plan, officer, khuong_dinh):
    """An import writes figures in bulk (no signal): its batch says so itself."""
    from wards.batch import CountBatch

    before = data_cache.version()
    [count] = YearlyCount.objects.bulk_create([YearlyCount(
        campaign=plan, ward=khuong_dinh, year=2023, near_poor_start=4, near_poor_escaped=1, near_poor_end=3,
    )])
    assert data_cache.version() == before  # a bulk write of its own: unseen until bump()
    count.delete()
    before = data_cache.version()
    with transaction.atomic():
        batch = CountBatch(campaign=plan, user=officer, wards=[khuong_dinh])
        batch.add(YearlyCount(campaign=plan, ward=khuong_dinh, year=2022, near_poor_start=6, near_poor_escaped=2,
                              near_poor_end=4))
        batch.write()
    assert data_cache.version() != before


def test_bump_after_other_bulk_writes(plan, khuong_dinh, elsewhere):
    before = data_cache.version()

    def bulk():
        Baseline.objects.filter(campaign=plan, ward=khuong_dinh).update(near_poor=7)
        data_cache.bump()

    elsewhere(bulk)
    assert data_cache.version() != before


def pending_tokens() -> int:
    return [entry[1] for entry in connection.run_on_commit].count(data_cache._write_token)


def test_one_token_per_transaction_however_many_rows(plan, make_count, khuong_dinh, nhan_chinh):
    with transaction.atomic():
        make_count(khuong_dinh, 2022)
        make_count(nhan_chinh, 2022)
        ReductionTarget.objects.get(campaign=plan, ward=khuong_dinh, year=2023).save()
        assert pending_tokens() == 1
    assert pending_tokens() == 0


def test_a_rolled_back_write_leaves_the_token(plan, khuong_dinh):
    with transaction.atomic():
        try:
            with transaction.atomic():
                Baseline.objects.get(campaign=plan, ward=khuong_dinh).save()
                assert pending_tokens() == 1
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        assert pending_tokens() == 0
        # The next write of the same transaction still replaces it.
        Baseline.objects.get(campaign=plan, ward=khuong_dinh).save()
        assert pending_tokens() == 1


def test_the_token_lives_in_the_database():
    from common.models import DataVersion

    assert data_cache.version().startswith("-.")  # none written yet
    data_cache._write_token()
    first = DataVersion.objects.get(pk=1).token
    data_cache._write_token()
    second = DataVersion.objects.get(pk=1).token
    assert len(first) == len(second) == 24 and first != second
    assert data_cache.version().startswith(f"{second}.")
