"""One alert engine, whoever runs it (issue 18, point 4): the lease ``alert-engine`` on both backends
(taken, renewed, run out, taken over, given up), the fence that keeps a process that lost it from
writing, and -- on PostgreSQL with three workers -- a leader killed in the middle of a tick: another
takes over within two intervals and every alert is delivered exactly once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

import bot.alerting
from alerts.leader import Leader, make_leader
from alerts.outbox import wakeup
from bot.alerting import Alerting
from services.clock import ShiftedClock
from storage import Database
from storage.connect import open_database
from storage.db import Conn
from storage.leases import FencedDatabase, LeaseLost, LeaseRepo
from storage.outbox import OutboxRepo
from storage.timefmt import to_iso
from tests.component.outbox.support import database, open_ctx
from tests.conftest import BACKENDS
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram
from tests.scaleout.alert_workers import (
    Worker,
    add_down_rule,
    open_worker,
    pending,
    seed_tracker,
    wait_for,
)

INTERVAL = 1.0  # ALERT_INTERVAL_SECONDS of these tests


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def db(
    tmp_path: Path, clock: ShiftedClock, backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[Database]:
    url = str(request.getfixturevalue("pg_url")) if backend == "postgres" else None
    database = open_database(url, tmp_path / "bot.sqlite3", clock=clock)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
async def second(db: Database, clock: ShiftedClock) -> AsyncIterator[Database]:
    """Another process on the same database (PostgreSQL: its own pool; SQLite: the same file)."""
    url = getattr(db, "url", None)
    other = open_database(url, db.path, clock=clock)
    await other.open()
    yield other
    await other.close()


# ------------------------------------------------------------------------------------ the lease


@pytest.mark.date_sensitive  # lease expiry compares times
async def test_a_lease_is_taken_renewed_runs_out_and_is_taken_over(db: Database, clock: ShiftedClock) -> None:
    leases, now = LeaseRepo(db), clock()
    assert await leases.try_acquire("job", "a", 10, now) == 1
    assert await leases.try_acquire("job", "b", 10, now) is None  # held: nobody else gets it
    assert await leases.try_acquire("job", "a", 10, now + timedelta(seconds=5)) == 1  # renewed, same epoch
    lease = await leases.get("job")
    assert (
        lease is not None and lease.holder == "a" and lease.expires_at == to_iso(now + timedelta(seconds=15))
    )
    assert await leases.try_acquire("job", "b", 10, now + timedelta(seconds=14)) is None  # renewal counted
    assert await leases.try_acquire("job", "b", 10, now + timedelta(seconds=15)) == 2  # ran out: taken over
    assert await leases.try_acquire("job", "a", 10, now + timedelta(seconds=16)) is None  # a lost it
    assert not await leases.release("job", "a", 1, now + timedelta(seconds=16))  # not a's to give up
    assert await leases.release("job", "b", 2, now + timedelta(seconds=16))  # graceful stop
    assert await leases.try_acquire("job", "a", 10, now + timedelta(seconds=16)) == 3  # at once, no wait
    assert await leases.try_acquire("other", "b", 10, now) == 1  # leases are independent


@pytest.mark.date_sensitive
async def test_a_write_under_a_lost_lease_does_not_commit(
    db: Database, second: Database, clock: ShiftedClock
) -> None:
    now = clock()
    leases = LeaseRepo(db)
    epoch = await leases.try_acquire("alert-engine", "a", 1, now)
    assert epoch == 1

    async def fence(conn: Conn) -> None:
        if not await leases.holds(conn, "alert-engine", "a", 1, clock()):
            raise LeaseLost("gone")

    outbox = OutboxRepo(FencedDatabase(db, fence))
    assert await outbox.enqueue(1, {"type": "text", "key": "while held"})
    # another process takes the lease once it has run out (its clock: a second and more later)
    assert await LeaseRepo(second).try_acquire("alert-engine", "b", 60, now + timedelta(seconds=2)) == 2
    with pytest.raises(LeaseLost):
        await outbox.enqueue(1, {"type": "text", "key": "after the takeover"})
    with pytest.raises(LeaseLost):
        await outbox.db.execute("UPDATE outbox SET attempts = 5")
    rows = await db.fetch_all("SELECT payload, attempts FROM outbox")
    assert [(r["payload"], r["attempts"]) for r in rows] == [('{"key": "while held", "type": "text"}', 0)]


async def test_the_engine_s_fenced_writes_wake_the_process_s_sender(db: Database) -> None:
    """The engine queues through its fenced view of the database; the sender of the same process
    watches the plain one: one wake-up event for both, so a fire goes out at once."""
    ctx = await open_ctx(db.path, db.now, getattr(db, "url", None))
    try:
        fenced = Leader(database(ctx), interval=INTERVAL).fenced(ctx)
        assert isinstance(fenced.outbox.db, FencedDatabase)
        assert wakeup(fenced) is wakeup(ctx)
    finally:
        await database(ctx).close()


async def test_sqlite_needs_no_lease(tmp_path: Path, clock: ShiftedClock) -> None:
    database = open_database(None, tmp_path / "one.sqlite3", clock=clock)
    await database.open()
    try:
        assert make_leader(database, INTERVAL) is None  # one process: it ticks without asking
    finally:
        await database.close()


# ------------------------------------------------------------------------------------ PostgreSQL


@pytest.mark.parametrize("backend", ["postgres"])
async def test_a_takeover_waits_for_a_fenced_write_in_progress(
    db: Database, second: Database, clock: ShiftedClock
) -> None:
    """The fence's row lock (FOR SHARE): a write that passed its check commits before a successor's
    takeover does, and the old holder's next write is refused."""
    now = clock()
    leases = LeaseRepo(db)
    assert await leases.try_acquire("alert-engine", "a", 1, now) == 1
    checked, finish = asyncio.Event(), asyncio.Event()

    async def fence(conn: Conn) -> None:
        if not await leases.holds(conn, "alert-engine", "a", 1, now):  # as a's clock saw it then
            raise LeaseLost("gone")
        checked.set()

    fenced = FencedDatabase(db, fence)

    async def slow_write() -> None:
        async with fenced.transaction() as conn:
            await conn.execute("INSERT INTO outbox (chat_id, payload) VALUES (1, '{}')")
            await finish.wait()

    writing = asyncio.create_task(slow_write())
    await checked.wait()
    takeover = asyncio.create_task(
        LeaseRepo(second).try_acquire("alert-engine", "b", 60, now + timedelta(seconds=5))
    )

    async def takeover_blocked() -> bool:
        waits = await second.fetch_value(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return int(waits or 0) == 1

    await wait_for(takeover_blocked, what="the takeover waits for the write's lock")
    assert not takeover.done()
    finish.set()
    await writing
    assert await takeover == 2
    assert await db.fetch_value("SELECT COUNT(*) FROM outbox") == 1  # the write before it committed
    with pytest.raises(LeaseLost):
        await fenced.execute("INSERT INTO outbox (chat_id, payload) VALUES (2, '{}')")
    assert await db.fetch_value("SELECT COUNT(*) FROM outbox") == 1


@pytest.mark.parametrize("backend", ["postgres"])
async def test_processes_racing_for_a_free_lease_get_one_winner(db: Database, clock: ShiftedClock) -> None:
    others = [open_database(getattr(db, "url", None), db.path, clock=clock) for _ in range(3)]
    for other in others:
        await other.open()
    try:
        for round_ in range(10):
            now = clock()
            epochs = await asyncio.gather(
                *(LeaseRepo(o).try_acquire(f"race-{round_}", f"p{i}", 5, now) for i, o in enumerate(others))
            )
            assert sorted(epochs, key=lambda e: e is None) == [1, None, None], epochs
    finally:
        for other in others:
            await other.close()


@pytest.mark.parametrize("backend", ["postgres"])
async def test_one_leader_and_a_successor_within_two_intervals_of_its_death(
    db: Database, clock: ShiftedClock
) -> None:
    databases = [open_database(getattr(db, "url", None), db.path, clock=clock) for _ in range(3)]
    for one in databases:
        await one.open()
    leaders = [Leader(d, interval=INTERVAL, holder=f"p{i}") for i, d in enumerate(databases)]
    stop = asyncio.Event()
    keepers = [asyncio.create_task(leader.keep(stop)) for leader in leaders]
    try:

        async def one_leads() -> bool:
            return sum(leader.leading for leader in leaders) == 1

        await wait_for(one_leads, what="one leader")
        first = next(leader for leader in leaders if leader.leading)
        died = time.monotonic()
        keepers[leaders.index(first)].cancel()  # it dies: no renewal, no release

        async def successor() -> bool:
            return any(leader.leading for leader in leaders if leader is not first)

        await wait_for(successor, timeout=5, what="a successor")
        heir = next(leader for leader in leaders if leader is not first and leader.leading)
        epoch, taken = heir.tenures[-1]
        assert taken - died <= 2 * INTERVAL, f"taken over {taken - died:.2f}s after the death"
        assert epoch == first.tenures[-1][0] + 1
        assert sum(leader.leading for leader in leaders if leader is not first) == 1

        await heir.release()  # a graceful stop: the next one need not wait for the lease to run out
        released = time.monotonic()
        keepers[leaders.index(heir)].cancel()

        async def third() -> bool:
            return any(leader.leading for leader in leaders if leader not in (first, heir))

        await wait_for(third, timeout=5, what="the third")
        last = next(leader for leader in leaders if leader not in (first, heir))
        assert last.tenures[-1][1] - released < INTERVAL  # within a check, not a lease's length
    finally:
        stop.set()
        for keeper in keepers:
            keeper.cancel()
        await asyncio.gather(*keepers, return_exceptions=True)
        for one in databases:
            await one.close()


# ------------------------------------------------------------------------------------ the engine


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4])
async def test_a_leader_killed_mid_tick_is_replaced_and_every_alert_goes_out_once(
    kill_at: int, pg_url: str, tg: FakeTelegram, clock: ShiftedClock
) -> None:
    """Three workers; the leader dies at its ``kill_at``-th fenced write of the tick that fires (1:
    before the alert is opened, 2: before its state is saved, 3: before its notifications are queued
    -- a fire is held until the tracker's rules are all evaluated, to group a storm --, 4: before it
    is marked notified) -- that write is not committed, as in a crash."""
    keitaro = KeitaroEmulator()
    await keitaro.start()
    chats = list(range(610_000, 610_025))
    for chat in chats:
        tg.user(chat).known = True
    workers: list[Worker] = []
    try:
        first = await open_worker("A", pg_url, tg, clock, interval=INTERVAL)
        workers.append(first)
        tracker_id = await seed_tracker(first.ctx, keitaro.url, chats)
        first.start()
        await wait_for(lambda: _true(first.leader.serving is not None), what="A leads")
        for name in ("B", "C"):
            worker = await open_worker(name, pg_url, tg, clock, interval=INTERVAL)
            workers.append(worker)
            worker.start()

        fenced = first.engine.ctx.alerts.db
        assert isinstance(fenced, FencedDatabase)
        check, writes, died = fenced.fence, [0], [0.0]

        async def dies_at_a_write(conn: Conn) -> None:
            writes[0] += 1
            if writes[0] == kill_at:
                died[0] = time.monotonic()
                assert first.engine_task is not None
                first.engine_task.cancel()  # the process dies: its lease is neither renewed nor released
                raise asyncio.CancelledError
            await check(conn)

        fenced.fence = dies_at_a_write
        await add_down_rule(first.ctx, tracker_id)
        assert first.engine_task is not None
        await wait_for(
            lambda: _true(first.engine_task is not None and first.engine_task.done()), what="A died"
        )
        assert first.engine_task.cancelled()
        # what the dead leader left: exactly the writes before the one it died at
        alerts = await first.db.fetch_all("SELECT last_notified_at FROM alerts")
        queued = await first.db.fetch_value("SELECT COUNT(*) FROM outbox")
        states = await first.db.fetch_value("SELECT COUNT(*) FROM alert_states")
        notified = [r["last_notified_at"] is not None for r in alerts]
        assert (len(alerts), queued, notified, states) == {
            1: (0, 0, [], 0),  # nothing: the alert was not opened
            2: (1, 0, [False], 0),  # opened, state not saved, nothing queued
            3: (1, 0, [False], 1),  # state saved (the fire held for the tracker's storm check), not queued
            4: (1, len(chats), [False], 1),  # queued, not marked notified
        }[kill_at]

        heirs = workers[1:]
        await wait_for(lambda: _true(any(w.leader.serving is not None for w in heirs)), what="a successor")
        heir = next(w for w in heirs if w.leader.serving is not None)
        taken = heir.leader.tenures[-1][1]
        assert taken - died[0] <= 2 * INTERVAL, f"taken over {taken - died[0]:.2f}s after the death"

        await wait_for(lambda: _true(len(_delivered(tg)) == len(chats)), what="every chat told")
        # two more ticks by whichever heir holds the lease by then (on a loaded machine a 1-s lease
        # may pass from one heir to another; each tick must still tell no chat twice)
        ticks = sum(len(w.ticks) for w in heirs)
        await wait_for(lambda: _true(sum(len(w.ticks) for w in heirs) >= ticks + 2), what="two more ticks")
        # (the rule's value changes every tick, so its messages are edited all along: only the sends count)
        await wait_for(lambda: _eq(pending(heir.db, "alert"), 0), what="every alert message sent")
        delivered = _delivered(tg)
        assert sorted(delivered) == chats and set(delivered.values()) == {1}, delivered
        assert await heir.db.fetch_value("SELECT COUNT(*) FROM alerts") == 1
    finally:
        for worker in workers:
            await worker.close()
        await keitaro.stop()


def _delivered(tg: FakeTelegram) -> Counter[int]:
    """How many alert messages each chat got."""
    return Counter(
        int(c.params["chat_id"])
        for c in tg.calls_of("sendMessage")
        if c.status == 200 and "alert " in str(c.params.get("text", ""))
    )


async def _true(value: bool) -> bool:
    return value


async def _eq(value: object, expected: int) -> bool:
    return await value == expected  # type: ignore[misc]


async def test_only_the_leader_queues_the_digests(
    pg_url: str, tg: FakeTelegram, clock: ShiftedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    async def recorded(ctx: object, now: object) -> int:
        calls.append(ctx)
        return 0

    monkeypatch.setattr(bot.alerting, "run_digests", recorded)
    first = await open_worker("A", pg_url, tg, clock, interval=INTERVAL)
    second = await open_worker("B", pg_url, tg, clock, interval=INTERVAL)
    jobs = [Alerting(w.ctx, w.engine, w.sender) for w in (first, second)]
    try:
        jobs[0].start()
        await wait_for(lambda: _true(first.leader.serving is not None), what="A leads")
        jobs[1].start()
        await wait_for(lambda: _true(calls.count(first.engine.ctx) >= 3), what="A's digests")
        assert set(map(id, calls)) == {id(first.engine.ctx)}  # B looked as often, and left them
        await jobs[0].stop()  # a graceful stop gives the lease up: B leads, and queues the digests
        await wait_for(lambda: _true(second.engine.ctx in calls), what="B's digests")
    finally:
        for job in jobs:
            await job.stop()
        for worker in (first, second):
            await worker.close()
