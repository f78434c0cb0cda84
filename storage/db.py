"""SQLite connection: WAL, busy timeout, foreign keys, numbered migrations.

One aiosqlite connection serves the whole process (aiosqlite runs it on its own thread and
serialises calls). Writes that must be atomic go through :meth:`Database.transaction`.

Files: the database file is created mode 0600 (its directory 0700 when this creates it), like the
key file beside it: it holds encrypted keys, webhook secrets' hashes, users and their chats.
SQLite creates the ``-wal`` and ``-shm`` files with the main file's mode, and a database found
with a wider mode is narrowed to 0600 on open (companions too).

Durability: ``journal_mode = WAL``, ``synchronous`` chosen per transaction. ``synchronous`` is
a setting of the connection, not of a table, so it is switched around the transactions that need
more. The connection runs ``NORMAL``: a WAL commit is not synced, so it survives a crash of the
process (``kill -9``: the commit is in the OS's page cache) and only a power loss or a kernel crash
may roll back the last commits. That is the level for the dialog states (``fsm``), caches, users
and settings: a power cut may take a user one step back, never corrupt the file. Transactions
that write the outbox (queued alerts and conversion notices: a conversion webhook is answered 200
once its notices are queued, so nobody sends them again) or the alert tables (rules, states,
episodes: a rolled-back "notified" would send an alert twice, a rolled-back rule would vanish)
run with ``durable=True``: ``PRAGMA synchronous = FULL`` before ``BEGIN`` and back to ``NORMAL``
after ``COMMIT`` (the pragma must not change inside a transaction; the write lock below keeps
every other write out meanwhile), so their commit syncs the WAL (one fsync); that includes
``WebhookSecretRepo.merge_into_batch`` and ``OncallRepo.set_escalation``, which write those tables
from their own modules. A later NORMAL commit never un-syncs it: the WAL is only reset after a
checkpoint, which syncs the main file.
Cost measured in ``bench/`` (``python -m bench durability``; README, Performance): one fsync per
durable commit — a queued notice commits in 0.6 ms (p50; p99 1.5 ms) against 0.2 ms unsynced on
the 2-core VM's ext4, more when the disk is busy; dialog steps pay none (with every commit FULL a
step's flush cost 2.3 times as much under 50 users).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from storage.migrations import MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
SYNCHRONOUS = "NORMAL"  # the connection's level (module docstring; bench/durability.py measures it)
DURABLE_SYNCHRONOUS = "FULL"  # the level of a ``durable=True`` transaction: outbox and alert tables
LEVELS = ("OFF", "NORMAL", "FULL", "EXTRA")
FILE_MODE = 0o600
DIR_MODE = 0o700
COMPANIONS = ("-wal", "-shm", "-journal")

# A row as both backends give it (aiosqlite.Row, asyncpg.Record): row["name"], row[0], row.keys().
Row = Any


class Conn(Protocol):
    """The connection a transaction yields (aiosqlite's, or :class:`storage.pg.PgConn`): ``execute``
    gives a cursor (``fetchone``, ``fetchall``, ``rowcount``, ``lastrowid``, ``close``), awaited or
    used with ``async with``."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, seq: Any, /) -> Any: ...


class IntegrityError(sqlite3.IntegrityError):
    """A broken constraint on PostgreSQL, raised as SQLite's (repositories catch that one)."""


class Database:
    """A single shared aiosqlite connection with a write lock for transactions.

    ``clock`` is the application's clock: repositories stamp the rows they write with it (never
    SQLite's ``'now'``), so times written and times compared come from one clock.

    :class:`storage.pg.PgDatabase` is the same interface on PostgreSQL (``dialect``), where other
    processes share the tables (``shared``: nothing may be remembered across updates).
    """

    dialect = "sqlite"
    shared = False

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Callable[[], datetime],
        synchronous: str | None = None,
        durable_synchronous: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.now = clock
        self.synchronous = _level(synchronous or SYNCHRONOUS)
        self.durable_synchronous = _level(durable_synchronous or DURABLE_SYNCHRONOUS)
        self._conn: aiosqlite.Connection | None = None
        self._tx_lock = asyncio.Lock()
        # rows a repository alone writes and reads on every update, kept in memory by it
        # (one place per Database so every repository instance on it sees the same memory)
        self.memo: dict[str, Any] = {}

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self) -> None:
        if self._conn is not None:
            return
        if str(self.path) != ":memory:":
            _create_private(self.path)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute(f"PRAGMA synchronous = {self.synchronous}")
        await conn.execute("PRAGMA foreign_keys = ON")
        self._conn = conn
        await self.migrate()

    async def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()

    async def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(await self.fetch_value("PRAGMA user_version") or 0)

    async def migrate(self) -> int:
        """Apply pending migrations in order; returns the resulting schema version."""
        async with self.transaction():
            version = await self.fetch_value("PRAGMA user_version")
            current = int(version or 0)
            for number, script in enumerate(MIGRATIONS, start=1):
                if number <= current:
                    continue
                log.info("applying database migration %d", number)
                for statement in split_sql(script):
                    await self.conn.execute(statement)
                await self.conn.execute(f"PRAGMA user_version = {number}")
                current = number
        return current

    @asynccontextmanager
    async def transaction(self, *, durable: bool = False) -> AsyncIterator[Conn]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on error. Not re-entrant.

        ``durable``: the commit is synced (``durable_synchronous``, FULL) — for the outbox and the
        alert tables; otherwise the connection's level (NORMAL). See the module docstring.
        """
        async with self._tx_lock, self._synced(durable):
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def write_batch(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """``executemany`` of each (sql, rows) in one BEGIN IMMEDIATE … COMMIT, rolled back on error,
        run as ONE call on aiosqlite's thread: one hand-over to the thread and one wake-up of the
        event loop for the whole transaction instead of one per statement (the FSM's write-behind
        flush, which a reply waits for: 0.23 -> 0.07 ms for four statements). Not durable (the
        connection's level), like :meth:`transaction` without ``durable``; on another backend
        (:class:`storage.pg.PgDatabase`) it is that transaction."""
        if self.dialect != "sqlite":
            async with self.transaction() as conn:
                for sql, rows in statements:
                    await conn.executemany(sql, rows)
            return

        def run(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, rows in statements:
                    conn.executemany(sql, rows)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

        async with self._tx_lock:
            # aiosqlite has no public "run this on the connection's thread"; _execute is how its
            # own methods do it (pinned: aiosqlite>=0.20,<0.23)
            await self.conn._execute(run, self.conn._conn)  # type: ignore[no-untyped-call]

    async def execute(
        self, sql: str, params: Iterable[Any] | dict[str, Any] = (), *, durable: bool = False
    ) -> int:
        """Run one write statement atomically; returns lastrowid (or rowcount for updates).
        ``durable`` as in :meth:`transaction`."""
        async with self._tx_lock, self._synced(durable):
            cursor = await self.conn.execute(sql, params)
            try:
                if sql.lstrip().upper().startswith("INSERT"):
                    return int(cursor.lastrowid or 0)
                return int(cursor.rowcount)
            finally:
                await cursor.close()

    @asynccontextmanager
    async def _synced(self, durable: bool) -> AsyncIterator[None]:
        """Under the write lock, outside any transaction: ``synchronous`` raised for a durable
        write and set back after it (also when it failed)."""
        if not durable or self.durable_synchronous == self.synchronous:
            yield
            return
        await self.conn.execute(f"PRAGMA synchronous = {self.durable_synchronous}")
        try:
            yield
        finally:
            await self.conn.execute(f"PRAGMA synchronous = {self.synchronous}")

    async def fetch_one(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Row | None:
        async with self.conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[Row]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetch_value(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]


def _level(name: str) -> str:
    level = name.upper()
    if level not in LEVELS:
        raise ValueError(f"synchronous must be one of {', '.join(LEVELS)}, not {name!r}")
    return level


def _create_private(path: Path) -> None:
    """The directory (0700 when created here) and an empty database file 0600 before SQLite opens
    it — SQLite gives ``-wal`` and ``-shm`` the main file's mode; an existing wider file (and its
    companions) is narrowed to 0600."""
    if not path.parent.exists():
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)  # an empty file is a valid new database
    os.close(fd)
    for file in (path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)):
        try:
            if file.stat().st_mode & 0o777 != FILE_MODE:
                file.chmod(FILE_MODE)
        except FileNotFoundError:
            continue


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (migrations contain no ';' inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]
