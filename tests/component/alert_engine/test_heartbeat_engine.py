"""The heartbeat kind through the engine against the emulator (issue 19, part 4): each traffic
source on its own — campaigns mapped to their traffic source by the campaign list the snapshot
fetches — fires for the source whose campaigns went silent, says "quiet hours" for sources that
normally have no traffic, and resolves on the first click."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.component.alert_engine.support import KEY_A, World, add_tracker
from tests.fakes.keitaro import KeitaroEmulator

pytestmark = pytest.mark.date_sensitive


@pytest.mark.day_time(14)
async def test_each_traffic_source_on_its_own(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    cut = (world.clock() - timedelta(hours=3)).timestamp()
    emu.state.clicks = [c for c in emu.state.clicks if c["campaign_id"] != 1 or c["_ts"] < cut]
    rule = await world.rule(tracker, "heartbeat", silence_minutes=120, per_source=True, min_usual=3)
    await world.tick()
    paths = {r.path.removeprefix("/admin_api/v1") for r in emu.requests}
    assert paths == {"/report/build", "/campaigns"}  # the campaign list maps campaigns to sources
    states = {s.scope: s for s in await world.repo.states_of(rule.id)}
    # campaign 1 → source 3 (silent for 3 h), campaign 3 → source 2 (flowing),
    # campaign 4 → source 1 (never any traffic: quiet hours)
    assert states["source:3"].state == "firing"
    assert states["source:2"].state == "ok" and states["source:2"].note is None
    assert states["source:1"].note == "quiet_hours" and states["source:1"].state == "ok"
    [alert] = [
        a for a in await world.repo.list_open([tracker.id]) if a.rule_id == rule.id and a.scope == "source:3"
    ]
    assert alert.details["text_args"]["source_id"] == 3
    assert world.outbox.events(alert.id) == ["fire"]

    await world.tick()  # still silent: nothing more
    assert world.outbox.events(alert.id) == ["fire"]
    click = next(c for c in emu.state.clicks if c["campaign_id"] == 1)
    emu.state.clicks.append(dict(click, _ts=world.clock().timestamp() - 30))  # the first click
    await world.tick()
    assert world.outbox.events(alert.id) == ["fire", "resolve"]
    assert (await world.repo.get_state(rule.id, "source:3")).state == "ok"  # type: ignore[union-attr]
