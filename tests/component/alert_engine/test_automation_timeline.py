"""Automatic actions in the alert's timeline (issue 19, part 5): the pause the rule made at its
deadline is recorded once (the engine keeps ticking), with the campaign it paused."""

from __future__ import annotations

import pytest

from storage.tracker_rows import Tracker
from tests.component.alert_engine.support import World
from tests.component.alert_engine.test_automation import alert_of, rule_of, tracker  # noqa: F401 -- the fixture
from tests.fakes.keitaro import KeitaroEmulator

pytestmark = pytest.mark.date_sensitive  # deadlines compare times


async def test_the_automatic_pause_is_in_the_timeline_once(
    world: World,
    emu: KeitaroEmulator,
    tracker: Tracker,  # noqa: F811 -- the fixture
) -> None:
    rule = await rule_of(world, tracker, "auto", delay=0)
    for _ in range(4):
        await world.tick()
    alert = await alert_of(world, rule)
    assert alert.automation["status"] == "done"
    events = await world.repo.events.of_alert(alert.id)
    actions = [e.detail for e in events if e.kind == "action"]
    assert actions == [{"campaign": "FB US Nutra", "what": "auto_pause"}]
    assert events[0].kind == "fired" and events[0].actor_id is None  # the engine's, nobody's press
