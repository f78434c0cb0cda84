"""The start-up checks of bot/startup.py against a real SQLite file and the fake Telegram: the key
check, the bot the database belongs to, getMe with its retries, the webhook's secret token."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import User
from pydantic import ValidationError

from bot.settings import Settings
from bot.startup import (
    WEBHOOK_TOKEN_PURPOSE,
    StartupError,
    check_bot,
    check_secret_key,
    get_me,
    webhook_secret,
)
from storage import Database, KeyCheck, MetaRepo, SecretBox, TrackerRepo, UserRepo, derive_token
from tests.conftest import SECRET_KEY, free_port
from tests.fakes.telegram import FakeTelegram, fake_bot

OTHER_KEY = "another-secret-key-0123456789abcdef"


def settings(tmp_path: Path, **values: Any) -> Settings:
    base: dict[str, Any] = {
        "bot_token": "1234567:AAtest-token-for-the-fake-server-0001",
        "database_path": tmp_path / "bot.sqlite3",
        "secret_key": SECRET_KEY,
        "startup_retry_seconds": 0.5,
    }
    return Settings(_env_file=None, **(base | values))  # type: ignore[call-arg]


class Sleeps(list[float]):
    """Records the waits between retries instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


# --- the key check -----------------------------------------------------------------------------


async def test_the_key_check_is_written_at_the_first_start_and_refuses_another_key(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    meta, s = MetaRepo(db), settings(tmp_path)
    right, wrong = SecretBox(SECRET_KEY), SecretBox(OTHER_KEY)
    caplog.set_level(logging.INFO)
    assert await check_secret_key(meta, right, s, accept=False) is KeyCheck.ABSENT  # written silently
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert await check_secret_key(meta, right, s, accept=False) is KeyCheck.MATCHES
    raw = await db.fetch_value("SELECT value FROM meta WHERE name = 'key_check'")
    assert isinstance(raw, bytes) and SECRET_KEY.encode() not in raw

    with pytest.raises(StartupError) as refused:
        await check_secret_key(meta, wrong, s, accept=False)
    message = str(refused.value)
    assert message.startswith("SECRET_KEY does not match the key the data in")
    assert str(s.key_file) in message and "--accept-new-secret-key" in message
    assert "will ask for their key again" in message and "\n" not in message
    assert await meta.check_key(right) is KeyCheck.MATCHES  # refusing changed nothing


async def test_a_database_from_before_the_key_check_is_judged_by_its_newest_tracker_key(
    db: Database, tmp_path: Path
) -> None:
    """The key file was lost (or SECRET_KEY changed) before the upgrade that added the key check:
    the first start must not seal the wrong key as the right one."""
    await UserRepo(db).touch(7, username=None, role="user")
    trackers = TrackerRepo(db, SecretBox(SECRET_KEY))
    draft = await trackers.create_draft(7, name="Main", admin_url="https://tracker.example", api_key="k" * 32)
    await trackers.finalize(7, draft.id)
    meta = MetaRepo(db)
    assert not await meta.has_key_check()
    with pytest.raises(StartupError):
        await check_secret_key(meta, SecretBox(OTHER_KEY), settings(tmp_path), accept=False)
    assert not await meta.has_key_check()  # nothing sealed with the wrong key
    assert await check_secret_key(meta, SecretBox(SECRET_KEY), settings(tmp_path), accept=False) is (
        KeyCheck.ABSENT
    )
    assert await meta.check_key(SecretBox(SECRET_KEY)) is KeyCheck.MATCHES


async def test_accepting_a_new_key_rewrites_the_key_check_with_a_warning(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    meta, s = MetaRepo(db), settings(tmp_path, secret_key=OTHER_KEY)
    await MetaRepo(db).write_key_check(SecretBox(SECRET_KEY))
    assert await check_secret_key(meta, SecretBox(OTHER_KEY), s, accept=True) is KeyCheck.MISMATCH
    assert "the secret key changed" in caplog.text and OTHER_KEY not in caplog.text
    assert await meta.check_key(SecretBox(OTHER_KEY)) is KeyCheck.MATCHES
    assert await meta.check_key(SecretBox(SECRET_KEY)) is KeyCheck.MISMATCH


async def test_without_secret_key_the_message_names_the_key_file(db: Database, tmp_path: Path) -> None:
    s = settings(tmp_path, secret_key=None)
    await MetaRepo(db).write_key_check(SecretBox(SECRET_KEY))
    with pytest.raises(
        StartupError, match=r"^SECRET_KEY is unset and the key file .*secret\.key does not match"
    ):
        await check_secret_key(MetaRepo(db), SecretBox(OTHER_KEY), s, accept=False)


# --- the bot the database belongs to -----------------------------------------------------------


def bot_user(bot_id: int, username: str) -> User:
    return User(id=bot_id, is_bot=True, first_name=username, username=username)


async def test_the_database_belongs_to_the_bot_of_its_first_start(db: Database, tmp_path: Path) -> None:
    meta, s = MetaRepo(db), settings(tmp_path)
    await check_bot(meta, bot_user(111, "first_bot"), s, accept=False)
    assert await meta.bot_id() == 111
    await check_bot(meta, bot_user(111, "first_bot"), s, accept=False)
    with pytest.raises(StartupError) as refused:
        await check_bot(meta, bot_user(222, "second_bot"), s, accept=False)
    message = str(refused.value)
    assert "another Telegram bot (id 111)" in message and "@second_bot (id 222)" in message
    assert "--accept-new-bot" in message and str(s.database_path) in message
    assert await meta.bot_id() == 111
    await check_bot(meta, bot_user(222, "second_bot"), s, accept=True)
    assert await meta.bot_id() == 222


# --- getMe at start-up -------------------------------------------------------------------------


async def test_a_rejected_token_is_one_line_about_botfather_and_not_retried(
    tg: FakeTelegram, tmp_path: Path
) -> None:
    s = settings(tmp_path, telegram_api_url=tg.url)
    bot = fake_bot(tg, "999999:AAwrong-token-of-nobody-000000000000")
    sleeps = Sleeps()
    try:
        with pytest.raises(StartupError) as refused:
            await get_me(bot, s, sleep=sleeps)
    finally:
        await bot.session.close()
    assert str(refused.value).startswith(f"Telegram ({tg.url}) rejected BOT_TOKEN (401 Unauthorized)")
    assert "@BotFather" in str(refused.value)
    assert sleeps == [] and len(tg.calls_of("getMe")) == 1


async def test_a_transient_failure_is_retried_with_a_doubling_wait_and_a_line_each(
    tg: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tg.fail_next("getMe", status=502, description="Bad Gateway", times=2)
    s = settings(tmp_path, telegram_api_url=tg.url, startup_retries=3)
    bot = fake_bot(tg)
    sleeps = Sleeps()
    try:
        me = await get_me(bot, s, sleep=sleeps)
    finally:
        await bot.session.close()
    assert me.id == tg.bot_id
    assert sleeps == [0.5, 1.0]
    retries = [r.getMessage() for r in caplog.records if r.name == "bot.startup"]
    assert len(retries) == 2
    assert retries[0].startswith(f"Telegram is unreachable at {tg.url}: the server answered")
    assert retries[0].endswith("retry 1 of 3 in 0.5 s") and retries[1].endswith("retry 2 of 3 in 1 s")


async def test_a_closed_port_is_given_up_after_the_retries_in_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    s = settings(tmp_path, telegram_api_url=url, startup_retries=2)
    sleeps = Sleeps()
    with pytest.raises(StartupError) as refused:
        await _get_me(s, sleeps)
    assert str(refused.value).startswith(f"Telegram is unreachable at {url}: connection refused. ")
    assert "TELEGRAM_API_URL" in str(refused.value)
    assert sleeps == [0.5, 1.0]


async def test_an_unresolvable_host_is_said_to_be_dns(tmp_path: Path) -> None:
    s = settings(tmp_path, telegram_api_url="http://nonexistent.invalid", startup_retries=0)
    with pytest.raises(StartupError, match=r"^Telegram is unreachable at http://nonexistent\.invalid: "):
        await _get_me(s, Sleeps())


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """Accepts connections and never answers."""
    peers: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peers.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    for writer in peers:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_a_server_that_does_not_answer_is_a_timeout(silent_server: str, tmp_path: Path) -> None:
    s = settings(tmp_path, telegram_api_url=silent_server, startup_retries=0)
    with pytest.raises(StartupError, match=r"no answer within 1 s \(timeout\)"):
        await _get_me(s, Sleeps(), timeout=1)


async def _get_me(s: Settings, sleeps: Sleeps, *, timeout: float = 5) -> User:
    api = TelegramAPIServer.from_base(s.telegram_api_url)
    bot = Bot(s.bot_token.get_secret_value(), session=AiohttpSession(api=api))
    try:
        return await get_me(bot, s, sleep=sleeps, timeout=timeout)
    finally:
        await bot.session.close()


# --- the webhook's secret token ----------------------------------------------------------------


def test_the_webhook_secret_is_given_or_derived_from_the_secret_key(tmp_path: Path) -> None:
    assert webhook_secret(settings(tmp_path, webhook_secret="mine_1-A"), SECRET_KEY) == (
        "mine_1-A",
        "given by WEBHOOK_SECRET",
    )
    derived, source = webhook_secret(settings(tmp_path), SECRET_KEY)
    assert source == "derived from the secret key"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", derived)
    assert derived == derive_token(SECRET_KEY, WEBHOOK_TOKEN_PURPOSE)
    assert derived != derive_token(OTHER_KEY, WEBHOOK_TOKEN_PURPOSE)
    assert derived != derive_token(SECRET_KEY, "another purpose")


@pytest.mark.parametrize("value", ["has space", "semi;colon", "ключ", "x" * 257])
def test_a_webhook_secret_telegram_would_refuse_is_a_configuration_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(ValidationError, match="A-Z, a-z, 0-9, _ and -"):
        settings(tmp_path, webhook_secret=value)
