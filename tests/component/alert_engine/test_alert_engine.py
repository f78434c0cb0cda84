"""The alert engine against the Keitaro emulator with a temporary SQLite database: one report per
tracker per tick however many rules, the dialect kept on the tracker row, tracker down → one fire →
back up → one resolve, no conversions never fires on a failing API, repeats, mute, preview, run().

Delivery and routing are faked here (``alerts.engine.enqueue_many`` / ``recipients``): what the
engine queues is recorded with the outbox's dedup semantics, and each fan-out as one batch."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

import alerts.engine as engine_module
from alerts.routing import Recipient
from storage.alerts import AlertRule, to_iso
from tests.alert_messages import remember_message
from tests.component.alert_engine.support import (
    CHAT,
    KEY_A,
    KEY_B,
    METRIC_RULES,
    OWNER,
    World,
    add_tracker,
    drop_recent_conversions,
    reports_by_key,
)
from tests.fakes.keitaro import KeitaroEmulator

pytestmark = pytest.mark.date_sensitive  # windows, repeats, mutes and snoozes compare times


async def test_one_report_per_tracker_per_tick_however_many_rules(world: World, emu: KeitaroEmulator) -> None:
    a = await add_tracker(world, emu, "A", KEY_A)
    b = await add_tracker(world, emu, "B", KEY_B)
    for tracker in (a, b):
        for kind, campaign, params in METRIC_RULES:
            await world.rule(tracker, kind, campaign, **params)
    await world.rule(b, "no_conversions", 3, hours=24)
    for _ in range(3):
        await world.tick()
    assert reports_by_key(emu) == {KEY_A: 3, KEY_B: 3}
    assert len(world.escalations) == 3  # escalation runs once per tick
    states = await world.repo.states_of((await world.repo.list_for_tracker(a.id))[0].id)
    assert {s.scope for s in states} >= {"campaign:1", "campaign:3"}
    assert all(s.state in ("ok", "pending", "firing") for s in states)
    body = next(r.json for r in emu.requests if r.path.endswith("/report/build"))
    assert body["grouping"] == ["campaign_id", "campaign", "day", "hour"]
    assert body["range"]["timezone"] == "Europe/Moscow" and "from" in body["range"]
    assert set(body["metrics"]) == {"clicks", "conversions", "leads", "sales", "rejected", "revenue", "cost"}
    paths = {r.path.removeprefix("/admin_api/v1") for r in emu.requests}
    assert paths == {"/report/build"}  # no logs, no entity lists: no rule needs them


async def test_object_changed_and_postback_problems(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    changed = await world.rule(tracker, "object_changed")
    postbacks = await world.rule(tracker, "postback_problems", fire_at=2, resolve_at=0, log_timezone="UTC")
    await world.tick()
    assert world.outbox.events() == []  # the first look only learns what is there
    assert not any(r.path.endswith("/report/build") and "offer_id" not in str(r.json) for r in emu.requests)
    emu.state.campaigns[1]["state"] = "disabled"
    now = world.clock.now.strftime("%Y-%m-%d %H:%M:%S")
    emu.state.logs["postbacks"] += [
        {"datetime": now, "jid": "1", "message": 'SubID not found "nope"'},
        {"datetime": now, "jid": "2", "message": 'Unknown status "paid". Postback ignored.'},
    ]
    await world.tick()
    campaign = await world.repo.get_open(changed.id, "campaign:1")
    bad = await world.repo.get_open(postbacks.id, "")
    assert campaign is not None and campaign.details["text_args"]["was"] == "active"
    assert bad is not None and bad.first_value == 2
    # both fired in one tick: one message about the two (issue 19, storms), none of their own
    assert world.outbox.events() == [] and world.outbox.group_events() == ["fire"]
    emu.state.campaigns[1]["state"] = "active"
    emu.state.logs["postbacks"] = []
    await world.tick()
    assert world.outbox.events() == [] and world.outbox.group_events() == ["fire", "resolve"]
    assert (await world.repo.get_alert(campaign.id)).resolved_at is not None  # type: ignore[union-attr]
    assert (await world.repo.get_alert(bad.id)).resolved_at is not None  # type: ignore[union-attr]
    caps = {o.scope: o for o in await world.engine.preview(changed)}
    assert caps["offer:2"].text_args["cap"] == 50 and caps["offer:2"].value is not None


async def test_the_report_dialect_is_found_once_and_kept_on_the_tracker(
    world: World, emu: KeitaroEmulator
) -> None:
    emu.report_dialect = "dimensions"
    tracker = await add_tracker(world, emu, "A", KEY_A)
    await world.rule(tracker, "traffic_drop")
    await world.tick()
    assert reports_by_key(emu) == {KEY_A: 2}  # grouping refused, dimensions taken
    saved = await world.trackers.get(OWNER, tracker.id)
    assert saved is not None and saved.report_dialect == "dimensions"
    await world.tick()
    assert reports_by_key(emu) == {KEY_A: 3}


async def test_tracker_down_fires_once_after_n_checks_and_resolves_once(
    world: World, emu: KeitaroEmulator
) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    rule = await world.rule(tracker, "tracker_down", failures=3)
    emu.mode = "down"
    await world.tick()
    await world.tick()
    assert world.outbox.events() == []
    await world.tick()
    assert world.outbox.events() == ["fire"]
    alert = await world.repo.get_open(rule.id, "")
    assert alert is not None and alert.details["text_args"]["failure"] == "5xx"
    assert alert.details["text_args"]["http_status"] == 503 and alert.last_notified_at is not None
    emu.mode = "cloudflare"
    for _ in range(4):
        await world.tick()
    assert world.outbox.events() == ["fire"]  # one alert, however long it stays down
    alert = await world.repo.get_alert(alert.id)
    assert alert is not None and alert.details["text_args"]["failure"] == "cloudflare"
    assert alert.worst_value == 7
    emu.mode = "normal"
    await world.tick()
    await world.tick()
    assert world.outbox.events() == ["fire", "resolve"]
    closed = await world.repo.get_alert(alert.id)
    assert closed is not None and closed.resolved_at is not None
    assert await world.repo.get_open(rule.id, "") is None
    state = await world.repo.get_state(rule.id, "")
    assert state is not None and state.state == "ok" and state.fail_count == 0
    fire = [key for _, p, _, key in world.outbox.rows if p.get("event") == "fire"]
    assert fire == [f"alert:{alert.id}:fire:{CHAT}"]


async def test_no_conversions_never_fires_on_a_failing_api(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    rule = await world.rule(tracker, "no_conversions", hours=24, per_campaign=False)
    down = await world.rule(tracker, "tracker_down", failures=2)
    drop_recent_conversions(emu, hours=27)  # a real zero: it would fire if the tracker answered
    for mode in ("server_error", "html", "down"):
        emu.mode = mode
        await world.tick()
    state = await world.repo.get_state(rule.id, "")
    assert state is not None and state.state == "error" and state.note == "error:server"
    assert await world.repo.get_open(rule.id, "") is None
    down_alert = await world.repo.get_open(down.id, "")
    assert down_alert is not None and world.outbox.events() == ["fire"]  # only "tracker down"

    emu.mode = "normal"
    await world.tick()
    alert = await world.repo.get_open(rule.id, "")
    assert alert is not None and alert.first_value == 0
    assert alert.details["text_args"]["expected"] >= 3
    assert world.outbox.events(alert.id) == ["fire"] and world.outbox.events(down_alert.id) == [
        "fire",
        "resolve",
    ]

    emu.mode = "server_error"  # a failure while firing: neither resolve nor repeat
    for _ in range(3):
        await world.tick()
    assert (await world.repo.get_open(rule.id, "")) is not None
    emu.mode = "normal"
    await world.tick()
    state = await world.repo.get_state(rule.id, "")
    assert state is not None and state.state == "firing"
    assert world.outbox.events(alert.id) == ["fire"]


async def test_repeats_mute_and_orphans(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    rule = await world.rule(tracker, "tracker_down", failures=1)
    emu.mode = "server_error"
    await world.tick(seconds=1800)
    await world.tick(seconds=1800)
    await world.tick(seconds=1800)  # an hour after the fire: the critical repeat
    alert = await world.repo.get_open(rule.id, "")
    assert alert is not None and world.outbox.events() == ["fire", "repeat"] and alert.repeats == 1
    await world.repo.mute(rule.id, to_iso(world.clock.now + timedelta(hours=5)))
    for _ in range(4):
        await world.tick(seconds=1800)
    assert world.outbox.events() == ["fire", "repeat"]  # muted: state kept, nothing said
    await remember_message(world.repo, alert.id, CHAT, 77)
    await world.repo.set_enabled(rule.tracker_id, rule.id, False)
    await world.tick()
    closed = await world.repo.get_alert(alert.id)
    assert (
        closed is not None and closed.resolved_at is not None and closed.details["closed"] == "rule_disabled"
    )
    assert world.outbox.rows[-1][1] == {"type": "alert_edit", "alert_id": alert.id}
    state = await world.repo.get_state(rule.id, "")
    assert state is not None and state.state == "ok"


async def test_a_repeated_tick_queues_nothing_twice(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    rule = await world.rule(tracker, "tracker_down", failures=1)
    emu.mode = "down"
    await world.tick(seconds=0)
    alert = await world.repo.get_open(rule.id, "")
    assert alert is not None
    # as if the tick had died after queueing the fire and before marking it notified and saving the state
    await world.repo.update_alert(alert.id, last_notified_at=None)
    await world.repo.delete_state(rule.id, "")
    await world.tick(seconds=0)
    assert world.outbox.events() == ["fire"]
    assert len(world.outbox.keys) == 1


async def test_a_fan_out_is_queued_in_one_batch_and_never_twice(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    chats = [CHAT + n for n in range(50)]

    async def everyone(ctx: Any, tracker_id: int, severity: str, *, now: datetime) -> list[Recipient]:
        return [Recipient(chat, False) for chat in chats]

    monkeypatch.setattr(engine_module, "recipients", everyone)
    tracker = await add_tracker(world, emu, "A", KEY_A)
    rule = await world.rule(tracker, "tracker_down", failures=1)
    emu.mode = "down"
    await world.tick(seconds=0)
    alert = await world.repo.get_open(rule.id, "")
    assert alert is not None
    assert world.outbox.batches == [50]  # one enqueue_many (one transaction) for the whole fan-out
    assert [chat for chat, *_ in world.outbox.rows] == chats
    assert {key for *_, key in world.outbox.rows} == {f"alert:{alert.id}:fire:{chat}" for chat in chats}
    # the tick died after queueing and before marking: the next one queues the same keys, none twice
    await world.repo.update_alert(alert.id, last_notified_at=None)
    await world.repo.delete_state(rule.id, "")
    await world.tick(seconds=0)
    assert world.outbox.batches == [50, 50] and len(world.outbox.rows) == 50


async def test_preview_evaluates_without_changing_anything(world: World, emu: KeitaroEmulator) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    draft = AlertRule(
        0, OWNER, tracker.id, "cr_below", "new", None, {"min_clicks": 10}, "warning", True, None, ""
    )
    observations = await world.engine.preview(draft)
    assert {o.scope for o in observations} >= {"campaign:1", "campaign:3"}
    assert all(o.value is not None for o in observations if o.note is None)
    emu.mode = "html"
    failed = await world.engine.preview(draft)
    assert (
        len(failed) == 1 and failed[0].note == "error:not_json" and failed[0].text_args["failure"] == "html"
    )
    assert await world.repo.list_open() == [] and world.outbox.rows == []


async def test_run_ticks_until_stopped(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.ctx.settings.interval_seconds = 0.01
    ticks: list[int] = []
    stop = asyncio.Event()

    async def tick() -> Any:
        ticks.append(1)
        if len(ticks) == 2:
            raise RuntimeError("a bad tick is logged, the loop goes on")
        if len(ticks) >= 5:
            stop.set()

    monkeypatch.setattr(world.engine, "tick", tick)
    await asyncio.wait_for(world.engine.run(stop), 10)
    assert len(ticks) == 5


async def test_alert_repo_rules_identity_acks_and_messages(world: World, emu: KeitaroEmulator) -> None:
    repo = world.repo
    tracker = await add_tracker(world, emu, "A", KEY_A)
    rule = await repo.create(OWNER, tracker.id, "cr_below", "CR", 3, {"fire_below": 1.0}, "warning")
    assert rule.params == {"fire_below": 1.0} and rule.enabled and rule.campaign_id == 3
    assert await repo.get(tracker.id + 1, rule.id) is None  # another tracker's id finds nothing
    updated = await repo.update(tracker.id, rule.id, name="CR low", params={"fire_below": 2.0}, enabled=False)
    assert updated is not None and updated.name == "CR low" and updated.params == {"fire_below": 2.0}
    assert not updated.enabled and await repo.all_enabled() == {}
    with pytest.raises(ValueError):
        await repo.update(tracker.id, rule.id, tracker_id=5)
    assert await repo.set_enabled(tracker.id, rule.id, True)
    assert [r.id for r in (await repo.all_enabled())[tracker.id]] == [rule.id]
    assert await repo.mute(rule.id, "2999-01-01T00:00:00.000Z")
    assert [r.id for r in await repo.muted([tracker.id], to_iso(world.clock.now))] == [rule.id]

    first = await repo.open_alert(
        rule.id, "campaign:3", tracker.id, "warning", "2026-01-01T00:00:00.000Z", 0.5
    )
    again = await repo.open_alert(
        rule.id, "campaign:3", tracker.id, "warning", "2026-01-01T00:01:00.000Z", 0.1
    )
    assert again.id == first.id and again.first_value == 0.5  # one identity never has two open alerts
    other = await repo.open_alert(
        rule.id, "campaign:4", tracker.id, "warning", "2026-01-01T00:00:00.000Z", 0.2
    )
    assert [a.id for a in await repo.list_open([tracker.id])] == [first.id, other.id]

    acked = await repo.ack(first.id, 11, "Ann", "2026-01-01T00:02:00.000Z")
    assert acked is not None and (acked.acked_by, acked.acked_by_name) == (11, "Ann")
    late = await repo.ack(first.id, 12, "Bob", "2026-01-01T00:03:00.000Z")
    assert late is not None and late.acked_by == 11 and late.acked_at == "2026-01-01T00:02:00.000Z"
    assert await repo.snooze(other.id, "2026-01-01T04:00:00.000Z")
    assert [a.id for a in await repo.snoozed([tracker.id], "2026-01-01T01:00:00.000Z")] == [other.id]

    await remember_message(repo, first.id, 7, 8)
    await remember_message(repo, first.id, -100, 6)
    assert await repo.messages_of(first.id) == [(-100, 6), (7, 8)]  # read from the outbox's table

    assert await repo.resolve(first.id, "2026-01-01T01:00:00.000Z", 1.7)
    assert not await repo.resolve(first.id, "2026-01-01T02:00:00.000Z", 9.9)  # once
    reopened = await repo.open_alert(
        rule.id, "campaign:3", tracker.id, "warning", "2026-01-01T03:00:00.000Z", 0.3
    )
    assert reopened.id != first.id
    last = await repo.last_alert(rule.id, "campaign:3")
    assert last is not None and last.id == reopened.id
    assert await repo.delete(rule.tracker_id, rule.id)
    assert await repo.list_open() == [] and await repo.messages_of(first.id) == []


async def test_a_failing_escalation_never_breaks_the_tick(
    world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker = await add_tracker(world, emu, "A", KEY_A)
    await world.rule(tracker, "tracker_down", failures=1)
    calls: list[datetime] = []

    async def run_escalations(ctx: Any, now: datetime) -> None:
        calls.append(now)
        raise RuntimeError("escalation bug")

    monkeypatch.setattr(engine_module, "run_escalations", run_escalations)
    emu.mode = "down"
    await world.tick()
    await world.tick()
    assert world.outbox.events() == ["fire"] and len(calls) == 2
