"""Worker processes of the scale-out mode, several in one test process: each has its own PostgreSQL
pool (its own :class:`storage.pg.PgDatabase`), its own Redis client and its own Bot session, and
runs the alert engine (with the lease) and a sender (with claims, and the shared budget when Redis
is given) -- what ``bot/app.py`` builds in each worker. Used by the engine-lease and fan-out tests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot

from alerts.budget import make_budget
from alerts.context import AlertsContext, AlertSettings
from alerts.engine import AlertEngine, TickReport
from alerts.leader import Leader, make_leader
from alerts.pacing import Pacing
from alerts.sender import Sender
from bot.transport import TelegramTransport
from keitaro import ClientPool, RetryPolicy
from services.clients import TrackerClients
from services.clock import Clock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from storage.connect import open_database
from storage.members import MemberRepo
from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo
from storage.timefmt import to_iso
from storage.trackers import API_KEY
from tests.component.outbox.support import Texts
from tests.fakes.telegram import FakeTelegram, fake_bot

BOX = SecretBox(b"s" * 32)
OWNER = 700_001
REJECTED_KEY = "rejectedKey0123456789abcdef"  # the emulator does not know it: the tracker is "down"


@dataclass
class Worker:
    """One worker: its database pool, context, engine, sender and their tasks."""

    name: str
    db: Database
    ctx: AlertsContext
    engine: AlertEngine
    sender: Sender
    bot: Bot
    pool: ClientPool
    redis: Any = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    engine_task: asyncio.Task[None] | None = None
    sender_task: asyncio.Task[None] | None = None
    ticks: list[TickReport] = field(default_factory=list)

    @property
    def leader(self) -> Leader:
        assert self.engine.leader is not None
        return self.engine.leader

    def start(self, *, engine: bool = True) -> None:
        tick = self.engine.tick

        async def counted() -> TickReport:  # the engine's ticks, counted (its loop calls self.tick)
            report = await tick()
            self.ticks.append(report)
            return report

        self.engine.tick = counted  # type: ignore[method-assign]
        if engine:
            self.engine_task = asyncio.create_task(self.engine.run(self.stop), name=f"engine-{self.name}")
        self.sender_task = asyncio.create_task(self.sender.run(self.stop), name=f"sender-{self.name}")

    async def close(self) -> None:
        """A graceful stop (what was cancelled stays cancelled), then the connections."""
        self.stop.set()
        for task in (self.engine_task, self.sender_task):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(task, 30)
        await self.bot.session.close()
        await self.pool.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.close()


async def open_worker(
    name: str,
    url: str,
    tg: FakeTelegram,
    clock: Clock,
    *,
    interval: float = 1.0,
    redis_url: str | None = None,
    pacing: Pacing | None = None,
    claim_seconds: float = 30.0,
    concurrency: int = 8,
) -> Worker:
    """A worker on the PostgreSQL database ``url`` (and Redis ``redis_url``: the shared budget)."""
    db = open_database(url, "unused.sqlite3", clock=clock)
    await db.open()
    redis = None
    if redis_url is not None:
        import redis.asyncio as aioredis

        redis = aioredis.from_url(redis_url)
    trackers = TrackerRepo(db, BOX)
    pool = ClientPool(allow_private=True, retry=RetryPolicy(attempts=1))
    clients = TrackerClients(trackers, pool, remember_secret=lambda _secret: None, allow_private=True)
    ctx = AlertsContext(
        members=MemberRepo(db),
        trackers=trackers,
        users=UserRepo(db),
        alerts=AlertRepo(db),
        outbox=OutboxRepo(db),
        subscriptions=SubscriptionRepo(db),
        oncall=OncallRepo(db),
        quiet=QuietHoursRepo(db),
        webhooks=WebhookSecretRepo(db, BOX),
        clients=clients,
        settings=AlertSettings(interval_seconds=interval),
        budget=make_budget(redis),
        now=clock,
    )
    engine = AlertEngine(ctx, leader=make_leader(db, interval))
    bot = fake_bot(tg)
    sender = Sender(
        ctx,
        TelegramTransport(bot, Texts()),
        pacing=pacing,
        claim_seconds=claim_seconds,
        concurrency=concurrency,
        worker=f"worker-{name}",
    )
    return Worker(name, db, ctx, engine, sender, bot, pool, redis)


async def seed_tracker(ctx: AlertsContext, keitaro_url: str, chats: list[int]) -> int:
    """The owner, a tracker whose key Keitaro rejects, and ``chats`` subscribed to it; its id."""
    await ctx.users.touch(OWNER, username="owner", role="user")
    # written directly: TrackerRepo.create_draft/finalize do not run on PostgreSQL yet (storage/trackers.py)
    now = to_iso(ctx.now())
    tracker_id = await ctx.alerts.db.execute(
        "INSERT INTO trackers (owner_id, name, admin_url, api_key_enc, is_draft, is_active, created_at,"
        " updated_at) VALUES (?, 'Down', ?, ?, 0, 1, ?, ?)",
        (OWNER, keitaro_url, BOX.encrypt(REJECTED_KEY, owner_id=OWNER, purpose=API_KEY), now, now),
    )
    for chat in chats:
        await ctx.subscriptions.subscribe(chat, tracker_id, OWNER, "private", None, "en", "info")
    return tracker_id


async def add_down_rule(ctx: AlertsContext, tracker_id: int) -> None:
    """A critical rule that fires at the next tick (the tracker's API refuses the key)."""
    await ctx.alerts.create(OWNER, tracker_id, "tracker_down", "down", None, {"failures": 1}, "critical")


async def wait_for(
    probe: Callable[[], Awaitable[bool]], timeout: float = 30.0, what: str = "condition"
) -> None:
    """Poll ``probe`` until it holds (never a fixed sleep); fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await probe():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        await asyncio.sleep(0.02)


async def pending(db: Database, kind: str | None = None) -> int:
    """Rows not sent yet (of one payload type: ``alert``, ``alert_edit``…)."""
    sql = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed IS NULL"
    if kind is not None:
        sql += f" AND CAST(payload AS jsonb) ->> 'type' = '{kind}'"
    return int(await db.fetch_value(sql) or 0)
