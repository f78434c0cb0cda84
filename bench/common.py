"""Shared pieces of the benchmarks: the instrumented fakes, bot processes, /proc readings, statistics
and output (a table plus one ``BENCH-JSON`` line per benchmark).

Clocks: every timestamp is ``time.monotonic()``, which on Linux is one system-wide clock, so times
taken in a child process (the bot) and in this process (the fakes) can be compared directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser
from tests.fakes.telegram_fake.models import ChatState

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "bench-secret-key-0123456789abcdef"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- statistics


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank; NaN for no values."""
    if not values:
        return math.nan
    xs = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(xs)))
    return xs[min(rank, len(xs)) - 1]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def rnd(value: float, digits: int = 3) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


# ---------------------------------------------------------------- output


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in header]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [f"== {title} =="]
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:,.2f}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def emit(name: str, data: dict[str, Any]) -> None:
    print("BENCH-JSON " + json.dumps({"bench": name, **data}, sort_keys=True, default=str), flush=True)


def say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- /proc


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) used so far by a process."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_mem(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process in MiB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    """A temporary directory; kept (under $BENCH_KEEP_DIR) when that is set, e.g. to read profiles."""
    keep = os.environ.get("BENCH_KEEP_DIR")
    if keep:
        path = Path(tempfile.mkdtemp(prefix=f"bench-{prefix}-", dir=keep))
        say(f"   (work directory kept: {path})")
        yield path
        return
    with tempfile.TemporaryDirectory(prefix=f"bench-{prefix}-") as tmp:
        yield Path(tmp)


# ---------------------------------------------------------------- the fake Telegram, instrumented


class BenchTelegram(FakeTelegram):
    """The fake Bot API with what a load generator needs: when each update was handed to the bot
    (``delivered``), when the first getUpdates arrived, and a future per chat resolved by the bot's
    next sent message (so N simulated users do not each re-scan the whole event log)."""

    def __init__(self) -> None:
        super().__init__()
        self.delivered: dict[int, float] = {}
        self.first_poll_at: float | None = None
        self.waiters: dict[int, asyncio.Future[float]] = {}

    async def _get_updates(self, params: Any) -> list[dict[str, Any]]:
        if self.first_poll_at is None:
            self.first_poll_at = time.monotonic()
        result = await super()._get_updates(params)
        now = time.monotonic()
        for update in result:
            self.delivered.setdefault(update["update_id"], now)
        return result

    def _record(self, chat: ChatState, kind: str, msg: Any, *, markup_only: bool = False) -> None:
        super()._record(chat, kind, msg, markup_only=markup_only)
        if kind == "sent":
            waiter = self.waiters.pop(chat.chat_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(time.monotonic())

    def reset_for_next_bot(self) -> None:
        """Forget updates a stopped bot left unconfirmed, so the next one starts clean."""
        self._updates.clear()
        self.first_poll_at = None
        for waiter in self.waiters.values():
            waiter.cancel()
        self.waiters.clear()

    def status_count(self, method: str, status: int) -> int:
        return sum(1 for c in self.calls if c.method == method and c.status == status)


@dataclass
class Sample:
    user: int
    sent: float  # the update was queued
    delivered: float  # getUpdates handed it to the bot
    replied: float  # the bot's reply arrived
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def e2e(self) -> float:
        return self.replied - self.sent

    @property
    def in_bot(self) -> float:
        return self.replied - self.delivered


async def closed_loop(
    tg: BenchTelegram,
    users: Sequence[FakeUser],
    text: str,
    *,
    warmup: float,
    duration: float,
    timeout: float = 30.0,
) -> tuple[list[Sample], float, float]:
    """Every user sends ``text``, waits for the bot's reply, sends again — until the end. Returns
    the samples sent after the warm-up and replied before the end, and the measured window."""
    loop = asyncio.get_running_loop()
    start = time.monotonic()
    measure_from, measure_to = start + warmup, start + warmup + duration
    samples: list[Sample] = []

    async def one(user: FakeUser) -> None:
        while time.monotonic() < measure_to:
            waiter: asyncio.Future[float] = loop.create_future()
            tg.waiters[user.chat_id] = waiter
            sent = time.monotonic()
            tg.user_wrote(user, text)
            update_id = tg._next_update_id - 1
            replied = await asyncio.wait_for(waiter, timeout)
            if sent >= measure_from and replied <= measure_to:
                samples.append(Sample(user.id, sent, tg.delivered.get(update_id, sent), replied))

    await asyncio.gather(*(one(u) for u in users))
    return samples, measure_from, measure_to


def latency_row(
    name: str, samples: Sequence[Sample], window: float, cpu: float | None = None
) -> dict[str, Any]:
    lat = [s.e2e for s in samples]
    n = len(samples)
    return {
        "name": name,
        "updates": n,
        "updates_per_s": n / window if window else math.nan,
        "p50_ms": ms(pct(lat, 50)),
        "p95_ms": ms(pct(lat, 95)),
        "p99_ms": ms(pct(lat, 99)),
        "cpu_ms_per_update": ms(cpu / n) if cpu is not None and n else math.nan,
    }


# ---------------------------------------------------------------- the Keitaro emulator, instrumented


class TimedEmulator(KeitaroEmulator):
    """The emulator, recording for every request its own handling time (start, end), the client's
    TCP port and the API key — time spent inside the emulator, not in the bot."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.timings: list[tuple[float, float, str, int, str | None]] = []  # start, end, path, port, key

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        started = time.monotonic()
        try:
            return await super()._middleware(request, handler)
        finally:
            peer = request.transport.get_extra_info("peername") if request.transport else None
            port = int(peer[1]) if peer else 0
            self.timings.append(
                (started, time.monotonic(), request.path, port, request.headers.get("Api-Key"))
            )


# ---------------------------------------------------------------- processes


@dataclass
class Proc:
    """A bot (ours or the bare baseline) running in its own process."""

    name: str
    proc: asyncio.subprocess.Process
    started_at: float
    log_path: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def profile_on(self) -> None:
        self.proc.send_signal(signal.SIGUSR1)

    def profile_off(self) -> None:
        self.proc.send_signal(signal.SIGUSR2)

    async def stop(self, timeout: float = 40.0) -> int:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        return int(self.proc.returncode or 0)


def bot_env(tg: FakeTelegram, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment `python -m bot` gets (like tests/e2e/test_runtime.py starts it)."""
    drop = {"BOT_TOKEN", "ALLOWED_USER_IDS", "ADMIN_IDS", "WEBHOOK_URL", "WEBHOOK_SECRET", "SECRET_KEY"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        BOT_TOKEN=tg.token,
        TELEGRAM_API_URL=tg.url,
        DATABASE_PATH=str(db_path),
        SECRET_KEY=SECRET_KEY,
        HTTP_HOST="127.0.0.1",
        HTTP_PORT=str(free_port()),
        LOG_LEVEL="INFO",
        ALLOW_PRIVATE_TRACKER_ADDRESSES="true",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def spawn(name: str, args: Sequence[str], env: dict[str, str], cwd: Path) -> Proc:
    log_path = cwd / f"{name}.log"
    with log_path.open("wb") as log:
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, *args, cwd=cwd, env=env, stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL
        )
    return Proc(name, proc, started, log_path)


async def spawn_bot(
    tg: FakeTelegram, db_path: Path, cwd: Path, *, profile: Path | None = None, **env: str
) -> Proc:
    """The real bot: ``python -m bot``; with ``profile``, through ``bench.profiled`` (cProfile
    switched on and off by :meth:`Proc.profile_on` / :meth:`Proc.profile_off`)."""
    if profile is None:
        return await spawn("bot", ["-m", "bot"], bot_env(tg, db_path, **env), cwd)
    env["BENCH_PROFILE"] = str(profile)
    return await spawn("bot-profiled", ["-m", "bench.profiled", "bot"], bot_env(tg, db_path, **env), cwd)


async def spawn_bare(tg: FakeTelegram, cwd: Path, mode: str = "echo", **env: str) -> Proc:
    """The baseline: a bare aiogram bot (bench/bare_bot.py)."""
    return await spawn(
        f"bare-{mode}", ["-m", "bench.bare_bot", mode], bot_env(tg, cwd / "unused.db", **env), cwd
    )


async def wait_listening(tg: FakeTelegram, proc: Proc, timeout: float = 60.0) -> None:
    """Until the process parks a getUpdates long poll (it is ready for updates)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tg._pollers > 0:
            return
        if proc.proc.returncode is not None:
            raise RuntimeError(f"{proc.name} exited with {proc.proc.returncode}:\n{proc.log_tail()}")
        await asyncio.sleep(0.01)
    raise RuntimeError(f"{proc.name} did not start polling within {timeout}s:\n{proc.log_tail()}")


def profile_summary(path: Path, limit: int = 18, sort: str = "tottime", prefix: str = "    ") -> str:
    """A cProfile summary: the top functions by ``sort``, as text."""
    import io
    import pstats

    buffer = io.StringIO()
    stats = pstats.Stats(str(path), stream=buffer)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    text = buffer.getvalue()
    keep = text[text.find("   ncalls") :] if "   ncalls" in text else text
    head = [line for line in text.splitlines() if "function calls" in line]
    return "\n".join(prefix + line for line in [*head, *keep.rstrip().splitlines()])


# ---------------------------------------------------------------- the emulator in a process of its own


@dataclass
class EmulatorProcess:
    """``bench.emulator_child``: ``url`` (admin URL), ``base``, and its control endpoints."""

    proc: asyncio.subprocess.Process
    url: str
    base: str
    control: str

    async def stats(self) -> dict[str, Any]:
        import httpx

        async with httpx.AsyncClient() as client:
            return dict((await client.get(self.control + "/stats", timeout=30)).json())

    async def reset(self) -> None:
        import httpx

        async with httpx.AsyncClient() as client:
            await client.post(self.control + "/reset", timeout=30)

    async def stop(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()

    @property
    def pid(self) -> int:
        return self.proc.pid


async def start_emulator_process(keys: int) -> EmulatorProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.emulator_child",
        str(keys),
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    if not line:
        await proc.wait()
        raise RuntimeError(f"the emulator process exited with {proc.returncode}")
    info = json.loads(line)
    return EmulatorProcess(proc, info["url"], info["base"], info["control"])


# ---------------------------------------------------------------- profile summaries


def _bucket(filename: str, func: str) -> str:
    if filename == "~" or filename.startswith("<"):
        if "epoll" in func:
            return "(idle: waiting in epoll)"
        name = func.strip("{}").replace("built-in method ", "").replace("method ", "")
        return "C: " + name.replace(" objects", "").replace("' of '", " of ").replace("'", "")[:40]
    path = filename.replace("\\", "/")
    if "/site-packages/" in path:
        top = path.split("/site-packages/", 1)[1].split("/", 1)[0]
        return top.removesuffix(".py").split(".")[0]
    root = str(ROOT) + "/"
    if path.startswith(root):
        return "ours: " + path[len(root) :].split("/", 1)[0]
    if "/lib/python3" in path:
        rest = path.split("/lib/python3", 1)[1].split("/", 2)
        return "stdlib: " + (rest[1].removesuffix(".py") if len(rest) > 1 else "?")
    return "other"


def profile_by_package(path: Path, per: int) -> dict[str, float]:
    """Own time (ms) per ``per`` units (updates, ticks) grouped by package — buckets do not overlap,
    so they add up to the profiled total."""
    import pstats

    stats = pstats.Stats(str(path))
    out: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = _bucket(filename, func)
        out[key] = out.get(key, 0.0) + tottime * 1000 / max(per, 1)
    return out


def profile_table(title: str, columns: dict[str, dict[str, float]], limit: int = 16) -> str:
    """Side-by-side own time per package for several profiles (``columns``: name -> buckets)."""
    names = list(columns)
    keys = sorted(
        {k for c in columns.values() for k in c}, key=lambda k: -max(c.get(k, 0.0) for c in columns.values())
    )
    rows = [[k, *[columns[n].get(k, 0.0) for n in names]] for k in keys[:limit]]
    rows.append(["total", *[sum(columns[n].values()) for n in names]])
    return table(title, ["package (own time)", *[f"{n} ms" for n in names]], rows)


async def trace_sql(app: Any, times: list[float] | None = None) -> list[str]:
    """Record every SQL statement the bot's connection runs from now on (aiosqlite's thread), and
    in ``times`` when each ran (``time.monotonic()``)."""
    statements: list[str] = []

    def record(sql: str) -> None:
        statements.append(sql)
        if times is not None:
            times.append(time.monotonic())

    conn = app.db.conn
    await conn._execute(conn._conn.set_trace_callback, record)
    return statements


async def send_and_wait(tg: BenchTelegram, user: FakeUser, text: str, timeout: float = 15.0) -> float:
    """One message from ``user``; returns when the bot's next sent message in that chat arrived."""
    waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    tg.waiters[user.chat_id] = waiter
    tg.user_wrote(user, text)
    return await asyncio.wait_for(waiter, timeout)


def sql_kinds(statements: Sequence[str]) -> str:
    """'6: 2 reads, 4 in a write transaction' style summary."""
    reads = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
    begins = sum(1 for s in statements if s.lstrip().upper().startswith("BEGIN"))
    writes = len(statements) - reads
    return f"{len(statements)} ({reads} reads, {writes} writes incl. {begins} BEGIN…COMMIT)"
