"""Alerts through the whole stack: the engine ticking against the emulator, the outbox, the sender,
the fake Telegram, and the buttons. Ticks are driven by the test (engine.tick()) and time by moving
the application clock (the bot's, its database's and the emulator's: ``clock.offset += …``), so
nothing waits for wall-clock minutes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.app import BotApp
from services.clock import ShiftedClock
from storage import Database
from storage.alerts import AlertRule
from storage.oncall import Rotation
from storage.outbox import OutboxRepo
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

RULE = "Main is down"

Setup = tuple[FakeUser, BotApp, ShiftedClock]


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    app = await runner.start()
    person = tg.user(7501, first_name="Ivan")
    await add_tracker(person, keitaro)
    assert app.alerting.ctx.now is clock  # the engine, the sender and the buttons read the app's clock
    return person, app, clock




async def down_rule(app: BotApp, user: FakeUser, *, chats: list[int] | None = None) -> AlertRule:
    tid = await active_tracker_id(app, user)
    for chat in chats or [user.id]:
        await app.alerting.ctx.subscriptions.subscribe(chat, tid, user.id, "private", None, "en", "info")
    return await app.alerting.ctx.alerts.create(
        user.id, tid, "tracker_down", RULE, None, {"failures": 2}, "critical"
    )


async def delivered(app: BotApp, timeout: float = 15) -> None:
    """Wait (polling, not sleeping a fixed time) until the sender has sent everything queued."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await app.alerting.ctx.outbox.pending_count():
        assert loop.time() < deadline, "the outbox did not drain"
        await asyncio.sleep(0.02)


def about(tg: FakeTelegram, chat: int) -> list[BotMessage]:
    return [m for m in tg.bot_messages(chat) if RULE in m.text]


async def test_down_fires_once_and_resolves_once(
    setup: Setup, keitaro: KeitaroEmulator, tg: FakeTelegram
) -> None:
    user, app, clock = setup
    await down_rule(app, user)
    engine = app.alerting.engine
    keitaro.mode = "down"
    await engine.tick()  # 1st failure: pending, nothing sent
    await delivered(app)
    assert about(tg, user.id) == []
    await engine.tick()  # 2nd failure in a row: fires
    fired = await user.expect(RULE)
    # the first line says what is wrong in plain words (issue 19), then where
    assert fired.text.startswith(
        "🔴 Tracker unreachable: server error (5xx)\n🔴 CRITICAL · Main\nMain is down (Tracker down)\n"
    )
    assert "The tracker has not answered 2 checks in a row:" in fired.text
    assert "Value" not in fired.text and "Worst" not in fired.text  # a count of failures means nothing
    labels = [b for row in fired.buttons() for b in row]
    assert labels[:2] == ["🔌 Check", "✅ Ack"] and "📜 Logs" in labels  # the check comes first
    assert "📊 Open report" not in labels
    for _ in range(3):  # still down: no second alert, no repeat before the repeat interval
        clock.offset += timedelta(minutes=5)
        await engine.tick()
    await delivered(app)
    assert len(about(tg, user.id)) == 1
    keitaro.mode = "normal"
    await engine.tick()
    resolved = await user.expect("✅ Resolved · Main")
    assert RULE in resolved.text and "Lasted" in resolved.text and "Worst" not in resolved.text
    await engine.tick()
    await delivered(app)
    messages = about(tg, user.id)
    assert len(messages) == 2  # one alert, one resolve
    assert messages[0].buttons() == [["📜 Timeline"]], "a resolved alert keeps only its timeline"


async def fire_down(app: BotApp, user: FakeUser, keitaro: KeitaroEmulator) -> BotMessage:
    """A tracker-down rule, the tracker down for two ticks: the alert as the user got it."""
    await down_rule(app, user)
    keitaro.mode = "down"
    await app.alerting.engine.tick()
    await app.alerting.engine.tick()
    return await user.expect(RULE)


async def test_check_and_logs_buttons_of_a_tracker_down_alert(
    setup: Setup, keitaro: KeitaroEmulator, tg: FakeTelegram
) -> None:
    """🔌 Check asks the tracker again and says what it answered; 📜 Logs opens its postback log."""
    user, app, _clock = setup
    fired = await fire_down(app, user, keitaro)
    query = await user.press("🔌 Check", message=fired)
    assert (await user.callback_answer(query))["text"] == "🔌 Checking…"
    failed = await user.expect("🔌 Main: the tracker still does not answer.")
    assert len(failed.text.splitlines()) == 2  # and why, in one sentence
    keitaro.mode = "normal"
    await user.press("🔌 Check", message=fired)
    ok = await user.expect("🔌 Main: the tracker answers (")
    assert ok.text.endswith("ms). The alert resolves at the next check.")
    await user.press("📜 Logs", message=fired)
    await user.expect("📜 Postbacks log — Main")


@pytest.mark.date_sensitive
async def test_ack_stops_repeats_and_a_snooze_expires_and_renotifies(
    setup: Setup, keitaro: KeitaroEmulator, tg: FakeTelegram
) -> None:
    user, app, clock = setup
    first = await fire_down(app, user, keitaro)
    engine = app.alerting.engine
    clock.offset += timedelta(hours=1, minutes=1)  # critical repeats every hour while not acked
    await engine.tick()
    await user.expect("🔁 Alert still open")
    await delivered(app)
    count = len(about(tg, user.id))
    await user.press("💤 1 h", message=first)
    await user.expect("Snoozed until", kind="edited")
    clock.offset += timedelta(minutes=30)  # snoozed: silence
    await engine.tick()
    await delivered(app)
    assert len(about(tg, user.id)) == count
    clock.offset += timedelta(hours=1)  # the snooze has expired: notified again
    await engine.tick()
    await user.expect("🔁 Alert still open")
    await delivered(app)
    count = len(about(tg, user.id))
    await user.press("✅ Ack", message=first)
    await user.expect("✅ Acked by Ivan at ", kind="edited")
    for _ in range(3):  # acked: no more repeats, however long it lasts
        clock.offset += timedelta(hours=2)
        await engine.tick()
    await delivered(app)
    assert len(about(tg, user.id)) == count


@pytest.mark.date_sensitive
async def test_escalation_reaches_the_team_chat_when_nobody_acks(
    setup: Setup, keitaro: KeitaroEmulator, tg: FakeTelegram
) -> None:
    user, app, clock = setup
    team = tg.group(-100500, title="Media team")
    ctx = app.alerting.ctx
    await down_rule(app, user)
    tid = await active_tracker_id(app, user)
    today = clock().date()
    await ctx.oncall.save(
        Rotation(tracker_id=tid, rotation="weekly", people=(user.id,), handover="00:00", timezone="UTC",
                 started_on=today - timedelta(days=1), backup_id=None, team_chat_id=team.id,
                 escalate_minutes=10, max_repeats=2)
    )  # fmt: skip
    engine = app.alerting.engine
    keitaro.mode = "down"
    await engine.tick()
    await engine.tick()
    await user.expect(RULE)  # the person on duty first, in private
    await delivered(app)
    assert [m for m in tg.bot_messages(team.id) if RULE in m.text] == []
    clock.offset += timedelta(minutes=11)  # nobody acked within 10 minutes
    await engine.tick()
    await delivered(app)
    await wait_until(lambda: any(RULE in m.text for m in tg.bot_messages(team.id)), what="escalation")
    escalated = [m for m in tg.bot_messages(team.id) if RULE in m.text]
    assert len(escalated) == 1 and "Escalated" in escalated[0].text


async def test_queued_before_a_restart_is_delivered_exactly_once(
    setup: Setup, keitaro: KeitaroEmulator, tg: FakeTelegram, runner: BotRunner
) -> None:
    user, app, _clock = setup
    await down_rule(app, user)
    keitaro.mode = "down"
    await runner.stop()  # the bot is down; notifications are written to its outbox meanwhile
    db = Database(runner.settings().database_path, clock=runner.clock)
    await db.open()
    try:
        outbox = OutboxRepo(db)
        for n in range(3):
            assert await outbox.enqueue(user.id, {"type": "text", "key": "alerts-kind-tracker_down"},
                                        dedup_key=f"restart-test:{n}")  # fmt: skip
        assert not await outbox.enqueue(user.id, {"type": "text", "key": "x"}, dedup_key="restart-test:0")
    finally:
        await db.close()
    before = len([m for m in tg.bot_messages(user.id) if m.text == "Tracker down"])
    app = await runner.start()
    await delivered(app)
    await wait_until(
        lambda: len([m for m in tg.bot_messages(user.id) if m.text == "Tracker down"]) == before + 3,
        what="the queued notifications",
    )
    app = await runner.restart()  # nothing is sent twice after another restart
    await delivered(app)
    assert len([m for m in tg.bot_messages(user.id) if m.text == "Tracker down"]) == before + 3
