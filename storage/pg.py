"""PostgreSQL behind the same :class:`storage.db.Database` interface (``DATABASE_URL``).

asyncpg, a pool per process. The repositories do not know which backend they talk to: they call
``fetch_one``/``fetch_all``/``fetch_value``/``execute`` and ``transaction()`` (whose connection
answers ``execute``/``executemany`` with a cursor that has ``fetchone``, ``fetchall``, ``rowcount``
and ``lastrowid``, awaited or used with ``async with``, like aiosqlite's), and write one SQL
(:mod:`storage.pgsql` translates it).

What stays the same as with SQLite:
- a transaction's statements, and the reads of the task that opened it, run on its connection (so
  a repository that reads inside its transaction sees its own writes);
- transactions of one process run one at a time (the write lock of :class:`Database`): the
  repositories were written for SQLite's single writer, and a process keeps that. Several processes
  meet in PostgreSQL's own locks: row locks, ``FOR UPDATE SKIP LOCKED`` for outbox claims, the
  conditional ``UPDATE`` of leases;
- a broken constraint raises :class:`storage.db.IntegrityError` (a ``sqlite3.IntegrityError``).

What differs: durability needs no switch (a PostgreSQL commit is synced unless the server is told
otherwise, so ``durable=True`` changes nothing), migrations run under an advisory lock (several
workers may start at once) and the schema version is a table, not ``PRAGMA user_version``.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import AsyncIterator, Callable, Generator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from storage.db import Database, IntegrityError, Row, split_sql
from storage.migrations import MIGRATIONS
from storage.pgsql import ddl, statement

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger(__name__)

MIGRATION_LOCK = 0x6B62_6F74  # pg_advisory_xact_lock key of migrations ("kbot")
POOL_SIZE = 10

# SQLite's functions the repositories use, for PostgreSQL: json_extract(doc, '$.a.b') (as text)
COMPAT = (
    "CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS "
    "$$ SELECT (doc::jsonb) #>> string_to_array(substr(path, 3), '.') $$",
)

_current: contextvars.ContextVar[PgConn | None] = contextvars.ContextVar("pg_transaction", default=None)


class PgCursor:
    """What a statement returned: its rows, how many it touched, the id an INSERT made."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    async def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Any]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest

    async def close(self) -> None:
        return None


class _Call:
    """``await conn.execute(…)`` or ``async with conn.execute(…) as cursor``."""

    def __init__(self, run: Callable[[], Any]) -> None:
        self._run = run
        self._cursor: PgCursor | None = None

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self._run().__await__()  # type: ignore[no-any-return]

    async def __aenter__(self) -> PgCursor:
        self._cursor = await self._run()
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        return None


class PgConn:
    """One pooled connection inside a transaction (or for one statement)."""

    def __init__(
        self,
        conn: asyncpg.Connection | asyncpg.pool.PoolConnectionProxy,
        identity: frozenset[str],
        trace: Callable[[str], object] | None = None,
    ) -> None:
        self.raw = conn
        self._identity = identity
        self._trace = trace

    def execute(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> _Call:
        return _Call(lambda: self._execute(sql, params))

    def executemany(self, sql: str, seq: Iterable[Iterable[Any] | dict[str, Any]]) -> _Call:
        async def run() -> PgCursor:
            total = 0
            for params in seq:
                total += (await self._execute(sql, params)).rowcount
            return PgCursor([], total, None)

        return _Call(run)

    async def _execute(self, sql: str, params: Iterable[Any] | dict[str, Any]) -> PgCursor:
        text, names, returning = statement(sql, self._identity)
        if self._trace is not None:
            self._trace(text)
        args = [params[n] for n in names] if isinstance(params, dict) else list(params)
        import asyncpg

        try:
            head = text.lstrip()[:6].upper()
            if head in ("SELECT", "WITH") or "RETURNING" in text.upper():
                rows = await self.raw.fetch(text, *args)
                lastrowid = int(rows[0][0]) if returning and rows else None
                return PgCursor(rows, len(rows), lastrowid)
            status = await self.raw.execute(text, *args)
        except asyncpg.IntegrityConstraintViolationError as exc:
            raise IntegrityError(str(exc)) from exc
        parts = status.split()
        count = int(parts[-1]) if parts and parts[-1].isdigit() else 0
        return PgCursor([], count, None)


class PgDatabase(Database):
    """The :class:`Database` interface on a PostgreSQL server (``DATABASE_URL``)."""

    dialect = "postgres"
    shared = True  # other processes write the same tables: nothing is kept in memory across updates

    def __init__(self, url: str, *, clock: Callable[[], datetime], pool_size: int = POOL_SIZE) -> None:
        super().__init__(":memory:", clock=clock)
        self.url = url
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self._identity: frozenset[str] = frozenset()
        self.trace: Callable[[str], object] | None = None  # sees every statement (tests count them)

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not open")
        return self._pool

    async def open(self) -> None:
        if self._pool is not None:
            return
        import asyncpg

        self._pool = await asyncpg.create_pool(
            self.url,
            min_size=1,
            max_size=self.pool_size,
            command_timeout=60,
            server_settings={"timezone": "UTC"},
        )
        await self.migrate()

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def schema_version(self) -> int:
        exists = await self.pool.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
        if not exists:
            return 0
        return int(await self.pool.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version") or 0)

    async def migrate(self) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            current = int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version") or 0)
            for number, script in enumerate(MIGRATIONS, start=1):
                if number <= current:
                    continue
                log.info("applying database migration %d", number)
                for sql in split_sql(ddl(script)):
                    await conn.execute(sql)
                await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", number)
                current = number
            for sql in COMPAT:
                await conn.execute(sql)
            rows = await conn.fetch(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' "
                "AND is_identity = 'YES' AND table_schema = current_schema()"
            )
        self._identity = frozenset(str(r[0]) for r in rows)
        return current

    @asynccontextmanager
    async def transaction(self, *, durable: bool = False) -> AsyncIterator[PgConn]:
        async with self._tx_lock, self.pool.acquire() as conn, conn.transaction():
            pg = PgConn(conn, self._identity, self.trace)
            if self.trace is not None:
                self.trace("BEGIN")
            token = _current.set(pg)
            try:
                yield pg
            finally:
                _current.reset(token)

    @asynccontextmanager
    async def _use(self) -> AsyncIterator[PgConn]:
        current = _current.get()
        if current is not None:
            yield current
            return
        async with self.pool.acquire() as conn:
            yield PgConn(conn, self._identity, self.trace)

    async def execute(
        self, sql: str, params: Iterable[Any] | dict[str, Any] = (), *, durable: bool = False
    ) -> int:
        async with self._use() as conn:
            cursor = await conn.execute(sql, params)
        if cursor.lastrowid is not None:
            return cursor.lastrowid
        return cursor.rowcount

    async def fetch_one(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> Row | None:
        async with self._use() as conn:
            cursor = await conn.execute(sql, params)
            row: Row | None = await cursor.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[Row]:
        async with self._use() as conn:
            cursor = await conn.execute(sql, params)
            return list(await cursor.fetchall())
