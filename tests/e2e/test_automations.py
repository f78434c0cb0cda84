"""Automations end to end (issue 17): an alert rule with an action — propose (⏸ Pause now → the
safe-write card → paused in the emulator → Undo), auto after N minutes (a countdown in the message,
the pause at the deadline, audited as the rule's, ↩️ Undo from the message; an ack or ▶️ Keep
running cancels it), dry run (says what it would do, writes nothing), the tracker in ERROR (waits),
never twice for one alert, the hourly limit, and the maker's role and buyer scope.

Ticks are driven by the test (``engine.tick()``) and time by moving the application clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.clock import ShiftedClock
from storage.scope import Scope
from tests.conftest import BotRunner
from tests.e2e.automations import PARAMS, RULE, Setup, automation_audit, rule_with, settled, showing, start
from tests.e2e.helpers import active_tracker_id, wait_until
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    return await start(tg, keitaro, runner, clock)


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
    # the buyer's rule is evaluated through the buyer's own view of the tracker: a campaign outside
    # their scope raises no alert of theirs at all (and a write there would be refused by that view)
    await settled(app)
    assert not [m for m in owner.messages() if "Push BR Sweeps" in m.text]
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
