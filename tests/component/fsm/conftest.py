"""The storages under test: aiogram's MemoryStorage (the reference) and ours on SQLite (on the
``db`` fixture of tests/component/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage

from services.clock import Clock
from storage.db import Database
from storage.fsm import SqliteStorage
from tests.component.fsm.support import open_db


@pytest.fixture
async def sqlite(db: Database) -> AsyncIterator[SqliteStorage]:
    store = SqliteStorage(db)
    yield store
    await store.close()


@pytest.fixture(params=["memory", "sqlite"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> AsyncIterator[BaseStorage]:
    if request.param == "memory":
        yield MemoryStorage()
        return
    database = await open_db(tmp_path / "param.sqlite3", clock)
    store = SqliteStorage(database)
    yield store
    await store.close()
    await database.close()
