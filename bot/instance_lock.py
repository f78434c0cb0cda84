"""One bot process where only one may run, held by a lock that dies with its holder.

Only one process may run:
* on a SQLite database (the FSM storage and the repositories keep what they read in memory);
* in polling mode (Telegram gives updates to one long poll; a second one ends the first);
* on PostgreSQL without ``REDIS_URL`` (dialog states are cached in each process's memory).

Several processes may share a PostgreSQL database only in webhook mode with ``REDIS_URL``.

The lock: for SQLite an exclusive ``flock`` on ``<database>.lock`` beside the database (the file says
who holds it: pid and host); for PostgreSQL a session advisory lock on a connection of its own, held
for the life of the process (``application_name`` says who holds it). The kernel or the server frees
either when the process dies, however it dies (``kill -9`` included): nothing to clean up by hand.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.settings import Settings
from bot.startup import StartupError

if TYPE_CHECKING:
    import asyncpg

__all__ = ["InstanceLock", "PgLock", "SqliteLock", "instance_lock"]

log = logging.getLogger(__name__)

PG_LOCK_KEYS = (0x4B42, 1)  # pg_try_advisory_lock(int, int): "KB", the one-process lock
_HOLDER_SQL = """
    SELECT a.application_name, host(a.client_addr) AS client
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
"""


def who() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()}"


class InstanceLock:
    """Taken by :meth:`acquire` (or :class:`StartupError` saying who holds it), freed by
    :meth:`release` or by the death of the process."""

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal  # "Cannot start: another bot process ({holder}) …"

    async def acquire(self) -> None:
        raise NotImplementedError

    async def release(self) -> None:
        raise NotImplementedError


class SqliteLock(InstanceLock):
    def __init__(self, database: Path, refusal: str) -> None:
        super().__init__(refusal)
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    async def acquire(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StartupError(self.refusal.format(holder=holder)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{who()}\n".encode(), 0)
        self._fd = fd

    async def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # closing the descriptor frees the flock


class PgLock(InstanceLock):
    def __init__(self, url: str, refusal: str) -> None:
        super().__init__(refusal)
        self.url = url
        self._conn: asyncpg.Connection[Any] | None = None

    async def acquire(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(self.url, server_settings={"application_name": f"keitaro-bot {who()}"})
        try:
            got = await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", *PG_LOCK_KEYS)
            if not got:
                row = await conn.fetchrow(_HOLDER_SQL, *PG_LOCK_KEYS)
                holder = "unknown"
                if row is not None:
                    name = str(row["application_name"] or "").removeprefix("keitaro-bot ") or "unknown"
                    holder = f"{name}, connected from {row['client'] or 'a local socket'}"
                raise StartupError(self.refusal.format(holder=holder))
        except BaseException:
            await conn.close()
            raise
        conn.add_termination_listener(self._lost)
        self._conn = conn

    def _lost(self, _conn: object) -> None:
        if self._conn is not None:
            log.error(
                "the connection that holds the one-process lock on the database was lost: another "
                "process could start on it now (this one keeps running)"
            )

    async def release(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):
                await conn.close()  # the session ends: the server frees its advisory lock


def instance_lock(settings: Settings) -> InstanceLock | None:
    """The lock this process must hold, or None when several processes may share the database
    (PostgreSQL, webhook mode, ``REDIS_URL``)."""
    url = settings.database_url.get_secret_value() if settings.database_url else None
    webhook = bool(settings.webhook_url)
    if url is None:
        path = settings.database_path
        return SqliteLock(
            path,
            f"another bot process ({{holder}}) is running on the database {path}: one process per SQLite "
            "database. Stop it first (several processes need DATABASE_URL, REDIS_URL and WEBHOOK_URL).",
        )
    if not webhook:
        return PgLock(
            url,
            "another bot process ({holder}) is polling Telegram for this database: polling is one "
            "process. Stop it, or run on a webhook (WEBHOOK_URL, and REDIS_URL for several processes).",
        )
    if settings.redis_url is None:
        return PgLock(
            url,
            "another bot process ({holder}) runs on this database without REDIS_URL: their dialog "
            "states would disagree. Set REDIS_URL on every process, or stop the other one.",
        )
    return None
