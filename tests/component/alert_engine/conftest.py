"""An emulator with the engine's two keys and the engine's world on a temporary database; the
engine, the database and the emulator share the world's clock (which starts at the test's clock)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import alerts.engine as engine_module
from alerts.context import AlertsContext, AlertSettings
from alerts.engine import AlertEngine
from alerts.routing import Recipient
from keitaro import ClientPool, RetryPolicy
from services.clients import TrackerClients
from services.clock import ManualClock, ShiftedClock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from tests.component.alert_engine.support import (
    CHAT,
    KEY_A,
    KEY_B,
    OWNER,
    Outbox,
    World,
)
from tests.fakes.keitaro import KeitaroEmulator


@pytest.fixture
def world_clock(clock: ShiftedClock) -> ManualClock:
    """The engine world's clock: starts at the test's clock (whole seconds) and moves only when the
    test ticks; the engine, the database and the emulator all read it."""
    return ManualClock(clock().replace(microsecond=0))


@pytest.fixture
async def db(tmp_path: Path, world_clock: ManualClock) -> AsyncIterator[Database]:
    database = Database(tmp_path / "bot.sqlite3", clock=world_clock)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
async def emu(world_clock: ManualClock) -> AsyncIterator[KeitaroEmulator]:
    emulator = KeitaroEmulator(api_keys={KEY_A: "admin", KEY_B: "admin"}, clock=world_clock)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()


@pytest.fixture
async def world(
    db: Database, emu: KeitaroEmulator, world_clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[World]:
    await UserRepo(db).touch(OWNER, username="oncall", role="user")
    trackers = TrackerRepo(db, SecretBox(b"k" * 32))
    pool = ClientPool(allow_private=True, retry=RetryPolicy(attempts=1))
    clients = TrackerClients(trackers, pool, remember_secret=lambda _secret: None, allow_private=True)

    outbox, clock, escalations = Outbox(), world_clock, []

    async def recipients(ctx: Any, tracker_id: int, severity: str, *, now: datetime) -> list[Recipient]:
        return [Recipient(CHAT, severity != "critical")]

    async def run_escalations(ctx: Any, now: datetime) -> None:
        escalations.append(now)

    monkeypatch.setattr(engine_module, "enqueue_many", outbox.enqueue_many)
    monkeypatch.setattr(engine_module, "recipients", recipients)
    monkeypatch.setattr(engine_module, "run_escalations", run_escalations)
    repo = AlertRepo(db)
    ctx = AlertsContext(
        trackers=trackers, users=UserRepo(db), alerts=repo,
        outbox=None, subscriptions=None, oncall=None, quiet=None, webhooks=None,  # type: ignore[arg-type]
        clients=clients, now=clock,
        settings=AlertSettings(interval_seconds=1.0, postback_delay_minutes=10),
    )  # fmt: skip
    try:
        yield World(ctx, AlertEngine(ctx), outbox, clock, trackers, repo, escalations)
    finally:
        await pool.aclose()
