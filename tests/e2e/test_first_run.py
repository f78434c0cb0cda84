"""The first run, as a newcomer meets it: ``python -m bot`` in a subprocess. Every start-up problem is
one line and exit code 1 — never a traceback; ``--help`` says what the bot does and how to
configure it; ``check`` says what is right and what is not, one line each."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.settings import Settings
from services.clock import system_clock
from storage import Database, KeyCheck, MetaRepo, SecretBox
from tests.conftest import SECRET_KEY, BotRunner, free_port
from tests.e2e.helpers import bot_process_env
from tests.fakes.telegram import FakeTelegram, running_fake_telegram

OTHER_KEY = "another-secret-key-0123456789abcdef"
WRONG_TOKEN = "999999:AAwrong-token-of-nobody-000000000000"


def bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    return bot_process_env(tmp_path, STARTUP_RETRY_SECONDS="0.01", **values)


async def python_m_bot(tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=tmp_path,
        env=bot_env(tmp_path, **env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def key_check(tmp_path: Path, secret_key: str) -> KeyCheck:
    db = Database(tmp_path / "bot.sqlite3", clock=system_clock)
    await db.open()
    try:
        return await MetaRepo(db).check_key(SecretBox(secret_key))
    finally:
        await db.close()


def the_one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("Cannot start: ")]
    assert len(lines) == 1, err
    assert err.rstrip().endswith(lines[0])  # the last thing said
    return lines[0]


async def test_help_says_what_the_bot_does_its_commands_and_every_setting(tmp_path: Path) -> None:
    code, out, err = await python_m_bot(tmp_path, "--help")
    assert code == 0, err
    assert "A Telegram bot for teams that run the Keitaro tracker" in out
    assert "[{run,check,migrate,copy-from-sqlite}] [PATH]" in out  # the commands that exist, and only those
    assert "\n  run     (the default)" in out and "\n  check   check the token" in out
    assert "\n  migrate apply the pending" in out and "\n  copy-from-sqlite PATH\n" in out
    for name, field in Settings.model_fields.items():
        assert f"\n  {name.upper()} " in out, name
        assert field.description, name
        assert " ".join(field.description.split()[:3]) in " ".join(out.split()), name


async def test_telegram_refusing_connections_is_retried_then_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, _out, err = await python_m_bot(
        tmp_path, BOT_TOKEN=WRONG_TOKEN, TELEGRAM_API_URL=url, STARTUP_RETRIES="2"
    )
    assert code == 1
    line = the_one_line(err)
    assert line.startswith(f"Cannot start: Telegram is unreachable at {url}: connection refused. ")
    assert "TELEGRAM_API_URL" in line
    retries = [x for x in err.splitlines() if "WARNING bot.startup:" in x]
    assert len(retries) == 2 and retries[1].endswith("retry 2 of 2 in 0.02 s")


async def test_an_unresolvable_telegram_host_is_one_line_about_dns(tmp_path: Path) -> None:
    code, _out, err = await python_m_bot(
        tmp_path, BOT_TOKEN=WRONG_TOKEN, TELEGRAM_API_URL="http://nonexistent.invalid", STARTUP_RETRIES="0"
    )
    assert code == 1
    assert the_one_line(err).startswith(
        "Cannot start: Telegram is unreachable at http://nonexistent.invalid: "
        "the host name does not resolve (DNS). "
    )


async def test_a_rejected_token_is_one_line_pointing_to_botfather(tg: FakeTelegram, tmp_path: Path) -> None:
    code, _out, err = await python_m_bot(tmp_path, BOT_TOKEN=WRONG_TOKEN, TELEGRAM_API_URL=tg.url)
    assert code == 1
    line = the_one_line(err)
    assert line.startswith(f"Cannot start: Telegram ({tg.url}) rejected BOT_TOKEN (401 Unauthorized): ")
    assert "get a token from @BotFather" in line
    assert WRONG_TOKEN not in err and WRONG_TOKEN.split(":")[1] not in err


async def test_another_secret_key_is_refused_in_one_line_and_accepted_with_the_flag(
    tg: FakeTelegram, runner: BotRunner, tmp_path: Path
) -> None:
    await runner.start()  # a bot that saved its data with SECRET_KEY
    await runner.stop()
    env = {"BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.url, "SECRET_KEY": OTHER_KEY}
    code, _out, err = await python_m_bot(tmp_path, **env)
    assert code == 1
    assert err.strip().splitlines() == [the_one_line(err)]  # that line and nothing else
    line = the_one_line(err)
    assert line.startswith("Cannot start: SECRET_KEY does not match the key the data in ")
    assert str(tmp_path / "secret.key") in line and "--accept-new-secret-key" in line
    assert OTHER_KEY not in err and SECRET_KEY not in err
    assert await key_check(tmp_path, SECRET_KEY) is KeyCheck.MATCHES  # refusing changed nothing

    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--accept-new-secret-key",
        cwd=tmp_path,
        env=bot_env(tmp_path, **env),
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = tg.user(5101)
        await user.send("/start")
        await user.expect("Hi,", timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, raw = await asyncio.wait_for(proc.communicate(), 30)
    log = raw.decode()
    assert proc.returncode == 0, log
    assert "the secret key changed (--accept-new-secret-key)" in log and "Traceback" not in log

    assert await key_check(tmp_path, OTHER_KEY) is KeyCheck.MATCHES  # the new key is the key now
    assert await key_check(tmp_path, SECRET_KEY) is KeyCheck.MISMATCH


async def test_a_database_of_another_bot_is_refused_in_one_line(
    tg: FakeTelegram, runner: BotRunner, tmp_path: Path
) -> None:
    await runner.start()
    await runner.stop()
    async with running_fake_telegram("7654321:AAanother-bot-token-for-the-fake-0002") as other:
        env = {"BOT_TOKEN": other.token, "TELEGRAM_API_URL": other.url, "SECRET_KEY": SECRET_KEY}
        code, _out, err = await python_m_bot(tmp_path, **env)
        assert code == 1
        line = the_one_line(err)
        assert f"was used with another Telegram bot (id {tg.bot_id})" in line
        assert f"(id {other.bot_id})" in line and "--accept-new-bot" in line
        assert other.calls_of("setMyCommands") == [] and other.calls_of("getUpdates") == []


async def test_check_says_one_line_per_check_and_exits_0_or_1(tg: FakeTelegram, tmp_path: Path) -> None:
    code, out, err = await python_m_bot(tmp_path, "check", BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url)
    assert code == 0, out + err
    lines = out.splitlines()
    assert [x.split(":")[0] for x in lines] == ["✓ Telegram", "✓ Database", "✓ Bot", "✓ Secret key"]
    assert f"(id {tg.bot_id})" in lines[0]
    assert not (tmp_path / "secret.key").exists()  # check generates nothing; the first run does

    code, out, err = await python_m_bot(tmp_path, "check", BOT_TOKEN=WRONG_TOKEN, TELEGRAM_API_URL=tg.url)
    assert code == 1 and "Traceback" not in err
    assert out.splitlines()[0].startswith(f"✗ Telegram ({tg.url}) rejected BOT_TOKEN")
    assert out.splitlines()[1].startswith("✓ Database")
