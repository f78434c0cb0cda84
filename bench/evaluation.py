"""4. Alert evaluation: T trackers (100; 10 with --quick) x 20 rules each, every tracker a row of its
own (its own owner and API key) on one Keitaro emulator that runs in a separate process — so the CPU
time measured here (``time.process_time()`` around ``engine.tick()``) is the bot's alone (its
aiosqlite thread included), not the emulator's report building.

The engine is the one ``BotApp.build()`` wires (``app.alerting.engine``), over a temporary database.
Rules: 2 ``tracker_down`` and 3 each of no_conversions, traffic_drop, traffic_spike, roi_below,
cr_below, rejected_share (tracker-wide, per campaign, one campaign); one subscription per tracker.

Reported per tick: Keitaro report requests (target: = the number of trackers, not rules), all
requests, CPU seconds and wall seconds. The first tick is cold (clients created, report dialect
detected); then rounds (5; 3 with --quick), each a steady tick followed by its baseline: the same
report requests (the exact bodies the engine sent in that tick) fetched and JSON-decoded with one
bare httpx client per tracker — the CPU cost of just getting the data; the ratio says what
evaluating and persisting 20 rules adds on top. Target (issue 20): the steady tick's CPU <= 2 x the
bare fetch's; ``met`` is the median round's ratio, the worst round is reported beside it.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import time
from pathlib import Path
from typing import Any

import httpx

from bench.bare_bot import bench_key
from bench.common import (
    SECRET_KEY,
    BenchTelegram,
    emit,
    rnd,
    say,
    table,
    workdir,
)
from bench.processes import start_emulator_process
from bench.profiling import profile_summary
from bot.app import BotApp
from storage import Database, SecretBox
from tests.conftest import BotRunner

NAME = "evaluation"
REPORT = "/admin_api/v1/report/build"
RULES_PER_TRACKER = 20
TARGET_RATIO = 2.0  # issue 20: steady tick CPU <= 2 x the bare fetch of the same reports (median of rounds)
METRIC_KINDS = ("no_conversions", "traffic_drop", "traffic_spike", "roi_below", "cr_below", "rejected_share")


def rule_set(*, tracker_wide_only: bool = False) -> list[tuple[str, str, int | None, dict[str, Any], str]]:
    """20 rules for one tracker: (kind, name, campaign_id, params, severity)."""
    rules: list[tuple[str, str, int | None, dict[str, Any], str]] = [
        ("tracker_down", "Down (3)", None, {"failures": 3}, "critical"),
        ("tracker_down", "Down (5)", None, {"failures": 5}, "warning"),
    ]
    for kind in METRIC_KINDS:
        severity = "critical" if kind == "no_conversions" else "warning"
        if tracker_wide_only:
            rules += [(kind, f"{kind} sum {n}", None, {"per_campaign": False}, severity) for n in range(3)]
        else:
            rules += [
                (kind, f"{kind} total", None, {"per_campaign": False}, severity),
                (kind, f"{kind} each", None, {"per_campaign": True}, severity),
                (kind, f"{kind} #1", 1, {}, severity),
            ]
    assert len(rules) == RULES_PER_TRACKER
    return rules


async def insert_trackers(
    db: Database,
    owners: list[int],
    admin_url: str,
    *,
    tracker_wide_only: bool = False,
    subscribe: bool = True,
) -> None:
    """One user, one active tracker (key encrypted like the bot does), 20 rules and a subscription
    per owner, written with SQL directly."""
    box = SecretBox(SECRET_KEY)
    rules = rule_set(tracker_wide_only=tracker_wide_only)
    conn = db.conn
    await conn.execute("BEGIN")
    await conn.executemany(
        "INSERT OR IGNORE INTO users (id, language) VALUES (?, 'en')", [(o,) for o in owners]
    )
    await conn.executemany(
        "INSERT INTO trackers (owner_id, name, admin_url, api_key_enc, timezone, is_active)"
        " VALUES (?, ?, ?, ?, ?, 1)",
        [
            (
                o,
                f"T{o}",
                admin_url,
                box.encrypt(bench_key(o), owner_id=o, purpose="tracker.api_key"),
                "Europe/Moscow",
            )
            for o in owners
        ],
    )
    rows = await (await conn.execute("SELECT id, owner_id FROM trackers")).fetchall()
    tracker_of = {owner: tid for tid, owner in rows}
    await conn.executemany(
        "INSERT INTO alert_rules (owner_id, tracker_id, kind, name, campaign_id, params, severity)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(o, tracker_of[o], k, n, c, json.dumps(p), s) for o in owners for k, n, c, p, s in rules],
    )
    if subscribe:
        await conn.executemany(
            "INSERT INTO subscriptions (chat_id, tracker_id, created_by, language) VALUES (?, ?, ?, 'en')",
            [(o, tracker_of[o], o) for o in owners],
        )
    await conn.execute("COMMIT")


async def _bare_fetch(base: str, bodies: dict[str, Any], concurrency: int = 8) -> tuple[float, float, int]:
    """The baseline: the same report requests with bare httpx clients (one per tracker, kept alive)."""
    clients = {key: httpx.AsyncClient(base_url=base, headers={"Api-Key": key}, timeout=60) for key in bodies}
    gate = asyncio.Semaphore(concurrency)
    rows = 0

    async def one(key: str) -> None:
        nonlocal rows
        async with gate:
            response = await clients[key].post(REPORT, json=bodies[key])
            data = response.json()
            rows += len(data.get("rows", [])) if isinstance(data, dict) else 0

    try:
        await asyncio.gather(*(one(k) for k in bodies))  # warm: connections open
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one(k) for k in bodies))
        return time.process_time() - cpu0, time.perf_counter() - wall0, rows
    finally:
        for client in clients.values():
            await client.aclose()


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    n_trackers = 10 if quick else 100
    n_rounds = 3 if quick else 5
    owners = list(range(1, n_trackers + 1))
    emu = await start_emulator_process(n_trackers)
    tg = BenchTelegram()  # not used by the engine; the settings want a Bot API URL
    await tg.start()
    ticks: list[dict[str, Any]] = []
    prof_text = ""
    try:
        with workdir(NAME) as tmp:
            runner = BotRunner(tg, tmp)
            app = BotApp(runner.settings(log_level="WARNING", secret_key=SECRET_KEY), handle_signals=False)
            await app.build()  # the wiring `python -m bot` uses; the loops are not started
            try:
                await insert_trackers(app.db, owners, emu.url)
                engine = app.alerting.engine
                # the cold tick, then rounds interleaved: a steady tick, the bare fetch of its bodies
                for n in range(1, n_rounds + 2):
                    await emu.reset()
                    cpu0, wall0 = time.process_time(), time.perf_counter()
                    report = await engine.tick()
                    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
                    stats = await emu.stats()
                    tick = {
                        "tick": n,
                        "cpu_s": cpu,
                        "wall_s": wall,
                        "reports": stats["paths"].get(REPORT, 0),
                        "requests": stats["requests"],
                        "connections": stats["connections"],
                        "emulator_s": stats["service_s"],
                        "failed": len(report.failed),
                        "queued": report.queued,
                        "bodies": stats["report_bodies"],
                    }
                    if n > 1:
                        tick["bare_cpu_s"], tick["bare_wall_s"], _rows = await _bare_fetch(
                            emu.base, stats["report_bodies"]
                        )
                    ticks.append(tick)
                if profile:
                    prof_path = Path(tmp) / "tick.prof"
                    profiler = cProfile.Profile()
                    profiler.enable()
                    await engine.tick()
                    profiler.disable()
                    profiler.dump_stats(prof_path)
                    prof_text = profile_summary(prof_path, 25, "tottime")
                states = int(await app.db.fetch_value("SELECT COUNT(*) FROM alert_states"))
                open_alerts = int(
                    await app.db.fetch_value("SELECT COUNT(*) FROM alerts WHERE resolved_at IS NULL")
                )
            finally:
                await app._cleanup()
    finally:
        await tg.stop()
        await emu.stop()

    steady = ticks[1:]
    for t in steady:
        t["ratio"] = t["cpu_s"] / t["bare_cpu_s"] if t["bare_cpu_s"] else float("nan")
    ratios = [t["ratio"] for t in steady]
    ratio_median, ratio_worst = _median(ratios), max(ratios)
    cpu_steady = _median([t["cpu_s"] for t in steady])
    bare_cpu = _median([t["bare_cpu_s"] for t in steady])
    wall_steady = _median([t["wall_s"] for t in steady])
    reports_ok = all(t["reports"] == n_trackers for t in steady)
    met = reports_ok and ratio_median <= TARGET_RATIO
    rows: list[list[Any]] = []
    for t in ticks:
        rows.append(
            [
                f"tick {t['tick']}" + (" (cold)" if t["tick"] == 1 else f" (round {t['tick'] - 1})"),
                t["reports"],
                t["requests"],
                t["connections"],
                t["cpu_s"],
                t["cpu_s"] * 1000 / n_trackers,
                t["wall_s"],
                t["emulator_s"],
                t["failed"],
                t["queued"],
                "-" if t["tick"] == 1 else f"x{t['ratio']:.2f}",
            ]
        )
        if t["tick"] > 1:
            rows.append(
                [
                    "  bare fetch of the same reports",
                    len(t["bodies"]),
                    len(t["bodies"]),
                    "-",
                    t["bare_cpu_s"],
                    t["bare_cpu_s"] * 1000 / n_trackers,
                    t["bare_wall_s"],
                    "-",
                    "-",
                    "-",
                    "-",
                ]
            )
    say(
        table(
            f"4. Alert evaluation: {n_trackers} trackers x {RULES_PER_TRACKER} rules "
            f"({n_trackers * RULES_PER_TRACKER} rules), emulator in its own process; "
            f"{n_rounds} rounds (steady tick, then the bare fetch of its bodies)",
            [
                "run",
                "report requests",
                "all requests",
                "new conns",
                "CPU s",
                "CPU ms/tracker",
                "wall s",
                "emulator s",
                "failed trackers",
                "queued",
                "CPU vs bare",
            ],
            rows,
        )
    )
    say(
        f"steady tick (median of {len(steady)} rounds): {cpu_steady:.3f} CPU s "
        f"({cpu_steady * 1000 / n_trackers:.2f} ms per tracker, "
        f"{cpu_steady * 1e6 / (n_trackers * RULES_PER_TRACKER):.0f} us per rule), {wall_steady:.2f} s wall; "
        f"bare fetch {bare_cpu:.3f} CPU s. CPU vs bare per round: "
        + ", ".join(f"x{r:.2f}" for r in ratios)
        + f" -> median x{ratio_median:.2f} (target <= {TARGET_RATIO}: {'MET' if met else 'MISSED'}; `met` is "
        f"the median's), worst x{ratio_worst:.2f}. Report requests per tick = trackers: "
        f"{'MET' if reports_ok else 'MISSED'}. States kept: {states}, open alerts: {open_alerts}."
    )
    cold_extra = (ticks[0]["cpu_s"] - cpu_steady) * 1000 / n_trackers
    say(f"the cold tick costs {cold_extra:.1f} ms more CPU per tracker (a new pooled client per tracker)")
    if prof_text:
        say("profile of one steady tick (cProfile, main thread, top by own time):\n" + prof_text)
    data = {
        "met": met,
        "target_ratio": TARGET_RATIO,
        "trackers": n_trackers,
        "rules": n_trackers * RULES_PER_TRACKER,
        "rounds": len(steady),
        "report_requests_per_tick": [t["reports"] for t in ticks],
        "requests_per_tick": [t["requests"] for t in ticks],
        "ratio_reports_to_trackers": rnd(steady[-1]["reports"] / n_trackers),
        "cpu_s_per_tick": [rnd(t["cpu_s"]) for t in ticks],
        "cpu_s_steady": rnd(cpu_steady),
        "cpu_ms_per_tracker": rnd(cpu_steady * 1000 / n_trackers),
        "wall_s_steady": rnd(wall_steady),
        "bare_fetch_cpu_s": rnd(bare_cpu),
        "bare_fetch_cpu_s_per_round": [rnd(t["bare_cpu_s"]) for t in steady],
        "ratio_cpu_vs_bare_fetch": rnd(ratio_median, 2),
        "ratio_cpu_vs_bare_fetch_per_round": [rnd(r, 2) for r in ratios],
        "ratio_cpu_vs_bare_fetch_median": rnd(ratio_median, 2),
        "ratio_cpu_vs_bare_fetch_worst": rnd(ratio_worst, 2),
        "cold_tick_extra_cpu_ms_per_tracker": rnd(cold_extra, 1),
        "summary": f"{steady[-1]['reports']} reports/tick for {n_trackers} trackers; "
        f"{cpu_steady:.2f} CPU s/tick, x{ratio_median:.2f} bare (worst x{ratio_worst:.2f})",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data
