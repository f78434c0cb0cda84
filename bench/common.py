"""Shared pieces of the benchmarks: the instrumented fakes, the closed loop of users, statistics and
output (a table plus one ``BENCH-JSON`` line per benchmark). Processes and /proc readings are in
:mod:`bench.processes`, profiles and SQL traces in :mod:`bench.profiling`.

Clocks: every timestamp is ``time.monotonic()``, which on Linux is one system-wide clock, so times
taken in a child process (the bot) and in this process (the fakes) can be compared directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import socket
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


async def send_and_wait(tg: BenchTelegram, user: FakeUser, text: str, timeout: float = 15.0) -> float:
    """One message from ``user``; returns when the bot's next sent message in that chat arrived."""
    waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    tg.waiters[user.chat_id] = waiter
    tg.user_wrote(user, text)
    return await asyncio.wait_for(waiter, timeout)
