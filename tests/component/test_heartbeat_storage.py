"""What ``/healthz`` reads (issue 19, heartbeats): the engine's last tick in ``meta`` and the
outbox's backlog — rows due and not sent, and since when the oldest has been due. On SQLite and on
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.server import engine_health
from services.clock import ShiftedClock
from storage import Database
from storage.meta import MetaRepo
from storage.outbox import OutboxRepo


async def test_the_last_tick_is_kept_and_overwritten(db: Database, clock: ShiftedClock) -> None:
    meta = MetaRepo(db)
    assert await meta.last_tick() is None
    first = clock().replace(microsecond=0)
    await meta.set_last_tick(first)
    assert await meta.last_tick() == first
    await meta.set_last_tick(first + timedelta(minutes=1))
    assert await meta.last_tick() == first + timedelta(minutes=1)


async def test_backlog_counts_due_rows_not_sent_and_the_oldest_due_age(
    db: Database, clock: ShiftedClock
) -> None:
    outbox = OutboxRepo(db)
    now = clock()
    assert await outbox.backlog(now) == (0, None)
    queued_at = clock()
    await outbox.enqueue(1, {"type": "text", "text": "a"})
    await outbox.enqueue(2, {"type": "text", "text": "b"}, not_before=queued_at + timedelta(minutes=10))
    sent = await outbox.enqueue(3, {"type": "text", "text": "c"})
    assert sent
    row = (await outbox.due(10, queued_at, chat_id=3))[0]
    await outbox.mark_sent(row.id, 555, queued_at)
    due, since = await outbox.backlog(queued_at + timedelta(minutes=2))
    assert due == 1  # chat 2's row waits for its time; chat 3's was sent
    assert since is not None and abs(since - queued_at) < timedelta(seconds=5)  # when it was queued
    due, since = await outbox.backlog(queued_at + timedelta(minutes=11))
    assert due == 2 and since is not None and abs(since - queued_at) < timedelta(seconds=5)


async def test_healthz_judges_the_engine_stale_after_three_intervals_but_not_in_the_first_two(
    db: Database, clock: ShiftedClock
) -> None:
    now = clock()
    engine, outbox = await engine_health(db, now, uptime=5, interval=60)
    assert engine == {
        "last_tick_age_seconds": None,
        "stale_after_seconds": 180,
        "stale": False,
    }  # just started
    assert outbox == {"due": 0, "oldest_due_age_seconds": None}
    engine, _ = await engine_health(db, now, uptime=119, interval=60)
    assert engine["stale"] is False  # a new process may wait 1.25 intervals for a dead holder's lease
    engine, _ = await engine_health(db, now, uptime=121, interval=60)
    assert engine["stale"] is True  # two minutes up and never ticked
    await MetaRepo(db).set_last_tick(now - timedelta(minutes=10))
    engine, _ = await engine_health(db, now, uptime=30, interval=60)
    assert engine["stale"] is False and engine["last_tick_age_seconds"] == 600  # just started
    engine, _ = await engine_health(db, now, uptime=3600, interval=60)
    assert engine["stale"] is True
    await MetaRepo(db).set_last_tick(now - timedelta(minutes=2))
    engine, _ = await engine_health(db, now, uptime=3600, interval=60)
    assert engine["stale"] is False and engine["last_tick_age_seconds"] == 120
    await OutboxRepo(db).enqueue(1, {"type": "text", "text": "waiting"})
    _, outbox = await engine_health(db, now + timedelta(minutes=3), uptime=3600, interval=60)
    assert outbox["due"] == 1 and 170 <= outbox["oldest_due_age_seconds"] <= 190
