"""Storms (issue 19, part 2): the engine's grouping decisions against the emulator, on a temporary
database (what is queued is recorded by the world's outbox, with the real outbox's dedup rule)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

import alerts.engine as engine_module
from alerts.kinds.base import Observation
from alerts.routing import Recipient
from alerts.rules import KINDS
from storage.alert_groups import AlertGroupRepo
from tests.component.alert_engine.support import CHAT, KEY_A, World, add_tracker
from tests.fakes.keitaro import KeitaroEmulator

FIRING: dict[str, Any] = {"window_hours": 168, "fire_below": 99_999, "resolve_above": 100_000,
                          "min_cost": 1, "for_seconds": 0}  # fmt: skip
CLEAR: dict[str, Any] = {"window_hours": 168, "fire_below": -100, "resolve_above": -99.9,
                         "min_cost": 1, "for_seconds": 0}  # fmt: skip
OTHER = -100900


def kinds(world: World, kind: str) -> list[dict[str, Any]]:
    return [p for _, p, _, _ in world.outbox.rows if p["type"] == kind]


async def group_count(world: World) -> int:
    return int(await world.repo.db.fetch_value("SELECT COUNT(*) FROM alert_groups"))


async def test_two_at_once_are_a_group_later_ones_join_within_the_window_then_alone_again(
    world: World, emu: KeitaroEmulator
) -> None:
    world.ctx.settings.group_window_seconds = 120
    tracker = await add_tracker(world, emu, "A", KEY_A)
    await world.rule(tracker, "roi_below", 1, **FIRING)
    await world.rule(tracker, "roi_below", 1, **FIRING)
    await world.tick(seconds=30)
    assert world.outbox.events() == [] and world.outbox.group_events() == ["fire"]
    assert await group_count(world) == 1
    third = await world.rule(tracker, "roi_below", 1, **FIRING)  # 30 s later: joins the group
    await world.tick(seconds=200)
    assert world.outbox.events() == [] and world.outbox.group_events() == ["fire"]  # no second message
    assert [p["group_id"] for p in kinds(world, "alert_group_edit")] == [1]  # the message is edited
    group = await AlertGroupRepo(world.repo.db).group_of((await world.repo.list_open([tracker.id]))[-1].id)
    assert group == 1 and await group_count(world) == 1
    await world.rule(tracker, "roi_below", 1, **FIRING)  # the window is over: alone, today's message
    await world.tick()
    assert world.outbox.events() == ["fire"] and await group_count(world) == 1
    assert third.id  # (the third rule's alert is in the group, above)


async def test_a_single_fire_is_a_single_message(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    await world.rule(tracker, "roi_below", 1, **FIRING)
    await world.tick()
    assert world.outbox.events() == ["fire"] and world.outbox.group_events() == []
    assert await group_count(world) == 0


async def test_a_crash_before_the_group_is_queued_reuses_the_group_and_queues_once(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    for _ in range(3):
        await world.rule(tracker, "roi_below", 1, **FIRING)
    real = engine_module.enqueue_many
    crashed: list[bool] = []

    async def dies_once(ctx: Any, rows: Any) -> int:
        if not crashed and any(r.payload["type"] == "alert_group" for r in rows):
            crashed.append(True)
            raise RuntimeError("killed between the join and the queueing")
        return await real(ctx, rows)

    monkeypatch.setattr(engine_module, "enqueue_many", dies_once)
    report = await world.engine.tick()
    assert report.failed == [tracker.id] and world.outbox.rows == []
    open_ = await world.repo.list_open([tracker.id])
    assert len(open_) == 3 and all(a.last_notified_at is None for a in open_)  # unconfirmed
    await world.tick()  # redone: the same group, one message
    assert world.outbox.group_events() == ["fire"] and await group_count(world) == 1
    assert all(a.last_notified_at is not None for a in await world.repo.list_open([tracker.id]))
    await world.tick()
    assert world.outbox.group_events() == ["fire"]


async def test_one_reminder_per_group(world: World, emu: KeitaroEmulator) -> None:
    world.ctx.settings.repeat_seconds = {"critical": 60.0, "warning": 60.0, "info": None}
    tracker = await add_tracker(world, emu, "A", KEY_A)
    for _ in range(4):
        await world.rule(tracker, "roi_below", 1, **FIRING)
    await world.tick(seconds=61)
    await world.tick(seconds=61)
    assert world.outbox.group_events() == ["fire", "repeat"]
    for _ in range(3):
        await world.tick(seconds=61)
    assert world.outbox.group_events() == ["fire", "repeat"] and world.outbox.events() == []
    assert all(a.repeats >= 2 for a in await world.repo.list_open([tracker.id]))  # counted, not sent


async def test_a_chat_lists_only_the_alerts_it_would_hear_alone(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def recipients(ctx: Any, tracker_id: int, severity: str, *, now: datetime) -> list[Recipient]:
        both = [Recipient(CHAT, False), Recipient(OTHER, False)]
        return both if severity == "critical" else [Recipient(CHAT, True)]

    async def scoped(
        ctx: Any, tracker_id: int, severity: str, routed: list[Recipient], *a: Any, **k: Any
    ) -> Any:
        return routed  # (buyer scopes: tests/e2e/test_storms.py)

    monkeypatch.setattr(engine_module, "recipients", recipients)
    monkeypatch.setattr(engine_module, "scoped", scoped)
    tracker = await add_tracker(world, emu, "A", KEY_A)
    loud = [await world.rule(tracker, "roi_below", 1, **FIRING) for _ in range(2)]
    quiet = await world.repo.create(loud[0].owner_id, tracker.id, "roi_below", "quiet", 1, FIRING, "warning")
    await world.tick()
    rows = {chat: (p, silent) for chat, p, silent, _ in world.outbox.rows if p["type"] == "alert_group"}
    assert set(rows) == {CHAT, OTHER} and not rows[CHAT][1] and not rows[OTHER][1]  # criticals ring
    groups = AlertGroupRepo(world.repo.db)
    listed = {a.rule_id for a in await groups.alerts_for(1, OTHER)}
    assert listed == {r.id for r in loud}  # never the warning it would not have heard
    assert quiet.id in {a.rule_id for a in await groups.alerts_for(1, CHAT)}


async def test_metric_rules_are_inhibited_while_the_tracker_is_down_then_grouped(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tracker-down alert fires while the numbers still come (a flaky tracker): its metric rules
    say nothing, keep their alerts unconfirmed, and are told together once it is back."""
    healthy = KINDS["tracker_down"]

    def always_down(params: Any, inp: Any) -> list[Observation]:
        return [Observation(5.0, True, False, None, {"failures": 5, "needed": 1}, "")]

    monkeypatch.setitem(KINDS, "tracker_down", replace(healthy, evaluate=always_down))
    tracker = await add_tracker(world, emu, "A", KEY_A)
    down = await world.rule(tracker, "tracker_down", failures=1)
    metric = [await world.rule(tracker, "roi_below", 1, **FIRING) for _ in range(3)]
    await world.tick()
    alert = await world.repo.get_open(down.id, "")
    assert alert is not None and alert.details["inhibits"] == 3
    assert world.outbox.events() == ["fire"] and [p["alert_id"] for _, p, _, _ in world.outbox.rows] == [
        alert.id
    ]
    held = [await world.repo.get_open(r.id, "campaign:1") for r in metric]
    assert all(a is not None and a.last_notified_at is None for a in held)  # kept, not told
    await world.tick()
    assert world.outbox.events() == ["fire"] and world.outbox.group_events() == []
    monkeypatch.setitem(KINDS, "tracker_down", healthy)  # back
    await world.tick()
    assert world.outbox.events(alert.id) == ["fire", "resolve"]
    assert world.outbox.group_events() == ["fire"]  # the three, as one message


async def test_a_chat_that_hears_one_alert_of_the_group_gets_its_own_message_and_resolve(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def recipients(ctx: Any, tracker_id: int, severity: str, *, now: datetime) -> list[Recipient]:
        both = [Recipient(CHAT, False), Recipient(OTHER, False)]
        return both if severity == "critical" else [Recipient(CHAT, True)]

    async def scoped(
        ctx: Any, tracker_id: int, severity: str, routed: list[Recipient], *a: Any, **k: Any
    ) -> Any:
        return routed

    monkeypatch.setattr(engine_module, "recipients", recipients)
    monkeypatch.setattr(engine_module, "scoped", scoped)
    tracker = await add_tracker(world, emu, "A", KEY_A)
    loud = await world.rule(tracker, "roi_below", 1, **FIRING)
    for n in range(2):
        await world.repo.create(loud.owner_id, tracker.id, "roi_below", f"quiet {n}", 1, FIRING, "warning")
    await world.tick()
    other = [(p["type"], p.get("event")) for chat, p, _, _ in world.outbox.rows if chat == OTHER]
    # only the critical: its own message, as without grouping, with its chart after it
    assert other == [("alert", "fire"), ("alert_chart", "fire")]
    mine = [(p["type"], p.get("event")) for chat, p, _, _ in world.outbox.rows if chat == CHAT]
    assert mine == [("alert_group", "fire")]
    alert = await world.repo.get_open(loud.id, "campaign:1")
    assert alert is not None
    await world.repo.update(tracker.id, loud.id, params=CLEAR)
    await world.tick()
    other = [(p["type"], p.get("event")) for chat, p, _, _ in world.outbox.rows if chat == OTHER]
    assert other == [("alert", "fire"), ("alert_chart", "fire"), ("alert", "resolve")]  # its own resolve
    mine = [(p["type"], p.get("event")) for chat, p, _, _ in world.outbox.rows if chat == CHAT]
    assert mine == [("alert_group", "fire"), ("alert_group_edit", None)]  # here: its line marked
