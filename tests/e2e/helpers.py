"""Conversation helpers for end-to-end tests (they act the way a person would)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

from bot.app import BotApp
from bot.settings import Settings
from tests.conftest import ADMIN_KEY, BotRunner, free_port
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser


async def started_with_tracker(
    tg: FakeTelegram,
    keitaro: KeitaroEmulator,
    runner: BotRunner,
    user_id: int,
    *,
    timezone_button: str | None = None,
) -> FakeUser:
    """The bot started and user ``user_id`` with the emulator's tracker connected (the usual fixture)."""
    await runner.start()
    person = tg.user(user_id)
    await add_tracker(person, keitaro, timezone_button=timezone_button)
    return person


async def add_tracker(
    user: FakeUser,
    keitaro: KeitaroEmulator,
    *,
    name: str = "Main",
    key: str = ADMIN_KEY,
    postback: str | None = None,
    timezone_button: str | None = None,
) -> BotMessage:
    """Walk the whole add-tracker conversation in English; returns the tracker card shown at the end."""
    await to_postback_step(user, keitaro, name=name, key=key)
    if postback:
        await user.send(postback)
        await user.expect("Postback URL saved")
    else:
        await user.press("Skip")
    await user.expect("time zone")
    await user.press(timezone_button or "UTC")
    return await user.expect("Tracker added")


async def to_postback_step(
    user: FakeUser, keitaro: KeitaroEmulator, *, name: str = "Main", key: str = ADMIN_KEY
) -> None:
    """/trackers → Add tracker: the address, the name, the key (checked) — up to the question for
    the optional postback URL (step 4 of 5)."""
    await user.send("/trackers")
    await user.expect("tracker")
    await user.press("Add tracker")
    await user.expect("admin address")
    await user.send(keitaro.url)
    await user.expect("What shall we call it?")
    await user.send(name)
    await user.expect("Admin API key")
    await user.send(key)
    await user.expect("connected")
    await user.expect("postback URL")


async def speak_russian(user: FakeUser) -> None:
    """/lang → Русский, as a person switches (the texts from here on are Russian)."""
    await user.send("/lang")
    await user.expect("Language")
    await user.press("Русский")
    await user.expect("Язык: русский")


async def wait_until(predicate: Callable[[], bool], *, timeout: float = 10, what: str = "condition") -> None:
    """Poll a condition (not a fixed sleep): returns as soon as it holds, fails after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def active_tracker_id(app: BotApp, user: FakeUser) -> int:
    """The id of the person's active tracker (they added one)."""
    tracker = await app.ctx.trackers.get_active(user.id)
    assert tracker is not None
    return tracker.id


SOURCE_ROOT = Path(__file__).resolve().parents[2]


def bot_process_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The environment of a ``python -m bot`` subprocess: this one without any of the bot's own
    settings (a developer's BOT_TOKEN or WEBHOOK_URL must not leak in), the database in
    ``tmp_path``, the HTTP server on a free loopback port, then ``values``."""
    names = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(
        PYTHONPATH=str(SOURCE_ROOT),
        DATABASE_PATH=str(tmp_path / "bot.sqlite3"),
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(free_port()),
        LOG_LEVEL="INFO",
    )
    env.update(values)
    return env
