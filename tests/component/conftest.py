"""An emulator with an admin, a user and a no-rights key, a client for the admin key, and an open
SQLite database in a temporary folder; the emulator and the database run on the test's ``clock``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot

from keitaro import KeitaroClient
from services.clock import Clock
from storage import Database
from storage.connect import open_database
from tests.component.keys import ADMIN, NO_RIGHTS, USER
from tests.conftest import BACKENDS
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, fake_bot


@pytest.fixture
async def emulator(clock: Clock) -> AsyncIterator[KeitaroEmulator]:
    emu = KeitaroEmulator(api_keys={ADMIN: "admin", USER: "user", NO_RIGHTS: "none"}, clock=clock)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
async def client(emulator: KeitaroEmulator) -> AsyncIterator[KeitaroClient]:
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True) as c:
        yield c


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The storage backend of a component test that uses ``db``: each runs on SQLite and on
    PostgreSQL (a real server, tests/servers.py)."""
    return str(request.param)


@pytest.fixture
async def db(
    tmp_path: Path, clock: Clock, backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[Database]:
    url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    database = open_database(url, tmp_path / "bot.sqlite3", clock=clock)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    """A Bot on the fake Telegram server (plain: no default parse mode)."""
    instance = fake_bot(tg)
    yield instance
    await instance.session.close()
