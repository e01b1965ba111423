"""The database drops every connection in the middle of the working day (a restart, a failover).

Four officers' sessions, each in its own thread with a persistent connection as a gunicorn
worker has, send 200 requests: pages read, figures saved through the admin form, submitted on
the ward page, returned by LĐ-TB&XH. Twice the app's PostgreSQL sessions are terminated from a
separate connection: once while every worker sits idle between requests (the next request must
reconnect by itself: CONN_HEALTH_CHECKS) and once while requests are running (only those in flight
may fail). Afterwards every row, its transitions and its history must tell the same story.
"""

import threading
import time

import psycopg2
import pytest
from django.db import close_old_connections, connection, connections
from django.test import Client
from django.urls import reverse

from units.access import Role
from units.models import Ward
from wards.models import CountTransition, YearlyCount
from wards.tests.test_admin import form_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: pg_terminate_backend and real sessions"
    ),
    pytest.mark.django_db(transaction=True),
]

WORKERS, REQUESTS_EACH, IDLE_KILL_AT = 4, 50, 15
Status = YearlyCount.Status


def terminate_app_sessions(spare_pid: int) -> int:
    """From a connection of its own, end every session of the test database but the test's."""
    params = connection.settings_dict
    admin = psycopg2.connect(
        dbname=params["NAME"], user=params["USER"], password=params["PASSWORD"],
        host=params["HOST"] or None, port=params["PORT"] or None,
    )
    admin.autocommit = True  # pg_stat_activity is a snapshot for the length of a transaction
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND usename = current_user AND pid NOT IN (pg_backend_pid(), %s)",
            [spare_pid],
        )
        pids = [pid for (pid,) in cursor.fetchall()]
        cursor.execute("SELECT pid FROM unnest(%s::int[]) AS pid WHERE pg_terminate_backend(pid)", [pids])
        killed = [pid for (pid,) in cursor.fetchall()]
        # pg_terminate_backend only signals: wait until the sessions are really gone.
        deadline = time.monotonic() + 10
        while killed and time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [killed])
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.005)
        # A backend leaves pg_stat_activity a moment before its socket is closed.
        time.sleep(0.05)
    admin.close()
    return len(killed)


class Worker(threading.Thread):
    """One officer's browser and one reviewer's, served by one long-lived worker thread."""

    def __init__(self, officer, reviewer, count, pause):
        super().__init__()
        self.officer, self.reviewer, self.count_pk, self.pause = officer, reviewer, count.pk, pause
        self.code = count.ward.code
        self.log = []  # (started, finished, kind, ok, detail)

    def request(self, kind, call):
        """What the WSGI handler does around a request: connections are checked before and after."""
        started = time.monotonic()
        close_old_connections()
        try:
            response = call()
            ok = response.status_code < 500
            detail = response.status_code
        except Exception as error:  # noqa: BLE001 — a failed request is what is being counted
            ok, detail = False, type(error).__name__
        finally:
            close_old_connections()
        self.log.append((started, time.monotonic(), kind, ok, detail))

    def write(self):
        count = YearlyCount.objects.get(pk=self.count_pk)
        if count.status == Status.SUBMITTED:
            return self.reviewer_client.post(
                reverse("wards:count-return", args=[self.code, 2022]),
                {"confirmed": "1", "reason": "Kiểm tra lại số thoát cận nghèo."},
            )
        if count.version % 3 == 2:
            return self.officer_client.post(reverse("wards:count-submit", args=[self.code, 2022]), {"confirmed": "1"})
        escaped = (count.near_poor_escaped + 1) % min(count.near_poor_start + 1, 4)
        data = form_data(
            count, near_poor_escaped=escaped, near_poor_end=count.near_poor_start - escaped,
            loaded_version=count.version,
        )
        response = self.officer_client.post(reverse("admin:wards_yearlycount_change", args=[count.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    def run(self):
        try:
            self.officer_client, self.reviewer_client = Client(), Client()
            self.request("login", lambda: self.officer_client.force_login(self.officer) or _Ok())
            self.request("login", lambda: self.reviewer_client.force_login(self.reviewer) or _Ok())
            reads = [
                lambda: self.officer_client.get(reverse("wards:count", args=[self.code, 2022])),
                lambda: self.officer_client.get(reverse("reports:ward", args=[self.code])),
                lambda: self.officer_client.get(reverse("admin:wards_yearlycount_changelist")),
            ]
            for i in range(REQUESTS_EACH):
                if i == IDLE_KILL_AT:
                    self.pause.wait(timeout=30)  # every worker idle: the sessions are ended now
                    self.pause.wait(timeout=30)
                if i % 5 in (1, 3):
                    self.request("write", self.write)
                else:
                    self.request("read", reads[i % 3])
        finally:
            connections.close_all()


class _Ok:
    status_code = 200


def test_requests_survive_a_database_restart(make_user, make_count, plan, social_affairs):
    wards = list(Ward.objects.order_by("code")[:WORKERS])
    counts = [make_count(ward, 2022) for ward in wards]
    officers = [make_user(f"can-bo-{ward.code}", Role.WARD_OFFICER, ward) for ward in wards]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        test_pid = cursor.fetchone()[0]

    settings_dict = connection.settings_dict
    saved_max_age = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 60  # persistent connections, as in production
    assert settings_dict["CONN_HEALTH_CHECKS"]
    pause = threading.Barrier(WORKERS + 1)
    workers = [Worker(officer, social_affairs, count, pause) for officer, count in zip(officers, counts)]
    try:
        for worker in workers:
            worker.start()
        pause.wait(timeout=60)
        idle_killed = terminate_app_sessions(test_pid)
        idle_kill_at = time.monotonic()
        pause.wait(timeout=30)
        time.sleep(0.3)  # the workers are busy again
        busy_kill = [time.monotonic()]
        busy_killed = terminate_app_sessions(test_pid)
        busy_kill.append(time.monotonic())
        for worker in workers:
            worker.join(timeout=120)
    finally:
        settings_dict["CONN_MAX_AGE"] = saved_max_age

    log = [entry for worker in workers for entry in worker.log if entry[2] != "login"]
    assert len(log) == WORKERS * REQUESTS_EACH

    def failed(entries):
        return [e for e in entries if not e[3]]

    before = [e for e in log if e[0] < idle_kill_at]
    in_flight = [e for e in log if e[0] < busy_kill[1] and e[1] > busy_kill[0]]
    after = [e for e in log if e[0] >= idle_kill_at and e not in in_flight]
    print(
        f"restart: {len(log)} requests ({sum(e[2] == 'write' for e in log)} writes); "
        f"sessions ended {idle_killed} idle + {busy_killed} busy; failed before {len(failed(before))}/{len(before)}, "
        f"during {len(failed(in_flight))}/{len(in_flight)} in flight, after {len(failed(after))}/{len(after)}; "
        f"failures: {[(e[2], e[4]) for e in failed(log)]}"
    )
    # Only requests that overlapped the second termination may fail; every other one succeeds.
    assert idle_killed >= WORKERS and busy_killed >= 1
    assert not failed(before) and not failed(after)

    # No write is half done: the row, its transitions and its history agree.
    for count in YearlyCount.objects.filter(pk__in=[c.pk for c in counts]):
        moves = list(CountTransition.objects.filter(count=count).order_by("at", "pk"))
        chain = [Status.DRAFT, *(m.to_status for m in moves)]
        assert [m.from_status for m in moves] == chain[:-1] and chain[-1] == count.status
        history = list(count.history.order_by("history_id"))
        steps = list(zip(history, history[1:]))
        # Each record after the creation is either a move (status changed, one per transition)
        # or a save (version up by one), never both, never neither.
        assert [new.status for old, new in steps if new.status != old.status] == [m.to_status for m in moves]
        assert [new.version for old, new in steps if new.version != old.version] == list(range(1, count.version + 1))
        assert len(history) == 1 + len(moves) + count.version
        latest = history[-1]
        assert (latest.status, latest.version, latest.near_poor_escaped, latest.near_poor_end) == (
            count.status, count.version, count.near_poor_escaped, count.near_poor_end
        )
        assert all(h.history_user_id for h in history[1:])
