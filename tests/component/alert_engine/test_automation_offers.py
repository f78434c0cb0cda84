"""The offer's share → 0 automatic write (alerts.automation_offers) against the emulator: the share
goes to the other offers of each flow in proportion (the sum kept), a flow where it is the only
offer is left alone, the write is claimed once and audited, and the undo data puts every flow back."""

from __future__ import annotations

from typing import Any

import pytest

import alerts.automation as automation_module
from alerts.automation_offers import redistribute, restore
from storage.alerts import Alert, AlertRule
from storage.tracker_rows import Tracker
from tests.component.alert_engine.support import KEY_A, OWNER, World, add_tracker
from tests.fakes.keitaro import KeitaroEmulator

CAPS = {"campaigns": False, "flows": False, "offer_caps": True}


def test_redistribute_keeps_the_sum_and_leaves_a_lonely_offer_alone() -> None:
    links = [
        {"offer_id": 1, "share": 50, "state": "active"},
        {"offer_id": 2, "share": 30, "state": "active"},
        {"offer_id": 3, "share": 20, "state": "active"},
    ]
    out = redistribute(links, 1)
    assert out is not None
    assert [x["share"] for x in out] == [0, 60, 40] and sum(x["share"] for x in out) == 100
    odd = redistribute([{"offer_id": 1, "share": 33, "state": "active"},
                        {"offer_id": 2, "share": 33, "state": "active"},
                        {"offer_id": 3, "share": 34, "state": "active"}], 3)  # fmt: skip
    assert odd is not None and sum(x["share"] for x in odd) == 100 and odd[2]["share"] == 0
    assert redistribute([{"offer_id": 1, "share": 100, "state": "active"}], 1) is None  # the only one
    assert redistribute(links, 9) is None  # not in the flow


@pytest.fixture
async def tracker(world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch) -> Tracker:
    monkeypatch.setattr(automation_module, "enqueue_many", world.outbox.enqueue_many)
    return await add_tracker(world, emu, "Main", KEY_A)


async def offer_rule(world: World, tracker: Tracker) -> AlertRule:
    rule = await world.repo.create(OWNER, tracker.id, "object_changed", "Caps", None, CAPS, "warning")
    assert await world.repo.automation.set_action(tracker.id, rule.id, "offer_share_zero", "auto", 0)
    got = await world.repo.get(tracker.id, rule.id)
    assert got is not None
    return got


def offers_of(emu: KeitaroEmulator, flow_id: int) -> list[tuple[int, int]]:
    return [(int(x["offer_id"]), int(x["share"])) for x in emu.state.streams[flow_id]["offers"]]


async def test_the_share_goes_to_the_other_offers_once_audited_and_undo_restores(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    client = world.ctx.clients.unscoped(tracker)
    two = [{"offer_id": 1, "share": 70, "state": "active"}, {"offer_id": 2, "share": 30, "state": "active"}]
    await client.streams.update(1, json={"offers": two})
    lonely = {flow_id for flow_id, s in emu.state.streams.items()
              if [int(x["offer_id"]) for x in s.get("offers") or []] == [1]}  # fmt: skip
    before_lonely = {f: offers_of(emu, f) for f in lonely}
    before_all = {f: offers_of(emu, f) for f in emu.state.streams}
    rule = await offer_rule(world, tracker)
    details: dict[str, Any] = {"text_args": {"name": "Offer 1"}}
    alert: Alert = await world.repo.open_alert(
        rule.id, "offer:1", tracker.id, "warning", "2026-01-01T00:00:00.000Z", 1.0, details
    )
    alert = await world.engine.automator.on_open(rule, alert, world.clock())
    assert await world.engine.automator.step(tracker, rule, alert, down=False, now=world.clock())
    done = await world.repo.get_alert(alert.id)
    assert done is not None and done.automation["status"] == "done" and done.auto_done_at is not None
    assert offers_of(emu, 1) == [(1, 0), (2, 100)]
    assert {f: offers_of(emu, f) for f in lonely} == before_lonely  # the only offer of a flow: untouched
    assert not await world.engine.automator.step(tracker, rule, done, down=False, now=world.clock())  # once
    undo = done.automation["undo"]
    assert undo["resource"] == "streams" and "1" in undo["flows"]
    for flow_id in undo["flows"]:  # every changed flow: the offer at 0, the sum kept
        shares = dict(offers_of(emu, int(flow_id)))
        assert shares[1] == 0 and sum(shares.values()) == sum(dict(before_all[int(flow_id)]).values())
    await restore(client, undo["flows"])
    assert {f: offers_of(emu, f) for f in emu.state.streams} == before_all
