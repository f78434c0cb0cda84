"""The storages under test: aiogram's MemoryStorage (the reference), ours on SQLite and on
PostgreSQL (on the ``db`` fixture of tests/component/conftest.py, and the ``storage`` fixture
below) and aiogram's RedisStorage, which the bot uses with several workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage

from services.clock import Clock
from storage.connect import open_database
from storage.db import Database
from storage.fsm import SqliteStorage


@pytest.fixture
async def sqlite(db: Database) -> AsyncIterator[SqliteStorage]:
    store = SqliteStorage(db)
    yield store
    await store.close()


@pytest.fixture(params=["memory", "sqlite", "postgres", "redis"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> AsyncIterator[BaseStorage]:
    """aiogram's reference, ours on SQLite and on PostgreSQL (the dialog states of a single process on
    PostgreSQL) and aiogram's RedisStorage with the bot's key builder (several workers)."""
    if request.param == "memory":
        yield MemoryStorage()
        return
    if request.param == "redis":
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage

        redis = RedisStorage.from_url(
            request.getfixturevalue("redis_url"),
            key_builder=DefaultKeyBuilder(
                with_destiny=True, with_bot_id=True, with_business_connection_id=True
            ),
        )
        yield redis
        await redis.close()
        return
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    database = open_database(url, tmp_path / "param.sqlite3", clock=clock)
    await database.open()
    store = SqliteStorage(database)
    yield store
    await store.close()
    await database.close()
