"""Shared fixtures: the fake Telegram Bot API, the Keitaro emulator, and the real bot between them."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import BotApp
from bot.logsetup import install_redaction
from bot.settings import Settings
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

ADMIN_KEY = "adm1nKey0123456789abcdefXYZ"
USER_KEY = "us3rKey0123456789abcdefXYZ"
SECRET_KEY = "test-secret-key-0123456789abcdef"

install_redaction()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def keitaro() -> AsyncIterator[KeitaroEmulator]:
    emu = KeitaroEmulator(api_keys={ADMIN_KEY: "admin", USER_KEY: "user"})
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


class BotRunner:
    """Starts and stops the real bot (the same BotApp that `python -m bot` runs)."""

    def __init__(self, tg: FakeTelegram, tmp_path: Path) -> None:
        self.tg = tg
        self.tmp_path = tmp_path
        self.app: BotApp | None = None
        self.task: asyncio.Task[None] | None = None
        self.overrides: dict[str, Any] = {}

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "bot_token": self.tg.token,
            "telegram_api_url": self.tg.url,
            "database_path": self.tmp_path / "bot.sqlite3",
            "secret_key": SECRET_KEY,
            "allow_private_tracker_addresses": True,
            "http_host": "127.0.0.1",
            "http_port": 0,
            "log_level": "DEBUG",
        }
        values.update(self.overrides)
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    async def start(self, **overrides: Any) -> BotApp:
        assert self.task is None, "already running"
        self.overrides.update(overrides)
        self.app = BotApp(self.settings(), handle_signals=False)
        self.task = asyncio.create_task(self.app.run())
        started = asyncio.create_task(self.app.started.wait())
        done, _ = await asyncio.wait({started, self.task}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            self.task.result()  # re-raise a start-up failure
        assert started in done, "bot did not start"
        return self.app

    async def stop(self) -> None:
        if self.app is not None and self.task is not None:
            await self.app.stop()
            await asyncio.wait_for(self.task, 40)
        self.app, self.task = None, None

    async def restart(self) -> BotApp:
        await self.stop()
        return await self.start()


@pytest.fixture
async def runner(tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotRunner]:
    r = BotRunner(tg, tmp_path)
    try:
        yield r
    finally:
        await r.stop()


@pytest.fixture
async def bot(runner: BotRunner) -> BotApp:
    return await runner.start()
