"""Team on-call (issue 16, point 5): alert buttons work for members by their role, and the rotation's
people are picked from the tracker's team (operator and up: a viewer cannot answer an alert)."""

from __future__ import annotations

import pytest

from bot.app import BotApp
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.e2e.team import join_team
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

RULE = "Main is down"
ROLE_TEXT = "Your role on Main is viewer: it does not allow this."


def shown(user: FakeUser) -> list[str]:
    """The buttons of the person's newest bot message (as it is now)."""
    last = user.last_bot_message()
    return [b for row in last.buttons() for b in row] if last is not None else []


@pytest.fixture
async def team(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> tuple[BotApp, FakeUser, FakeUser, FakeUser]:
    app = await runner.start()
    owner = tg.user(9500, first_name="Olga", username="olga")
    operator = tg.user(9501, first_name="Oleg", username="oleg")
    viewer = tg.user(9502, first_name="Vera", username="vera")
    await add_tracker(owner, keitaro)
    tid = await active_tracker_id(app, owner)
    for person in (operator, viewer):
        await person.send("/start")  # the bot knows their name
        await person.expect("Hi")
    await join_team(app, owner, operator, tid, "operator")
    await join_team(app, owner, viewer, tid, "viewer")
    return app, owner, operator, viewer


async def test_an_operator_acks_in_their_chat_and_a_viewers_press_says_their_role(
    team: tuple[BotApp, FakeUser, FakeUser, FakeUser], keitaro: KeitaroEmulator
) -> None:
    app, owner, operator, viewer = team
    tid = await active_tracker_id(app, owner)
    subs = app.alerting.ctx.subscriptions
    for person in (operator, viewer):
        await subs.subscribe(person.id, tid, person.id, "private", None, "en", "info")
    await app.alerting.ctx.alerts.create(
        owner.id, tid, "tracker_down", RULE, None, {"failures": 2}, "critical"
    )
    keitaro.mode = "down"
    await app.alerting.engine.tick()
    await app.alerting.engine.tick()
    seen_by_viewer = await viewer.expect(RULE)
    seen_by_operator = await operator.expect(RULE)
    alert = (await app.alerting.ctx.alerts.list_open([tid]))[0]

    query = await viewer.press("✅ Ack", message=seen_by_viewer)
    answer = await viewer.callback_answer(query)
    assert ROLE_TEXT in answer["text"] and "<b>" not in answer["text"]  # a popup is plain text
    assert answer.get("show_alert")
    query = await viewer.press("💤 1 h", message=seen_by_viewer)
    assert "viewer" in (await viewer.callback_answer(query))["text"]
    still = await app.alerting.ctx.alerts.get_alert(alert.id)
    assert still is not None and still.acked_by is None and still.snoozed_until is None

    query = await operator.press("✅ Ack", message=seen_by_operator)
    assert (await operator.callback_answer(query))["text"] == "✅ The alert is yours: no more repeats."
    acked = await app.alerting.ctx.alerts.get_alert(alert.id)
    assert acked is not None and acked.acked_by == operator.id
    query = await operator.press("💤 1 h", message=seen_by_operator)
    assert "Snoozed" in (await operator.callback_answer(query))["text"]

    # the owner reads it in the tracker's audit, in the operator's name and role; the viewer's
    # refused presses left nothing there
    entries = [(e.user_id, e.role, e.action) for e in await app.ctx.audit.for_tracker(tid)]
    assert entries[:2] == [(operator.id, "operator", "alert.snooze"), (operator.id, "operator", "alert.ack")]
    assert not [e for e in entries if e[0] == viewer.id and e[2].startswith("alert.")]
    await owner.send("/trackers")
    await owner.expect("Your trackers")
    await owner.press("Main")
    await owner.expect("Time zone", kind="edited")
    await owner.press("Audit")
    audit = await owner.expect("— audit", kind="edited")
    assert f"(operator): acked the alert “{RULE}”" in audit.text
    assert f"(operator): snoozed the alert “{RULE}”" in audit.text


async def test_the_rotation_is_picked_from_the_team_and_a_viewer_is_not_on_call(
    team: tuple[BotApp, FakeUser, FakeUser, FakeUser],
) -> None:
    app, owner, operator, viewer = team
    tid = await active_tracker_id(app, owner)
    await owner.send("/oncall")
    await owner.expect("on-call rotation")
    await owner.press("👥 People")
    ask = await owner.expect("Who takes turns?", kind="edited")
    offered = [b for row in ask.buttons() for b in row]
    assert "Olga · owner" in offered and "Oleg · operator" in offered
    assert not any("Vera" in b for b in offered)  # a viewer cannot answer alerts: not offered
    await owner.press("Oleg · operator", message=ask)
    await wait_until(lambda: "✅ Oleg · operator" in shown(owner), what="Oleg ticked")
    rotation = await app.alerting.ctx.oncall.get(tid)
    assert rotation is not None and rotation.people == (operator.id,)
    await owner.press("Olga · owner")
    await wait_until(lambda: "✅ Olga · owner" in shown(owner), what="Olga ticked")
    rotation = await app.alerting.ctx.oncall.get(tid)
    assert rotation is not None and rotation.people == (operator.id, owner.id)

    # typed, a viewer of the team is refused with the reason; nothing typed is lost
    await owner.send("@oleg @vera")
    refusal = await owner.expect("Vera is a viewer on this tracker")
    assert "cannot be on call" in refusal.text
    rotation = await app.alerting.ctx.oncall.get(tid)
    assert rotation is not None and rotation.people == (operator.id, owner.id)
    # the viewer reads the rotation, and is told who sets it up
    await viewer.send("/oncall")
    read = await viewer.expect("a manager or the owner sets it up")
    assert "Oleg" in read.text or "oleg" in read.text
    assert not read.buttons()
