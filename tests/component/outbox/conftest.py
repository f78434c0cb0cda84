"""Fixtures of the outbox and sender tests: an alerts context on a temporary database, and a bot
on the fake Telegram server with the real TelegramTransport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot

from alerts.context import AlertsContext
from bot.transport import TelegramTransport
from services.clock import Clock
from tests.component.outbox.support import TRACKER, Texts, database, open_ctx


@pytest.fixture
async def ctx(
    tmp_path: Path, clock: Clock, backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[AlertsContext]:
    """On each backend (the ``backend`` fixture of tests/component/conftest.py): on PostgreSQL the
    sender claims its rows, as one of several senders does."""
    url = str(request.getfixturevalue("pg_url")) if backend == "postgres" else None
    context = await open_ctx(tmp_path / "bot.sqlite3", clock, url)
    db = database(context)
    await db.execute("INSERT INTO users (id) VALUES (1)")
    await db.execute(
        "INSERT INTO trackers (id, owner_id, name, admin_url, api_key_enc) VALUES (?, 1, ?, ?, ?)",
        (TRACKER, "t", "https://k", b"\x00"),
    )
    yield context
    await db.close()


@pytest.fixture
def texts() -> Texts:
    return Texts()


@pytest.fixture
def transport(bot: Bot, texts: Texts) -> TelegramTransport:
    return TelegramTransport(bot, texts)
