"""Automations end to end (issue 17): an alert rule with an action — propose (⏸ Pause now → the
safe-write card → paused in the emulator → Undo), auto after N minutes (a countdown in the message,
the pause at the deadline, audited as the rule's, ↩️ Undo from the message; an ack or ▶️ Keep
running cancels it), dry run (says what it would do, writes nothing), the tracker in ERROR (waits),
never twice for one alert, the hourly limit, and the maker's role and buyer scope.

Ticks are driven by the test (``engine.tick()``) and time by moving the application clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot.app import BotApp
from services.clock import ShiftedClock
from storage.alerts import AlertRule
from storage.audit import AuditEntry
from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

RULE = "Losing money"
# ROI below an unreachable bar over the last 7 days, any spend: campaigns 1 (FB US Nutra) and
# 2 (TT DE Gambling) of the emulator always fire; campaign 3 has no spend
PARAMS: dict[str, Any] = {"window_hours": 168, "fire_below": 99_999, "resolve_above": 100_000,
                          "min_cost": 1, "for_seconds": 0}  # fmt: skip

Setup = tuple[FakeUser, BotApp, ShiftedClock]


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    app = await runner.start()
    person = tg.user(7801, first_name="Olga")
    await add_tracker(person, keitaro)
    return person, app, clock


async def rule_with(
    app: BotApp,
    maker: FakeUser,
    mode: str,
    *,
    delay: int = 0,
    campaign_id: int | None = 1,
    hear: int | None = None,
) -> AlertRule:
    """A "ROI below" rule made by ``maker`` with the action "pause the campaign" in ``mode``;
    ``hear``: the chat that hears the tracker's alerts (the maker's by default)."""
    ctx = app.alerting.ctx
    tid = await active_tracker_id(app, maker)
    await ctx.subscriptions.subscribe(hear or maker.id, tid, hear or maker.id, "private", None, "en", "info")
    rule = await ctx.alerts.create(maker.id, tid, "roi_below", RULE, campaign_id, PARAMS, "warning")
    assert await ctx.alerts.automation.set_action(tid, rule.id, "pause_campaign", mode, delay)
    return rule


async def showing(user: FakeUser, text: str) -> BotMessage:
    """The bot's message in the user's chat that says ``text`` now (sent or edited to say it): the
    engine may pause in the tick that fires, so the first message may already say it."""
    found: list[BotMessage] = []

    def probe() -> bool:
        found[:] = [m for m in user.messages() if m.from_bot and text in m.text]
        return bool(found)

    await wait_until(probe, what=repr(text))
    return found[-1]


async def settled(app: BotApp, timeout: float = 15) -> None:
    """The sender has sent (and stored) everything queued: the next tick edits those messages
    (polling a condition, not sleeping a fixed time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await app.alerting.ctx.outbox.pending_count():
        assert loop.time() < deadline, "the outbox did not drain"
        await asyncio.sleep(0.02)


async def automation_audit(app: BotApp, tracker_id: int) -> list[AuditEntry]:
    entries = await app.ctx.audit.for_tracker(tracker_id, limit=100)
    return [e for e in entries if e.action.startswith("automation.")]


async def test_propose_one_tap_opens_the_confirmation_card_and_undo_restores(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, _clock = setup
    await rule_with(app, user, "propose")
    await app.alerting.engine.tick()
    msg = await user.expect(RULE)
    await settled(app)
    assert "🤖 The rule proposes: pause campaign “FB US Nutra”." in msg.text
    assert "⏸ Pause now" in msg.labels() and "⏸ Disable campaign" not in msg.labels()
    await app.alerting.engine.tick()  # a rule that only proposes never writes by itself
    assert keitaro.state.campaigns[1]["state"] == "active"
    await user.press("⏸ Pause now", message=msg)
    confirm = await user.expect("Please check")
    assert "Disable" in confirm.text and "FB US Nutra" in confirm.text
    assert keitaro.state.campaigns[1]["state"] == "active"  # nothing before the confirmation
    await user.press("Confirm", message=confirm)
    done = await user.expect("Done")
    assert keitaro.state.campaigns[1]["state"] == "disabled"
    await user.press("↩️ Undo", message=done)
    await user.expect("Undone")
    assert keitaro.state.campaigns[1]["state"] == "active"


@pytest.mark.date_sensitive
async def test_auto_counts_down_pauses_at_the_deadline_once_audited_as_the_rules_and_undo_restores(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, clock = setup
    rule = await rule_with(app, user, "auto", delay=10)
    engine = app.alerting.engine
    await engine.tick()
    msg = await user.expect(RULE)
    await settled(app)
    assert "🤖 I will pause campaign “FB US Nutra” in 10 minutes unless someone acknowledges" in msg.text
    assert "▶️ Keep running" in msg.labels() and "⏸ Pause now" in msg.labels()
    clock.offset += timedelta(minutes=4)
    await engine.tick()
    await showing(user, "in 6 minutes")
    assert keitaro.state.campaigns[1]["state"] == "active"
    clock.offset += timedelta(minutes=6)
    await engine.tick()
    paused = await showing(user, "🤖 I paused campaign “FB US Nutra” at ")
    assert f"as the rule “{RULE}” says" in paused.text
    assert keitaro.state.campaigns[1]["state"] == "disabled"
    assert "↩️ Undo" in paused.labels() and "▶️ Keep running" not in paused.labels()
    assert "⏸ Pause now" not in paused.labels()
    for _ in range(2):  # later ticks: never a second write for the same alert
        clock.offset += timedelta(minutes=1)
        await engine.tick()
    audit = await automation_audit(app, rule.tracker_id)
    assert [e.action for e in audit] == ["automation.pause"]
    entry = audit[0]
    assert entry.user_id == user.id and entry.role == "owner"  # in the name of the rule's maker
    alert = await app.alerting.ctx.alerts.get_open(rule.id, "campaign:1")
    assert alert is not None and alert.auto_done_at is not None
    assert entry.details["rule"] == RULE and entry.details["alert"] == alert.id
    assert entry.details["id"] == 1 and entry.details["result"] == "ok"

    await user.press("↩️ Undo", message=paused)
    undone = await showing(user, "↩️ Olga switched campaign “FB US Nutra” back on.")
    assert "↩️ Undo" not in undone.labels() and "⏸ Pause now" in undone.labels()  # a person may still
    assert keitaro.state.campaigns[1]["state"] == "active"
    clock.offset += timedelta(minutes=1)
    await engine.tick()  # undone stays undone
    assert keitaro.state.campaigns[1]["state"] == "active"
    assert [e.action for e in await automation_audit(app, rule.tracker_id)] == [
        "automation.undo_pause",
        "automation.pause",
    ]


@pytest.mark.date_sensitive
async def test_an_ack_before_the_deadline_cancels_the_automatic_pause(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, clock = setup
    await rule_with(app, user, "auto", delay=5)
    await app.alerting.engine.tick()
    msg = await user.expect(RULE)
    await settled(app)
    await user.press("✅ Ack", message=msg)
    acked = await showing(user, "🤖 No automatic pause: Olga acknowledged the alert.")
    assert "▶️ Keep running" not in acked.labels()
    clock.offset += timedelta(minutes=10)
    await app.alerting.engine.tick()
    assert keitaro.state.campaigns[1]["state"] == "active"


@pytest.mark.date_sensitive
async def test_keep_running_cancels_the_automatic_pause(setup: Setup, keitaro: KeitaroEmulator) -> None:
    user, app, clock = setup
    rule = await rule_with(app, user, "auto", delay=5)
    await app.alerting.engine.tick()
    msg = await user.expect(RULE)
    await settled(app)
    query = await user.press("▶️ Keep running", message=msg)
    assert (await user.callback_answer(query))["text"].startswith("▶️ Kept running")
    await showing(user, "🤖 No automatic pause: Olga chose to keep the campaign running.")
    clock.offset += timedelta(minutes=10)
    await app.alerting.engine.tick()
    assert keitaro.state.campaigns[1]["state"] == "active"
    assert [e.action for e in await automation_audit(app, rule.tracker_id)] == ["automation.cancel"]


@pytest.mark.date_sensitive
async def test_a_dry_run_says_what_it_would_do_and_writes_nothing(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, clock = setup
    rule = await rule_with(app, user, "dry_run", delay=0)
    await app.alerting.engine.tick()
    msg = await user.expect(RULE)
    await settled(app)
    assert "🧪 Dry run: I would have paused campaign “FB US Nutra” now. Nothing was changed." in msg.text
    for _ in range(2):
        clock.offset += timedelta(minutes=10)
        await app.alerting.engine.tick()
    assert keitaro.state.campaigns[1]["state"] == "active"
    assert await automation_audit(app, rule.tracker_id) == []


@pytest.mark.date_sensitive
async def test_no_automatic_pause_while_the_tracker_api_fails_it_waits_and_says_so(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, clock = setup
    await rule_with(app, user, "auto", delay=2)
    await app.alerting.engine.tick()
    await user.expect(RULE)
    await settled(app)
    keitaro.mode = "server_error"
    clock.offset += timedelta(minutes=3)
    await app.alerting.engine.tick()
    waiting = await showing(user, "the tracker’s API is failing: I wait until it answers again")
    assert "▶️ Keep running" in waiting.labels()
    assert keitaro.state.campaigns[1]["state"] == "active"
    keitaro.mode = "normal"
    clock.offset += timedelta(minutes=1)
    await app.alerting.engine.tick()
    await showing(user, "🤖 I paused campaign “FB US Nutra”")
    assert keitaro.state.campaigns[1]["state"] == "disabled"


@pytest.mark.date_sensitive
async def test_a_runaway_rule_stops_at_the_hourly_limit_and_proposes_the_rest(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, _clock = setup
    before = {cid: keitaro.state.campaigns[cid]["state"] for cid in (2, 3)}
    app.alerting.ctx.settings.automation_per_hour = 1
    rule = await rule_with(app, user, "auto", delay=0, campaign_id=None)  # each campaign on its own
    await app.alerting.engine.tick()
    await showing(user, "🤖 I paused campaign “FB US Nutra”")
    limited = await showing(user, "🎯 Campaign: Push BR Sweeps")  # the next one it fires for: proposed
    await wait_until(lambda: "and it is reached" in limited.text, what="the limit's sentence")
    assert "1 automatic pause per hour is this tracker’s limit" in limited.text
    assert "⏸ Pause now" in limited.labels()
    await showing(user, "🤖 Nothing to pause: campaign “TT DE Gambling” was not running any more.")
    assert keitaro.state.campaigns[1]["state"] == "disabled"
    assert {cid: keitaro.state.campaigns[cid]["state"] for cid in (2, 3)} == before  # proposed, untouched
    assert [e.action for e in await automation_audit(app, rule.tracker_id)] == ["automation.pause"]


@pytest.mark.date_sensitive
async def test_a_scoped_makers_rule_pauses_only_its_campaigns_and_a_viewer_rule_pauses_nothing(
    setup: Setup, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    owner, app, clock = setup
    tid = await active_tracker_id(app, owner)
    buyer = tg.user(7802, first_name="Boris")
    await buyer.send("/start")
    await buyer.expect()
    await join_team(app, owner, buyer, tid, "operator", Scope(prefix="FB"))
    await rule_with(app, buyer, "auto", delay=0, campaign_id=None, hear=owner.id)
    await app.alerting.engine.tick()
    await showing(owner, "🤖 I paused campaign “FB US Nutra”")
    # the write goes through the buyer's own view of the tracker: a campaign outside their scope
    # is refused by it, and the message proposes instead
    outside = await showing(owner, "“Push BR Sweeps” is not among the campaigns of the rule’s author")
    assert "⏸ Pause now" in outside.labels()
    assert keitaro.state.campaigns[1]["state"] == "disabled"
    assert keitaro.state.campaigns[3]["state"] == "active"  # outside the buyer's scope: never touched
    audit = await automation_audit(app, tid)
    assert [(e.action, e.user_id, e.role) for e in audit] == [("automation.pause", buyer.id, "operator")]
    await owner.send("/trackers")
    await owner.expect("Your trackers")
    await owner.press("Main")
    await owner.expect("Main", kind="edited")
    await owner.press("Audit")
    view = await owner.expect("audit (times in UTC)")
    assert f"Boris (operator): paused campaign #1 automatically, by the rule “{RULE}”" in view.text
    ctx = app.alerting.ctx

    # a maker who may no longer switch campaigns (now a viewer): their rule proposes instead
    keitaro.state.campaigns[1]["state"] = "active"
    await app.ctx.members.set_role(tid, buyer.id, "viewer", Scope(prefix="FB"))
    viewer_rule = await ctx.alerts.create(buyer.id, tid, "roi_below", "Viewer rule", 1, PARAMS, "warning")
    await ctx.alerts.automation.set_action(tid, viewer_rule.id, "pause_campaign", "auto", 0)
    clock.offset += timedelta(minutes=1)
    await app.alerting.engine.tick()
    refused = await showing(owner, "the rule’s author may no longer switch campaigns")
    assert "⏸ Pause now" in refused.labels()
    assert keitaro.state.campaigns[1]["state"] == "active"


async def test_a_rule_from_a_template_with_an_action_chosen_in_the_flow(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    """The kind picker offers the templates (a kind + preset values + an action); the summary says
    the action and "🤖 Action" changes it; the saved rule has it and its card says it."""
    user, app, _clock = setup
    await user.send("/alerts")
    await user.expect("No rules yet")
    await user.press("New rule")
    kinds = await user.expect("What should it watch?")
    assert "Or start from a template that also proposes the fix" in kinds.text
    assert "🤖 ROI below X with enough spend → pause" in kinds.labels()
    await user.press("🤖 Spend without conversions → pause")
    await user.expect("watch the whole tracker or one campaign?")
    await user.press("One campaign")
    await user.expect("Which campaign?")
    await user.press("FB US Nutra")
    for step in range(1, 6):  # the template's values are what "Keep" keeps
        await user.expect(f"Step {step} of 5")
        await user.press("Keep")
    await user.expect("How urgent is it?")
    await user.press("Warning")
    summary = await user.expect("check and save")
    assert "Spend without conversions · FB US Nutra" in summary.text
    assert "Alert below: -99%" in summary.text and "Resolve from: 0%" in summary.text
    assert "🤖 Action: propose pausing the campaign (one tap to confirm)" in summary.text
    await user.press("🤖 Action")
    choices = await user.expect("What should the rule do about a campaign it alerts on?")
    assert choices.labels()[:2] == ["🔔 Only alert", "⏸ Propose a pause"]
    await user.press("⏱ Pause after 15 min unacknowledged")
    summary = await user.expect("check and save")
    assert "🤖 Action: pause the campaign after 15 minutes unless someone acknowledges" in summary.text
    await user.press("Save")
    await user.expect("Who should hear its alerts?")
    await user.press("Me, privately")
    card = await user.expect("saved")
    assert "🤖 Action: pause the campaign after 15 minutes unless someone acknowledges" in card.text
    tid = await active_tracker_id(app, user)
    [rule] = await app.alerting.ctx.alerts.list_for_tracker(tid)
    assert (rule.kind, rule.campaign_id, rule.action_kind, rule.action_mode, rule.action_delay_minutes) == (
        "roi_below", 1, "pause_campaign", "auto", 15,
    )  # fmt: skip
    assert rule.params["fire_below"] == -99 and rule.params["min_cost"] == 50


async def test_a_saved_rule_gets_an_action_from_its_edit_screen(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    user, app, _clock = setup
    tid = await active_tracker_id(app, user)
    repo = app.alerting.ctx.alerts
    rule = await repo.create(user.id, tid, "roi_below", "ROI below · FB US Nutra", 1, PARAMS, "warning")
    await user.send("/alerts")
    listing = await user.expect("One rule")
    await user.press("ROI below · FB US Nutra", message=listing)
    card = await user.expect("🤖 Action: only alert")
    await user.press("Edit", message=card)
    await user.expect("What to change")
    await user.press("🤖 Action")
    await user.expect("What should the rule do about a campaign it alerts on?")
    await user.press("🧪 Dry run")
    await user.expect("✅ 🤖 Action saved.")
    stored = await repo.get(tid, rule.id)
    assert stored is not None and (stored.action_kind, stored.action_mode) == ("pause_campaign", "dry_run")
    await user.press("🤖 Action")
    await user.expect("🤖 Action: dry run: say what it would pause, change nothing")
    await user.press("🔔 Only alert")
    await user.expect("✅ 🤖 Action saved.")
    stored = await repo.get(tid, rule.id)
    assert stored is not None and stored.action_kind is None and stored.action_mode is None
