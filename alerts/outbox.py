"""Queue a notification: write it to the outbox and wake the sender.

Everything the engine, escalation, conversion pushes and the digest want to say goes through
:func:`enqueue` (or :func:`enqueue_many`, one transaction for a fan-out to many chats);
:class:`alerts.sender.Sender` delivers it (see its module for the guarantees).
The wake-up signal is one :class:`asyncio.Event` per database (the engine's fenced view of it
included), so a row queued now goes out now instead of at the sender's next look. It reaches the
senders of this process only: with several worker processes the others find rows queued here at
their next look (:class:`alerts.sender.Sender` looks every second then) -- which is only for sharing
the work, since this process's own sender is woken at once and takes them.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from datetime import datetime

from alerts.context import AlertsContext
from alerts.payloads import Payload, dump_payload
from storage.db import Database
from storage.leases import FencedDatabase
from storage.outbox import NewRow

__all__ = ["NewRow", "enqueue", "enqueue_many", "notice", "wakeup"]

_signals: weakref.WeakKeyDictionary[Database, asyncio.Event] = weakref.WeakKeyDictionary()


def wakeup(ctx: AlertsContext) -> asyncio.Event:
    """The event set whenever something was queued in ``ctx``'s outbox (the sender clears it)."""
    db = ctx.outbox.db
    if isinstance(db, FencedDatabase):
        db = db.inner
    event = _signals.get(db)
    if event is None:
        event = _signals[db] = asyncio.Event()
    return event


def notice(
    chat_id: int,
    payload: Payload,
    *,
    silent: bool = False,
    dedup_key: str | None = None,
    not_before: datetime | None = None,
) -> NewRow:
    """The outbox row of a notification (the payload stored as JSON)."""
    return NewRow(chat_id, dump_payload(payload), silent=silent, dedup_key=dedup_key, not_before=not_before)


async def enqueue(
    ctx: AlertsContext,
    chat_id: int,
    payload: Payload,
    *,
    silent: bool = False,
    dedup_key: str | None = None,
) -> bool:
    """Write a notification for ``chat_id`` to the outbox; False when ``dedup_key`` was queued before
    (the same notification is never queued twice). ``silent`` delivers without a sound."""
    queued = await ctx.outbox.enqueue_many([notice(chat_id, payload, silent=silent, dedup_key=dedup_key)]) > 0
    if queued:
        wakeup(ctx).set()
    return queued


async def enqueue_many(ctx: AlertsContext, rows: Sequence[NewRow]) -> int:
    """Write many notifications in one transaction (all or none) and wake the sender once; how many
    were queued (a row whose ``dedup_key`` was queued before is skipped, as with :func:`enqueue`)."""
    queued = await ctx.outbox.enqueue_many(rows)
    if queued:
        wakeup(ctx).set()
    return queued
