"""The PURE state machine of one identity (rule + scope).

::

    OK ──condition──▶ PENDING ──`for` elapsed──▶ FIRING ──resolve condition──▶ (RESOLVED) ──▶ OK
     ▲                  │ condition gone (flapping: no message)   │ repeats / edits
     └──────────────────┘                                          ▼
    any state ──tracker API failed (metric rules)──▶ ERROR ──back──▶ the state before

* PENDING sends nothing; FIRING notifies once (``fire``); the resolve notifies (``resolve``, the
  message shows duration and worst value) and edits the old messages (buttons gone).
* Recovery needs the *resolve* condition; between the fire and resolve thresholds the state is kept.
* ERROR: a metric rule neither fires nor resolves while the tracker's API fails (a failed call is
  never read as zero conversions); afterwards it continues from the state it had (a PENDING keeps
  its start time).
* An open alert's message is edited when the value changes; it is re-sent (``repeat``) only every
  ``repeat_seconds[severity]`` (``None`` = never), never while acked or snoozed; a snooze that runs
  out re-notifies once.

Crash safety: the engine writes alert rows and queues notifications (each with a dedup key)
before it saves the state row. The machine therefore reconciles the stored state with the stored
alert: an open alert never confirmed as notified fires again (deduplicated by the outbox), and a
FIRING state whose alert is already resolved sends the resolve again (deduplicated too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from alerts.model import State
from alerts.rules import Observation
from storage.alerts import Alert, AlertStateRow, from_iso, to_iso

__all__ = ["Decision", "EventType", "RuleMeta", "step"]


class EventType(StrEnum):
    FIRE = "fire"
    REPEAT = "repeat"
    RESOLVE = "resolve"
    EDIT = "edit"


@dataclass(frozen=True, slots=True)
class RuleMeta:
    severity: str
    for_seconds: float = 0.0
    worse: Literal["higher", "lower"] | None = None
    metric: bool = True  # ERROR inhibition applies


@dataclass(slots=True)
class Decision:
    """What to do for one identity this tick, in this order: open the alert (``open``), write
    ``changes`` to it, resolve it (``resolve``), queue ``events`` about ``alert_id`` (the stored
    alert; the new one when ``open``), write ``after_notify`` to it, save ``state``."""

    state: AlertStateRow
    events: list[EventType] = field(default_factory=list)
    open: bool = False
    resolve: bool = False
    value: float | None = None
    alert_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    after_notify: dict[str, Any] = field(default_factory=dict)
    repeat_number: int | None = None  # for the repeat's dedup key


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return round(a, 4) != round(b, 4)


def _worst(worse: str | None, current: float | None, value: float | None) -> float | None:
    if value is None:
        return current
    if current is None or worse is None:
        return value
    return min(current, value) if worse == "lower" else max(current, value)


def step(
    meta: RuleMeta,
    rule_id: int,
    scope: str,
    *,
    prev: AlertStateRow | None,
    obs: Observation | None,
    alert: Alert | None,
    now: datetime,
    failed: str | None = None,
    repeat_seconds: Mapping[str, float | None] | None = None,
) -> Decision:
    """One tick of one identity.

    ``obs`` is ``None`` when the tracker call the rule needs failed (``failed`` = the error code):
    the identity goes to ERROR. ``failed`` with an observation (tracker_down) only counts the
    failure. ``alert`` is the identity's open alert, or its newest one when none is open."""
    at = to_iso(now)
    prev = prev or AlertStateRow(rule_id, scope, State.OK.value, at)
    data = dict(prev.data)
    fail_count = prev.fail_count + 1 if failed is not None else 0

    if obs is None:  # ERROR: neither fire nor resolve
        if prev.state == State.ERROR:
            since = prev.since
        else:
            data["before_error"] = {"state": prev.state, "since": prev.since}
            since = at
        note = f"error:{failed or 'unknown'}"
        return Decision(AlertStateRow(rule_id, scope, State.ERROR.value, since, fail_count,
                                      prev.last_value, note, data))  # fmt: skip

    state, since = prev.state, prev.since
    if state == State.ERROR:
        before = data.pop("before_error", None) or {}
        state, since = str(before.get("state", State.OK.value)), str(before.get("since", at))
    else:
        data.pop("before_error", None)
    if obs.data is not None:
        data.update(obs.data)
    value = obs.value

    def new_state(name: State, since_at: str) -> AlertStateRow:
        return AlertStateRow(rule_id, scope, name.value, since_at, fail_count, value, obs.note, data)

    open_alert = alert if alert is not None and alert.resolved_at is None else None

    # --- reconcile with the stored alert --------------------------------------------------
    if open_alert is None and state == State.FIRING:
        if alert is not None:  # resolved, but the state was never saved: say it again (deduplicated)
            return Decision(new_state(State.OK, at), [EventType.RESOLVE, EventType.EDIT], alert_id=alert.id,
                            value=alert.last_value)  # fmt: skip
        state, since = State.OK.value, at  # the alert is gone (deleted): start over
    if open_alert is not None and state != State.FIRING:
        state, since = State.FIRING.value, open_alert.opened_at

    # --- OK / PENDING -----------------------------------------------------------------------
    if state != State.FIRING:
        if not obs.firing:
            return Decision(new_state(State.OK, since if state == State.OK else at), value=value)
        started = since if state == State.PENDING else at
        if (now - from_iso(started)).total_seconds() < meta.for_seconds:
            return Decision(new_state(State.PENDING, started), value=value)
        return Decision(new_state(State.FIRING, at), [EventType.FIRE], open=True, value=value,
                        after_notify={"last_notified_at": at})  # fmt: skip

    # --- FIRING -----------------------------------------------------------------------------
    assert open_alert is not None
    decision = Decision(new_state(State.FIRING, since), value=value, alert_id=open_alert.id)
    unconfirmed = open_alert.last_notified_at is None
    if unconfirmed:  # opened, but the fire was never confirmed as queued
        decision.events.append(EventType.FIRE)
        decision.after_notify["last_notified_at"] = at
    if obs.resolved and not obs.firing:
        decision.state = new_state(State.OK, at)
        decision.resolve = True
        decision.events += [EventType.RESOLVE, EventType.EDIT]
        return decision
    if value is not None and _differs(value, open_alert.last_value):
        decision.changes["last_value"] = value
        worst = _worst(meta.worse, open_alert.worst_value, value)
        if _differs(worst, open_alert.worst_value):
            decision.changes["worst_value"] = worst
        decision.events.append(EventType.EDIT)
    if not unconfirmed and _repeat_due(open_alert, now, repeat_seconds or {}):
        number = open_alert.repeats + 1
        decision.events.append(EventType.REPEAT)
        decision.repeat_number = number
        decision.after_notify.update(repeats=number, last_notified_at=at)
        if open_alert.snoozed_until is not None:
            decision.after_notify["snoozed_until"] = None
        if EventType.EDIT not in decision.events:
            decision.events.append(EventType.EDIT)  # the counter on the old messages
    return decision


def _repeat_due(alert: Alert, now: datetime, repeat_seconds: Mapping[str, float | None]) -> bool:
    if alert.acked_by is not None:
        return False
    if alert.snoozed_until is not None:
        return now >= from_iso(alert.snoozed_until)  # a snooze that ran out re-notifies once
    interval = repeat_seconds.get(alert.severity)
    if interval is None or interval <= 0:
        return False
    last = from_iso(alert.last_notified_at or alert.opened_at)
    return (now - last).total_seconds() >= interval
