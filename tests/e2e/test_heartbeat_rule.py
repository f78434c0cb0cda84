"""A tracker heartbeat rule through the whole stack (issue 19, part 4): made from /alerts step by
step, its preview at night says "quiet hours" (the emulator's traffic stops every night), it does
not fire at night, fires once in the day when clicks stop, and resolves on the first click. The
clock is the test's: nothing waits for real hours."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import BotApp
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, speak_russian
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

NIGHT = range(0, 7)  # UTC hours (the tracker's time zone is UTC) with no traffic on any day


def nights_off(keitaro: KeitaroEmulator) -> None:
    """Traffic that stops every night: no click (nor conversion) from 00:00 to 07:00."""

    def night(ts: float) -> bool:
        return datetime.fromtimestamp(ts, UTC).hour in NIGHT

    keitaro.state.clicks = [c for c in keitaro.state.clicks if not night(c["_ts"])]
    keitaro.state.conversions = [c for c in keitaro.state.conversions if not night(c["_click_ts"])]


async def delivered(app: BotApp, timeout: float = 15) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await app.alerting.ctx.outbox.pending_count():
        assert loop.time() < deadline, "the outbox did not drain"
        await asyncio.sleep(0.02)


def about(tg: FakeTelegram, user: FakeUser) -> list[str]:
    return [m.text for m in tg.bot_messages(user.id) if "No clicks at all" in m.text]


async def make_rule(user: FakeUser) -> None:
    await user.send("/alerts")
    await user.expect("Alerts")
    await user.press("New rule")
    kinds = await user.expect("What should it watch?")
    assert "Heartbeat — No clicks in busy hours." in kinds.text
    await user.press("Heartbeat")
    await user.expect("watch the whole tracker or one campaign?")
    await user.press("Whole tracker")
    step = await user.expect("Step 1 of 5")
    assert "How long without a single click is an outage?" in step.text
    await user.send("10")  # below the least silence the tracker's hourly numbers can tell
    await user.expect("must be at least 15 min")
    await user.send("45m")
    await user.expect("Step 2 of 5")
    await user.press("Off")  # clicks, not conversions
    await user.expect("Step 3 of 5")
    await user.press("Off")  # the whole tracker, not each traffic source
    step = await user.expect("Step 4 of 5")
    assert "previous days" in step.text
    await user.press("Keep 7")
    await user.expect("Step 5 of 5")
    await user.press("Keep 5")
    await user.expect("How urgent is it?")
    await user.press("Critical")
    await user.expect("check and save")


@pytest.mark.day_time(3)
async def test_silent_at_night_fires_in_the_day_when_clicks_stop_once_and_resolves(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    app = await runner.start()
    user = tg.user(7701, first_name="Nina")
    await add_tracker(user, keitaro)
    nights_off(keitaro)
    await make_rule(user)
    await user.press("🔍 Check now")
    preview = await user.expect("Now:")
    assert "quiet hours: no traffic is usual at this time of day" in preview.text
    assert "would alert" not in preview.text
    await user.press("Save")
    await user.expect("Who should hear its alerts?")
    await user.press("Me, privately")
    await user.expect("saved")
    tid = await active_tracker_id(app, user)
    [rule] = await app.alerting.ctx.alerts.list_for_tracker(tid)
    assert rule.kind == "heartbeat" and rule.params["silence_minutes"] == 45

    engine = app.alerting.engine
    for _ in range(3):  # the night goes on without a click: nobody is paged
        await engine.tick()
        clock.offset += timedelta(minutes=30)
    await delivered(app)
    assert about(tg, user) == []
    [state] = await app.alerting.ctx.alerts.states_of(rule.id)
    assert state.state == "ok" and state.note == "quiet_hours"

    clock.offset += timedelta(hours=9, minutes=30)  # 14:00: traffic normally flows, none comes
    await engine.tick()
    fired = await user.expect("No clicks at all")
    assert fired.text.startswith("🔴 No clicks at all for 45 min") and "🔴 CRITICAL · Main" in fired.text
    assert "No clicks at all for 45 min, although about" in fired.text
    assert "usually come at this time of day (median of the previous 7 days)" in fired.text
    for _ in range(2):  # still silent: no second message
        clock.offset += timedelta(minutes=5)
        await engine.tick()
    await delivered(app)
    assert len(about(tg, user)) == 1

    now = clock().timestamp()
    keitaro.state.clicks.append(dict(keitaro.state.clicks[-1], _ts=now - 60))  # the first click
    await engine.tick()
    resolved = await user.expect("✅ Resolved · Main")
    assert "Heartbeat" in resolved.text


@pytest.mark.day_time(14)
async def test_in_russian_per_traffic_source(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    """Каждый источник трафика отдельно: молчит источник кампании 1 — алерт по-русски называет его."""
    app = await runner.start()
    user = tg.user(7702, first_name="Пётр")
    await add_tracker(user, keitaro)
    await speak_russian(user)
    cut = (clock() - timedelta(hours=3)).timestamp()
    keitaro.state.clicks = [c for c in keitaro.state.clicks if c["campaign_id"] != 1 or c["_ts"] < cut]
    tid = await active_tracker_id(app, user)
    await app.alerting.ctx.subscriptions.subscribe(user.id, tid, user.id, "private", None, "ru", "info")
    params = {"silence_minutes": 120, "per_source": True, "min_usual": 3}
    await app.alerting.ctx.alerts.create(user.id, tid, "heartbeat", "Пульс FB", None, params, "critical")
    await app.alerting.engine.tick()
    fired = await user.expect("Нет кликов от источника трафика #3 уже 2 ч")
    assert fired.text.startswith("🔴 Ни одного клика уже") and "🔴 КРИТИЧНО · Main" in fired.text
    assert "хотя в это время суток их обычно около" in fired.text
    assert "(медиана за 7 прошлых дней)" in fired.text
    await delivered(app)
    assert sum("Нет кликов" in m.text for m in tg.bot_messages(user.id)) == 1  # the other sources flow
