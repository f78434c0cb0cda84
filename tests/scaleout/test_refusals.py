"""What ``python -m bot`` refuses in one line (``Cannot start: …``, exit 1): several workers without
Redis, on SQLite, or polling; a second process polling for one database (the lock dies with its
holder: after ``kill -9`` the next one starts); a second process polling with one token (Telegram's
409). And the default start loads neither redis nor asyncpg."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from pathlib import Path

import pytest

from bot.polling import NEWCOMER_SECONDS
from tests.conftest import SECRET_KEY, BotRunner
from tests.e2e.helpers import bot_process_env
from tests.e2e.test_first_run import python_m_bot, the_one_line
from tests.fakes.telegram import FakeTelegram
from tests.scaleout.processes import BotProcess

TOKEN = "123456:AAnot-used-the-refusal-comes-first-000000"
PG_PASSWORD = "pg-Secret-pass-42"


@pytest.mark.parametrize(
    ("env", "says", "not_said"),
    [
        (
            {"WORKERS": "2"},
            "WORKERS=2 needs REDIS_URL (each worker would keep its own dialog states and their dialog "
            "states would disagree: set REDIS_URL=redis://host:6379/0)",
            "",
        ),
        (
            {"WORKERS": "3", "REDIS_URL": "redis://127.0.0.1:1/0"},
            "WORKERS=3 needs DATABASE_URL (several processes cannot share a SQLite database",
            "REDIS_URL (",
        ),
        (
            {
                "WORKERS": "2",
                "REDIS_URL": "redis://127.0.0.1:1/0",
                "DATABASE_URL": f"postgresql://bot:{PG_PASSWORD}@127.0.0.1:1/bot",
            },
            "WORKERS=2 needs a webhook (polling is one process: set WEBHOOK_URL or WORKERS=1)",
            "DATABASE_URL (",
        ),
    ],
    ids=["no-redis", "sqlite", "polling"],
)
async def test_several_workers_need_redis_postgres_and_a_webhook(
    tmp_path: Path, env: dict[str, str], says: str, not_said: str
) -> None:
    code, _out, err = await python_m_bot(tmp_path, BOT_TOKEN=TOKEN, **env)
    assert code == 1, err
    line = the_one_line(err)
    assert line.startswith("Cannot start: ") and says in line and line.endswith("Or set WORKERS=1.")
    if not_said:
        assert not_said not in line
    assert PG_PASSWORD not in err
    assert not (tmp_path / "bot.sqlite3").exists()  # refused before anything was opened


async def test_polling_twice_on_one_sqlite_database_is_refused(tg: FakeTelegram, tmp_path: Path) -> None:
    first = await BotProcess(tmp_path, "first", BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url).start()
    try:
        await tg.wait_polling(timeout=120)
        code, _out, err = await python_m_bot(tmp_path, BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url)
        assert code == 1, err
        line = the_one_line(err)
        assert line.startswith(
            f"Cannot start: another bot process (pid {first.pid} on {socket.gethostname()}) is running on "
            f"the database {tmp_path / 'bot.sqlite3'}: one process per SQLite database."
        )
        user = tg.user(8801)  # the first one goes on
        await user.send("/start")
        await user.expect("Hi,", timeout=30)
    finally:
        assert await first.stop() == 0, first.log()


async def test_polling_twice_on_postgres_is_refused_until_the_first_dies(
    tg: FakeTelegram, tmp_path: Path, pg_url: str, runner: BotRunner
) -> None:
    env = {
        "BOT_TOKEN": tg.token,
        "TELEGRAM_API_URL": tg.url,
        "DATABASE_URL": pg_url,
        "SECRET_KEY": SECRET_KEY,
    }
    first = await BotProcess(tmp_path, "first", **env).start()
    try:
        await tg.wait_polling(timeout=120)
        code, _out, err = await python_m_bot(tmp_path, **env)
        assert code == 1, err
        line = the_one_line(err)
        assert line.startswith(
            f"Cannot start: another bot process (pid {first.pid} on {socket.gethostname()}, connected from "
        )
        assert "is polling Telegram for this database: polling is one process." in line
    finally:
        await first.kill9()  # no clean-up: the server frees the lock with the dead session
    app = await runner.start(database_url=pg_url)
    assert app.db.dialect == "postgres"
    user = tg.user(8802)
    await user.send("/start")
    await user.expect("Hi,", timeout=30)


async def test_a_second_poller_with_the_same_token_stops_with_one_line(
    tg: FakeTelegram, tmp_path: Path, runner: BotRunner
) -> None:
    """Another database (or machine), the same token: Telegram's 409 tells the newcomer."""
    app = await runner.start()
    app.poll_conflicts.newcomer_seconds = 0  # it has been polling for a while
    await tg.wait_polling()
    other = tmp_path / "other"
    other.mkdir()
    code, _out, err = await python_m_bot(
        other, BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url, DATABASE_PATH=str(other / "bot.sqlite3")
    )
    assert code == 1, err
    line = the_one_line(err)
    assert line.startswith(
        "Cannot start: another process is polling Telegram with this bot token (Telegram answered 409 "
    )
    assert "terminated by other getUpdates request" in line and "run the bot on a webhook" in line
    assert app.conflict is None and not runner.task.done()  # type: ignore[union-attr]
    user = tg.user(8803)  # the first one goes on
    await user.send("/start")
    await user.expect("Hi,", timeout=30)
    assert NEWCOMER_SECONDS > 5  # well past aiogram's wait before it polls again


PROBE = """
import asyncio, json, runpy, sys
from bot.app import BotApp
from bot.settings import Settings
import bot.launch
try:
    sys.argv = ["bot", "--help"]
    runpy.run_module("bot", run_name="__main__")
except SystemExit:
    pass
async def build():
    app = BotApp(Settings(_env_file=None))
    await app.build()
    await app._cleanup()
asyncio.run(build())
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & {"redis", "asyncpg"})))
"""


async def test_the_default_start_loads_neither_redis_nor_asyncpg(tmp_path: Path) -> None:
    env = bot_process_env(tmp_path, BOT_TOKEN=TOKEN, SECRET_KEY=SECRET_KEY)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        PROBE,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    assert "python -m bot" in out.decode()  # --help ran
    assert json.loads(out.decode().strip().splitlines()[-1]) == []
    assert (tmp_path / "bot.sqlite3").exists()  # the SQLite bot was built
