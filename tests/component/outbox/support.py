"""Helpers of the outbox and sender tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from alerts.context import AlertsContext
from alerts.payloads import AlertEditPayload, AlertPayload, Payload, TextPayload, dump_payload
from alerts.sender import Pacing
from services.clock import Clock
from storage import Database
from storage.connect import open_database
from storage.outbox import OutboxRepo
from storage.pg import PgDatabase
from storage.subscriptions import SubscriptionRepo
from storage.timefmt import to_iso
from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram_fake.models import Call

TRACKER = 1
CLAIM_SECONDS = 1.0  # how long a killed sender's claims hold its rows (PostgreSQL: several senders)
FAST = Pacing(chat_interval=0.05)  # for tests about something else than pacing: no second per message


@dataclass
class Texts:
    """The test's renderer: a text payload's key as is; alerts show their current version."""

    versions: dict[int, int] = field(default_factory=dict)

    async def __call__(
        self, chat_id: int, payload: Payload
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        if isinstance(payload, TextPayload):
            return payload.key, None
        if isinstance(payload, AlertPayload | AlertEditPayload):
            alert_id = payload.alert_id
            version = self.versions.get(alert_id, 1)
            buttons = InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="Ack", callback_data=f"ack:{alert_id}")]]
            )
            return f"<b>alert {alert_id}</b> v{version}", buttons
        return None


async def open_ctx(path: Path, clock: Clock, url: str | None = None) -> AlertsContext:
    """The sender's context on the database at ``path`` (SQLite) or ``url`` (PostgreSQL); the
    database and the context share ``clock``."""
    db = open_database(url, path, clock=clock)
    await db.open()
    none = cast(Any, None)  # parts of the context the sender never touches
    return AlertsContext(
        trackers=none,
        users=none,
        alerts=none,
        outbox=OutboxRepo(db),
        subscriptions=SubscriptionRepo(db),
        oncall=none,
        quiet=none,
        webhooks=none,
        clients=none,
        now=clock,
    )


def database(ctx: AlertsContext) -> Database:
    return ctx.outbox.db


async def reopen(ctx: AlertsContext) -> AlertsContext:
    """A context on the same database as ``ctx`` (closed before): what a restarted process opens."""
    db = database(ctx)
    return await open_ctx(db.path, ctx.now, db.url if isinstance(db, PgDatabase) else None)


async def claims_run_out(ctx: AlertsContext) -> None:
    """Wait until no claim on a pending row is running (several senders: a sender that was killed
    left its claims; they run out by themselves)."""

    async def none_running() -> bool:
        count = await database(ctx).fetch_value(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed IS NULL AND claimed_until > ?",
            (to_iso(ctx.now()),),
        )
        return int(count or 0) == 0

    await wait_until(none_running)


def people(tg: FakeTelegram, *ids: int) -> None:
    """Users who started the bot (so it may write to them)."""
    for user_id in ids:
        tg.user(user_id).known = True


async def add_alert(ctx: AlertsContext, alert_id: int) -> None:
    db = database(ctx)
    await db.execute(
        "INSERT INTO alert_rules (id, owner_id, tracker_id, kind, name) VALUES (?, 1, ?, ?, ?)",
        (alert_id, TRACKER, "tracker_down", "r"),
    )
    await db.execute(
        "INSERT INTO alerts (id, rule_id, scope, tracker_id, severity, opened_at) "
        "VALUES (?, ?, '', ?, 'critical', ?)",
        (alert_id, alert_id, TRACKER, to_iso(ctx.now())),
    )


def text(value: str) -> TextPayload:
    """A notification the test renderer shows as ``value``."""
    return TextPayload(key=value)


def text_row(value: str) -> dict[str, Any]:
    """The same as the outbox stores it."""
    return dump_payload(text(value))


def sent_texts(tg: FakeTelegram, chat_id: int) -> list[str]:
    return [m.text for m in tg.bot_messages(chat_id)]


def successful_sends(tg: FakeTelegram) -> list[Call]:
    return [c for c in tg.calls_of("sendMessage") if c.status == 200]


def max_in_window(times: list[float], window: float) -> int:
    """The most calls that fall in any half-open window of ``window`` seconds."""
    ordered = sorted(times)
    best = start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def wait_until(probe: Callable[[], Awaitable[bool]], timeout: float = 15) -> None:
    """Poll a condition (not a fixed sleep): returns as soon as it holds, fails after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await probe():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.01)


async def is_true(value: bool) -> bool:
    """``wait_until`` wants an awaitable probe: a plain condition, awaited."""
    return value


async def equals(value: Awaitable[int], expected: int) -> bool:
    return await value == expected
