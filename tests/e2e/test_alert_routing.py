"""An alert never goes nowhere: with nobody set to hear a tracker, its alerts reach the owner in
private with a line saying how to route them; /alerts says where a tracker's alerts go and marks
one nobody hears; the first rule of a tracker asks who hears it and says where it will go."""

from __future__ import annotations

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

OWNER = 7701
TEAM = -1007701


@pytest.fixture
async def owner(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    await runner.start()
    person = tg.user(OWNER, first_name="Olga")
    await add_tracker(person, keitaro)
    return person






async def new_tracker_down_rule(owner: FakeUser, severity: str) -> None:
    """From the /alerts list: a "Tracker down" rule with the default threshold, up to pressing Save."""
    await owner.press("New rule")
    await owner.expect("What should it watch?")
    await owner.press("Tracker down")
    await owner.expect("Step 1 of 1")
    await owner.press("Keep 3")
    await owner.expect("How urgent is it?")
    await owner.press(severity)
    await owner.expect("check and save")
    await owner.press("Save")




async def test_the_owner_gets_an_alert_nobody_else_hears_in_private_with_how_to_route_it(
    owner: FakeUser, runner: BotRunner, keitaro: KeitaroEmulator
) -> None:
    app = runner.running
    tid = await active_tracker_id(app, owner)
    # a rule made before anyone was set to hear the tracker (no /subscribe, no rotation)
    await app.ctx.alerts.alerts.create(
        owner.id, tid, "tracker_down", "Main is down", None, {"failures": 1}, "critical"
    )
    await owner.send("/alerts")
    screen = await owner.expect("🚨 Alerts")
    assert "Nobody is set to hear these alerts" in screen.text and "/subscribe" in screen.text

    keitaro.mode = "down"
    await app.alerting.engine.tick()
    alert = await owner.expect("Main is down")
    assert "🔴" in alert.text and "✅ Ack" in alert.labels()
    assert "nobody else hears this tracker's alerts" in alert.text and "/oncall" in alert.text


async def test_the_first_rule_asks_who_hears_it_and_says_where_it_goes(
    owner: FakeUser, runner: BotRunner, keitaro: KeitaroEmulator
) -> None:
    app = runner.running
    await owner.send("/alerts")
    await owner.expect("No rules yet")
    await new_tracker_down_rule(owner, "Critical")
    ask = await owner.expect("Who should hear its alerts?")
    assert ask.labels()[0] == "👤 Me, privately"
    assert "add me to the group and send /subscribe" in ask.text and "/oncall" in ask.text
    await owner.press("Back")  # nothing saved yet: the summary again
    await owner.expect("check and save")
    assert await app.ctx.alerts.alerts.list_for_tracker(await active_tracker_id(app, owner)) == []
    await owner.press("Save")
    await owner.expect("Who should hear its alerts?")
    await owner.press("Me, privately")
    card = await owner.expect("saved")
    assert "Where the alerts go:\n• you, in a private chat" in card.text

    # the second rule is saved at once: the tracker's alerts have somewhere to go
    await owner.press("Back")
    await owner.expect("One rule")
    await new_tracker_down_rule(owner, "Warning")
    await owner.expect("saved")

    keitaro.mode = "down"
    for _ in range(3):
        await app.alerting.engine.tick()
    alert = await owner.expect("Tracker down")
    assert "nobody else hears" not in alert.text  # routed: no hint


async def test_a_subscribed_team_chat_is_offered_and_shown(
    tg: FakeTelegram, owner: FakeUser, runner: BotRunner
) -> None:
    app = runner.running
    team = tg.group(TEAM, title="Night shift", supergroup=True)
    admin = owner.in_group(team, status="administrator")
    await admin.send("/subscribe")
    await admin.expect("Notifications in the group")
    await admin.press("🔔 Subscribe")
    await admin.expect("Subscribed to Main", kind="edited")

    await owner.send("/alerts")
    screen = await owner.expect("🚨 Alerts")
    assert "Where the alerts go:\n• Night shift" in screen.text and "Nobody is set" not in screen.text
    await new_tracker_down_rule(owner, "Critical")
    ask = await owner.expect("Who should hear its alerts?")
    assert "👥 Night shift" in ask.labels() and "add me to the group" not in ask.text
    await owner.press("Night shift")
    card = await owner.expect("saved")
    assert "• Night shift" in card.text and "you, in a private chat" not in card.text
    tid = await active_tracker_id(app, owner)
    assert await app.ctx.alerts.subscriptions.get(owner.id, tid) is None  # the owner chose the team
