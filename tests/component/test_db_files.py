"""storage.db.Database: the database files are private (0600, like the key file) and every
commit is synced (synchronous = FULL), issue 14 defect 8."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from services.clock import Clock
from storage.db import Database


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


async def test_every_commit_is_synced(db: Database) -> None:
    # 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    assert await db.fetch_value("PRAGMA synchronous") == 2
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"


async def test_synchronous_must_be_a_sqlite_level(tmp_path: Path, clock: Clock) -> None:
    with pytest.raises(ValueError, match="synchronous"):
        Database(tmp_path / "x.sqlite3", clock=clock, synchronous="SOMETIMES")
