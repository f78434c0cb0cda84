"""The engine's automation state machine (alerts.automation) against the emulator: scheduled when the
alert opens → the countdown → the write at the deadline (claimed once, audited in the maker's name)
· an ack cancels · the tracker failing waits · the hourly limit proposes · dry run and propose write
nothing · a maker who may not switch campaigns is refused."""

from __future__ import annotations

from typing import Any

import pytest

import alerts.automation as automation_module
from storage import UserRepo
from storage.alerts import Alert, AlertRule, from_iso
from storage.audit import AuditRepo
from storage.tracker_rows import Tracker
from tests.component.alert_engine.support import KEY_A, OWNER, World, add_tracker
from tests.fakes.keitaro import KeitaroEmulator

pytestmark = pytest.mark.date_sensitive  # deadlines compare times

PARAMS: dict[str, Any] = {"window_hours": 168, "fire_below": 99_999, "resolve_above": 100_000,
                          "min_cost": 1, "for_seconds": 0}  # fmt: skip


@pytest.fixture
async def tracker(world: World, emu: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch) -> Tracker:
    monkeypatch.setattr(automation_module, "enqueue_many", world.outbox.enqueue_many)
    return await add_tracker(world, emu, "Main", KEY_A)


async def rule_of(
    world: World, tracker: Tracker, mode: str, delay: int = 0, campaign_id: int | None = 1
) -> AlertRule:
    rule = await world.repo.create(OWNER, tracker.id, "roi_below", "Losing", campaign_id, PARAMS, "warning")
    assert await world.repo.automation.set_action(tracker.id, rule.id, "pause_campaign", mode, delay)
    got = await world.repo.get(tracker.id, rule.id)
    assert got is not None and got.action_mode == mode
    return got


async def alert_of(world: World, rule: AlertRule, scope: str = "campaign:1") -> Alert:
    alert = await world.repo.last_alert(rule.id, scope)
    assert alert is not None
    return alert


def disables(emu: KeitaroEmulator) -> list[str]:
    return [r.path for r in emu.requests if r.path.endswith("/disable")]


async def test_auto_schedules_counts_down_and_pauses_once_at_the_deadline(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    rule = await rule_of(world, tracker, "auto", delay=3)
    await world.tick()  # fires: scheduled 3 minutes after the opening
    alert = await alert_of(world, rule)
    assert alert.automation == {"status": "scheduled", "left": 3}
    assert alert.auto_scheduled_at is not None
    assert (from_iso(alert.auto_scheduled_at) - from_iso(alert.opened_at)).total_seconds() == 180
    await world.tick()  # a minute later: 2 left (the message is edited)
    assert (await alert_of(world, rule)).automation["left"] == 2
    await world.tick()
    await world.tick()  # the deadline: paused
    alert = await alert_of(world, rule)
    assert alert.automation["status"] == "done" and alert.auto_done_at is not None
    assert alert.automation["undo"] == {"resource": "campaigns", "id": 1, "state": "active"}
    assert emu.state.campaigns[1]["state"] == "disabled"
    for _ in range(3):
        await world.tick()
    assert len(disables(emu)) == 1  # never twice for one alert
    [entry] = [
        e for e in await AuditRepo(world.ctx.alerts.db).for_tracker(tracker.id) if e.action.startswith("auto")
    ]
    assert (entry.action, entry.user_id, entry.details["rule"], entry.details["alert"]) == (
        "automation.pause", OWNER, "Losing", alert.id,
    )  # fmt: skip


async def test_an_ack_cancels_and_nothing_is_written(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    rule = await rule_of(world, tracker, "auto", delay=2)
    await world.tick()
    alert = await alert_of(world, rule)
    await world.repo.ack(alert.id, OWNER, "Olga", alert.opened_at)
    for _ in range(4):
        await world.tick()
    alert = await alert_of(world, rule)
    assert alert.automation == {"status": "cancelled", "reason": "ack", "by": "Olga"}
    assert alert.auto_done_at is None and disables(emu) == []


async def test_the_tracker_failing_at_the_deadline_waits_then_pauses(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    rule = await rule_of(world, tracker, "auto", delay=1)
    await world.tick()
    emu.mode = "server_error"
    await world.tick()
    await world.tick()
    alert = await alert_of(world, rule)
    assert alert.automation["status"] == "waiting" and alert.resolved_at is None
    assert disables(emu) == []
    emu.mode = "normal"
    await world.tick()
    assert (await alert_of(world, rule)).automation["status"] == "done"
    assert len(disables(emu)) == 1


async def test_beyond_the_hourly_limit_it_proposes(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    world.ctx.settings.automation_per_hour = 1
    emu.state.campaigns[2]["state"] = "active"  # three campaigns to pause
    rule = await rule_of(world, tracker, "auto", delay=0, campaign_id=None)
    await world.tick()
    statuses = {a.scope: a.automation.get("status") for a in await world.repo.list_open([tracker.id])}
    assert sorted(statuses.values()) == ["done", "limited", "limited"], statuses
    assert len(disables(emu)) == 1
    limited = [a for a in await world.repo.list_open([tracker.id]) if a.automation.get("status") == "limited"]
    assert limited[0].automation["limit"] == 1
    assert rule.id == limited[0].rule_id


@pytest.mark.parametrize("mode", ["dry_run", "propose"])
async def test_dry_run_and_propose_never_write(
    world: World, emu: KeitaroEmulator, tracker: Tracker, mode: str
) -> None:
    rule = await rule_of(world, tracker, mode)
    for _ in range(3):
        await world.tick()
    alert = await alert_of(world, rule)
    assert alert.automation == ({"status": "dry_run"} if mode == "dry_run" else {})
    assert alert.auto_done_at is None and disables(emu) == []


async def test_a_maker_who_may_not_switch_campaigns_is_refused(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    """Not the tracker's owner and not a member (no access): the rule proposes instead."""
    await UserRepo(world.ctx.alerts.db).touch(OWNER + 1, username="gone", role="user")
    rule = await world.repo.create(OWNER + 1, tracker.id, "roi_below", "Theirs", 1, PARAMS, "warning")
    await world.repo.automation.set_action(tracker.id, rule.id, "pause_campaign", "auto", 0)
    await world.tick()
    alert = await alert_of(world, rule)
    assert alert.automation == {"status": "refused", "reason": "role"}
    assert alert.auto_done_at is None and disables(emu) == []
    assert emu.state.campaigns[1]["state"] == "active"


async def test_a_muted_rule_does_not_write_until_unmuted(
    world: World, emu: KeitaroEmulator, tracker: Tracker
) -> None:
    rule = await rule_of(world, tracker, "auto", delay=0)
    await world.repo.mute(rule.id, "9999-12-31T00:00:00.000Z")  # nobody would be told: no write
    await world.tick()
    await world.tick()
    assert (await alert_of(world, rule)).auto_done_at is None and disables(emu) == []
    await world.repo.mute(rule.id, None)
    await world.tick()
    assert (await alert_of(world, rule)).automation["status"] == "done" and len(disables(emu)) == 1
