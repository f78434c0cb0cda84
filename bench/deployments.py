"""The deployments ``bench/scaleout.py`` compares, each a real ``python -m bot`` in webhook mode
behind a fake Telegram of its own: SQLite in one process, or ``WORKERS=N`` on a PostgreSQL and a
Redis of its own (``tests/servers.py``, durable settings), so every server's CPU belongs to one
deployment. Also: the CPU of whole process trees from /proc, and the servers' own counters.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.common import ROOT, SECRET_KEY, BenchTelegram, free_port
from bench.processes import CLK_TCK, Proc, spawn
from bot.settings import Settings
from tests.fakes.telegram_fake.models import BotMessage, ChatState
from tests.servers import PostgresServer, RedisServer

START_SECONDS = 240.0  # N workers importing aiogram at once on 2 shared cores
DATABASE = "bench"

Answered = Callable[[str, BotMessage], bool]  # (event kind, the message as of the event)


# ---------------------------------------------------------------- CPU of process trees


def _stats() -> dict[int, tuple[int, float]]:
    """Every process: pid -> (parent pid, CPU s of it and of its children it has waited for)."""
    out: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:  # gone meanwhile
            continue
        f = raw[raw.rindex(")") + 2 :].split()
        out[int(entry.name)] = (int(f[1]), sum(int(x) for x in f[11:15]) / CLK_TCK)
    return out


def tree_cpu(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each root and all its descendants (user + system; a child that exited
    and was waited for is in its parent's ``cutime``/``cstime``, so a difference of two readings
    is the CPU used between them even when processes come and go)."""
    stats = _stats()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    out: dict[str, float] = {}
    for name, root in roots.items():
        total, todo = 0.0, [root]
        while todo:
            pid = todo.pop()
            if pid in stats:
                total += stats[pid][1]
            todo += children.get(pid, [])
        out[name] = total
    return out


def tree_pids(root: int) -> list[int]:
    stats = _stats()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [p for p, (ppid, _) in stats.items() if ppid == pid]
    return found


# ---------------------------------------------------------------- the fake Telegram, pushing


class WebhookTelegram(BenchTelegram):
    """:class:`BenchTelegram` in webhook mode: ``delivered`` is when the push started; a new TCP
    connection per push (as tests/scaleout does: the kernel spreads connections, not requests, over
    the workers sharing the port); :meth:`answer` waits for the bot's message that answers."""

    webhook_fresh_connections = True

    def __init__(self) -> None:
        super().__init__()
        self.answers: dict[int, tuple[asyncio.Future[float], Answered]] = {}

    def answer(self, chat_id: int, answered: Answered) -> asyncio.Future[float]:
        """A future resolved (with the time) by the next event in the chat that ``answered`` accepts."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.answers[chat_id] = (future, answered)
        return future

    async def _deliver(self, update: dict[str, Any], hook: dict[str, Any]) -> bool:
        self.delivered.setdefault(update["update_id"], time.monotonic())
        return await super()._deliver(update, hook)

    def _record(self, chat: ChatState, kind: str, msg: Any, *, markup_only: bool = False) -> None:
        super()._record(chat, kind, msg, markup_only=markup_only)
        waiting = self.answers.get(chat.chat_id)
        if waiting is not None and not markup_only and waiting[1](kind, msg):
            del self.answers[chat.chat_id]
            if not waiting[0].done():
                waiting[0].set_result(time.monotonic())


# ---------------------------------------------------------------- a deployment


@dataclass
class Deployment:
    """``workers`` = 0: SQLite, one process; N: PostgreSQL + Redis, ``WORKERS=N``."""

    workers: int
    tmp: Path
    tg: WebhookTelegram = field(default_factory=WebhookTelegram)
    pg: PostgresServer | None = None
    redis: RedisServer | None = None
    proc: Proc | None = None
    port: int = 0
    _admin: Any = None  # an asyncpg connection to the cluster's maintenance database
    _redis_client: Any = None

    @property
    def key(self) -> str:
        return f"pg-{self.workers}" if self.workers else "sqlite"

    @property
    def label(self) -> str:
        return f"PG+Redis, WORKERS={self.workers}" if self.workers else "SQLite, 1 process"

    @property
    def bot_pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def roots(self) -> dict[str, int]:
        """Whose CPU is measured: the bot's process tree, and this deployment's servers."""
        out = {"bot": self.bot_pid}
        if self.pg is not None and self.pg.proc is not None:
            out["pg"] = self.pg.proc.pid
        if self.redis is not None and self.redis.proc is not None:
            out["redis"] = self.redis.proc.pid
        return out

    async def start_servers(self) -> None:
        """This deployment's own PostgreSQL (a fresh cluster, a fresh database) and Redis."""
        if not self.workers:
            return
        import asyncpg
        import redis.asyncio

        self.pg, self.redis = PostgresServer(durable=True), RedisServer(durable=True)
        with _no_external_servers():
            await asyncio.to_thread(self.pg.start)
            await asyncio.to_thread(self.redis.start)
        self._admin = await asyncpg.connect(self.pg.url("postgres"))
        await self._admin.execute(f'CREATE DATABASE "{DATABASE}"')
        self._redis_client = redis.asyncio.Redis.from_url(self.redis.url)

    async def start_bot(self) -> None:
        await self.tg.start()
        self.port = free_port()
        names = {name.upper() for name in Settings.model_fields}
        env = {k: v for k, v in os.environ.items() if k not in names}
        env.update(
            BOT_TOKEN=self.tg.token,
            TELEGRAM_API_URL=self.tg.url,
            DATABASE_PATH=str(self.tmp / f"{self.key}.sqlite3"),
            SECRET_KEY=SECRET_KEY,
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(self.port),
            WEBHOOK_URL=f"http://127.0.0.1:{self.port}/tg/hook",
            LOG_LEVEL="INFO",
            ALLOW_PRIVATE_TRACKER_ADDRESSES="true",
            PYTHONPATH=str(ROOT),
        )
        if self.workers:
            assert self.pg is not None and self.redis is not None
            env.update(
                DATABASE_URL=self.pg.url(DATABASE), REDIS_URL=self.redis.url, WORKERS=str(self.workers)
            )
        self.proc = await spawn(self.key, ["-m", "bot"], env, self.tmp)

    async def wait_ready(self) -> None:
        """Until every worker answered /healthz (a new connection each time) and the webhook is set."""
        assert self.proc is not None
        want = max(1, self.workers)
        seen: set[int] = set()
        deadline = time.monotonic() + START_SECONDS
        limits = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(limits=limits, timeout=5) as client:
            while len(seen) < want or self.tg.webhook is None:
                if self.proc.proc.returncode is not None:
                    raise RuntimeError(
                        f"{self.label} exited with {self.proc.proc.returncode}:\n{self.proc.log_tail()}"
                    )
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.label}: workers {sorted(seen)} ready in {START_SECONDS:.0f}s")
                try:
                    body = (await client.get(f"http://127.0.0.1:{self.port}/healthz")).json()
                    seen.add(int(body["worker"]))
                except (httpx.HTTPError, ValueError, KeyError):
                    await asyncio.sleep(0.2)

    async def counters(self) -> dict[str, float]:
        """The servers' counters: PostgreSQL's transaction ids handed out (transactions that wrote;
        exact and at once, unlike pg_stat_database, which a busy backend reports up to 10 s late)
        and the commands Redis processed."""
        out: dict[str, float] = {}
        if self._admin is not None:
            out["pg_write_xacts"] = float(
                await self._admin.fetchval("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            )
        if self._redis_client is not None:
            info = await self._redis_client.info("stats")
            out["redis_cmds"] = float(info["total_commands_processed"]) - 1  # not this INFO
        return out

    async def stop(self) -> None:
        if self.proc is not None:
            await self.proc.stop(timeout=90)
        await self.tg.stop()
        if self._redis_client is not None:
            with contextlib.suppress(Exception):
                await self._redis_client.aclose()
        if self._admin is not None:
            with contextlib.suppress(Exception):
                await self._admin.close()
        for server in (self.pg, self.redis):
            if server is not None:
                await asyncio.to_thread(server.stop)


@contextlib.contextmanager
def _no_external_servers() -> Any:
    """The benchmark measures its own servers' CPU: TEST_POSTGRES_URL / TEST_REDIS_URL (which point
    the tests at servers that already run) are ignored here."""
    saved = {k: os.environ.pop(k) for k in ("TEST_POSTGRES_URL", "TEST_REDIS_URL") if k in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)
