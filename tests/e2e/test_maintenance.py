"""Maintenance windows through the whole stack (issue 19, part 3): /maintenance in the chat, the
engine ticking against the emulator with the simulated clock, the outbox, the sender and the fake
Telegram: the start and the end are announced, nothing about a covered rule is sent in between,
a daily window silences every night and only then, and a viewer is refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from alerts.maintenance import repo_of
from bot.app import BotApp
from services.clock import ShiftedClock
from storage.alerts import AlertRule
from storage.timefmt import to_iso
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.e2e.team import owner_and_member
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

pytestmark = pytest.mark.date_sensitive  # windows compare times

RULE = "Main is down"
ZONE = "Europe/Moscow"  # UTC+3 all year: 03:00 there is 00:00 UTC


async def delivered(app: BotApp, timeout: float = 15) -> None:
    """Wait (polling) until the sender has sent everything queued."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await app.alerting.ctx.outbox.pending_count():
        assert loop.time() < deadline, "the outbox did not drain"
        await asyncio.sleep(0.02)


async def down_rule(app: BotApp, user: FakeUser) -> AlertRule:
    tid = await active_tracker_id(app, user)
    await app.alerting.ctx.subscriptions.subscribe(user.id, tid, user.id, "private", None, "en", "info")
    return await app.alerting.ctx.alerts.create(
        user.id, tid, "tracker_down", RULE, None, {"failures": 2}, "critical"
    )


def about(tg: FakeTelegram, chat: int, text: str = RULE) -> list[BotMessage]:
    return [m for m in tg.bot_messages(chat) if text in m.text]


async def ticks(app: BotApp, n: int = 1) -> None:
    for _ in range(n):
        await app.alerting.engine.tick()
    await delivered(app)


async def new_window(
    user: FakeUser, *, button: str | None = None, typed: str | None = None, daily: bool
) -> BotMessage:
    await user.send("/maintenance")
    await user.expect("🛠 Maintenance")
    await user.press("➕ New")
    await user.expect("What should be silenced?")
    await user.press("The whole tracker")
    await user.expect("When should the whole tracker be silent?")
    if button is not None:
        await user.press(button)
    else:
        assert typed is not None
        await user.send(typed)
    await user.expect("Repeat it every day")
    await user.press("🔁 Every day" if daily else "Just once")
    await user.expect("🛠 Maintenance\nSilenced: the whole tracker")
    await user.press("✅ Create")
    return await user.expect("✅ Maintenance saved.")


@pytest.mark.day_time(12)
async def test_now_for_two_hours_silences_and_sums_up(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    app = await runner.start()
    user = tg.user(7601, first_name="Ivan")
    await add_tracker(user, keitaro)
    await down_rule(app, user)
    listing = await new_window(user, button="Now for 2 h", daily=False)
    assert "1. ▶️ now: the whole tracker · until" in listing.text
    assert "by Ivan" in listing.text
    await ticks(app)
    started = await user.expect("🛠 Maintenance started · Main")
    assert "Silenced: the whole tracker until" in started.text
    keitaro.mode = "down"  # would fire after two failed checks
    for _ in range(4):
        clock.offset += timedelta(minutes=10)
        await ticks(app)
    assert about(tg, user.id) == []  # nothing about the rule during maintenance
    (alert,) = await app.alerting.ctx.alerts.list_open()  # but the alert is there
    assert alert.rule_id is not None
    clock.offset += timedelta(hours=2)
    await ticks(app, 2)  # a repeated tick announces nothing twice
    ended = await user.expect("✅ Maintenance over · Main")
    assert "During maintenance: 1 alert suppressed, 1 still firing." in ended.text
    assert len(about(tg, user.id, "Maintenance started")) == len(about(tg, user.id, "Maintenance over")) == 1


async def _to_moscow(app: BotApp, user: FakeUser) -> int:
    tid = await active_tracker_id(app, user)
    assert await app.ctx.trackers.set_timezone(user.id, tid, ZONE)
    return tid


def _move_to(clock: ShiftedClock, target: datetime) -> None:
    clock.offset += target - clock()


@pytest.mark.day_time(12)
async def test_a_daily_window_silences_two_nights_and_not_at_four(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    app = await runner.start()
    user = tg.user(7602, first_name="Ivan")
    await add_tracker(user, keitaro)
    await _to_moscow(app, user)
    await down_rule(app, user)
    listing = await new_window(user, typed="03:00-03:30", daily=True)
    assert "1. ⏳ planned: the whole tracker" in listing.text
    assert "every day 03:00–03:30 (30 min)" in listing.text
    night = clock().astimezone(ZoneInfo(ZONE)).date() + timedelta(days=1)
    for n in range(2):
        day = night + timedelta(days=n)
        _move_to(
            clock, datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(ZONE)) + timedelta(hours=3)
        )
        keitaro.mode = "down"
        for _ in range(2):  # 03:00, 03:10 Moscow: the tracker is down and the rule fires
            await ticks(app)
            clock.offset += timedelta(minutes=10)
        keitaro.mode = "normal"
        await ticks(app)  # 03:20: back, the alert resolves (quietly, like a muted rule's)
        assert about(tg, user.id) == [], f"night {n + 1}"
        clock.offset += timedelta(minutes=10)
        await ticks(app)  # 03:30: over
        ended = about(tg, user.id, "Maintenance over")
        assert len(ended) == n + 1
        assert "1 alert suppressed, 0 still firing" in ended[-1].text
        assert len(about(tg, user.id, "Maintenance started")) == n + 1
    # the second night at 04:00: not silenced any more
    _move_to(clock, datetime.combine(night + timedelta(days=1), datetime.min.time(), tzinfo=ZoneInfo(ZONE))
             + timedelta(hours=4))  # fmt: skip
    assert clock().astimezone(UTC).hour == 1
    keitaro.mode = "down"
    await ticks(app, 2)
    fired = await user.expect(RULE)
    assert fired.text.startswith("🔴 Tracker unreachable") and "🔴 CRITICAL · Main" in fired.text


async def test_a_viewer_is_refused(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> None:
    await runner.start()
    _owner, viewer, _tracker = await owner_and_member(tg, keitaro, runner, (7603, 7604), "viewer")
    await viewer.send("/maintenance")
    refused = await viewer.expect("🔒 Your role on")
    assert "viewer" in refused.text and "it does not allow this" in refused.text
    assert "➕ New" not in [b for row in refused.buttons() for b in row]


@pytest.mark.day_time(12)
async def test_bad_periods_are_refused_and_the_step_keeps_its_choice(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    await runner.start()
    user = tg.user(7605, first_name="Ivan")
    await add_tracker(user, keitaro)
    await user.send("/maintenance")
    await user.expect("No maintenance planned.")
    await user.press("➕ New")
    await user.expect("What should be silenced?")
    await user.press("The whole tracker")
    await user.expect("When should the whole tracker be silent?")
    for typed, reason in (
        ("tomorrow", "is not a period I understand"),
        ("2020-01-01 01:00 - 03:00", "is over already"),
        ("2099-01-02 01:00 - 2099-01-01 03:00", "the end must come after the start"),
        ("2099-01-01 01:00 - 2099-01-20 03:00", "is too long: maintenance lasts at most 7 days"),
        ("25:00-26:00", "is not a period I understand"),
    ):
        await user.send(typed)
        answer = await user.expect(reason)
        assert f"“{typed}”" in answer.text
        assert "When should the whole tracker be silent?" in answer.text  # the same step, its choice kept
    await user.send_photo()
    await user.expect("I need a text message here.")
    tomorrow = (clock() + timedelta(days=1)).date().isoformat()
    await user.send(f"{tomorrow} 01:00 - 03:00")
    asked = await user.expect("Repeat it every day at 01:00?")
    assert asked.text.startswith("the whole tracker: ")  # the choice made before the refusals


@pytest.mark.day_time(12)
async def test_ending_maintenance_early_is_announced_and_audited(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    user = tg.user(7606, first_name="Ivan")
    await add_tracker(user, keitaro)
    await down_rule(app, user)
    listing = await new_window(user, button="Now for 1 h", daily=False)
    assert "⏹ End 1 now" in [b for row in listing.buttons() for b in row]
    await ticks(app)
    await user.expect("🛠 Maintenance started · Main")
    await user.press("⏹ End 1 now", message=listing)
    after = await user.expect("⏹ Maintenance ended.")
    assert "No maintenance planned." in after.text
    await ticks(app, 2)
    ended = await user.expect("✅ Maintenance over · Main (ended early)")
    assert "During maintenance: 0 alerts suppressed, 0 still firing." in ended.text
    actions = [e.action for e in await app.ctx.audit.for_user(user.id)]
    assert "maintenance.create" in actions and "maintenance.end" in actions
    assert len(about(tg, user.id, "Maintenance over")) == 1


@pytest.mark.day_time(12)
async def test_a_campaign_from_the_alerts_screen(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    user = tg.user(7607, first_name="Ivan")
    await add_tracker(user, keitaro)
    await user.send("/alerts")
    alerts = await user.expect("🚨 Alerts")
    await user.press("🛠 Maintenance", message=alerts)
    await user.expect("No maintenance planned.")
    await user.press("➕ New")
    await user.expect("What should be silenced?")
    await user.press("A campaign")
    picker = await user.expect("Which campaign?")
    label = picker.buttons()[0][0]
    name, _, campaign_id = label.rpartition(" · ")
    await user.press(label, message=picker)
    await user.expect(f"When should campaign “{name}” be silent?")
    await user.press("Now for 30 min")
    await user.expect("Repeat it every day")
    await user.press("Just once")
    confirm = await user.expect(f"Silenced: campaign “{name}”")
    assert "(30 min, UTC)" in confirm.text
    await user.press("✅ Create")
    listing = await user.expect("✅ Maintenance saved.")
    assert f"▶️ now: campaign “{name}” · until" in listing.text
    tid = await active_tracker_id(app, user)
    (window,) = await repo_of(app.alerting.ctx).current(tid, to_iso(app.clock()))
    assert (window.target, window.campaign_id, window.label) == ("campaign", int(campaign_id), name)
