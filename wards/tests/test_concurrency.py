"""Two people acting on the same row at the same moment, in real threads against PostgreSQL.

Each race starts its sessions together on a barrier. A stale form must be refused (no lost
update), a double approval or a double nomination move must leave one transition, and two
creations of the same ward and year must leave one row and a clear message for the other.
SQLite serialises whole transactions, so these races only mean something on PostgreSQL.
"""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from units.models import Ward
from wards import services
from wards.models import CountTransition, YearlyCount

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and serialises concurrent writers",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_root"),
]

Status = YearlyCount.Status


def race(*calls):
    """Run each call in its own thread and database session, released together.

    Returns one ("ok", result) or ("refused", error) per call, in order.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except (ValidationError, PermissionDenied) as error:
            results[index] = ("refused", error)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(result is not None and result[0] != "error" for result in results), results
    return results


def outcome(results):
    return sorted(kind for kind, _ in results)


def messages_of(results):
    return [" ".join(value.messages) for kind, value in results if kind == "refused"]


def test_stale_forms_never_overwrite_each_other(make_count, khuong_dinh, officer, social_affairs):
    """The ward's officer and LĐ-TB&XH both open the figures, then both save."""
    count = make_count(khuong_dinh, 2022)
    rounds, lost = 20, 0
    for round_ in range(rounds):
        first, second = YearlyCount.objects.get(pk=count.pk), YearlyCount.objects.get(pk=count.pk)
        first.near_poor_escaped, first.near_poor_new = 1, round_
        second.near_poor_escaped, second.near_poor_new = 2, round_
        for form in (first, second):
            form.near_poor_end = form.computed_end
        results = race(
            lambda: services.count_save(count=first, user=officer),
            lambda: services.count_save(count=second, user=social_affairs),
        )
        assert outcome(results) == ["ok", "refused"]
        (message,) = messages_of(results)
        assert "đã được người khác sửa lúc" in message and "hãy tải lại trang và nhập lại" in message
        winner = first if results[0][0] == "ok" else second
        stored = YearlyCount.objects.get(pk=count.pk)
        lost += (stored.near_poor_escaped, stored.near_poor_new) != (winner.near_poor_escaped, round_)
        assert stored.version == round_ + 1
    assert lost == 0
    assert count.history.count() == 1 + rounds  # the creation and one record per accepted save
    print(f"races: stale saves 2 × {rounds} rounds, accepted {rounds}, refused {rounds}, lost updates {lost}")


def test_stale_admin_form_is_refused_with_a_message(client, make_count, khuong_dinh, officer):
    """The admin form carries the version it was opened at; the save of an older page fails."""
    from django.urls import reverse

    from wards.tests.test_admin import form_data

    count = make_count(khuong_dinh, 2022)
    client.force_login(officer)
    url = reverse("admin:wards_yearlycount_change", args=[count.pk])
    opened = client.get(url)
    assert 'name="loaded_version" value="0"' in opened.content.decode()
    fresh = YearlyCount.objects.get(pk=count.pk)
    fresh.near_poor_escaped, fresh.near_poor_end = 1, fresh.near_poor_start - 1
    services.count_save(count=fresh, user=officer)  # someone else saves in between

    response = client.post(url, form_data(count, near_poor_escaped=2, near_poor_end=count.near_poor_start - 2,
                                          loaded_version=0))
    assert response.status_code == 200
    assert "đã được người khác sửa lúc" in response.content.decode()
    assert YearlyCount.objects.get(pk=count.pk).near_poor_escaped == 1


def test_two_approvals_at_once_leave_one_transition(make_count, khuong_dinh, officer, social_affairs, make_user):
    from units.access import Role

    second_reviewer = make_user("ldtbxh-2", Role.SOCIAL_AFFAIRS)
    count = make_count(khuong_dinh, 2022)
    rounds = 10
    for _ in range(rounds):
        services.count_submit(count=count, user=officer)
        results = race(
            lambda: services.count_approve(count=count, user=social_affairs),
            lambda: services.count_approve(count=count, user=second_reviewer),
        )
        assert outcome(results) == ["ok", "refused"]
        assert "Chỉ duyệt được số liệu đã gửi" in messages_of(results)[0]
        services.count_reopen(count=count, user=social_affairs, reason="Kiểm tra lại.")
    approvals = CountTransition.objects.filter(count=count, to_status=Status.APPROVED).count()
    assert approvals == rounds
    assert CountTransition.objects.filter(count=count).count() == 3 * rounds
    print(f"races: approvals 2 × {rounds} rounds, transitions {approvals} (one per round)")


def test_parallel_creation_of_one_ward_year_gives_one_row(plan, officer, social_affairs, khuong_dinh):
    from wards.models import expected_start

    wards = list(Ward.objects.order_by("code"))
    via_constraint = 0
    for ward in wards:
        start, _ = expected_start(campaign=plan, ward=ward, year=2022)

        def create(user, found, ward=ward, start=start):
            count = YearlyCount(
                campaign=plan, ward=ward, year=2022, near_poor_start=start,
                near_poor_new=found, near_poor_end=start + found,
            )
            return services.count_save(count=count, user=user)

        results = race(lambda: create(social_affairs, 0), lambda: create(social_affairs, 1))
        assert outcome(results) == ["ok", "refused"]
        (message,) = messages_of(results)
        assert "đã có số liệu" in message
        via_constraint += "vừa được người khác tạo" in message
        assert YearlyCount.objects.filter(ward=ward, year=2022).count() == 1
        assert YearlyCount.history.filter(ward_id=ward.pk, year=2022).count() == 1
    print(f"races: creations 2 × {len(wards)} wards, rows {len(wards)}, "
          f"refused by the unique index {via_constraint}, by validation {len(wards) - via_constraint}")


def test_parallel_moves_of_one_nomination_leave_one_transition(
    make_nomination, officer, social_affairs, home_affairs, make_user,
):
    from awards import services as award_services
    from awards.models import Nomination, NominationTransition
    from units.access import Role

    second_reviewer = make_user("ldtbxh-2", Role.SOCIAL_AFFAIRS)
    rounds = 8
    for round_ in range(rounds):
        nomination = make_nomination(officer, nominee_name=f"Tổ dân phố số {round_ + 1}")
        award_services.nomination_submit(nomination=nomination, user=officer)
        forwards = race(
            lambda: award_services.nomination_forward(nomination=nomination, user=social_affairs),
            lambda: award_services.nomination_forward(nomination=nomination, user=second_reviewer),
        )
        assert outcome(forwards) == ["ok", "refused"]
        # Nội vụ approves while a second appraiser rejects: one verdict stands.
        verdicts = race(
            lambda: award_services.nomination_approve(nomination=nomination, user=home_affairs),
            lambda: award_services.nomination_reject(nomination=nomination, user=home_affairs, reason="Chưa đủ."),
        )
        assert outcome(verdicts) == ["ok", "refused"]
        moves = list(NominationTransition.objects.filter(nomination=nomination).values_list("to_status", flat=True))
        assert moves[:2] == [Nomination.Status.SUBMITTED, Nomination.Status.FORWARDED]
        assert len(moves) == 3 and moves[2] == Nomination.objects.get(pk=nomination.pk).status
    print(f"races: nomination forwards 2 × {rounds} and verdicts 2 × {rounds}, one transition each")

