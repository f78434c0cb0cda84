"""The bot's own heartbeat: ``HEARTBEAT_URL`` is pinged after every alert-engine tick (a local
endpoint counts the GETs), a failing monitor never stops alerts and its URL's secret never reaches
the log, and ``/healthz`` shows the engine's last tick age and the outbox's backlog — "degraded"
(503) when the engine has not ticked for three intervals."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from services.clock import ShiftedClock
from storage.meta import MetaRepo
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker, wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

SECRET = "0b5e6c1a-hb-secret-uuid"


@dataclass
class Monitor:
    """A healthchecks.io-like endpoint: counts the GETs on ``/ping/<SECRET>``, answers ``status``."""

    status: int = 200
    hits: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ping/{SECRET}"


@pytest.fixture
async def monitor() -> AsyncIterator[Monitor]:
    mon = Monitor()

    async def ping(request: web.Request) -> web.Response:
        mon.hits.append(request.method)
        return web.Response(status=mon.status, text="OK" if mon.status < 400 else "nope")

    app = web.Application()
    app.router.add_route("*", f"/ping/{SECRET}", ping)
    runner = web.AppRunner(app, access_log=None)  # the bot's log is what is checked
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    mon.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield mon
    finally:
        await runner.cleanup()


async def health(port: int | None) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(f"http://127.0.0.1:{port}/healthz")


async def test_heartbeat_url_is_pinged_after_every_tick(runner: BotRunner, monitor: Monitor) -> None:
    app = await runner.start(alert_interval_seconds=1, heartbeat_url=monitor.url)
    await wait_until(lambda: len(monitor.hits) >= 3, timeout=15, what="three pings")
    assert set(monitor.hits) == {"GET"}
    assert app.heartbeat.pings >= 3 and not app.heartbeat.failing
    body = (await health(app.http_port)).json()
    assert body["status"] == "ok"
    assert body["engine"]["last_tick_age_seconds"] is not None
    assert 0 <= body["engine"]["last_tick_age_seconds"] <= 3
    assert body["engine"]["stale_after_seconds"] == 3


async def test_a_failing_monitor_never_stops_alerts_nor_leaks_its_url(
    tg: FakeTelegram,
    keitaro: KeitaroEmulator,
    runner: BotRunner,
    monitor: Monitor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    monitor.status = 500
    app = await runner.start(alert_interval_seconds=1, heartbeat_url=monitor.url)
    user = tg.user(7601, first_name="Olga")
    await add_tracker(user, keitaro)
    tid = await active_tracker_id(app, user)
    await app.alerting.ctx.subscriptions.subscribe(user.id, tid, user.id, "private", None, "en", "info")
    await app.alerting.ctx.alerts.create(
        user.id, tid, "tracker_down", "Main is down", None, {"failures": 2}, "critical"
    )
    keitaro.mode = "down"
    fired = await user.expect("Main is down", timeout=20)  # the engine's own loop ticked it out
    assert "Tracker down" in fired.text
    assert len(monitor.hits) >= 2 and app.heartbeat.failing and app.heartbeat.pings == 0
    failures = [r.getMessage() for r in caplog.records if "heartbeat: ping to" in r.getMessage()]
    assert failures == [
        f"heartbeat: ping to http://127.0.0.1:{monitor.port}/… failed (HTTP 500); alerts go on"
    ]
    assert not any(SECRET in r.getMessage() for r in caplog.records)
    monitor.status = 200  # the monitor is back: said once
    await wait_until(lambda: app.heartbeat.pings >= 1, timeout=15, what="a ping that works")
    assert sum("answers again" in r.getMessage() for r in caplog.records) == 1


async def test_healthz_shows_the_last_tick_age_and_turns_degraded_when_the_engine_stalls(
    runner: BotRunner, clock: ShiftedClock
) -> None:
    app = await runner.start()  # ALERT_INTERVAL_SECONDS=60: the first tick at once, the next in a minute
    meta = MetaRepo(app.db)
    ticks: list[object] = []

    async def ticked() -> bool:
        ticks.append(await meta.last_tick())
        return ticks[-1] is not None

    await wait_until_async(ticked)
    first = (await health(app.http_port)).json()
    assert first["status"] == "ok" and first["engine"]["stale"] is False
    assert first["engine"]["last_tick_age_seconds"] < 60
    assert first["engine"]["stale_after_seconds"] == 180
    assert first["outbox"] == {"due": 0, "oldest_due_age_seconds": None}
    clock.offset += timedelta(minutes=4)  # no tick for 4 minutes (> 3 intervals)
    stalled = await health(app.http_port)
    assert stalled.status_code == 503
    body = stalled.json()
    assert body["status"] == "degraded" and body["engine"]["stale"] is True
    assert body["engine"]["last_tick_age_seconds"] >= 240
    await app.heartbeat(clock())  # what the engine does after its next tick
    assert (await health(app.http_port)).status_code == 200


async def wait_until_async(check: Callable[[], Awaitable[bool]], timeout: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        assert loop.time() < deadline, "no tick recorded"
        await asyncio.sleep(0.05)
