"""Random sequences of actions by random people through both workflows, checked after each step.

The machine drives the services the pages, the admin and the imports call, as the officer of
Khương Đình (A), the officer of Nhân Chính (B), LĐ-TB&XH, Nội vụ and a user with no role, and
keeps its own model of what each action should do. After every step:
- approved figures are locked: a save by anyone is refused and leaves the row as it was;
- a refused action raises PermissionDenied or ValidationError and changes nothing;
- every state move left exactly one transition record (from, to, by), the records chain up to
  the current status, and the figures' history has one record per save and per move.
Each example runs in a savepoint rolled back at its end. Derandomised, so CI sees the same runs.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from conftest import upload
from wards import services
from wards.models import FIGURE_FIELDS, CountTransition, YearlyCount

pytestmark = pytest.mark.usefixtures("media_root")

MACHINE_SETTINGS = settings(
    max_examples=25, stateful_step_count=20, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
ACTORS = ("officer_a", "officer_b", "social_affairs", "home_affairs", "no_role")
# Half the time the person whose turn it is acts, so that sequences get deep into the workflows;
# the other half anyone at all, so that every refusal is tried too.
WHO = st.sampled_from(("right",) * 5 + ACTORS)
REFUSED = (PermissionDenied, ValidationError)
CountStatus = YearlyCount.Status


def figures(count: YearlyCount) -> tuple:
    return tuple(getattr(count, name) for name in (*FIGURE_FIELDS, "note", "status", "version"))


@pytest.fixture
def people(officer, other_officer, social_affairs, home_affairs, no_role):
    return {
        "officer_a": officer, "officer_b": other_officer, "social_affairs": social_affairs,
        "home_affairs": home_affairs, "no_role": no_role,
    }


def test_workflows_keep_their_invariants(people, make_count, khuong_dinh, nhan_chinh, award_forms):  # noqa: F811
    from awards import services as award_services
    from awards.models import Nomination, NominationTransition

    NStatus = Nomination.Status
    wards = {"officer_a": khuong_dinh, "officer_b": nhan_chinh}
    stats = {"steps": 0, "allowed": 0, "refused": 0, "examples": 0, "reached": set()}

    class Workflows(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self._savepoint = transaction.atomic()
            self._savepoint.__enter__()
            stats["examples"] += 1
            # One year of figures per ward, each with its expected status, saves and moves.
            self.counts = {}
            for owner, ward in wards.items():
                count = make_count(ward, 2022)
                self.counts[owner] = {"pk": count.pk, "status": CountStatus.DRAFT, "saves": 0, "moves": 0}
            self.nominations = []
            # Every run starts with one nomination of ward A, so its workflow is walked far too.
            self.create_nomination("right", "officer_a")

        def teardown(self):
            transaction.set_rollback(True)
            self._savepoint.__exit__(None, None, None)

        # --- helpers --------------------------------------------------------------------------

        def attempt(self, allowed: bool, action, snapshot):
            """Run `action`; it must succeed exactly when `allowed`, and change nothing if refused."""
            stats["steps"] += 1
            before = snapshot()
            try:
                action()
            except REFUSED:
                assert not allowed, "an allowed action was refused"
                assert snapshot() == before, "a refused action changed something"
                stats["refused"] += 1
                return False
            assert allowed, "a forbidden action went through"
            stats["allowed"] += 1
            return True

        def count_snapshot(self, owner):
            pk = self.counts[owner]["pk"]
            return (
                figures(YearlyCount.objects.get(pk=pk)),
                CountTransition.objects.filter(count_id=pk).count(),
                YearlyCount.history.filter(id=pk).count(),
            )

        def nomination_snapshot(self, index):
            pk = self.nominations[index]["pk"]
            stored = Nomination.objects.get(pk=pk)
            return (stored.status, stored.decision_number, NominationTransition.objects.filter(nomination_id=pk).count())

        # --- yearly figures -------------------------------------------------------------------

        @rule(actor=WHO, owner=st.sampled_from(("officer_a", "officer_b")),
              escaped=st.integers(0, 3), found=st.integers(0, 3), note=st.sampled_from(("", "Đã rà soát.")))
        def save_figures(self, actor, owner, escaped, found, note):
            expected = self.counts[owner]
            actor = owner if actor == "right" else actor
            count = YearlyCount.objects.get(pk=expected["pk"])
            count.near_poor_escaped = min(escaped, count.near_poor_start)
            count.near_poor_new, count.note = found, note
            count.near_poor_end = count.computed_end
            may_enter = actor in (owner, "social_affairs")
            allowed = may_enter and expected["status"] in YearlyCount.EDITABLE_STATUSES
            if self.attempt(allowed, lambda: services.count_save(count=count, user=people[actor]),
                            lambda: self.count_snapshot(owner)):
                expected["saves"] += 1

        def _count_move(self, actor, owner, action, allowed_actor, from_statuses, to, reason="x"):
            expected = self.counts[owner]
            actor = allowed_actor if actor == "right" else actor
            count = YearlyCount.objects.get(pk=expected["pk"])
            allowed = actor == allowed_actor and expected["status"] in from_statuses and bool(reason.strip())
            if self.attempt(allowed, lambda: action(count, people[actor]), lambda: self.count_snapshot(owner)):
                expected["status"], expected["moves"] = to, expected["moves"] + 1
                stats["reached"].add(f"figures {expected['status']} after {expected['moves']} moves")

        @rule(actor=WHO, owner=st.sampled_from(("officer_a", "officer_b")))
        def submit_figures(self, actor, owner):
            self._count_move(
                actor, owner, lambda c, u: services.count_submit(count=c, user=u),
                owner, YearlyCount.EDITABLE_STATUSES, CountStatus.SUBMITTED,
            )

        @rule(actor=WHO, owner=st.sampled_from(("officer_a", "officer_b")),
              reason=st.sampled_from(("Sai số đầu năm.", " ")))
        def return_figures(self, actor, owner, reason):
            self._count_move(
                actor, owner, lambda c, u: services.count_return(count=c, user=u, reason=reason),
                "social_affairs", (CountStatus.SUBMITTED,), CountStatus.RETURNED, reason,
            )

        @rule(actor=WHO, owner=st.sampled_from(("officer_a", "officer_b")))
        def approve_figures(self, actor, owner):
            self._count_move(
                actor, owner, lambda c, u: services.count_approve(count=c, user=u),
                "social_affairs", (CountStatus.SUBMITTED,), CountStatus.APPROVED,
            )

        @rule(actor=WHO, owner=st.sampled_from(("officer_a", "officer_b")),
              reason=st.sampled_from(("Phường báo sai số hộ thoát cận nghèo.", "")))
        def reopen_figures(self, actor, owner, reason):
            self._count_move(
                actor, owner, lambda c, u: services.count_reopen(count=c, user=u, reason=reason),
                "social_affairs", (CountStatus.APPROVED,), CountStatus.RETURNED, reason,
            )

        # --- nominations ----------------------------------------------------------------------

        @precondition(lambda self: len(self.nominations) < 3)
        @rule(actor=WHO, unit=st.sampled_from(("officer_a", "officer_b", "district")))
        def create_nomination(self, actor, unit):
            ward = wards.get(unit)
            if actor == "right":
                actor = "social_affairs" if unit == "district" else unit
            name = f"Tổ dân phố số {len(self.nominations) + 1}"
            nomination = Nomination(
                campaign=khuong_dinh.baselines.get().campaign, occasion="yearly", year=2023,
                award_form=award_forms["giay-khen-quan"], nominee_kind="collective", nominee_name=name,
                unit=str(ward or "Phòng LĐ-TB&XH quận"), actor_type="residential_group" if ward else "district",
                achievements="Vận động hộ cận nghèo thoát cận nghèo.", ward=ward, proposing_ward=ward,
            )
            allowed = actor == unit or (unit == "district" and actor == "social_affairs")
            uploads = [("submission_letter", upload("to-trinh.pdf")), ("achievement_report", upload("bao-cao.pdf"))]
            before = Nomination.objects.count()
            stats["steps"] += 1
            try:
                created = award_services.nomination_create(nomination=nomination, user=people[actor], uploads=uploads)
            except REFUSED:
                assert not allowed and Nomination.objects.count() == before
                stats["refused"] += 1
                return
            assert allowed
            stats["allowed"] += 1
            proposer = unit if unit != "district" else "social_affairs"
            self.nominations.append({"pk": created.pk, "status": NStatus.DRAFT, "moves": 0, "proposer": proposer})

        def _nomination_move(self, actor, pick, action, allowed):
            index = pick % len(self.nominations)
            expected = self.nominations[index]
            if actor == "right":
                actor = next((a for a in ACTORS if allowed(a, expected) is not None), "no_role")
            nomination = Nomination.objects.get(pk=expected["pk"])
            to = allowed(actor, expected)
            if self.attempt(to is not None, lambda: action(nomination, people[actor]),
                            lambda: self.nomination_snapshot(index)):
                expected["status"], expected["moves"] = to, expected["moves"] + 1
                stats["reached"].add(f"nomination {to}")

        @precondition(lambda self: self.nominations)
        @rule(actor=WHO, pick=st.integers(0, 2))
        def submit_nomination(self, actor, pick):
            self._nomination_move(
                actor, pick, lambda n, u: award_services.nomination_submit(nomination=n, user=u),
                lambda a, e: NStatus.SUBMITTED
                if a == e["proposer"] and e["status"] in Nomination.EDITABLE_STATUSES else None,
            )

        @precondition(lambda self: self.nominations)
        @rule(actor=WHO, pick=st.integers(0, 2))
        def forward_nomination(self, actor, pick):
            self._nomination_move(
                actor, pick, lambda n, u: award_services.nomination_forward(nomination=n, user=u),
                lambda a, e: NStatus.FORWARDED if a == "social_affairs" and e["status"] == NStatus.SUBMITTED else None,
            )

        @precondition(lambda self: self.nominations)
        @rule(actor=WHO, pick=st.integers(0, 2))
        def return_nomination(self, actor, pick):
            def allowed(a, e):
                if e["status"] == NStatus.SUBMITTED and a == "social_affairs":
                    return NStatus.RETURNED
                if e["status"] == NStatus.FORWARDED and a == "home_affairs":
                    return NStatus.RETURNED
                return None

            self._nomination_move(
                actor, pick,
                lambda n, u: award_services.nomination_return(nomination=n, user=u, reason="Bổ sung biên bản."),
                allowed,
            )

        @precondition(lambda self: self.nominations)
        @rule(actor=WHO, pick=st.integers(0, 2))
        def approve_nomination(self, actor, pick):
            self._nomination_move(
                actor, pick, lambda n, u: award_services.nomination_approve(nomination=n, user=u),
                lambda a, e: NStatus.APPROVED if a == "home_affairs" and e["status"] == NStatus.FORWARDED else None,
            )

        @precondition(lambda self: self.nominations)
        @rule(actor=WHO, pick=st.integers(0, 2))
        def reject_nomination(self, actor, pick):
            self._nomination_move(
                actor, pick,
                lambda n, u: award_services.nomination_reject(nomination=n, user=u, reason="Chưa tiêu biểu."),
                lambda a, e: NStatus.REJECTED if a == "home_affairs" and e["status"] == NStatus.FORWARDED else None,
            )

        @precondition(lambda self: self.nominations)
        @rule(actor=WHO, pick=st.integers(0, 2))
        def decide_nomination(self, actor, pick):
            self._nomination_move(
                actor, pick,
                lambda n, u: award_services.nomination_record_decision(
                    nomination=n, user=u, number="15/QĐ-UBND", date=datetime.date(2024, 1, 15),
                ),
                lambda a, e: NStatus.AWARDED if a == "home_affairs" and e["status"] == NStatus.APPROVED else None,
            )

        # --- the natural next step, so that runs reach the far end of each workflow ------------

        @rule(owner=st.sampled_from(("officer_a", "officer_b")), choice=st.integers(0, 1))
        def advance_figures(self, owner, choice):
            status = self.counts[owner]["status"]
            if status in YearlyCount.EDITABLE_STATUSES:
                (lambda: self.save_figures("right", owner, 1, choice, ""), lambda: self.submit_figures("right", owner))[choice]()
            elif status == CountStatus.SUBMITTED:
                (lambda: self.approve_figures("right", owner),
                 lambda: self.return_figures("right", owner, "Sai số đầu năm."))[choice]()
            else:
                self.reopen_figures("right", owner, "Phường báo sai số hộ thoát cận nghèo.")

        @precondition(lambda self: self.nominations)
        @rule(pick=st.integers(0, 2), choice=st.integers(0, 2))
        def advance_nomination(self, pick, choice):
            status = self.nominations[pick % len(self.nominations)]["status"]
            steps = {
                NStatus.DRAFT: [self.submit_nomination],
                NStatus.RETURNED: [self.submit_nomination],
                NStatus.SUBMITTED: [self.forward_nomination, self.forward_nomination, self.return_nomination],
                NStatus.FORWARDED: [self.approve_nomination, self.return_nomination, self.reject_nomination],
                NStatus.APPROVED: [self.decide_nomination],
            }.get(status)
            if steps:
                steps[choice % len(steps)]("right", pick)

        # --- invariants -----------------------------------------------------------------------

        @invariant()
        def approved_figures_are_locked(self):
            for owner, expected in self.counts.items():
                if expected["status"] != CountStatus.APPROVED:
                    continue
                before = self.count_snapshot(owner)
                for actor in ACTORS:
                    count = YearlyCount.objects.get(pk=expected["pk"])
                    count.note = "sửa sau khi duyệt"
                    with pytest.raises(REFUSED):
                        services.count_save(count=count, user=people[actor])
                assert self.count_snapshot(owner) == before

        @invariant()
        def figures_match_their_records(self):
            for expected in self.counts.values():
                count = YearlyCount.objects.get(pk=expected["pk"])
                assert count.status == expected["status"]
                moves = list(CountTransition.objects.filter(count=count).order_by("at", "pk"))
                assert len(moves) == expected["moves"]
                chain = [CountStatus.DRAFT, *(m.to_status for m in moves)]
                assert [m.from_status for m in moves] == chain[:-1] and chain[-1] == count.status
                assert all(m.by_id for m in moves)
                # One history record for the creation, one per save, one per move.
                history = count.history.all()
                assert len(history) == 1 + expected["saves"] + expected["moves"]
                assert count.version == expected["saves"]
                assert all(h.history_change_reason for h in history[: expected["saves"] + expected["moves"]])

        @invariant()
        def nominations_match_their_records(self):
            for expected in self.nominations:
                nomination = Nomination.objects.get(pk=expected["pk"])
                assert nomination.status == expected["status"]
                moves = list(nomination.transitions.order_by("at", "pk"))
                assert len(moves) == expected["moves"]
                chain = [NStatus.DRAFT, *(m.to_status for m in moves)]
                assert [m.from_status for m in moves] == chain[:-1] and chain[-1] == nomination.status

    run_state_machine_as_test(Workflows, settings=MACHINE_SETTINGS)
    print(f"invariants: {stats['examples']} examples, {stats['steps']} steps "
          f"({stats['allowed']} allowed, {stats['refused']} refused); reached: {sorted(stats['reached'])}")
    assert stats["allowed"] and stats["refused"]
