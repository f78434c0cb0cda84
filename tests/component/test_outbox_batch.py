"""Queueing a fan-out: many outbox rows in one transaction (all or none), each dedup key once; and
finding which chats have something due (one pass over the pending rows, the same answer as the
row-by-row rule)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import aiosqlite
import pytest

from alerts.outbox import NewRow, enqueue_many, wakeup
from storage import Database
from storage.outbox import OutboxRepo

pytestmark = pytest.mark.date_sensitive  # due rows and deferrals compare times


@pytest.fixture
def transactions(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many transactions were opened (one entry per ``Database.transaction``)."""
    opened: list[int] = []
    original = db.transaction

    @asynccontextmanager
    async def counted(*, durable: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        opened.append(1)
        async with original(durable=durable) as conn:
            yield conn

    monkeypatch.setattr(db, "transaction", counted)
    yield opened


def alert(chat_id: int, event: str = "fire") -> NewRow:
    payload = {"type": "alert", "alert_id": 7, "event": event}
    return NewRow(chat_id, payload, silent=chat_id % 2 == 0, dedup_key=f"alert:7:{event}:{chat_id}")


async def test_a_fan_out_is_one_transaction(db: Database, transactions: list[int]) -> None:
    outbox = OutboxRepo(db)
    assert await outbox.enqueue_many([alert(chat) for chat in range(1, 1001)]) == 1000
    assert len(transactions) == 1
    rows = await outbox.due(2000, db.now())
    assert [r.chat_id for r in rows] == list(range(1, 1001))  # in the order given
    assert rows[1].silent and not rows[0].silent and rows[0].payload["event"] == "fire"
    assert rows[0].dedup_key == "alert:7:fire:1"
    assert await outbox.enqueue_many([]) == 0 and len(transactions) == 1  # nothing: no transaction


async def test_dedup_keys_hold_across_and_within_batches(db: Database) -> None:
    outbox = OutboxRepo(db)
    assert await outbox.enqueue(2, alert(2).payload, dedup_key="alert:7:fire:2")
    batch = [alert(1), alert(2), alert(3), alert(3), NewRow(4, {"type": "text", "text": "no key"})]
    assert await outbox.enqueue_many(batch) == 3  # 2 was queued before; 3 twice in the batch
    assert await outbox.enqueue_many(batch) == 1  # again: only the row without a key
    chats = [r.chat_id for r in await outbox.due(100, db.now())]
    assert chats == [2, 1, 3, 4, 4]
    assert not await outbox.enqueue(1, alert(1).payload, dedup_key="alert:7:fire:1")


async def test_a_batch_is_all_or_nothing(db: Database) -> None:
    outbox = OutboxRepo(db)
    broken: Any = None  # chat_id is NOT NULL: this row makes the insert fail
    with pytest.raises(aiosqlite.IntegrityError):
        await outbox.enqueue_many([alert(1), alert(2), NewRow(broken, {"type": "text", "text": "x"})])
    assert await outbox.pending_count() == 0
    assert await outbox.enqueue_many([alert(1), alert(2)]) == 2  # the keys were not taken by the failure


async def test_enqueue_many_wakes_the_sender_only_when_something_was_queued(db: Database) -> None:
    ctx: Any = type("Ctx", (), {"outbox": OutboxRepo(db)})()
    wake = wakeup(ctx)
    wake.clear()
    assert await enqueue_many(ctx, [alert(1), alert(2)]) == 2
    assert wake.is_set()
    wake.clear()
    assert await enqueue_many(ctx, [alert(1), alert(2)]) == 0
    assert not wake.is_set()


@pytest.mark.parametrize("seed", range(5))
async def test_due_chats_and_heads_agree_with_the_row_by_row_rule(db: Database, seed: int) -> None:
    """Pending, sent, failed, deferred (past and future) rows in many chats: the chats with a due row
    and each one's first due row are exactly what ``due`` (the _DUE rule, row by row) says."""
    rng = random.Random(seed)
    outbox = OutboxRepo(db)
    now = db.now().replace(microsecond=0)  # the clock that stamps the rows
    chats = list(range(1, 25))
    await outbox.enqueue_many(
        [NewRow(rng.choice(chats), {"type": "text", "text": str(n)}) for n in range(200)]
    )
    for row in await outbox.due(500, now):
        fate = rng.random()
        if fate < 0.2:
            await outbox.mark_sent(row.id, 1, now)
        elif fate < 0.3:
            await outbox.fail(row.id, "refused")
        elif fate < 0.45:
            await outbox.defer(row.id, now + timedelta(seconds=rng.choice([-30, 30])), 1)
    due = await outbox.due(500, now)
    expected = list(dict.fromkeys(r.chat_id for r in due))  # in order of each chat's first due row
    assert 0 < len(expected) < len(chats)  # some chats are held back by a waiting row
    assert await outbox.due_chats(now) == expected
    assert await outbox.due_chats(now, limit=3) == expected[:3]
    firsts = {chat: next(r for r in due if r.chat_id == chat) for chat in expected}
    heads = await outbox.due_heads(now, [*reversed(chats), 999])
    assert heads == [firsts[chat] for chat in expected]
    assert await outbox.due_heads(now, [*range(10_000, 12_500), *chats]) == heads  # asked in parts
    assert await outbox.due_heads(now, []) == []
