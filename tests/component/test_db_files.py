"""storage.db.Database: the database files are private (0600, like the key file); the commits of
the outbox and the alert tables are synced (synchronous = FULL), every other commit — the dialog
states above all — runs at the connection's NORMAL (issue 14, defect 8)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from services.clock import Clock
from storage.alert_rows import AlertStateRow
from storage.alerts import AlertRepo
from storage.db import Database
from storage.fsm import SqliteStorage
from storage.outbox import OutboxRepo


@pytest.fixture
def backend() -> str:
    """Files, pragmas and fsyncs of SQLite: these tests are about the SQLite backend only."""
    return "sqlite"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


async def test_database_wal_and_shm_are_created_0600(tmp_path: Path, clock: Clock) -> None:
    old = os.umask(0o022)  # the usual umask: files would be 0644 without care
    try:
        path = tmp_path / "data" / "bot.sqlite3"
        db = Database(path, clock=clock)
        await db.open()
        try:
            await db.execute("INSERT INTO fsm (key, state, data, updated_at) VALUES ('k', 's', NULL, 'x')")
            wal, shm = path.with_name("bot.sqlite3-wal"), path.with_name("bot.sqlite3-shm")
            assert wal.exists() and shm.exists()  # WAL mode: both exist while the database is open
            assert (mode(path), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
            assert mode(path.parent) == 0o700
        finally:
            await db.close()
    finally:
        os.umask(old)


async def test_an_existing_readable_database_is_narrowed_to_0600(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "bot.sqlite3"
    db = Database(path, clock=clock)
    await db.open()
    await db.close()
    path.chmod(0o644)
    wal = path.with_name("bot.sqlite3-wal")
    wal.write_bytes(b"")
    wal.chmod(0o644)
    db = Database(path, clock=clock)
    await db.open()
    try:
        assert mode(path) == 0o600 and mode(wal) == 0o600
    finally:
        await db.close()


async def test_the_connection_runs_wal_normal_and_a_durable_transaction_full(db: Database) -> None:
    # 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA synchronous") == 1
    async with db.transaction(durable=True) as conn, conn.execute("PRAGMA synchronous") as cursor:
        inside = await cursor.fetchone()
    assert inside is not None and inside[0] == 2
    assert await db.fetch_value("PRAGMA synchronous") == 1  # back to NORMAL after the commit
    with pytest.raises(RuntimeError):
        async with db.transaction(durable=True):
            raise RuntimeError("rolled back")
    assert await db.fetch_value("PRAGMA synchronous") == 1  # … and after a rollback
    async with db.transaction() as conn, conn.execute("PRAGMA synchronous") as cursor:
        plain = await cursor.fetchone()
    assert plain is not None and plain[0] == 1


_WRITE = re.compile(r"^\s*(?:INSERT(?: OR \w+)? INTO|UPDATE(?: OR \w+)?|DELETE FROM)\s+(\w+)", re.I)
_PRAGMA = re.compile(r"^\s*PRAGMA synchronous\s*=\s*(\w+)", re.I)


class CommitLevels:
    """From the connection's SQL trace: the tables each commit wrote, and the ``synchronous``
    level in force when it committed (a write outside BEGIN … COMMIT is its own commit)."""

    def __init__(self) -> None:
        self.level = "NORMAL"
        self.open: set[str] | None = None
        self.commits: list[tuple[str, frozenset[str]]] = []

    def __call__(self, sql: str) -> None:
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        if pragma := _PRAGMA.match(sql):
            assert self.open is None, "synchronous changed inside a transaction"
            self.level = pragma.group(1).upper()
        elif word == "BEGIN":
            self.open = set()
        elif word in ("COMMIT", "END"):
            assert self.open is not None
            if self.open:
                self.commits.append((self.level, frozenset(self.open)))
            self.open = None
        elif word == "ROLLBACK":
            self.open = None
        elif write := _WRITE.match(sql):
            if self.open is None:
                self.commits.append((self.level, frozenset({write.group(1).lower()})))
            else:
                self.open.add(write.group(1).lower())

    def levels_of(self, table: str) -> set[str]:
        return {level for level, tables in self.commits if table in tables}


DURABLE_TABLES = ("outbox", "alert_messages", "alert_rules", "alert_states", "alerts")


async def test_outbox_and_alert_commits_are_full_and_dialog_steps_normal(db: Database) -> None:
    await db.execute("INSERT INTO users (id) VALUES (1)")
    await db.execute(
        "INSERT INTO trackers (id, owner_id, name, admin_url, api_key_enc)"
        " VALUES (7, 1, 't', 'https://k', x'00')"
    )
    store, outbox, alerts = SqliteStorage(db, flush_delay=3600), OutboxRepo(db), AlertRepo(db)
    trace = CommitLevels()
    conn = db.conn
    await conn._execute(conn._conn.set_trace_callback, trace)
    try:
        key = StorageKey(bot_id=1, chat_id=5, user_id=5)
        await store.set_state(key, "Form:step2")
        await store.update_data(key, {"name": "x"})
        await store.flush()
        rule = await alerts.create(1, 7, "no_traffic", "r", None, {}, "warning")
        await alerts.update(7, rule.id, name="r2")
        await alerts.mute(rule.id, None)
        await alerts.save_state(AlertStateRow(rule.id, "*", "firing", "2024-01-01T00:00:00Z"))
        alert = await alerts.open_alert(rule.id, "*", 7, "warning", "2024-01-01T00:00:00Z", 1.0)
        await alerts.ack(alert.id, 1, "me", "2024-01-01T00:01:00Z")
        assert await outbox.enqueue(5, {"type": "text", "text": "hi"}, dedup_key="a")
        assert await outbox.enqueue(5, {"type": "text", "text": "hi again"}, dedup_key="b")
        first, second = await outbox.due(10, db.now())
        await outbox.mark_sent(first.id, 77, db.now(), alert_id=alert.id)
        await outbox.defer(second.id, db.now(), 1)
        await outbox.fail(second.id, "gone")
        await alerts.resolve(alert.id, "2024-01-01T00:02:00Z", 0.0)
        await alerts.delete_state(rule.id, "*")
        await store.set_state(key, "Form:step3")
        await store.flush()
    finally:
        await conn._execute(conn._conn.set_trace_callback, None)
        await store.close()
    assert trace.levels_of("fsm") == {"NORMAL"}  # two dialog steps, no fsync
    for table in DURABLE_TABLES:
        assert trace.levels_of(table) == {"FULL"}, table
    assert await db.fetch_value("PRAGMA synchronous") == 1


async def test_synchronous_must_be_a_sqlite_level(tmp_path: Path, clock: Clock) -> None:
    with pytest.raises(ValueError, match="synchronous"):
        Database(tmp_path / "x.sqlite3", clock=clock, synchronous="SOMETIMES")
