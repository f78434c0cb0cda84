"""5. Footprint: start-up time and resident memory of ``python -m bot`` (a process of its own, started
the way tests/e2e/test_runtime.py starts it, environment pointing at the fake Bot API).

* start-up: from process start to its first ``getUpdates`` arriving at the fake;
* memory: VmRSS once it is polling (+1 s), and VmHWM (peak);
* with a database prepared by SQL: 10,000 users, 1,000 trackers, 20,000 rules (20 per tracker,
  all on one Keitaro emulator in a process of its own) — memory after start-up, and after the
  first alert tick has evaluated every rule (the tick starts with the bot).

Baseline in the same run: the bare aiogram echo bot (``bench/bare_bot.py``), same measurements.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
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
    proc_cpu,
    proc_mem,
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


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    n_users, n_trackers = (1_000, 20) if quick else (10_000, 1_000)
    n_rules = n_trackers * RULES_PER_TRACKER
    tg = BenchTelegram()
    await tg.start()
    emu = await start_emulator_process(n_trackers)
    results: dict[str, dict[str, Any]] = {}
    ticks: list[dict[str, Any]] = []
    try:
        with workdir(NAME) as tmp:
            for kind in ("bare", "bot-big") if quick else ("bare", "bot-empty", "bot-big"):
                db_path = tmp / f"{kind}.sqlite3"
                env: dict[str, str] = {}
                if kind == "bot-big":
                    began = time.monotonic()
                    await _prepare_big(db_path, n_users, n_trackers, emu.url)
                    say(
                        f"   (prepared {n_users:,} users, {n_trackers:,} trackers, {n_rules:,} rules "
                        f"in {time.monotonic() - began:.1f} s)"
                    )
                    env["ALERT_INTERVAL_SECONDS"] = "5"  # the second tick follows the first at once
                proc = await (spawn_bare(tg, tmp) if kind == "bare" else spawn_bot(tg, db_path, tmp, **env))
                try:
                    results[kind] = await _start(tg, proc)
                    if kind != "bot-big":
                        continue
                    deadline = time.monotonic() + (60 if quick else 300)
                    evaluated = 0
                    while time.monotonic() < deadline and proc.proc.returncode is None:
                        evaluated = _count(db_path, "SELECT COUNT(DISTINCT rule_id) FROM alert_states")
                        if evaluated >= n_rules:
                            break
                        await asyncio.sleep(0.5)
                    reports = await _wait_reports(emu, n_trackers, proc, deadline)
                    mem, cpu = proc_mem(proc.pid), proc_cpu(proc.pid)
                    ticks.append(
                        {
                            "rss_mb": mem["VmRSS"],
                            "hwm_mb": mem["VmHWM"],
                            "cpu_s": cpu,
                            "at": time.monotonic() - proc.started_at,
                            "evaluated": evaluated,
                            "reports": reports,
                        }
                    )
                    reports = await _wait_reports(emu, 2 * n_trackers, proc, deadline + 120)
                    mem, cpu2 = proc_mem(proc.pid), proc_cpu(proc.pid)
                    ticks.append(
                        {
                            "rss_mb": mem["VmRSS"],
                            "hwm_mb": mem["VmHWM"],
                            "cpu_s": cpu2,
                            "at": time.monotonic() - proc.started_at,
                            "evaluated": evaluated,
                            "reports": reports - ticks[0]["reports"],
                        }
                    )
                finally:
                    await proc.stop()
                    tg.reset_for_next_bot()
        client_mib, client_ms, ssl_share = await _client_cost()
    finally:
        await emu.stop()
        await tg.stop()

    labels = {
        "bare": "bare aiogram echo bot",
        "bot-empty": "bot, empty database",
        "bot-big": f"bot, {n_users:,} users / {n_trackers:,} trackers / {n_rules:,} rules: started",
    }
    rows = [[labels[k], r["startup_s"], r["rss_mb"], r["hwm_mb"], r["cpu_s"]] for k, r in results.items()]
    start_cpu = results["bot-big"]["cpu_s"]
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
    tick_cpu = [ticks[0]["cpu_s"] - start_cpu, ticks[1]["cpu_s"] - ticks[0]["cpu_s"]]
    say(
        f"alert ticks over {n_rules:,} rules / {n_trackers:,} trackers: {ticks[0]['evaluated']:,} rules "
        f"evaluated; CPU {tick_cpu[0]:.1f} s in tick 1 after start-up (it starts with the bot), "
        f"{tick_cpu[1]:.1f} s in tick 2 = {tick_cpu[1] * 1000 / n_trackers:.1f} ms per tracker"
    )
    say(
        f"one KeitaroClient (one per tracker in ClientPool, at most 4,096 kept): {client_mib:.2f} MiB and "
        f"{client_ms:.1f} ms CPU to create, {ssl_share:.0%} of it in SSLContext.load_verify_locations"
    )
    bare, big = results["bare"], results["bot-big"]
    empty = results.get("bot-empty", big)
    data = {
        "met": None,
        "bare_startup_s": rnd(bare["startup_s"]),
        "bot_startup_s": rnd(empty["startup_s"]),
        "bot_big_startup_s": rnd(big["startup_s"]),
        "ratio_startup": rnd(empty["startup_s"] / bare["startup_s"], 2),
        "bare_rss_mb": rnd(bare["rss_mb"], 1),
        "bot_rss_mb": rnd(empty["rss_mb"], 1),
        "bot_big_rss_mb": rnd(big["rss_mb"], 1),
        "bot_big_after_tick_rss_mb": rnd(ticks[0]["rss_mb"], 1),
        "bot_big_after_tick2_rss_mb": rnd(ticks[1]["rss_mb"], 1),
        "bot_big_peak_mb": rnd(ticks[1]["hwm_mb"], 1),
        "ratio_rss": rnd(empty["rss_mb"] / bare["rss_mb"], 2),
        "ratio_rss_big_after_tick": rnd(ticks[0]["rss_mb"] / bare["rss_mb"], 2),
        "tick_cpu_s": [rnd(c, 2) for c in tick_cpu],
        "tick2_cpu_ms_per_tracker": rnd(tick_cpu[1] * 1000 / n_trackers, 1),
        "client_mib": rnd(client_mib, 2),
        "client_cpu_ms": rnd(client_ms, 1),
        "first_tick_evaluated_rules": ticks[0]["evaluated"],
        "first_tick_reports": ticks[0]["reports"],
        "users": n_users,
        "trackers": n_trackers,
        "rules": n_rules,
        "summary": f"start {empty['startup_s']:.2f} s, RSS {empty['rss_mb']:.0f} MiB -> "
        f"{ticks[0]['rss_mb']:.0f} MiB with {n_rules:,} rules",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data
