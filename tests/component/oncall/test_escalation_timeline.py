"""Escalation in the alert's timeline (issue 19, part 5): each step is recorded once — with how many
chats it told — even when a tick is repeated after a restart; an acked alert records no more."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.escalation import run_escalations
from storage.alert_groups import AlertGroupRepo
from storage.outbox import format_ts
from tests.component.oncall.support import OWNER, World, rotation

pytestmark = pytest.mark.date_sensitive  # escalations compare times


async def test_each_escalation_step_is_in_the_timeline_once(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w))
    rule = await w.ctx.alerts.create(
        OWNER, w.tracker_id, "tracker_down", "Tracker down", None, {}, "critical"
    )
    alert = await w.ctx.alerts.open_alert(rule.id, "", w.tracker_id, "critical", format_ts(w.clock()), 1.0)
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    await run_escalations(w.ctx, w.clock())  # the same tick again (a restart)
    await run_escalations(w.ctx, w.clock.advance(minutes=15))  # the repeat reminds the person on duty
    await w.ctx.alerts.ack(alert.id, OWNER, "Olga", format_ts(w.clock()))
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    events = await w.ctx.alerts.events.of_alert(alert.id)
    assert [e.kind for e in events] == ["fired", "escalated", "escalated"]
    assert [e.detail for e in events[1:]] == [{"chats": 2, "step": 1}, {"chats": 3, "step": 2}]


async def test_a_storms_alerts_escalate_as_one_message_per_chat_and_step(world: World) -> None:
    """Three critical alerts of one group (a storm) unacked: each escalation chat gets one group message
    per step — not three — and lists the three alerts; each alert's timeline has the step."""
    w = world
    await w.ctx.oncall.save(rotation(w))
    groups = AlertGroupRepo(w.ctx.alerts.db)
    at = format_ts(w.clock())
    group = await groups.create(w.tracker_id, at, at)
    alerts = []
    for n in range(3):
        rule = await w.ctx.alerts.create(OWNER, w.tracker_id, "roi_below", f"Storm {n}", 1, {}, "critical")
        alerts.append(await w.ctx.alerts.open_alert(rule.id, "campaign:1", w.tracker_id, "critical", at, 1.0))
    await groups.join(group.id, {a.id: [OWNER] for a in alerts})
    await w.new_rows()  # what was queued before: not the escalation's
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    rows = await w.new_rows()
    assert [r.payload for r in rows] == [{"type": "alert_group", "group_id": group.id, "event": "escalate",
                                          "unrouted": False}] * len({r.chat_id for r in rows})  # fmt: skip
    assert len(rows) == 2  # the team chat and the backup, once each
    for row in rows:
        assert {a.id for a in await groups.alerts_for(group.id, row.chat_id)} == {a.id for a in alerts}
    for alert in alerts:
        kinds = [e.kind for e in await w.ctx.alerts.events.of_alert(alert.id)]
        assert kinds == ["fired", "escalated"]


async def test_an_alert_of_a_muted_rule_does_not_escalate_until_the_mute_ends(world: World) -> None:
    w = world
    await w.ctx.oncall.save(rotation(w))
    rule = await w.ctx.alerts.create(OWNER, w.tracker_id, "tracker_down", "Down", None, {}, "critical")
    alert = await w.ctx.alerts.open_alert(rule.id, "", w.tracker_id, "critical", format_ts(w.clock()), 1.0)
    await w.ctx.alerts.mute(rule.id, format_ts(w.clock() + timedelta(minutes=40)))
    await w.new_rows()
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    await run_escalations(w.ctx, w.clock.advance(minutes=15))
    assert await w.new_rows() == []  # muted: nobody is told, and no step is taken
    await run_escalations(w.ctx, w.clock.advance(minutes=15))  # the mute is over
    assert {r.payload["event"] for r in await w.new_rows()} == {"escalate"}
    assert [e.kind for e in await w.ctx.alerts.events.of_alert(alert.id)] == ["fired", "escalated"]
