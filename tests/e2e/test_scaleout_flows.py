"""The end-to-end flows of the scale-out issue, each run twice: on SQLite in one process (the default),
and on PostgreSQL + Redis with two workers in webhook mode (``deployment``: two BotApps in this event
loop, one port, each with its own database pool, Redis client and dispatcher; the fake Telegram opens
a connection per push, so one person's updates land on either worker and the conversation lives
only in Redis and PostgreSQL).

The steps are those of the flows' own tests (their helpers are imported, not copied): onboarding
(tests/e2e/helpers.py), the postback test (test_postback.py), a write with undo (test_resources_write.py),
an alert that fires, is acknowledged and resolves (test_alerts_flow.py). On two workers each test also
checks that both workers handled some of the person's updates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram_dialog.api.entities import DialogUpdate

from bot.app import BotApp
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.e2e.test_alerts_flow import RULE, about, delivered, fire_down
from tests.e2e.test_postback import edit, latest_click, postbacks_received, to_summary
from tests.e2e.test_resources_write import open_campaign
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


class Counted(BaseMiddleware):
    """Counts the Telegram updates one worker handled."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update) and not isinstance(event, DialogUpdate):
            self.count += 1
        return await handler(event, data)


class Deployed:
    """The runner on the test's deployment, and how many updates each worker handled."""

    def __init__(self, runner: BotRunner) -> None:
        self.runner = runner
        self.counters: list[Counted] = []

    async def start(self) -> BotRunner:
        await self.runner.start()
        for app in self.runner.apps:
            counter = Counted()
            app.dp.update.outer_middleware(counter)
            self.counters.append(counter)
        return self.runner

    def check_workers(self) -> None:
        counts = [c.count for c in self.counters]
        assert len(counts) == self.runner.settings().workers
        assert all(counts), f"every worker handles some updates: {counts}"


@pytest.fixture
async def runner(
    tg: FakeTelegram, tmp_path: Path, clock: ShiftedClock, deployment: dict[str, Any]
) -> AsyncIterator[BotRunner]:
    r = BotRunner(tg, tmp_path, clock)
    r.overrides.update(deployment)
    try:
        yield r
    finally:
        await r.stop()


@pytest.fixture
async def deployed(runner: BotRunner) -> AsyncIterator[Deployed]:
    d = Deployed(runner)
    await d.start()
    yield d
    d.check_workers()


async def test_onboarding_adds_a_tracker(
    deployed: Deployed, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    app = deployed.runner.running
    user = tg.user(9101)
    card = await add_tracker(user, keitaro, name="Main", postback=keitaro.postback_url)
    assert "Tracker added" in card.text
    tracker = await app.ctx.trackers.find(await active_tracker_id(app, user))
    assert tracker is not None and tracker.name == "Main"
    await user.send("/trackers")
    listing = await user.expect("Your trackers")
    assert any("Main" in b for row in listing.buttons() for b in row)
    if app.settings.database_url is not None:
        assert app.db.dialect == "postgres" and app.redis is not None


async def test_postback_test_records_the_conversion(
    deployed: Deployed, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    for app in deployed.runner.apps:  # the verification polls fast, on whichever worker runs it
        app.ctx.postback_verify_interval = 0.05
        app.ctx.postback_verify_timeout = 3
    user = tg.user(9102)
    await add_tracker(user, keitaro, postback=keitaro.postback_url)
    summary = await to_summary(user, latest_click(keitaro))
    assert "Status: lead" in summary.text
    await edit(user, "Status", "status")
    await user.press("sale")
    await user.expect("Status: sale", kind="edited")
    await user.press("Send")
    verdict = await user.expect("Recorded", kind="edited")
    assert verdict.text.startswith("✅ Recorded.")
    (received,) = postbacks_received(keitaro)  # sent once, by one worker
    assert "status=sale" in received
    app = deployed.runner.running
    actions = [e.action for e in await app.ctx.audit.for_user(user.id)]
    assert actions.count("postback.send") == 1 and actions.count("postback.verdict") == 1


async def test_a_write_and_its_undo(deployed: Deployed, tg: FakeTelegram, keitaro: KeitaroEmulator) -> None:
    user = tg.user(9103)
    await add_tracker(user, keitaro)
    await open_campaign(user)
    await user.press("Disable")
    card = await user.expect("Please check", kind="edited")
    assert "State: active → disabled" in card.text
    await user.press("Confirm")
    await user.expect("Done: ⏸ Disable", kind="edited")
    assert keitaro.state.campaigns[1]["state"] == "disabled"
    await user.press("Undo")
    undone = await user.expect("Undone", kind="edited")
    assert "🟢 active" in undone.text and keitaro.state.campaigns[1]["state"] == "active"
    disables = [r for r in keitaro.requests if urlsplit(r.path).path.endswith("/disable")]
    assert len(disables) == 1  # the write reached the tracker once
    app = deployed.runner.running
    actions = [e.action for e in await app.ctx.audit.for_user(user.id)]
    assert actions.count("campaigns.disable") == 1 and actions.count("campaigns.undo_disable") == 1


async def leading(runner: BotRunner) -> BotApp:
    """The worker whose alert engine holds the lease (on SQLite the only one, which needs none): a
    test's tick by hand must be that one's — another engine's tick is refused (``LeaseLost``)."""

    def leader() -> BotApp | None:
        for app in runner.apps or [runner.running]:
            lead = app.alerting.engine.leader
            if lead is None or lead.serving is not None:
                return app
        return None

    await wait_until(lambda: leader() is not None, what="an engine holding the lease")
    found = leader()
    assert found is not None
    return found


async def test_an_alert_fires_is_acked_and_resolves(
    deployed: Deployed, tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    app = await leading(deployed.runner)  # ticks by hand go through the engine that leads
    user = tg.user(9104, first_name="Ivan")
    await add_tracker(user, keitaro)
    fired = await fire_down(app, user, keitaro)
    assert fired.text.startswith("🔴 Tracker unreachable: server error (5xx)\n🔴 CRITICAL · Main")
    await user.press("✅ Ack", message=fired)
    await user.expect("✅ Acked by Ivan at ", kind="edited")
    keitaro.mode = "normal"
    await app.alerting.engine.tick()
    resolved = await user.expect("✅ Resolved · Main")
    assert RULE in resolved.text
    await delivered(app)
    assert len(about(tg, user.id)) == 2  # one alert, one resolve: each sent once
