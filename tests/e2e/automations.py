"""Shared set-up of the automations end-to-end tests (issue 17): the owner with a tracker, a rule with
an action, waiting for what a message says now, and the tracker's automation audit."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.app import BotApp
from services.clock import ShiftedClock
from storage.alerts import AlertRule
from storage.audit import AuditEntry
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

RULE = "Losing money"
# ROI below an unreachable bar over the last 7 days, any spend: every campaign of the emulator with
# spend fires (1 FB US Nutra, 3 Push BR Sweeps; 2 TT DE Gambling is disabled)
PARAMS: dict[str, Any] = {"window_hours": 168, "fire_below": 99_999, "resolve_above": 100_000,
                          "min_cost": 1, "for_seconds": 0}  # fmt: skip

Setup = tuple[FakeUser, BotApp, ShiftedClock]


async def start(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock) -> Setup:
    """The bot started, Olga with the tracker "Main" (each test module's ``setup`` fixture)."""
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
