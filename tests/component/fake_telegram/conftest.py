"""A running fake Telegram server and an aiogram Bot on it (HTML parse mode by default)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from tests.component.fake_telegram.support import make_bot
from tests.fakes.telegram import (
    FakeTelegram,
    running_fake_telegram,
)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with running_fake_telegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    instance = make_bot(tg)
    yield instance
    await instance.session.close()
