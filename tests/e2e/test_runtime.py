"""Running the bot: entry point, webhook and health, graceful shutdown, secrets never leaking."""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ADMIN_KEY, SECRET_KEY, BotRunner, free_port
from tests.e2e.helpers import add_tracker, bot_process_env, wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


async def test_python_m_bot_starts_answers_and_stops_on_sigterm(tg: FakeTelegram, tmp_path: Path) -> None:
    database = str(tmp_path / "db" / "bot.sqlite3")
    env = bot_process_env(tmp_path, BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url, DATABASE_PATH=database)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = tg.user(5001)
        await user.send("/start")
        await user.expect("Hi,", timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    log = err.decode()
    assert "SECRET_KEY is not set: generated a new key" in log
    key_file = tmp_path / "db" / "secret.key"
    assert key_file.exists() and (key_file.stat().st_mode & 0o777) == 0o600
    assert tg.token not in log


async def test_missing_token_is_a_clear_error(tmp_path: Path) -> None:
    env = bot_process_env(tmp_path)  # no BOT_TOKEN
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert "BOT_TOKEN is required but not set" in err.decode()


async def test_health_endpoint_in_polling_mode(bot: object, runner: BotRunner) -> None:
    assert runner.app is not None
    async with httpx.AsyncClient() as client:
        r = await client.get(f"http://127.0.0.1:{runner.app.http_port}/healthz")
    assert r.status_code == 200
    assert r.json()["mode"] == "polling" and r.json()["database"] is True


async def test_webhook_mode_receives_updates_and_checks_the_secret(
    tg: FakeTelegram, runner: BotRunner
) -> None:
    port = free_port()
    await runner.start(
        webhook_url=f"http://127.0.0.1:{port}/tg/hook", webhook_secret="hook-secret-123", http_port=port
    )
    assert tg.webhook is not None and tg.webhook["url"] == f"http://127.0.0.1:{port}/tg/hook"
    user = tg.user(5002)
    await user.send("/start")
    await user.expect("Hi,")
    async with httpx.AsyncClient() as client:
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        forged = await client.post(
            f"http://127.0.0.1:{port}/tg/hook",
            json={"update_id": 1},
            headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
        )
    assert health.json()["mode"] == "webhook"
    assert forged.status_code == 401


async def test_shutdown_lets_a_handler_in_flight_finish(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    user = tg.user(5003)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.send(keitaro.url)
    await user.send("Slow")
    await user.expect("Admin API key")
    keitaro.mode = "slow"
    keitaro.slow_seconds = 30
    await user.send(ADMIN_KEY)
    await user.expect("Checking the key")
    await wait_until(lambda: keitaro.slow_waiting >= 1, what="the key check to reach the tracker")
    assert app.inflight.count >= 1
    stopping = asyncio.create_task(runner.stop())
    await asyncio.sleep(0)  # let stop() begin; the handler is still waiting for the tracker
    assert not stopping.done()
    keitaro.mode = "normal"  # later calls (the time-zone lookup) answer at once
    keitaro.release_slow()
    await user.expect("connected")
    await asyncio.wait_for(stopping, 30)
    db = sqlite3.connect(runner.tmp_path / "bot.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM trackers WHERE is_draft = 1").fetchone()[0] == 1


async def test_api_key_is_not_in_the_database_file_and_is_bound_to_its_owner(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    from storage import SecretBox, SecretDecryptError

    await runner.start()
    user = tg.user(5004)
    await add_tracker(user, keitaro, name="Vault", postback=f"{keitaro.base}/pbKey98765/postback")
    await runner.stop()
    raw = b"".join(p.read_bytes() for p in runner.tmp_path.glob("bot.sqlite3*"))
    assert ADMIN_KEY.encode() not in raw
    assert b"pbKey98765" not in raw
    assert b"Vault" in raw  # the file is readable; the key simply is not in it

    db = sqlite3.connect(runner.tmp_path / "bot.sqlite3")
    blob, owner = db.execute("SELECT api_key_enc, owner_id FROM trackers").fetchone()
    box = SecretBox(SECRET_KEY)
    assert box.decrypt(blob, owner_id=owner, purpose="tracker.api_key") == ADMIN_KEY
    with pytest.raises(SecretDecryptError):
        box.decrypt(blob, owner_id=owner + 1, purpose="tracker.api_key")
    with pytest.raises(SecretDecryptError):
        SecretBox("another-secret-key-0123456789").decrypt(blob, owner_id=owner, purpose="tracker.api_key")


async def test_no_secret_in_debug_logs_during_onboarding(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    names = (
        "httpx",
        "httpcore",
        "aiogram",
        "aiohttp",
        "aiosqlite",
        "keitaro",
        "aiogram_dialog",
        "bot",
        "handlers",
    )
    old = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.DEBUG)
    try:
        await runner.start()
        user = tg.user(5005)
        await add_tracker(user, keitaro, name="Logs", postback=f"{keitaro.base}/pbSecret4242/postback")
        await user.send("/trackers")
        await user.expect("Your trackers")
        await user.press("★ Logs")
        await user.expect("Logs", kind="edited")
        await user.press("Test connection")
        await user.expect("connected", kind="edited")
        await runner.stop()
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for n, level in old.items():
            logging.getLogger(n).setLevel(level)
    output = buffer.getvalue()
    assert "getUpdates" in output or "Update id=" in output  # we did capture the bot's debug logging
    assert len(output.splitlines()) > 50
    for secret in (ADMIN_KEY, "pbSecret4242", tg.token, tg.token.split(":")[1]):
        assert secret not in output
