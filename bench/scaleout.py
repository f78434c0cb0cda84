"""7. Scale-out (issue 18): updates/s of the bot in webhook mode on SQLite in one process and on
PostgreSQL + Redis with ``WORKERS=1``, ``2`` and ``4``, in the same run, interleaved rounds.

Every deployment is a real ``python -m bot`` (``WORKERS=N``: a supervisor and N worker processes on
one port) behind a fake Telegram of its own that pushes updates to the webhook like Telegram: up to
40 at once (setWebhook's default ``max_connections``), one chat's updates one at a time, a new TCP
connection per push (so the kernel spreads them over the workers). SQLite uses the same webhook
transport; its polling figures are benchmark 1's. Each PostgreSQL deployment has a PostgreSQL
cluster and a Redis of its own (``tests/servers.py``, ``durable=True``: fsync and
synchronous_commit on, Redis with an append-only file synced every second), so their CPU is that
deployment's alone. The fakes and the load generator run in this process.

Loads, closed loop (each user sends again as soon as the answer is in), 50 users:

* ``/help`` — reads only (a returning user);
* ``dialog step`` — each user is at the name step of adding a tracker and sends a name that is too
  long (41 … 60 characters, a different one each time): a step of a dialog, answered, its state
  written (Redis; SQLite's dialog tables, flushed before the answer).

Measured per deployment and load: updates/s (the median round and the worst), latency percentiles
(queued in the fake → answer back), CPU ms per update of the whole bot (supervisor + workers, from
/proc), of PostgreSQL (postmaster and backends) and Redis, and of this process (fakes + load),
Redis commands and PostgreSQL writing transactions per update. From the CPU per update: the
ceiling ``cores × 1000 / CPU ms per update`` on 2 cores and on 8 and 16 (see README, Performance).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.common import Sample, emit, ms, pct, say, workdir
from bench.deployments import Answered, Deployment, WebhookTelegram, tree_cpu
from bench.scaleout_report import CORES, PROJECTED_CORES, ceiling, report, server_settings
from handlers.trackers.validation import NAME_MAX
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeUser

NAME = "scaleout"
WORKER_COUNTS = (0, 1, 2, 4)  # 0: SQLite in one process
LANG = "/lang + choose"
LOADS = ("/help", "dialog step", LANG)


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy so far (every core, every process; /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- one measured window


@dataclass
class Part:
    samples: list[Sample]
    window: float
    cpu: dict[str, float]  # bot / pg / redis / fake / machine: CPU seconds in the window
    counts: dict[str, float]  # the servers' counters over the whole phase
    updates: int  # every update of the phase (warm-up and tail included), for ``counts``


Step = tuple[Callable[[], Awaitable[object]], Answered]  # what the user does, and its answer


def script(load: str, user: FakeUser) -> Callable[[int], Step]:
    """The user's n-th update of a load, and the bot's message that answers it."""
    if load == "/help":
        return lambda n: (lambda: user.send("/help"), lambda kind, msg: kind == "sent")
    if load == "dialog step":

        def step(n: int) -> Step:
            length = NAME_MAX + 1 + n % 20  # a different answer each time: the dialog's data changes
            return lambda: user.send("x" * length), lambda kind, msg: f"this one has {length}" in msg.text

        return step

    def lang(n: int) -> Step:  # /lang, then a press on the other language (a row written)
        if n % 2 == 0:
            return lambda: user.send("/lang"), lambda kind, msg: kind == "sent" and bool(msg.buttons())
        target = ("Русский", "English")[n // 2 % 2]
        return lambda: user.press(target), lambda kind, msg: kind == "sent" and msg.text.startswith("✅")

    return lang


async def closed_loop(
    tg: WebhookTelegram, users: Sequence[FakeUser], load: str, *, warmup: float, duration: float
) -> tuple[list[Sample], float, float]:
    """Each user acts, waits for the answer, acts again; the answers that arrived in the window."""
    start = time.monotonic()
    measure_from, measure_to = start + warmup, start + warmup + duration
    samples: list[Sample] = []

    async def one(user: FakeUser) -> None:
        steps, n = script(load, user), 0
        while time.monotonic() < measure_to:
            act, answered = steps(n)
            future = tg.answer(user.chat_id, answered)
            sent = time.monotonic()
            await act()
            update_id = tg._next_update_id - 1
            replied = await asyncio.wait_for(future, 60)
            n += 1
            if measure_from <= replied <= measure_to:
                samples.append(Sample(user.id, sent, tg.delivered.get(update_id, sent), replied))
        if n % 2 and load == LANG:  # leave no dialog open: the next round starts with /lang
            act, answered = steps(n)
            future = tg.answer(user.chat_id, answered)
            await act()
            await asyncio.wait_for(future, 60)

    await asyncio.gather(*(one(u) for u in users))
    return samples, measure_from, measure_to


async def phase(dep: Deployment, users: list[FakeUser], load: str, *, warmup: float, duration: float) -> Part:
    before, first_id = await dep.counters(), dep.tg._next_update_id
    marks: list[dict[str, float]] = []

    def mark() -> None:
        cpu = tree_cpu(dep.roots())
        marks.append({**cpu, "fake": time.process_time(), "machine": machine_busy(), "t": time.monotonic()})

    async def sampler() -> None:
        await asyncio.sleep(warmup)
        mark()
        await asyncio.sleep(duration)
        mark()

    task = asyncio.create_task(sampler())
    samples, start, end = await closed_loop(dep.tg, users, load, warmup=warmup, duration=duration)
    await task
    after = await dep.counters()
    cpu = {k: marks[1][k] - marks[0][k] for k in marks[0] if k != "t"}
    counts = {k: after[k] - before[k] for k in after}
    return Part(samples, end - start, cpu, counts, dep.tg._next_update_id - first_id)


def summarize(dep: Deployment, parts: list[Part]) -> dict[str, Any]:
    samples = [s for p in parts for s in p.samples]
    n, window = len(samples), sum(p.window for p in parts)
    lat = [s.e2e for s in samples]
    cpu = {k: sum(p.cpu.get(k, 0.0) for p in parts) for k in ("bot", "pg", "redis", "fake", "machine")}
    updates_all = sum(p.updates for p in parts)
    per_round = [len(p.samples) / p.window for p in parts]
    per = {k: v / n * 1000 if n else float("nan") for k, v in cpu.items()}  # CPU ms per update
    servers_ms = per["bot"] + per["pg"] + per["redis"]
    row: dict[str, Any] = {
        "name": dep.label,
        "key": dep.key,
        "updates": n,
        "updates_per_s": n / window,
        "per_round": [round(x, 1) for x in per_round],
        "median_round": statistics.median(per_round),
        "worst_round": min(per_round),
        "p50_ms": ms(pct(lat, 50)),
        "p95_ms": ms(pct(lat, 95)),
        "p99_ms": ms(pct(lat, 99)),
        "bot_ms": round(per["bot"], 2),
        "pg_ms": round(per["pg"], 2),
        "redis_ms": round(per["redis"], 2),
        "total_ms": round(servers_ms, 2),
        "fake_ms": round(per["fake"], 2),
        "ours_cores": round((cpu["bot"] + cpu["pg"] + cpu["redis"]) / window, 2),
        "fake_cores": round(cpu["fake"] / window, 2),
        "machine_cores": round(cpu["machine"] / window, 2),
        "redis_cmds": round(sum(p.counts.get("redis_cmds", 0) for p in parts) / updates_all, 2),
        "pg_write_xacts": round(sum(p.counts.get("pg_write_xacts", 0) for p in parts) / updates_all, 3),
    }
    row["ceiling_here"], row["bound_here"] = ceiling(CORES, per, max(1, dep.workers), fake=True)
    row[f"ceiling_{CORES}"], row[f"bound_{CORES}"] = ceiling(CORES, per, max(1, dep.workers))
    for cores in PROJECTED_CORES:  # WORKERS = cores (SQLite stays one process)
        row[f"ceiling_{cores}"], row[f"bound_{cores}"] = ceiling(cores, per, cores if dep.workers else 1)
    return row


# ---------------------------------------------------------------- set-up


async def once(dep: Deployment, users: list[FakeUser], text: str) -> None:
    """Each user sends ``text`` once and gets an answer (not measured): the first /help writes the
    user's row; /cancel closes the tracker dialog before the /lang load."""

    async def one(user: FakeUser) -> None:
        future = dep.tg.answer(user.chat_id, lambda kind, msg: kind in ("sent", "edited"))
        await user.send(text)
        await asyncio.wait_for(future, 120)

    await asyncio.gather(*(one(u) for u in users))


async def to_name_step(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    user.skip_seen()  # the /help answers before mention /trackers too
    await user.send("/trackers")
    await user.expect("tracker", timeout=120)
    await user.press("Add tracker")
    await user.expect("admin address", timeout=120)
    await user.send(keitaro.url)
    await user.expect("What shall we call it?", timeout=120)


# ---------------------------------------------------------------- the benchmark


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    del profile  # the profiles of one process are benchmark 1's; here the question is the servers'
    n_users = 10 if quick else 50
    warmup, duration = (1.0, 1.0) if quick else (2.0, 4.0)
    rounds = 1 if quick else 3
    load_before = os.getloadavg()
    say(f"   load average before: {' '.join(f'{x:.2f}' for x in load_before)} ({CORES} cores)")
    deps: list[Deployment] = []
    results: dict[str, list[dict[str, Any]]] = {}
    settings_seen = ""
    keitaro = KeitaroEmulator()
    await keitaro.start()
    try:
        with workdir(NAME) as tmp:
            deps = [Deployment(w, tmp) for w in WORKER_COUNTS]
            for dep in deps:  # one at a time: initdb is CPU-heavy
                await dep.start_servers()
            for dep in deps:
                await dep.start_bot()
            began = time.monotonic()
            await asyncio.gather(*(dep.wait_ready() for dep in deps))
            count = sum(max(1, d.workers) for d in deps)
            say(f"   {count} bot processes ready in {time.monotonic() - began:.0f}s")
            settings_seen = await server_settings(deps)
            say(f"   servers: {settings_seen}")
            users = {
                d.key: [d.tg.user(300_000 + i, first_name=f"U{i}") for i in range(n_users)] for d in deps
            }
            await asyncio.gather(*(once(d, users[d.key], "/help") for d in deps))
            for load in LOADS:
                if load == "dialog step":
                    await asyncio.gather(*(to_name_step(u, keitaro) for d in deps for u in users[d.key]))
                if load == LANG:
                    await asyncio.gather(*(once(d, users[d.key], "/cancel") for d in deps))
                parts: dict[str, list[Part]] = {d.key: [] for d in deps}
                for round_no in range(rounds):  # interleaved: drift hits every deployment alike
                    for dep in deps:
                        parts[dep.key].append(
                            await phase(
                                dep,
                                users[dep.key],
                                load,
                                warmup=warmup if round_no == 0 else 0.5,
                                duration=duration,
                            )
                        )
                results[load] = [summarize(d, parts[d.key]) for d in deps]
    finally:
        for dep in deps:
            await dep.stop()
        await keitaro.stop()
    load_after = os.getloadavg()
    data = report(
        results,
        n_users=n_users,
        duration=duration,
        rounds=rounds,
        settings_seen=settings_seen,
        load_before=load_before,
        load_after=load_after,
    )
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data
