"""Storms (issue 19, part 2) through the whole stack: the engine ticking against the emulator, the
outbox, the sender, the fake Telegram (with Telegram's flood limits enforced), and the group
message's buttons. Time moves with the application clock; nothing waits for wall-clock minutes."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import BotApp
from services.clock import ShiftedClock
from storage.alerts import AlertRule
from tests.conftest import BotRunner
from tests.e2e.automations import settled, showing
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

# ROI below an unreachable bar on campaign 1 (FB US Nutra): fires at the first tick
FIRING: dict[str, Any] = {"window_hours": 168, "fire_below": 99_999, "resolve_above": 100_000,
                          "min_cost": 1, "for_seconds": 0}  # fmt: skip
# the same rule with a bar every campaign clears: resolves
CLEAR: dict[str, Any] = {"window_hours": 168, "fire_below": -100, "resolve_above": -99.9,
                         "min_cost": 1, "for_seconds": 0}  # fmt: skip
TEAM = -100777

Setup = tuple[FakeUser, BotApp, ShiftedClock]


@pytest.fixture
async def setup(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    app = await runner.start()
    person = tg.user(7901, first_name="Ivan")
    await add_tracker(person, keitaro)
    return person, app, clock


async def storm(
    app: BotApp,
    user: FakeUser,
    count: int,
    *,
    critical: int = 0,
    team: bool = True,
    private: int | None = None,
) -> list[AlertRule]:
    """``count`` "ROI below" rules on one campaign (the first ``critical`` of them critical), heard in
    a private chat (the user's by default) and (``team``) in the team chat."""
    ctx = app.alerting.ctx
    tid = await active_tracker_id(app, user)
    await ctx.subscriptions.subscribe(private or user.id, tid, user.id, "private", None, "en", "info")
    if team:
        await ctx.subscriptions.subscribe(TEAM, tid, user.id, "group", "Media team", "en", "info")
    rules = []
    for n in range(1, count + 1):
        severity = "critical" if n <= critical else "warning"
        rules.append(
            await ctx.alerts.create(user.id, tid, "roi_below", f"Storm rule {n:02d}", 1, FIRING, severity)
        )
    return rules


def from_bot(tg: FakeTelegram, chat: int) -> list[BotMessage]:
    return [m for m in tg.bot_messages(chat) if "Storm rule" in m.text or "alerts at once" in m.text]


def too_many(tg: FakeTelegram) -> list[Any]:
    return [c for c in tg.calls if c.status == 429]


async def test_a_storm_of_twenty_rules_is_one_message_per_chat(setup: Setup, tg: FakeTelegram) -> None:
    user, app, _clock = setup
    tg.group(TEAM, title="Media team")
    duty = tg.user(7902, first_name="Olga")  # a quiet private chat (the owner's just added the tracker)
    await duty.send("/start")
    await duty.expect("on-call helper")
    tg.enforce_rate_limits()  # Telegram's flood limits: a 429 for anything above them
    await storm(app, user, 20, critical=3, private=duty.id)
    await app.alerting.engine.tick()
    await settled(app)
    assert from_bot(tg, user.id) == []  # not subscribed: the owner's chat hears nothing
    for chat in (duty.id, TEAM):
        messages = from_bot(tg, chat)
        assert len(messages) == 1, [m.text for m in messages]
        text = messages[0].text
        assert text.startswith("🔴 20 alerts at once · Main")
        listed = [line for line in text.splitlines() if "Storm rule" in line]
        assert len(listed) == 8  # the top 8 ...
        assert all(line.startswith("🔴") for line in listed[:3]) and "🔴" not in "".join(listed[3:])
        assert "+12 more · 📋 Show all" in text  # ... and the rest behind a button
        assert "Acked: 0 of 20 · Resolved: 0 of 20" in text
        assert messages[0].buttons() == [["✅ Ack all"], ["💤 All 1 h", "💤 All 4 h"], ["📋 Show all (20)"]]
    assert too_many(tg) == []
    alerts = await app.alerting.ctx.alerts.list_open()
    assert len(alerts) == 20 and all(a.last_notified_at is not None for a in alerts)
    await app.alerting.engine.tick()  # the next tick: still firing, nothing new is said
    await settled(app)
    assert len(from_bot(tg, duty.id)) == 1 and len(from_bot(tg, TEAM)) == 1


async def test_ack_all_snooze_all_show_all_and_one_by_one(setup: Setup, tg: FakeTelegram) -> None:
    user, app, _clock = setup
    tg.group(TEAM, title="Media team")
    await storm(app, user, 12)
    await app.alerting.engine.tick()
    group = await user.expect("12 alerts at once")
    await settled(app)
    # 📋 Show all: every alert numbered, each with its own buttons, and back
    await user.press("📋 Show all (12)", message=group)
    full = await user.expect("All alerts of this message", kind="edited")
    assert sum(1 for line in full.text.splitlines() if "Storm rule" in line) == 12
    assert full.buttons()[0] == ["✅ 1", "💤 1 · 1 h"] and full.buttons()[-1] == ["⬅️ Back"]
    first_line = next(line for line in full.text.splitlines() if line.startswith("1. "))
    query = await user.press("✅ 1", message=full)
    assert (await user.callback_answer(query))["text"] == "✅ 1 alert is yours: no more repeats."
    one = await user.expect("✅ Ivan", kind="edited")
    assert "Acked: 1 of 12" in one.text
    acked_line = next(line for line in one.text.splitlines() if line.startswith("1. "))
    assert acked_line.startswith(first_line) and acked_line.endswith("✅ Ivan")
    await user.press("💤 2 · 1 h", message=one)
    await user.expect("💤 until", kind="edited")
    await user.press("⬅️ Back", message=one)
    back = await user.expect("12 alerts at once", kind="edited")
    # ✅ Ack all: the other eleven; the team chat's message follows through the outbox
    query = await user.press("✅ Ack all", message=back)
    assert (await user.callback_answer(query))["text"] == "✅ 11 alerts are yours: no more repeats."
    acked = await user.expect("Acked: 12 of 12", kind="edited")
    assert acked.buttons() == [["💤 All 1 h", "💤 All 4 h"], ["📋 Show all (12)"]]  # nothing left to ack
    await settled(app)
    team_message = from_bot(tg, TEAM)
    assert len(team_message) == 1 and "Acked: 12 of 12" in team_message[0].text
    assert all(a.acked_by == user.id for a in await app.alerting.ctx.alerts.list_open())
    # 💤 All 4 h
    query = await user.press("💤 All 4 h", message=acked)
    assert (await user.callback_answer(query))["text"].startswith("💤 12 alerts snoozed until")
    audit = await app.ctx.audit.for_tracker(await active_tracker_id(app, user), limit=100)
    assert sum(1 for e in audit if e.action == "alert.ack") == 12
    assert sum(1 for e in audit if e.action == "alert.snooze") == 12 + 1


async def test_a_stranger_cannot_press_the_group_buttons(setup: Setup, tg: FakeTelegram) -> None:
    user, app, _clock = setup
    team = tg.group(TEAM, title="Media team")
    stranger = tg.user(7999, first_name="Eve")
    await storm(app, user, 3)
    await app.alerting.engine.tick()
    await settled(app)
    message = from_bot(tg, TEAM)[0]
    eve = stranger.in_group(team)
    query = await eve.press("✅ Ack all", message=message)
    assert "Only the tracker's owner" in (await eve.callback_answer(query))["text"]
    assert all(a.acked_by is None for a in await app.alerting.ctx.alerts.list_open())


async def test_grouped_resolution_partial_then_whole(setup: Setup, tg: FakeTelegram) -> None:
    user, app, _clock = setup
    rules = await storm(app, user, 6, team=False)
    engine, repo = app.alerting.engine, app.alerting.ctx.alerts
    await engine.tick()
    await user.expect("6 alerts at once")
    await settled(app)
    for rule in rules[:2]:  # two of them clear: the message marks them, no message of their own
        await repo.update(rule.tracker_id, rule.id, params=CLEAR)
    await engine.tick()
    partial = await showing(user, "Resolved: 2 of 6")
    assert partial.text.count("✅ Storm rule") == 2  # their lines marked
    await settled(app)
    assert [m for m in tg.bot_messages(user.id) if "Resolved" in m.text and "alerts on" in m.text] == []
    for rule in rules[2:]:
        await repo.update(rule.tracker_id, rule.id, params=CLEAR)
    await engine.tick()
    done = await user.expect("✅ Resolved: 6 alerts on Main")  # the whole group, in one message
    assert "Lasted" in done.text and done.buttons() in (None, [])
    await settled(app)
    over = [m for m in tg.bot_messages(user.id) if "Resolved:" in m.text and "alerts on Main" in m.text]
    assert len(over) == 1
    group = next(m for m in tg.bot_messages(user.id) if "alerts at once" in m.text)
    assert not group.buttons() and "Resolved: 6 of 6" in group.text
    assert "Storm rule" not in "".join(
        m.text for m in tg.bot_messages(user.id) if m.text.startswith("✅ Resolved ·")
    )


async def test_a_tracker_down_pauses_metric_rules_and_they_come_back_as_one_message(
    setup: Setup, keitaro: KeitaroEmulator, tg: FakeTelegram
) -> None:
    user, app, _clock = setup
    ctx, engine = app.alerting.ctx, app.alerting.engine
    tid = await active_tracker_id(app, user)
    rules = await storm(app, user, 5, team=False)
    for rule in rules:  # quiet while the tracker is fine
        await ctx.alerts.update(tid, rule.id, params=CLEAR)
    await ctx.alerts.create(user.id, tid, "tracker_down", "Main is down", None, {"failures": 2}, "critical")
    await engine.tick()
    keitaro.mode = "down"
    await engine.tick()
    await engine.tick()
    down = await user.expect("Main is down")
    assert "5 rules paused while the tracker is unreachable" in down.text
    for rule in rules:  # meanwhile their condition became true
        await ctx.alerts.update(tid, rule.id, params=FIRING)
    await engine.tick()  # still down: they cannot say anything
    await settled(app)
    assert from_bot(tg, user.id) == []
    keitaro.mode = "normal"
    await engine.tick()  # back: the tracker-down alert resolves, the five fire -- as one message
    await user.expect("✅ Resolved · Main")
    storm_message = await user.expect("5 alerts at once")
    assert sum(1 for line in storm_message.text.splitlines() if "Storm rule" in line) == 5
    await settled(app)
    assert len(from_bot(tg, user.id)) == 1


async def test_in_russian(setup: Setup, tg: FakeTelegram) -> None:
    user, app, _clock = setup
    tg.group(TEAM, title="Медиабаинг")
    ctx = app.alerting.ctx
    tid = await active_tracker_id(app, user)
    rules = await storm(app, user, 3, team=False)
    await ctx.subscriptions.subscribe(TEAM, tid, user.id, "group", "Медиабаинг", "ru", "info")
    await app.alerting.engine.tick()
    await settled(app)
    group = [m for m in tg.bot_messages(TEAM) if "сразу" in m.text]
    assert len(group) == 1 and group[0].text.startswith("🟠 3 алерта сразу · Main")
    assert "Взяли: 0 из 3 · Отбой: 0 из 3" in group[0].text
    assert group[0].buttons() == [
        ["✅ Беру все"],
        ["💤 Все на 1 ч", "💤 Все на 4 ч"],
        ["📋 Показать все (3)"],
    ]
    for rule in rules:
        await ctx.alerts.update(tid, rule.id, params=CLEAR)
    await app.alerting.engine.tick()
    await settled(app)
    assert [
        m.text.splitlines()[0] for m in tg.bot_messages(TEAM) if "Отбой:" in m.text and "Длилось" in m.text
    ] == ["✅ Отбой: 3 алерта · Main"]


async def test_a_reply_to_the_group_message_is_a_note_on_each_of_its_alerts(setup: Setup) -> None:
    user, app, _clock = setup
    await storm(app, user, 3, team=False)
    await app.alerting.engine.tick()
    group = await user.expect("3 alerts at once")
    await settled(app)
    await user.reply(group, "CPC doubled at 01:00, asking the source")
    await user.expect("📝 Note added to the timeline")
    repo = app.alerting.ctx.alerts
    for alert in await repo.list_open():
        notes = [e for e in await repo.events.of_alert(alert.id) if e.kind == "note"]
        assert [(n.actor_id, n.detail["text"]) for n in notes] == [
            (user.id, "CPC doubled at 01:00, asking the source")
        ]
