"""The alert state machine on synthetic sequences: pending, flapping, hysteresis, ERROR inhibition,
repeats by severity, ack and snooze, and the reconciliation after a tick that died midway."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from alerts.machine import EventType, RuleMeta, step
from alerts.model import State
from alerts.rules import Observation
from storage.alerts import Alert, AlertStateRow, to_iso

T0 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
REPEATS = {"critical": 3600.0, "warning": 4 * 3600.0, "info": None}
FIRE, RESOLVE, REPEAT, EDIT = EventType.FIRE, EventType.RESOLVE, EventType.REPEAT, EventType.EDIT


def firing(value: float = 0.0) -> Observation:
    return Observation(value, True, False)


def between(value: float = 0.5) -> Observation:
    return Observation(value, False, False)


def resolved(value: float = 1.0) -> Observation:
    return Observation(value, False, True)


class Sim:
    """Applies each decision the way the engine does, to an in-memory state and alert."""

    def __init__(self, meta: RuleMeta) -> None:
        self.meta = meta
        self.state: AlertStateRow | None = None
        self.alert: Alert | None = None
        self.now = T0
        self.next_id = 1
        self.log: list[tuple[int, list[EventType]]] = []
        self.tick_no = 0

    def tick(
        self, obs: Observation | None, *, failed: str | None = None, minutes: float = 1
    ) -> list[EventType]:
        self.tick_no += 1
        decision = step(
            self.meta, 1, "", prev=self.state, obs=obs, alert=self.alert, now=self.now,
            failed=failed, repeat_seconds=REPEATS,
        )  # fmt: skip
        at = to_iso(self.now)
        if decision.open:
            value = decision.value
            self.alert = Alert(self.next_id, 1, "", 1, self.meta.severity, at, None, value, value, value,
                               0, None, None, None, None, None, 0, None, {})  # fmt: skip
            self.next_id += 1
        assert self.alert is not None or not (decision.changes or decision.resolve or decision.after_notify)
        if self.alert is not None:
            for name, value in {**decision.changes, **decision.after_notify}.items():
                setattr(self.alert, name, value)
            if decision.resolve:
                self.alert.resolved_at = at
                if decision.value is not None:
                    self.alert.last_value = decision.value
        self.state = decision.state
        self.now += timedelta(minutes=minutes)
        if decision.events:
            self.log.append((self.tick_no, list(decision.events)))
        return list(decision.events)

    @property
    def name(self) -> str:
        assert self.state is not None
        return self.state.state


def test_pending_waits_for_the_duration_then_fires_once() -> None:
    sim = Sim(RuleMeta("warning", for_seconds=180))
    assert sim.tick(firing()) == []
    assert sim.name == State.PENDING
    assert sim.tick(firing()) == [] and sim.tick(firing()) == []
    assert sim.tick(firing()) == [FIRE]  # 3 minutes after the condition first held
    assert sim.name == State.FIRING and sim.alert is not None and sim.alert.last_notified_at is not None
    for _ in range(5):
        assert FIRE not in sim.tick(firing())


def test_flapping_inside_for_produces_nothing() -> None:
    sim = Sim(RuleMeta("critical", for_seconds=300))
    for _ in range(20):
        sim.tick(firing())
        sim.tick(between())  # the fire condition is gone: back to OK, the clock starts over
    assert sim.log == [] and sim.alert is None
    assert sim.name == State.OK


def test_for_zero_fires_at_once_and_resolve_needs_the_resolve_condition() -> None:
    sim = Sim(RuleMeta("info", worse="lower"))
    assert sim.tick(firing(0.2)) == [FIRE]
    assert sim.tick(between(0.6)) == [EDIT]  # value changed: the message is edited, still firing
    assert sim.tick(between(0.6)) == []
    assert sim.name == State.FIRING
    assert sim.tick(firing(0.1)) == [EDIT]
    assert sim.tick(resolved(0.9)) == [RESOLVE, EDIT]
    assert sim.name == State.OK and sim.alert is not None
    assert sim.alert.resolved_at is not None and sim.alert.worst_value == 0.1 and sim.alert.last_value == 0.9
    assert sim.alert.first_value == 0.2
    assert sim.tick(resolved()) == []


def test_worst_value_follows_the_direction_of_the_rule() -> None:
    sim = Sim(RuleMeta("info", worse="higher"))
    sim.tick(firing(60))
    sim.tick(firing(80))
    sim.tick(firing(70))
    assert sim.alert is not None and sim.alert.worst_value == 80 and sim.alert.last_value == 70


def test_error_neither_fires_nor_resolves_and_returns_to_the_previous_state() -> None:
    sim = Sim(RuleMeta("critical", for_seconds=0, metric=True))
    assert sim.tick(None, failed="timeout") == []
    assert sim.name == State.ERROR and sim.state is not None and sim.state.note == "error:timeout"
    assert sim.state.fail_count == 1
    sim.tick(None, failed="server")
    assert sim.alert is None  # a failing API is never read as zero conversions
    assert sim.tick(firing()) == [FIRE]  # the real value, once the tracker answers again
    for _ in range(3):
        assert sim.tick(None, failed="not_json") == []  # no resolve, no repeat while failing
    assert sim.name == State.ERROR and sim.alert is not None and sim.alert.resolved_at is None
    assert sim.tick(firing()) == []  # back to FIRING, no second fire
    assert sim.name == State.FIRING and sim.state is not None and sim.state.fail_count == 0
    assert sim.tick(resolved()) == [RESOLVE, EDIT]


def test_pending_keeps_its_start_across_an_error() -> None:
    sim = Sim(RuleMeta("warning", for_seconds=240))
    sim.tick(firing())  # pending since T0
    sim.tick(None, failed="timeout")
    sim.tick(None, failed="timeout")
    assert sim.name == State.ERROR
    sim.tick(firing())  # T0 + 3 min: still pending
    assert sim.name == State.PENDING
    assert sim.tick(firing()) == [FIRE]  # T0 + 4 min


def test_repeats_by_severity() -> None:
    for severity, every in (("critical", 60), ("warning", 240)):
        sim = Sim(RuleMeta(severity))
        for _ in range(61):
            sim.tick(firing(), minutes=10)
        repeats = [n for n, events in sim.log if REPEAT in events]
        gaps = {b - a for a, b in itertools.pairwise(repeats)}
        assert repeats and repeats[0] == 1 + every // 10 and gaps == {every // 10}, (severity, repeats)
        assert sim.alert is not None and sim.alert.repeats == len(repeats)
    info = Sim(RuleMeta("info"))
    for _ in range(100):
        info.tick(firing(), minutes=30)
    assert [events for _, events in info.log] == [[FIRE]]


def test_ack_stops_repeats_but_not_the_resolve() -> None:
    sim = Sim(RuleMeta("critical"))
    sim.tick(firing(), minutes=30)
    assert sim.alert is not None
    sim.alert.acked_by, sim.alert.acked_at = 42, to_iso(sim.now)
    for _ in range(10):
        assert sim.tick(firing(), minutes=30) == []
    assert sim.tick(resolved()) == [RESOLVE, EDIT]


def test_snooze_holds_repeats_and_its_end_renotifies_once() -> None:
    sim = Sim(RuleMeta("critical"))
    sim.tick(firing(), minutes=30)
    assert sim.alert is not None
    sim.alert.snoozed_until = to_iso(T0 + timedelta(hours=4))
    events = [sim.tick(firing(), minutes=30) for _ in range(7)]  # up to T0 + 3.5 h
    assert all(e == [] for e in events)
    assert sim.tick(firing(), minutes=30) == [REPEAT, EDIT]  # T0 + 4 h: the snooze ran out
    assert sim.alert.snoozed_until is None and sim.alert.repeats == 1
    assert sim.tick(firing(), minutes=30) == []  # then the normal hourly rhythm again
    assert sim.tick(firing(), minutes=30) == [REPEAT, EDIT]


def test_info_snooze_end_renotifies_once_too() -> None:
    sim = Sim(RuleMeta("info"))
    sim.tick(firing(), minutes=30)
    assert sim.alert is not None
    sim.alert.snoozed_until = to_iso(T0 + timedelta(hours=1))
    assert [e for _ in range(10) if (e := sim.tick(firing(), minutes=30))] == [[REPEAT, EDIT]]


def test_an_open_alert_never_confirmed_fires_again_and_a_lost_resolve_is_said_again() -> None:
    meta = RuleMeta("critical")
    # the tick died after opening the alert, before the fire was queued and the state saved
    alert = Alert(7, 1, "", 1, "critical", to_iso(T0), None, 0.0, 0.0, 0.0, 0, None, None, None, None, None,
                  0, None, {})  # fmt: skip
    decision = step(meta, 1, "", prev=None, obs=firing(), alert=alert, now=T0, repeat_seconds=REPEATS)
    assert decision.events == [FIRE] and decision.alert_id == 7 and not decision.open
    assert decision.after_notify["last_notified_at"] == to_iso(T0) and decision.state.state == State.FIRING
    # the tick died after resolving the alert, before the resolve was queued
    state = AlertStateRow(1, "", State.FIRING.value, to_iso(T0))
    closed = replace(alert, resolved_at=to_iso(T0), last_notified_at=to_iso(T0))
    decision = step(meta, 1, "", prev=state, obs=resolved(), alert=closed, now=T0, repeat_seconds=REPEATS)
    assert decision.events == [RESOLVE, EDIT] and decision.alert_id == 7 and decision.state.state == State.OK


def test_tracker_down_style_rule_counts_failures_without_error_state() -> None:
    sim = Sim(RuleMeta("critical", metric=False, worse="higher"))
    sim.tick(Observation(1.0, False, False), failed="timeout")
    sim.tick(Observation(2.0, False, False), failed="timeout")
    assert sim.name == State.OK and sim.state is not None and sim.state.fail_count == 2
    assert sim.tick(Observation(3.0, True, False), failed="timeout") == [FIRE]
    assert sim.tick(Observation(4.0, True, False), failed="timeout") == [EDIT]
    assert sim.tick(Observation(0.0, False, True)) == [RESOLVE, EDIT]
    assert sim.state is not None and sim.state.fail_count == 0
    assert sim.alert is not None and sim.alert.worst_value == 4.0


def test_rule_data_is_kept_between_ticks() -> None:
    sim = Sim(RuleMeta("warning"))
    sim.tick(Observation(None, False, True, data={"seen": "active"}))
    sim.tick(Observation(None, False, True))
    assert sim.state is not None and sim.state.data == {"seen": "active"}
    sim.tick(None, failed="timeout")
    assert sim.state.data["seen"] == "active" and "before_error" in sim.state.data
    sim.tick(Observation(None, False, True, data={"seen": "disabled"}))
    assert sim.state.data == {"seen": "disabled"}
