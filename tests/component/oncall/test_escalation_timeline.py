"""Escalation in the alert's timeline (issue 19, part 5): each step is recorded once — with how many
chats it told — even when a tick is repeated after a restart; an acked alert records no more."""

from __future__ import annotations

import pytest

from alerts.escalation import run_escalations
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
