"""5. Footprint: start-up time and resident memory of ``python -m bot`` (a process of its own, started
the way tests/e2e/test_runtime.py starts it, environment pointing at the fake Bot API).

* start-up: from process start to its first ``getUpdates`` arriving at the fake;
* memory: VmRSS once it is polling (+1 s), and VmHWM (peak);
* with a database prepared by SQL: 10,000 users, 1,000 trackers, 20,000 rules (20 per tracker,
  all on one Keitaro emulator in a process of its own) — memory after start-up, and after the
  first alert tick has evaluated every rule (the tick starts with the bot).

Baseline in the same run: the bare aiogram echo bot (``bench/bare_bot.py``), same measurements,
start-up and idle memory in ``ROUNDS`` interleaved rounds (bare, bot, bare, bot, ...), each ratio per
round (median and worst reported). Once more for the record: the bot with aiogram's models built at
import, as aiogram does by itself (what :mod:`bot.lazy_models` saves).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    ROOT,
    BenchTelegram,
    emit,
    rnd,
    say,
    table,
    workdir,
)
from bench.evaluation import RULES_PER_TRACKER, insert_trackers
from bench.processes import (
    Proc,
    bot_env,
    proc_cpu,
    proc_mem,
    spawn,
    spawn_bare,
    spawn_bot,
    start_emulator_process,
    wait_listening,
)
from services.clock import system_clock
from storage import Database

NAME = "footprint"
REPORT = "/admin_api/v1/report/build"
SETTLE = 1.0
ROUNDS = 3
# issue 20: bot / bare aiogram echo bot in the same run (start-up and idle RSS in every round)
TARGET_STARTUP = 1.20
TARGET_RSS = 1.10
TARGET_RSS_AFTER_TICK = 1.30
# ``python -m bot`` with aiogram imported first: lazy_models then leaves aiogram's models as they are
EAGER_BOT = "import aiogram.types, runpy; runpy.run_module('bot', run_name='__main__', alter_sys=True)"


async def _start(tg: BenchTelegram, proc: Proc) -> dict[str, Any]:
    await wait_listening(tg, proc, timeout=120)
    assert tg.first_poll_at is not None
    startup = tg.first_poll_at - proc.started_at
    await asyncio.sleep(SETTLE)
    mem = proc_mem(proc.pid)
    return {"startup_s": startup, "rss_mb": mem["VmRSS"], "hwm_mb": mem["VmHWM"], "cpu_s": proc_cpu(proc.pid)}


async def _prepare_big(path: Path, users: int, trackers: int, admin_url: str) -> None:
    db = Database(path, clock=system_clock)
    await db.open()  # the schema, by the bot's own migrations
    try:
        await db.conn.execute("BEGIN")
        await db.conn.executemany(
            "INSERT INTO users (id, language, username) VALUES (?, ?, ?)",
            [(uid, "en" if uid % 2 else "ru", f"user{uid}") for uid in range(1, users + 1)],
        )
        await db.conn.execute("COMMIT")
        await insert_trackers(db, list(range(1, trackers + 1)), admin_url, tracker_wide_only=True)
    finally:
        await db.close()


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
        return int(conn.execute(sql).fetchone()[0])


CLIENT_COST = """
import cProfile, pstats, sys, time
from keitaro import KeitaroClient
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
n = int(sys.argv[1])
before, cpu = rss(), time.process_time()
profiler = cProfile.Profile()
profiler.enable()
clients = [KeitaroClient("http://127.0.0.1:9/admin/", "k" * 24, allow_private=True) for _ in range(n)]
profiler.disable()
cpu = time.process_time() - cpu
stats = pstats.Stats(profiler).stats
ssl = sum(v[2] for k, v in stats.items() if k[2].startswith("<method 'load_verify_locations"))
total = sum(v[2] for v in stats.values())
print((rss() - before) / n, cpu * 1000 / n, ssl / total)
"""


async def _client_cost(n: int = 100) -> tuple[float, float, float]:
    """What one tracker's pooled client costs (MiB, CPU ms, share in loading the CA bundle), in a
    fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CLIENT_COST, str(n), cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    mib, cpu_ms, ssl_share = (float(x) for x in out.split())
    return mib, cpu_ms, ssl_share


async def _wait_reports(emu: Any, count: int, proc: Proc, deadline: float) -> int:
    reports = 0
    while time.monotonic() < deadline and proc.proc.returncode is None:
        reports = int((await emu.stats())["paths"].get(REPORT, 0))
        if reports >= count:
            break
        await asyncio.sleep(0.5)
    return reports


async def _ticks(
    emu: Any, proc: Proc, db_path: Path, *, n_rules: int, n_trackers: int, quick: bool
) -> list[dict[str, Any]]:
    """Memory and CPU once the first alert tick has evaluated every rule, and after the second."""
    ticks: list[dict[str, Any]] = []
    deadline = time.monotonic() + (60 if quick else 300)
    evaluated = 0
    while time.monotonic() < deadline and proc.proc.returncode is None:
        evaluated = _count(db_path, "SELECT COUNT(DISTINCT rule_id) FROM alert_states")
        if evaluated >= n_rules:
            break
        await asyncio.sleep(0.5)
    for n in (1, 2):
        reports = await _wait_reports(emu, n * n_trackers, proc, deadline + 120 * (n - 1))
        mem, cpu = proc_mem(proc.pid), proc_cpu(proc.pid)
        ticks.append(
            {
                "rss_mb": mem["VmRSS"],
                "hwm_mb": mem["VmHWM"],
                "cpu_s": cpu,
                "at": time.monotonic() - proc.started_at,
                "evaluated": evaluated,
                "reports": reports - (ticks[0]["reports"] if ticks else 0),
            }
        )
    return ticks


def _median(values: list[float]) -> float:
    return statistics.median(values)


async def _idle_rounds(tg: BenchTelegram, tmp: Path, rounds: int) -> dict[str, list[dict[str, Any]]]:
    """Start-up and idle memory, ``rounds`` times, interleaved (bare, bot, bare, bot, ...), then once
    the bot with aiogram's models built at import (aiogram imported before ``python -m bot`` runs:
    what the bot costs without :mod:`bot.lazy_models`, for the record; no target)."""
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "bot-empty": [], "bot-eager": []}
    order = [kind for _ in range(rounds) for kind in ("bare", "bot-empty")] + ["bot-eager"]
    for n, kind in enumerate(order):
        db_path = tmp / f"{kind}-{n}.sqlite3"
        if kind == "bare":
            proc = await spawn_bare(tg, tmp)
        elif kind == "bot-empty":
            proc = await spawn_bot(tg, db_path, tmp)
        else:
            proc = await spawn(kind, ["-c", EAGER_BOT], bot_env(tg, db_path), tmp)
        try:
            runs[kind].append(await _start(tg, proc))
        finally:
            await proc.stop()
            tg.reset_for_next_bot()
    return runs


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    n_users, n_trackers = (1_000, 20) if quick else (10_000, 1_000)
    n_rules = n_trackers * RULES_PER_TRACKER
    tg = BenchTelegram()
    await tg.start()
    emu = await start_emulator_process(n_trackers)
    ticks: list[dict[str, Any]] = []
    try:
        with workdir(NAME) as tmp:
            runs = await _idle_rounds(tg, tmp, ROUNDS)
            db_path = tmp / "bot-big.sqlite3"
            began = time.monotonic()
            await _prepare_big(db_path, n_users, n_trackers, emu.url)
            say(
                f"   (prepared {n_users:,} users, {n_trackers:,} trackers, {n_rules:,} rules "
                f"in {time.monotonic() - began:.1f} s)"
            )
            # the second tick follows the first at once
            proc = await spawn_bot(tg, db_path, tmp, ALERT_INTERVAL_SECONDS="5")
            try:
                big = await _start(tg, proc)
                ticks = await _ticks(emu, proc, db_path, n_rules=n_rules, n_trackers=n_trackers, quick=quick)
            finally:
                await proc.stop()
                tg.reset_for_next_bot()
        client_mib, client_ms, ssl_share = await _client_cost()
    finally:
        await emu.stop()
        await tg.stop()

    bare, bots, eager = runs["bare"], runs["bot-empty"], runs["bot-eager"]
    startup_ratios = [b["startup_s"] / a["startup_s"] for a, b in zip(bare, bots, strict=True)]
    rss_ratios = [b["rss_mb"] / a["rss_mb"] for a, b in zip(bare, bots, strict=True)]
    # CPU used until polling (+1 s): what the start-up costs, far less disturbed by other processes
    cpu_ratios = [b["cpu_s"] / a["cpu_s"] for a, b in zip(bare, bots, strict=True)]
    bare_rss = _median([r["rss_mb"] for r in bare])
    tick_ratio = ticks[0]["rss_mb"] / bare_rss
    rows: list[list[Any]] = []

    def row(label: str, r: dict[str, Any]) -> list[Any]:
        return [label, r["startup_s"], r["rss_mb"], r["hwm_mb"], r["cpu_s"]]

    for n, (a, b) in enumerate(zip(bare, bots, strict=True), start=1):
        rows.append(row(f"round {n}: bare aiogram echo bot", a))
        rows.append(row(f"round {n}: bot, empty database", b))
    rows.extend(row("bot, aiogram's models built at import (no target)", e) for e in eager)
    rows.append(row(f"bot, {n_users:,} users / {n_trackers:,} trackers / {n_rules:,} rules: started", big))
    for n, t in enumerate(ticks, start=1):
        rows.append(
            [
                f"   ... after alert tick {n} ({t['reports']} reports, done at {t['at']:.0f} s)",
                float("nan"),
                t["rss_mb"],
                t["hwm_mb"],
                t["cpu_s"],
            ]
        )
    say(
        table(
            "5. Footprint (python -m bot as its own process)",
            ["run", "start-up to 1st getUpdates, s", "VmRSS MiB", "VmHWM MiB", "CPU s so far"],
            rows,
        )
    )
    # memory in every round; start-up (wall clock, noisy on the shared machine) by the median round
    met = (
        max(rss_ratios) <= TARGET_RSS
        and tick_ratio <= TARGET_RSS_AFTER_TICK
        and _median(startup_ratios) <= TARGET_STARTUP
    )
    say(
        f"bot / bare, {ROUNDS} rounds: start-up median {_median(startup_ratios):.2f}, worst "
        f"{max(startup_ratios):.2f} (target <= {TARGET_STARTUP}; its CPU median {_median(cpu_ratios):.2f}, "
        f"worst {max(cpu_ratios):.2f}); idle RSS median {_median(rss_ratios):.2f}, "
        f"worst {max(rss_ratios):.2f} (target <= {TARGET_RSS}); after tick 1 with {n_rules:,} rules "
        f"{tick_ratio:.2f} of the bare bot's median RSS (target <= {TARGET_RSS_AFTER_TICK}): "
        f"{'met' if met else 'MISSED'}"
    )
    tick_cpu = [ticks[0]["cpu_s"] - big["cpu_s"], ticks[1]["cpu_s"] - ticks[0]["cpu_s"]]
    say(
        f"alert ticks over {n_rules:,} rules / {n_trackers:,} trackers: {ticks[0]['evaluated']:,} rules "
        f"evaluated; CPU {tick_cpu[0]:.1f} s in tick 1 after start-up (it starts with the bot), "
        f"{tick_cpu[1]:.1f} s in tick 2 = {tick_cpu[1] * 1000 / n_trackers:.1f} ms per tracker"
    )
    say(
        f"one KeitaroClient (one per tracker in ClientPool, at most 4,096 kept): {client_mib:.2f} MiB and "
        f"{client_ms:.1f} ms CPU to create, {ssl_share:.0%} of it in SSLContext.load_verify_locations"
    )
    bare_startup = _median([r["startup_s"] for r in bare])
    bot_startup = _median([r["startup_s"] for r in bots])
    bot_rss = _median([r["rss_mb"] for r in bots])
    data = {
        "met": met,
        "rounds": ROUNDS,
        "target_ratio_startup": TARGET_STARTUP,
        "target_ratio_rss": TARGET_RSS,
        "target_ratio_rss_after_tick": TARGET_RSS_AFTER_TICK,
        "bare_startup_s": rnd(bare_startup),
        "bot_startup_s": rnd(bot_startup),
        "bare_startup_s_per_round": [rnd(r["startup_s"]) for r in bare],
        "bot_startup_s_per_round": [rnd(r["startup_s"]) for r in bots],
        "ratio_startup": rnd(_median(startup_ratios), 2),
        "ratio_startup_median": rnd(_median(startup_ratios), 2),
        "ratio_startup_worst": rnd(max(startup_ratios), 2),
        "ratio_startup_cpu_median": rnd(_median(cpu_ratios), 2),
        "ratio_startup_cpu_worst": rnd(max(cpu_ratios), 2),
        "bare_startup_cpu_s_per_round": [rnd(r["cpu_s"], 2) for r in bare],
        "bot_startup_cpu_s_per_round": [rnd(r["cpu_s"], 2) for r in bots],
        "bare_rss_mb": rnd(bare_rss, 1),
        "bot_rss_mb": rnd(bot_rss, 1),
        "bare_rss_mb_per_round": [rnd(r["rss_mb"], 1) for r in bare],
        "bot_rss_mb_per_round": [rnd(r["rss_mb"], 1) for r in bots],
        "ratio_rss": rnd(_median(rss_ratios), 2),
        "ratio_rss_median": rnd(_median(rss_ratios), 2),
        "ratio_rss_worst": rnd(max(rss_ratios), 2),
        "bot_eager_models_startup_s": rnd(eager[0]["startup_s"]),
        "bot_eager_models_rss_mb": rnd(eager[0]["rss_mb"], 1),
        "bot_big_startup_s": rnd(big["startup_s"]),
        "bot_big_rss_mb": rnd(big["rss_mb"], 1),
        "bot_big_after_tick_rss_mb": rnd(ticks[0]["rss_mb"], 1),
        "bot_big_after_tick2_rss_mb": rnd(ticks[1]["rss_mb"], 1),
        "bot_big_peak_mb": rnd(ticks[1]["hwm_mb"], 1),
        "ratio_rss_big_after_tick": rnd(tick_ratio, 2),
        "tick_cpu_s": [rnd(c, 2) for c in tick_cpu],
        "tick2_cpu_ms_per_tracker": rnd(tick_cpu[1] * 1000 / n_trackers, 1),
        "client_mib": rnd(client_mib, 2),
        "client_cpu_ms": rnd(client_ms, 1),
        "first_tick_evaluated_rules": ticks[0]["evaluated"],
        "first_tick_reports": ticks[0]["reports"],
        "users": n_users,
        "trackers": n_trackers,
        "rules": n_rules,
        "summary": f"start {bot_startup:.2f} s ({_median(startup_ratios):.2f}x), RSS {bot_rss:.0f} MiB "
        f"({_median(rss_ratios):.2f}x) -> {ticks[0]['rss_mb']:.0f} MiB ({tick_ratio:.2f}x) "
        f"with {n_rules:,} rules",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data
