"""Leases: one holder at a time of a named job shared by several processes (the alert engine holds
``alert-engine``), and fenced writes: a write that commits only while its process still holds the
lease it started with.

A lease is a row of ``leases`` (migration 9): ``name``, ``holder`` (an id unique per process run),
``expires_at`` (ISO-8601 UTC text, like every time in the database) and ``epoch``, which grows with
every new tenure. :meth:`LeaseRepo.try_acquire` is one conditional upsert, the same SQL on SQLite and
PostgreSQL: it creates the row, renews it for its holder (same epoch), or takes it over once it has
expired (epoch + 1) -- and otherwise changes nothing and answers ``None``. PostgreSQL locks the row
for the upsert, so two processes that try at once are served one after the other.

Fencing (:class:`FencedDatabase`): every write made through it runs in a transaction that first
checks, on the same connection, that the lease is still held by this holder with this epoch and
has not expired (``SELECT … FOR SHARE`` on PostgreSQL: a takeover, which updates the row, waits for
the write to commit, and the write's check waits for a takeover in progress). So the writes of a
holder that lost its lease -- paused longer than the lease lasts, cut off from the database, or
simply slower than a successor -- do not commit: at any moment only the current holder's writes do.

Times: ``now`` is the caller's clock, so the processes' clocks must agree to well within a lease's
length (NTP does that). A skewed clock can only make a successor take over early or late; the
holder and epoch in the check keep two holders from both writing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.db import Conn, Database, Row
from storage.timefmt import to_iso

__all__ = ["FencedDatabase", "Lease", "LeaseLost", "LeaseRepo"]


class LeaseLost(Exception):
    """A fenced write was refused: this process no longer holds the lease it wrote under."""


@dataclass(frozen=True, slots=True)
class Lease:
    name: str
    holder: str
    expires_at: str
    epoch: int


_ACQUIRE = """
    INSERT INTO leases (name, holder, expires_at, epoch) VALUES (:name, :holder, :until, 1)
    ON CONFLICT (name) DO UPDATE SET
        epoch = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > :now
                     THEN leases.epoch ELSE leases.epoch + 1 END,
        holder = excluded.holder,
        expires_at = excluded.expires_at
    WHERE leases.holder = excluded.holder OR leases.expires_at <= :now
    RETURNING epoch
"""

_HOLDS = "SELECT epoch FROM leases WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > ?"


class LeaseRepo:
    """Rows of ``leases``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def try_acquire(self, name: str, holder: str, ttl: float, now: datetime) -> int | None:
        """Take the lease for ``ttl`` seconds from ``now``, or renew it when ``holder`` has it; the
        epoch of the tenure (the same while renewed, a new one after a takeover or after the holder's
        own lease ran out), ``None`` while somebody else holds it."""
        params = {
            "name": name,
            "holder": holder,
            "until": to_iso(now + timedelta(seconds=ttl)),
            "now": to_iso(now),
        }
        async with self.db.transaction() as conn:
            cursor = await conn.execute(_ACQUIRE, params)
            row = await cursor.fetchone()
            await cursor.close()
        return None if row is None else int(row[0])

    async def release(self, name: str, holder: str, epoch: int, now: datetime) -> bool:
        """Give the lease up (a graceful stop): it expires now, so a successor need not wait for it
        to run out. False when it was not ours any more."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE leases SET expires_at = ? "
                "WHERE name = ? AND holder = ? AND epoch = ? AND expires_at > ?",
                (to_iso(now), name, holder, epoch, to_iso(now)),
            )
            changed = int(cursor.rowcount)
            await cursor.close()
        return changed > 0

    async def get(self, name: str) -> Lease | None:
        row = await self.db.fetch_one("SELECT * FROM leases WHERE name = ?", (name,))
        if row is None:
            return None
        return Lease(str(row["name"]), str(row["holder"]), str(row["expires_at"]), int(row["epoch"]))

    async def holds(self, conn: Conn, name: str, holder: str, epoch: int, now: datetime) -> bool:
        """Inside the caller's transaction: does ``holder`` still hold the lease with ``epoch``? On
        PostgreSQL the row stays share-locked until the transaction ends (a takeover waits)."""
        sql = _HOLDS + (" FOR SHARE" if self.db.dialect == "postgres" else "")
        cursor = await conn.execute(sql, (name, holder, epoch, to_iso(now)))
        row = await cursor.fetchone()
        await cursor.close()
        return row is not None


Fence = Callable[[Conn], Awaitable[None]]
"""Checks, inside a transaction, that the writer may still write; raises :class:`LeaseLost` if not."""


class FencedDatabase(Database):
    """``inner`` with every write fenced: ``execute`` and ``transaction`` run ``fence`` first, in the
    same transaction, so the write commits only if the fence holds. Reads go straight to ``inner``.

    Repositories built on it (``AlertRepo(FencedDatabase(db, fence))``) need no change: the
    engine's repositories are built on one while the other parts of the process use ``inner``.
    """

    def __init__(self, inner: Database, fence: Fence) -> None:
        self.inner = inner
        self.fence = fence
        self.dialect = inner.dialect
        self.shared = inner.shared
        self.now = inner.now
        self.memo = inner.memo

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def open(self) -> None:
        await self.inner.open()

    async def close(self) -> None:
        await self.inner.close()

    async def schema_version(self) -> int:
        return await self.inner.schema_version()

    async def migrate(self) -> int:
        return await self.inner.migrate()

    @asynccontextmanager
    async def transaction(self, *, durable: bool = False) -> AsyncIterator[Conn]:
        async with self.inner.transaction(durable=durable) as conn:
            await self.fence(conn)
            yield conn

    async def execute(
        self, sql: str, params: Iterable[Any] | dict[str, Any] = (), *, durable: bool = False
    ) -> int:
        async with self.transaction(durable=durable) as conn:
            cursor = await conn.execute(sql, params)
            rowcount, lastrowid = int(cursor.rowcount), cursor.lastrowid
            await cursor.close()
        # what the inner database's execute answers: SQLite gives lastrowid for an INSERT, PostgreSQL
        # gives it when RETURNING id was added (an identity table), else the rows touched
        if self.dialect == "sqlite":
            return int(lastrowid or 0) if sql.lstrip().upper().startswith("INSERT") else rowcount
        return int(lastrowid) if lastrowid is not None else rowcount

    async def fetch_one(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Row | None:
        return await self.inner.fetch_one(sql, params)

    async def fetch_all(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[Row]:
        return await self.inner.fetch_all(sql, params)

    async def fetch_value(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Any:
        return await self.inner.fetch_value(sql, params)
