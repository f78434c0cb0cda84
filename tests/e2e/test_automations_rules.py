"""Automations in the rule-making flow end to end (issue 17): the templates on the kind picker (a kind
+ preset values + an action), the 🤖 Action screen of a new rule and of a saved one, and the "offer
cap reached → share to 0" template with its write and ↩️ Undo from the message."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.payloads import AlertPayload
from services.clock import ShiftedClock
from storage.alerts import to_iso
from tests.alert_messages import remember_message
from tests.conftest import BotRunner
from tests.e2e.automations import PARAMS, Setup, automation_audit, showing, start
from tests.e2e.helpers import active_tracker_id
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    return await start(tg, keitaro, runner, clock)


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
    assert "Or a template that also proposes the fix" in kinds.text
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


async def test_offer_cap_template_and_the_share_to_zero_with_undo_from_the_message(
    setup: Setup, keitaro: KeitaroEmulator
) -> None:
    """The "offer cap reached → share to 0" template makes a caps-only rule whose action is never
    only proposed; when its alert is due, the offer's share goes to the other offers of its flows,
    the message says so, and ↩️ Undo puts the shares back."""
    user, app, _clock = setup
    await user.send("/alerts")
    await user.expect("No rules yet")
    await user.press("New rule")
    await user.expect("What should it watch?")
    await user.press("🤖 Offer cap reached → share to 0")
    await user.expect("watch the whole tracker or one campaign?")
    await user.press("📡 Whole tracker")
    for _ in range(3):
        step = await user.expect("Step")
        await user.press("Keep", message=step)
    await user.expect("How urgent is it?")
    await user.press("Warning")
    summary = await user.expect("check and save")
    assert "🤖 Action: set the offer’s share to 0 in its flows after 15 minutes" in summary.text
    await user.press("🤖 Action")
    choices = await user.expect("when an offer reaches its daily cap")
    assert "⏸ Propose a pause" not in choices.labels()  # no one-tap card for an offer's shares
    await user.press("⏱ Share → 0 after 15 min unacknowledged")
    await user.expect("check and save")
    await user.press("Save")
    await user.expect("Who should hear its alerts?")
    await user.press("Me, privately")
    await user.expect("saved")
    tid = await active_tracker_id(app, user)
    [rule] = await app.alerting.ctx.alerts.list_for_tracker(tid)
    assert (rule.kind, rule.action_kind, rule.action_mode, rule.action_delay_minutes) == (
        "object_changed", "offer_share_zero", "auto", 15,
    )  # fmt: skip
    assert rule.params["offer_caps"] and not rule.params["campaigns"] and not rule.params["flows"]

    # its alert about offer 1 (its cap is reached), due now: sent the way the sender sends it
    tracker = await app.alerting.ctx.trackers.find(tid)
    assert tracker is not None
    two = [{"offer_id": 1, "share": 70, "state": "active"}, {"offer_id": 2, "share": 30, "state": "active"}]
    await app.ctx.clients.for_tracker(tracker).streams.update(1, json={"offers": two})
    before = {f: [(x["offer_id"], x["share"]) for x in s["offers"]] for f, s in keitaro.state.streams.items()}
    repo, now = app.alerting.ctx.alerts, app.alerting.ctx.now()
    details = {"text_args": {"object": "offer", "id": 1, "name": "Offer One", "cap": 5, "conversions": 5}}
    alert = await repo.open_alert(
        rule.id, "offer:1", tid, "warning", to_iso(now - timedelta(minutes=20)), 5.0, details
    )
    await repo.automation.schedule(
        alert.id, to_iso(now - timedelta(minutes=5)), {"status": "scheduled", "left": 0}
    )
    fresh = await repo.get_alert(alert.id)
    assert fresh is not None
    assert await app.alerting.engine.automator.step(tracker, rule, fresh, down=False, now=now)
    rendered = await app.notices.render(user.id, AlertPayload(alert_id=alert.id, event="fire"), "en")
    assert rendered is not None
    message = await app.bot.send_message(user.id, rendered[0], reply_markup=rendered[1])
    await remember_message(repo, alert.id, user.id, message.message_id)
    msg = await user.expect("🤖 I set offer “Offer One”’s share to 0 in its flows at ")
    assert "⏸ Pause now" not in msg.labels()
    assert [(x["offer_id"], x["share"]) for x in keitaro.state.streams[1]["offers"]] == [(1, 0), (2, 100)]
    [entry] = [e for e in await automation_audit(app, tid)]
    assert (entry.action, entry.user_id, entry.details["id"]) == ("automation.offer_share_zero", user.id, 1)
    query = await user.press("↩️ Undo", message=msg)
    assert (await user.callback_answer(query))["text"] == "↩️ The shares of offer “Offer One” are back."
    await showing(user, "↩️ Olga put the shares of offer “Offer One” back.")
    after = {f: [(x["offer_id"], x["share"]) for x in s["offers"]] for f, s in keitaro.state.streams.items()}
    assert after == before
