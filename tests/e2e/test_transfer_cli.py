"""``python -m bot migrate`` and ``python -m bot copy-from-sqlite`` as an operator runs them: a
subprocess, exit codes, one line per failure (never a traceback), the database named by its URL
with the password masked — and no secret (the password, a tracker's API key or postback URL) in
anything printed.

PostgreSQL here asks for a password (a cluster of this module's own, ``scram-sha-256``; the
session's test server trusts every login, so a wrong password could not be told from a right one).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from services.clock import system_clock
from storage import Database, MetaRepo, SecretBox
from storage.migrations import MIGRATIONS
from tests.component.test_transfer import API_KEY, POSTBACK, fill
from tests.conftest import SECRET_KEY, free_port
from tests.e2e.helpers import bot_process_env
from tests.fakes.telegram import FakeTelegram
from tests.servers import _pg_bindir, _wait_port

PASSWORD = "p@ss:w0rd/Tr4nsfer!"  # characters a URL must percent-encode
OTHER_KEY = "another-secret-key-0123456789abcdef"
TOKEN = "1234567:AAtest-token-for-the-fake-server-0001"
_databases = itertools.count(1)
V = len(MIGRATIONS)  # the schema version of this code


@pytest.fixture(scope="module")
def pg_with_password() -> Iterator[str]:
    """A PostgreSQL cluster whose logins need the password: the URL of its server, without a database."""
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="kbot-pgpw-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses root (tests/servers.py)
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    pwfile = root / "password"
    pwfile.write_text(PASSWORD + "\n")
    if run_as:
        shutil.chown(pwfile, "postgres", "postgres")
    subprocess.run(
        [*run_as, str(bindir / "initdb"), "-D", str(root / "data"), "-U", "postgres",
         "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-sync", "--locale=C"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    log = root / "postgres.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*run_as, str(bindir / "postgres"), "-D", str(root / "data"), "-p", str(port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={root}", "-c", "fsync=off"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_port(port, proc, "postgres", log)
        yield f"postgresql://postgres:{quote(PASSWORD, safe='')}@127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def pg_db(pg_with_password: str) -> AsyncIterator[str]:
    """An empty database of its own on the password cluster."""
    import asyncpg

    name = f"copy{os.getpid()}_{next(_databases)}"
    admin = await asyncpg.connect(f"{pg_with_password}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{pg_with_password}/{name}"
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def masked(url: str) -> str:
    return url.replace(quote(PASSWORD, safe=""), "***")


async def python_m_bot(tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    values = {"BOT_TOKEN": TOKEN, "SECRET_KEY": SECRET_KEY, **env}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args,
        cwd=tmp_path, env=bot_process_env(tmp_path, **values),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    said = out.decode() + err.decode()
    assert "Traceback" not in said, said
    for secret in (
        PASSWORD,
        quote(PASSWORD, safe=""),
        API_KEY,
        POSTBACK.split("/")[3],
        SECRET_KEY,
        OTHER_KEY,
    ):
        assert secret not in said, f"{secret!r} was printed: {said}"
    return proc.returncode, out.decode(), err.decode()


def the_line(err: str, head: str) -> str:
    """The one failure line (the last thing said; log lines may come before it)."""
    lines = [line for line in err.splitlines() if line.startswith(head)]
    assert len(lines) == 1, err
    assert err.rstrip().endswith(lines[0])
    return lines[0]


async def sqlite_deployment(path: Path, bot_id: int) -> None:
    db = Database(path, clock=system_clock)
    await db.open()
    try:
        await fill(db, SecretBox(SECRET_KEY))
        await MetaRepo(db).set_bot_id(bot_id)
    finally:
        await db.close()


async def test_migrate_says_the_versions_in_one_line_on_both_databases(tmp_path: Path, pg_db: str) -> None:
    code, out, _ = await python_m_bot(tmp_path, "migrate")
    assert code == 0 and out == f"Database {tmp_path / 'bot.sqlite3'}: schema version 0 → {V} (created now)\n"
    code, out, _ = await python_m_bot(tmp_path, "migrate")
    assert code == 0 and out.endswith(f": schema version {V} → {V} (already up to date)\n")

    code, out, _ = await python_m_bot(tmp_path, "migrate", DATABASE_URL=pg_db)
    assert code == 0 and out == f"Database {masked(pg_db)}: schema version 0 → {V} ({V} migrations applied)\n"
    assert "postgres:***@127.0.0.1" in out
    code, out, _ = await python_m_bot(tmp_path, "migrate", DATABASE_URL=pg_db)
    assert code == 0 and out.endswith(f"schema version {V} → {V} (already up to date)\n")


async def test_migrate_failures_are_one_line_without_the_password(
    tmp_path: Path, pg_db: str, pg_with_password: str
) -> None:
    wrong = pg_db.replace(quote(PASSWORD, safe=""), "not-the-password")
    code, out, err = await python_m_bot(tmp_path, "migrate", DATABASE_URL=wrong)
    line = the_line(err, "Cannot migrate: ")
    assert code == 1 and out == ""
    assert line.startswith("Cannot migrate: postgresql://postgres:***@127.0.0.1:")
    assert "password authentication failed" in line and "check the user and password in DATABASE_URL" in line
    assert "not-the-password" not in line
    # check says the same in its database line (Telegram is not reachable here: its line fails too)
    nowhere = f"http://127.0.0.1:{free_port()}"
    code, out, _ = await python_m_bot(tmp_path, "check", DATABASE_URL=wrong, TELEGRAM_API_URL=nowhere)
    database = [line for line in out.splitlines() if line.startswith("✗ Database: ")]
    assert code == 1 and len(database) == 1 and "not-the-password" not in out
    assert database[0].startswith(
        f"✗ Database: {masked(pg_db)} cannot be opened: the server refused the login"
    )

    refused = f"postgresql://postgres:{quote(PASSWORD, safe='')}@127.0.0.1:{free_port()}/bot"
    code, _, err = await python_m_bot(tmp_path, "migrate", DATABASE_URL=refused)
    assert code == 1 and "connection refused" in the_line(err, "Cannot migrate: ")

    missing = f"{pg_with_password}/no_such_database"
    code, _, err = await python_m_bot(tmp_path, "migrate", DATABASE_URL=missing)
    line = the_line(err, "Cannot migrate: ")
    assert code == 1 and 'database "no_such_database" does not exist: create it' in line


async def test_copy_from_sqlite_moves_the_deployment_and_check_agrees(
    tmp_path: Path, pg_db: str, tg: FakeTelegram
) -> None:
    old = tmp_path / "old" / "bot.sqlite3"
    await sqlite_deployment(old, tg.bot_id)

    code, out, _ = await python_m_bot(tmp_path, "copy-from-sqlite", str(old), DATABASE_URL=pg_db)
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        f"Source: {old} (schema version {V})",
        "Secret key: SECRET_KEY opens the data",
        f"Target: {masked(pg_db)} (schema version 0 → {V})",
    ]
    assert lines[3].startswith("Copied ") and lines[3].endswith(" tables in one transaction:")
    counts = dict(line.split() for line in lines[4:-1])
    assert counts["trackers"] == "1" and counts["users"] == "2" and counts["outbox"] == "2"
    assert {"members", "invitations", "alert_states", "alert_messages", "fsm", "meta", "audit"} <= set(counts)
    assert lines[-1].startswith("New ids continue after the copied ones.")

    # the bot's own check, on PostgreSQL now: the database is this bot's and the key opens it
    code, out, _ = await python_m_bot(
        tmp_path, "check", BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url, DATABASE_URL=pg_db
    )
    assert code == 0, out
    said = out.splitlines()
    assert said[1] == f"✓ Database: {masked(pg_db)} (schema up to date, version {V})"
    assert said[2].startswith("✓ Bot: the database belongs to @")
    assert said[3] == "✓ Secret key: SECRET_KEY opens the data saved in the database"

    code, out, err = await python_m_bot(tmp_path, "copy-from-sqlite", str(old), DATABASE_URL=pg_db)
    line = the_line(err, "Cannot copy: ")
    assert code == 1 and out == ""
    assert (
        line.startswith("Cannot copy: the PostgreSQL database is not empty (") and "trackers: 1 row" in line
    )


async def test_copy_from_sqlite_refuses_in_one_line_before_it_writes(tmp_path: Path, pg_db: str) -> None:
    old = tmp_path / "old" / "bot.sqlite3"
    await sqlite_deployment(old, 1234567)

    code, out, err = await python_m_bot(
        tmp_path, "copy-from-sqlite", str(old), DATABASE_URL=pg_db, SECRET_KEY=OTHER_KEY
    )
    line = the_line(err, "Cannot copy: ")
    assert code == 1 and out == ""
    assert line.startswith(f"Cannot copy: SECRET_KEY does not open the data in {old}")
    assert "--accept-new-secret-key" in line

    code, _, err = await python_m_bot(tmp_path, "copy-from-sqlite", str(old))
    assert code == 1 and the_line(err, "Cannot copy: ").startswith("Cannot copy: DATABASE_URL is not set")
    code, _, err = await python_m_bot(
        tmp_path, "copy-from-sqlite", str(tmp_path / "nope.sqlite3"), DATABASE_URL=pg_db
    )
    assert code == 1 and "nope.sqlite3 does not exist" in the_line(err, "Cannot copy: ")
    code, _, err = await python_m_bot(tmp_path, "copy-from-sqlite", DATABASE_URL=pg_db)
    assert code == 2 and "copy-from-sqlite needs the SQLite file to copy" in err

    # none of that wrote anything: the same database takes the copy with the right key
    code, out, _ = await python_m_bot(tmp_path, "copy-from-sqlite", str(old), DATABASE_URL=pg_db)
    assert code == 0 and f"Target: {masked(pg_db)} (schema version 0 → {V})" in out
