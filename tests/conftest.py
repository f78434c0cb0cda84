"""Shared fixtures: the application clock, the fake Telegram Bot API, the Keitaro emulator, and the real
bot between them.

The clock: every test that takes ``clock`` (directly, or through ``keitaro``, ``runner``, ``bot``,
the component ``db``/``emulator``…) gets a :class:`ShiftedClock` that the bot, its database and
the emulator share. A test (or module) marked ``date_sensitive`` runs twice: under ``today`` (no
shift) and under ``year-ahead``; every other test runs once, under ``today``. That is how "the
suite passes on any day" is checked on every run of ``python3 -m pytest`` (DESIGN.md, Testing).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import os
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import bot.i18n
from bot.app import BotApp
from bot.logsetup import install_redaction
from bot.settings import Settings
from services.clock import ShiftedClock
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram
from tests.servers import PostgresServer, RedisServer

bot.i18n.STRICT_COUNTS = True  # a count passed as text fails the test that shows it

ADMIN_KEY = "adm1nKey0123456789abcdefXYZ"
USER_KEY = "us3rKey0123456789abcdefXYZ"
SECRET_KEY = "test-secret-key-0123456789abcdef"

install_redaction()

# 366 days, not 365: never short of a full calendar year, even when a Feb 29 lies between (365 days
# after 2027-03-01 is 2028-02-29, a day before the same date next year); the calendar year always
# changes, so every run crosses a year boundary, whatever the day; and the weekday moves by two
# (366 = 52 weeks + 2 days), so "this week", weekly rotations and Monday hand-overs meet other
# weekdays than under "today". A run in the months before a leap day crosses that Feb 29 as well.
YEAR_AHEAD = timedelta(days=366)
CLOCKS: dict[str, timedelta] = {"today": timedelta(0), "year-ahead": YEAR_AHEAD}
DATE_SENSITIVE = "date_sensitive"
DAY_TIME = "day_time"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{DATE_SENSITIVE}: stamps or compares dates; runs under every clock of tests/conftest.py CLOCKS "
        "(today and a year ahead) instead of today only",
    )
    config.addinivalue_line(
        "markers",
        f"{DAY_TIME}(hour): the test's clock starts at that hour (UTC) of its day: a test that reads "
        "today's traffic must not depend on the hour the suite runs at",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A date-sensitive test that reaches the ``clock`` fixture runs once per clock."""
    if "clock" not in metafunc.fixturenames or metafunc.definition.get_closest_marker(DATE_SENSITIVE) is None:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs.get("argnames", "")
        if "clock" in ([n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)):
            return  # the test chose its clocks itself
    metafunc.parametrize("clock", list(CLOCKS), indirect=True)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> ShiftedClock:
    """The application clock of the test: the bot, its database and the emulator share it (a test
    may move it: ``clock.offset += timedelta(hours=1)``). A test marked ``day_time(H)`` starts at
    H:00 UTC of the clock's day (so "today" has hours of traffic whenever the suite runs)."""
    offset = CLOCKS[getattr(request, "param", "today")]
    marker = request.node.get_closest_marker(DAY_TIME)
    if marker is not None:
        now = datetime.now(UTC) + offset
        offset += now.replace(hour=int(marker.args[0]), minute=0, second=0, microsecond=0) - now
    return ShiftedClock(offset)


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
async def keitaro(clock: ShiftedClock) -> AsyncIterator[KeitaroEmulator]:
    emu = KeitaroEmulator(api_keys={ADMIN_KEY: "admin", USER_KEY: "user"}, clock=clock)
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


class BotRunner:
    """Starts and stops the real bot (the same BotApp that `python -m bot` runs) on the test's clock.

    With ``workers=N`` (N > 1) it starts N BotApps in this event loop, as ``python -m bot`` starts N
    worker processes: each with its own database pool, Redis client and dispatcher, all listening on
    one port (``SO_REUSEPORT``) in webhook mode (a webhook URL on a free port unless the test gives
    one); the fake Telegram then opens a new connection per push, so the pushes spread over the
    workers. ``app`` is worker 0 (the one that set the webhook); ``apps`` are all of them. Several
    workers need ``database_url`` and ``redis_url`` (see the ``deployment`` fixture).
    """

    def __init__(self, tg: FakeTelegram, tmp_path: Path, clock: ShiftedClock | None = None) -> None:
        self.tg = tg
        self.tmp_path = tmp_path
        self.clock = clock if clock is not None else ShiftedClock()
        self.app: BotApp | None = None
        self.task: asyncio.Task[None] | None = None
        self.apps: list[BotApp] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.overrides: dict[str, Any] = {}

    @property
    def running(self) -> BotApp:
        """The bot that runs now (a test that needs it started the runner)."""
        assert self.app is not None, "the bot is not running"
        return self.app

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
        settings = self.settings()
        if settings.workers > 1 and not settings.webhook_url:  # workers share a port: a fixed one
            port = settings.http_port or free_port()
            self.overrides.update(webhook_url=f"http://127.0.0.1:{port}/tg/hook", http_port=port)
            settings = self.settings()
        if settings.workers > 1:
            self.tg.webhook_fresh_connections = True
        self.apps = [
            BotApp(settings, handle_signals=False, clock=self.clock, worker=index)
            for index in range(settings.workers)
        ]
        self.tasks = [asyncio.create_task(app.run()) for app in self.apps]
        self.app, self.task = self.apps[0], self.tasks[0]
        started = [asyncio.create_task(app.started.wait()) for app in self.apps]
        pending = {*started, *self.tasks}
        timeout = 15 * len(self.apps)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not all(t.done() for t in started):
            done, pending = await asyncio.wait(
                pending, timeout=max(0.0, deadline - loop.time()), return_when=asyncio.FIRST_COMPLETED
            )
            if any(t in self.tasks for t in done):
                for t in started:
                    t.cancel()
                errors = await self._halt()
                raise errors[0] if errors else AssertionError("a worker stopped while starting")
            assert done, "bot did not start"
        return self.app

    async def stop(self) -> None:
        errors = await self._halt()
        if errors:
            raise errors[0]

    async def _halt(self) -> list[BaseException]:
        """Stop every worker; what they raised (a start-up failure, a crash)."""
        tasks = self.tasks
        for app in self.apps:
            await app.stop()
        results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 40) if tasks else []
        self.app, self.task, self.apps, self.tasks = None, None, [], []
        return [r for r in results if isinstance(r, BaseException)]

    async def restart(self) -> BotApp:
        await self.stop()
        return await self.start()


@pytest.fixture
async def runner(tg: FakeTelegram, tmp_path: Path, clock: ShiftedClock) -> AsyncIterator[BotRunner]:
    r = BotRunner(tg, tmp_path, clock)
    try:
        yield r
    finally:
        await r.stop()


@pytest.fixture
async def bot(runner: BotRunner) -> BotApp:
    return await runner.start()


# --- the real servers of the scale-out mode (tests/servers.py) ------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (started on first use; missing binaries fail the test)."""
    server = PostgresServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """The session's Redis server (started on first use)."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


_pg_databases = itertools.count(1)


def _admin(server: PostgresServer, sql: str) -> None:
    """Run one statement on the server's maintenance database (from a thread: a test's event loop
    may be running)."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(server.url("postgres"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """The URL of an empty PostgreSQL database of this test's own (dropped after it)."""
    name = f"t{os.getpid()}_{next(_pg_databases)}"
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    try:
        yield pg_server.url(name)
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str | None:
    """``DATABASE_URL`` of the backend the test runs on: None (SQLite) unless the test is
    parametrised with ``backend`` = ``postgres`` (``@pytest.mark.parametrize("backend", BACKENDS)``
    or a fixture param)."""
    backend = request.getfixturevalue("backend") if "backend" in request.fixturenames else "sqlite"
    if backend == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return None


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    """The URL of the session's Redis, emptied before and after this test (a sync fixture: other
    fixtures, async ones included, may ask for it with ``request.getfixturevalue``)."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    try:
        client.flushall()
        yield redis_server.url
        client.flushall()
    finally:
        client.close()


DEPLOYMENTS = ("sqlite", "postgres-redis-2workers")


@pytest.fixture(params=DEPLOYMENTS)
def deployment(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The settings of the deployment a test runs on (``runner.overrides.update(deployment)``):
    SQLite in one process (nothing to override), or PostgreSQL (a fresh database) + Redis (emptied
    before and after) with two workers in webhook mode."""
    if request.param == "sqlite":
        return {}
    return {
        "database_url": request.getfixturevalue("pg_url"),
        "redis_url": request.getfixturevalue("redis_url"),
        "workers": 2,
    }
