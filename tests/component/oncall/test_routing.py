"""Routing and escalation over a real SQLite file: who gets an alert and with what sound, quiet
hours, the person on duty first, and when escalation reaches the team chat and when it stops."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.conversions import accept
from alerts.escalation import run_escalations
from alerts.payloads import AlertPayload, parse_payload
from alerts.routing import Recipient, recipients
from storage.outbox import format_ts
from tests.component.oncall.support import ALICE, BOB, CAROL, OWNER, TEAM, World, rotation, subscribe, targets

pytestmark = pytest.mark.date_sensitive  # rotations and escalations compare times


# ------------------------------------------------------------------ routing


async def test_severity_floor_and_silence(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "critical")
    await subscribe(w, TEAM, "warning", group=True)
    await subscribe(w, BOB, "info")
    now = w.clock()
    assert await recipients(w.ctx, w.tracker_id, "info", now=now) == [Recipient(BOB, True)]
    assert await recipients(w.ctx, w.tracker_id, "warning", now=now) == [
        Recipient(TEAM, True),
        Recipient(BOB, True),
    ]
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [
        Recipient(ALICE, False),
        Recipient(TEAM, False),
        Recipient(BOB, False),
    ]
    # another tracker's subscribers are not asked: nobody hears that one, so its owner does
    assert await recipients(w.ctx, w.other_tracker_id, "critical", now=now) == [
        Recipient(OWNER, False, unrouted=True)
    ]
    # a chat that chose a higher minimum severity is a route: nothing falls back to the owner
    await w.ctx.subscriptions.unsubscribe(BOB, w.tracker_id)
    assert await recipients(w.ctx, w.tracker_id, "info", now=now) == []
    await w.ctx.subscriptions.unsubscribe(ALICE, w.tracker_id)
    await w.ctx.subscriptions.unsubscribe(TEAM, w.tracker_id)
    assert await recipients(w.ctx, w.tracker_id, "info", now=now) == [Recipient(OWNER, True, unrouted=True)]


async def test_quiet_hours_silence_all_but_critical(world: World) -> None:
    w = world
    await subscribe(w, BOB, "info", conversions=True)
    await w.ctx.quiet.set(BOB, "11:00", "14:00", "UTC")  # 12:00 UTC now: quiet
    now = w.clock()
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [Recipient(BOB, False)]
    assert await recipients(w.ctx, w.tracker_id, "warning", now=now) == [Recipient(BOB, True)]
    # conversion pushes ring outside quiet hours and arrive silently inside them
    assert await accept(w.ctx, w.tracker_id, {"status": "sale"}) == 1
    [quiet_row] = await w.new_rows()
    assert quiet_row.silent
    await w.ctx.quiet.clear(BOB)
    w.clock.advance(minutes=1)
    assert await accept(w.ctx, w.tracker_id, {"status": "sale"}) == 1
    [loud_row] = await w.new_rows()
    assert not loud_row.silent


async def test_critical_goes_to_the_person_on_duty_first(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info")
    await subscribe(w, TEAM, "info", group=True)
    await w.ctx.oncall.save(rotation(w))
    now = w.clock()  # Monday 12:00: Alice's week
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [Recipient(ALICE, False)]
    # the next week it is Bob, who is not even subscribed
    later = now + timedelta(days=7)
    assert await recipients(w.ctx, w.tracker_id, "critical", now=later) == [Recipient(BOB, False)]
    # on-call changes nothing for warnings
    assert await recipients(w.ctx, w.tracker_id, "warning", now=now) == [
        Recipient(ALICE, True),
        Recipient(TEAM, True),
    ]
    await w.ctx.quiet.set(ALICE, "00:00", "23:59", "UTC")  # quiet hours never hold back critical
    assert await recipients(w.ctx, w.tracker_id, "critical", now=now) == [Recipient(ALICE, False)]


# ------------------------------------------------------------------ escalation


async def open_critical(w: World) -> int:
    rule = await w.ctx.alerts.create(
        OWNER, w.tracker_id, "tracker_down", "Tracker down", None, {}, "critical"
    )
    alert = await w.ctx.alerts.open_alert(rule.id, "", w.tracker_id, "critical", format_ts(w.clock()), 1.0)
    return alert.id


async def test_escalation_reaches_the_team_chat_and_stops_on_ack(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w))
    alert_id = await open_critical(w)
    await run_escalations(w.ctx, w.clock.advance(minutes=14, seconds=59))
    assert await w.new_rows() == []
    await run_escalations(w.ctx, w.clock.advance(seconds=1))
    step1 = await w.new_rows()
    assert targets(step1) == sorted([TEAM, CAROL])
    for row in step1:
        assert parse_payload(row.payload) == AlertPayload(alert_id=alert_id, event="escalate")
        assert row.dedup_key == f"alert:{alert_id}:esc:1:{row.chat_id}"
        assert not row.silent
    stored = await w.ctx.alerts.get_alert(alert_id)
    assert stored is not None and stored.escalation_step == 1
    # the same tick again (a restart) queues nothing twice
    await run_escalations(w.ctx, w.clock())
    assert await w.new_rows() == []
    # a repeat after escalate_minutes reminds the person on duty too
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert targets(await w.new_rows()) == sorted([ALICE, TEAM, CAROL])
    # acknowledged: nothing more
    await w.ctx.alerts.ack(alert_id, BOB, "bob", format_ts(w.clock()))
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert await w.new_rows() == []


async def test_escalation_repeats_are_bounded_and_snooze_pauses(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w, max_repeats=1, backup_id=None))
    alert_id = await open_critical(w)
    await w.ctx.alerts.snooze(alert_id, format_ts(w.clock() + timedelta(hours=1)))
    await run_escalations(w.ctx, w.clock.advance(minutes=30))
    assert await w.new_rows() == []  # snoozed: somebody is on it
    await run_escalations(w.ctx, w.clock.advance(minutes=31))
    assert targets(await w.new_rows()) == [TEAM]  # step 1
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert targets(await w.new_rows()) == sorted([ALICE, TEAM])  # the one repeat
    for _ in range(3):
        await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert await w.new_rows() == []
    stored = await w.ctx.alerts.get_alert(alert_id)
    assert stored is not None and (stored.escalation_step, stored.escalate_at) == (2, None)


async def test_no_escalation_without_a_rotation_or_for_warnings(world: World) -> None:
    w = world
    await subscribe(w, TEAM, "info", group=True)
    alert_id = await open_critical(w)
    await run_escalations(w.ctx, w.clock.advance(hours=2))
    assert await w.new_rows() == []
    await w.ctx.oncall.save(rotation(w))
    await w.ctx.alerts.update_alert(alert_id, severity="warning")
    await run_escalations(w.ctx, w.clock.advance(hours=2))
    assert await w.new_rows() == []


async def test_without_team_chat_and_backup_escalation_reaches_the_subscribers(world: World) -> None:
    w = world
    await subscribe(w, TEAM, "critical", group=True)
    await subscribe(w, BOB, "info")
    await w.ctx.oncall.save(rotation(w, team_chat_id=None, backup_id=None))
    await open_critical(w)
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert targets(await w.new_rows()) == sorted([TEAM, BOB])
