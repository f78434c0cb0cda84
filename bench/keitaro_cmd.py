"""2. A Keitaro-backed command: ``/campaigns`` (one ``GET /admin_api/v1/campaigns`` to the user's
active tracker, the list as the reply) against the Keitaro emulator, end to end.

Each user owns one tracker (its own API key) on the emulator, written to the bot's database before
start. The emulator times its own handling of every request and records the client's TCP port, so:

* Keitaro time = the emulator's time for the request(s) an update caused;
* the bot's overhead = (reply arrived − update handed to the bot) − Keitaro time, at one user
  (no queueing), p50, in interleaved rounds (bare, bot, bare, bot, ...) — target (issue 20): at most
  1.3 x the bare bot's in every round (worst round; the median is reported too);
* Bot API calls per /campaigns of a returning user: before the reply (target 1: the reply) and
  after it (the old list's buttons, taken off in the background);
* TCP connections opened to the emulator (accepted sockets, and distinct client ports per API key)
  — target: 1 per tracker, not 1 per request.

Baseline in the same run: the bare aiogram bot (``bench/bare_bot.py keitaro``) doing the same GET with
one kept-alive httpx client per tracker and answering with the names.
"""

from __future__ import annotations

import asyncio
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.bare_bot import bench_key
from bench.common import (
    BenchTelegram,
    Sample,
    TimedEmulator,
    closed_loop,
    emit,
    ms,
    pct,
    rnd,
    say,
    table,
    workdir,
)
from bench.keitaro_parts import attach_keitaro, prepare_db, sql_per_campaigns
from bench.processes import Proc, bot_env, proc_cpu, spawn, spawn_bare, spawn_bot, wait_listening
from bench.profiling import profile_by_package, profile_table, sql_kinds

NAME = "keitaro"
TARGET_RATIO = 1.3  # bot overhead / bare overhead (p50, 1 user), every round
CAMPAIGNS = "/admin_api/v1/campaigns"


async def _phase(
    tg: BenchTelegram,
    emu: TimedEmulator,
    proc: Proc,
    users: list[Any],
    *,
    warmup: float,
    duration: float,
    profile: bool = False,
) -> dict[str, Any]:
    await wait_listening(tg, proc)
    marks: dict[str, float] = {}

    async def sample_cpu() -> None:
        await asyncio.sleep(warmup)
        marks["cpu0"] = proc_cpu(proc.pid)
        if profile:
            proc.profile_on()
        await asyncio.sleep(duration)
        if profile:
            proc.profile_off()
        marks["cpu1"] = proc_cpu(proc.pid)

    sampler = asyncio.create_task(sample_cpu())
    samples, start, end = await closed_loop(tg, users, "/campaigns", warmup=warmup, duration=duration)
    await sampler
    attach_keitaro(samples, emu.timings, tg)
    return _stats(samples, end - start, marks["cpu1"] - marks["cpu0"])


def _merge(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures over all rounds' samples together, with each round's own figures in ``rounds``."""
    merged = _stats(
        [s for r in rounds for s in r["samples"]],
        sum(r["window"] for r in rounds),
        sum(r["cpu"] for r in rounds),
    )
    merged["rounds"] = rounds
    return merged


def _stats(samples: list[Sample], window: float, cpu: float) -> dict[str, Any]:
    n = len(samples)
    keitaro = [s.extra["keitaro"] for s in samples]
    overhead = [s.in_bot - s.extra["keitaro"] for s in samples]
    return {
        "samples": samples,
        "window": window,
        "cpu": cpu,
        "updates": n,
        "updates_per_s": n / window,
        "e2e_p50_ms": ms(pct([s.e2e for s in samples], 50)),
        "in_bot_p50_ms": ms(pct([s.in_bot for s in samples], 50)),
        "keitaro_p50_ms": ms(pct(keitaro, 50)),
        "overhead_p50_ms": ms(pct(overhead, 50)),
        "overhead_p95_ms": ms(pct(overhead, 95)),
        "requests_per_update": round(sum(s.extra["requests"] for s in samples) / n, 2) if n else None,
        "tg_calls_per_update": round(sum(s.extra["tg_calls"] for s in samples) / n, 2) if n else None,
        "cpu_ms_per_update": ms(cpu / n) if n else None,
        "segments": {
            name: ms(pct([s.extra["segments"][name] for s in samples], 50))
            for name in ("to_keitaro", "keitaro", "after_keitaro", "extra_calls")
        },
    }


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    n_users = 5 if quick else 10
    warmup, duration = (0.3, 1.2) if quick else (1.0, 5.0)
    rounds = 3 if quick else 4  # of the 1-user phase, interleaved; duration is split among them
    uids = [300_000 + i for i in range(n_users)]
    kinds = ("bare", "bot")
    # a fake Bot API and an emulator per bot: both start at once (imports take seconds), then each
    # is measured alone while the other waits, idle, in a long poll; connections are counted apart
    fakes = {kind: BenchTelegram() for kind in kinds}
    emus = {kind: TimedEmulator(api_keys={bench_key(uid): "admin" for uid in uids}) for kind in kinds}
    for kind in kinds:
        await fakes[kind].start()
        await emus[kind].start()
    results: dict[str, dict[str, Any]] = {}
    procs: dict[str, Proc] = {}
    prof_text = ""
    try:
        with workdir(NAME) as tmp:
            await prepare_db(tmp / "bot.sqlite3", uids, emus["bot"].url)
            procs["bare"] = await spawn_bare(
                fakes["bare"], tmp, "keitaro", BENCH_KEITARO_URL=emus["bare"].base
            )
            procs["bot"] = await spawn_bot(fakes["bot"], tmp / "bot.sqlite3", tmp)
            statements, calls, sql_before = await sql_per_campaigns(tmp)
            for kind in kinds:
                await wait_listening(fakes[kind], procs[kind])
            users_of = {k: [fakes[k].user(uid, first_name=f"K{uid}") for uid in uids] for k in kinds}
            per_round: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
            for round_no in range(rounds):
                for kind in kinds:
                    per_round[kind].append(
                        await _phase(
                            fakes[kind],
                            emus[kind],
                            procs[kind],
                            users_of[kind][:1],
                            warmup=warmup if round_no == 0 else 0.3,
                            duration=duration / rounds,
                        )
                    )
            for kind in kinds:
                tg, emu = fakes[kind], emus[kind]
                users = users_of[kind]
                try:
                    one = _merge(per_round[kind])
                    many = await _phase(tg, emu, procs[kind], users, warmup=warmup, duration=duration)
                finally:
                    await procs.pop(kind).stop()
                api = [t for t in emu.timings if t[2].startswith("/admin_api/")]
                ports: dict[str | None, set[int]] = defaultdict(set)
                for _s, _e, _p, port, key in api:
                    ports[key].add(port)
                results[kind] = {
                    "one": one,
                    "many": many,
                    "requests": len(api),
                    "campaign_requests": sum(1 for t in api if t[2] == CAMPAIGNS),
                    "trackers": len(ports),
                    "connections": emu.connections_opened,
                    "max_ports_per_tracker": max((len(p) for p in ports.values()), default=0),
                }
            round_ratios = [
                b["overhead_p50_ms"] / a["overhead_p50_ms"]
                for a, b in zip(
                    results["bare"]["one"]["rounds"], results["bot"]["one"]["rounds"], strict=True
                )
            ]
            if profile or (profile is None and not quick and max(round_ratios) > TARGET_RATIO):
                prof_text = await _profiled(tmp, uids[:1], warmup, duration)
    finally:
        for proc in procs.values():
            await proc.stop()
        for kind in kinds:
            await emus[kind].stop()
            await fakes[kind].stop()

    bare, bot = results["bare"], results["bot"]
    rows = []
    for kind in ("bare", "bot"):
        r = results[kind]
        for load, key in (("1 user", "one"), (f"{n_users} users", "many")):
            p = r[key]
            rows.append(
                [
                    f"{kind}, {load}",
                    p["updates"],
                    p["updates_per_s"],
                    p["e2e_p50_ms"],
                    p["in_bot_p50_ms"],
                    p["keitaro_p50_ms"],
                    p["overhead_p50_ms"],
                    p["overhead_p95_ms"],
                    p["requests_per_update"],
                    p["tg_calls_per_update"],
                    p["cpu_ms_per_update"],
                ]
            )
    say(
        table(
            "2. Keitaro-backed command (/campaigns: one GET /campaigns per update)",
            [
                "run",
                "updates",
                "updates/s",
                "e2e p50",
                "in bot p50",
                "Keitaro p50",
                "overhead p50",
                "overhead p95",
                "Keitaro req/upd",
                "other calls while waiting",
                "CPU ms/upd",
            ],
            rows,
        )
    )
    say(
        table(
            "   TCP connections to the emulator over the whole run",
            ["bot", "API requests", "trackers used", "connections opened", "max client ports per tracker"],
            [
                [
                    k,
                    results[k]["requests"],
                    results[k]["trackers"],
                    results[k]["connections"],
                    results[k]["max_ports_per_tracker"],
                ]
                for k in ("bare", "bot")
            ],
        )
    )
    seg_names = {
        "to_keitaro": "update received -> Keitaro request starts (middlewares, storage, dialog start)",
        "keitaro": "Keitaro request (emulator's own time)",
        "after_keitaro": "Keitaro answered -> first Bot API call done (parse, render, send)",
        "extra_calls": "first Bot API call done -> reply arrived (calls made before the reply)",
    }
    say(
        table(
            "   where one /campaigns spends its time (p50 of each segment, 1 user, ms)",
            ["segment", "bare", "bot"],
            [
                [label, bare["one"]["segments"][k], bot["one"]["segments"][k]]
                for k, label in seg_names.items()
            ],
        )
    )
    say(
        "   (times in ms; in bot = reply arrived - update handed to the bot; "
        "overhead = in bot - Keitaro time; other calls while waiting = Bot API calls in that chat "
        "between the update and its reply, of this update or of the one before (its old list's "
        "buttons, taken off in the background): the calls of one update are listed below)"
    )
    say(
        f"SQL statements per /campaigns (a returning user): {sql_kinds(statements)}; "
        f"{sql_before} of them before the Keitaro request"
    )
    for sql in statements:
        say("     " + " ".join(sql.split())[:110])
    # the reply is logged by the fake just after it arrived: within a millisecond counts as the reply
    before = [m for m, dt in calls if dt < 0.001]
    after = [m for m, dt in calls if dt >= 0.001]
    say(
        "Bot API calls per /campaigns (a returning user), in order: "
        + ", ".join(f"{m} ({dt * 1000:+.1f} ms vs the reply)" for m, dt in calls)
        + f" -> {len(before)} until the reply (target 1), {len(after)} after it"
    )
    overhead = bot["one"]["overhead_p50_ms"]
    added = overhead - bare["one"]["overhead_p50_ms"]
    ratio = overhead / bare["one"]["overhead_p50_ms"]
    worst, median = max(round_ratios), statistics.median(round_ratios)
    conn_ok = bot["connections"] == bot["trackers"] and bot["max_ports_per_tracker"] == 1
    say(
        table(
            "   overhead p50 per interleaved round (1 user, ms)",
            ["round", "bare", "bot", "bot / bare", "bot CPU ms/upd", "bare CPU ms/upd"],
            [
                [
                    i + 1,
                    a["overhead_p50_ms"],
                    b["overhead_p50_ms"],
                    r,
                    b["cpu_ms_per_update"],
                    a["cpu_ms_per_update"],
                ]
                for i, (a, b, r) in enumerate(
                    zip(bare["one"]["rounds"], bot["one"]["rounds"], round_ratios, strict=True)
                )
            ],
        )
    )
    overhead_ok = worst <= TARGET_RATIO
    met = overhead_ok and conn_ok and len(before) == 1
    say(
        f"bot overhead on top of the Keitaro call (p50, 1 user): {overhead:.2f} ms (bare aiogram: "
        f"{bare['one']['overhead_p50_ms']:.2f} ms, so {added:+.2f} ms ours) = {ratio:.2f} x bare; worst "
        f"round {worst:.2f} x, median {median:.2f} x — target <= {TARGET_RATIO} x in every round -> "
        f"{'MET' if overhead_ok else 'MISSED'}"
    )
    say(
        f"connections: {bot['connections']} for {bot['trackers']} trackers and {bot['requests']} requests "
        f"— target 1 per tracker -> {'MET' if conn_ok else 'MISSED'}"
    )
    if prof_text:
        say(prof_text)
    data = {
        "met": met,
        "overhead_p50_ms": overhead,
        "sql_statements_per_update": len(statements),
        "sql_statements_before_keitaro": sql_before,
        "bot_api_calls_per_update": len(calls),
        "bare_overhead_p50_ms": bare["one"]["overhead_p50_ms"],
        "added_overhead_vs_bare_ms": round(added, 2),
        "target_ratio": TARGET_RATIO,
        "ratio_overhead_per_round": [rnd(r) for r in round_ratios],
        "ratio_overhead_worst": rnd(worst),
        "ratio_overhead_median": rnd(median),
        "overhead_p50_ms_per_round": [r["overhead_p50_ms"] for r in bot["one"]["rounds"]],
        "bare_overhead_p50_ms_per_round": [r["overhead_p50_ms"] for r in bare["one"]["rounds"]],
        "bot_cpu_ms_per_update_1user": bot["one"]["cpu_ms_per_update"],
        "bare_cpu_ms_per_update_1user": bare["one"]["cpu_ms_per_update"],
        "bot_api_calls_before_reply": len(before),
        "bot_api_calls_after_reply": len(after),
        "rounds": rounds,
        "keitaro_p50_ms": bot["one"]["keitaro_p50_ms"],
        "ratio_overhead": rnd(ratio),
        "ratio_throughput": rnd(bot["many"]["updates_per_s"] / bare["many"]["updates_per_s"]),
        "bot_updates_per_s": rnd(bot["many"]["updates_per_s"], 1),
        "bare_updates_per_s": rnd(bare["many"]["updates_per_s"], 1),
        "requests_per_update": bot["many"]["requests_per_update"],
        "connections": bot["connections"],
        "trackers": bot["trackers"],
        "requests": bot["requests"],
        "connections_per_tracker": rnd(bot["connections"] / bot["trackers"]) if bot["trackers"] else None,
        "bare_connections": bare["connections"],
        "summary": f"overhead p50 {overhead:.2f} ms = {ratio:.2f} x bare (worst round {worst:.2f}); "
        f"{bot['connections']} conn / {bot['trackers']} trackers",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data


async def _profiled(tmp: Path, uids: list[int], warmup: float, duration: float) -> str:
    """The bot and the bare bot again (1 user), each under cProfile for the measured window."""
    columns: dict[str, dict[str, float]] = {}
    for kind in ("bot", "bare"):
        tg, emu = BenchTelegram(), TimedEmulator(api_keys={bench_key(uid): "admin" for uid in uids})
        await tg.start()
        await emu.start()
        path = tmp / f"{kind}.prof"
        try:
            if kind == "bot":
                db = tmp / "profiled.sqlite3"
                await prepare_db(db, uids, emu.url)
                proc = await spawn_bot(tg, db, tmp, profile=path)
            else:
                env = bot_env(tg, tmp / "unused.db", BENCH_PROFILE=str(path), BENCH_KEITARO_URL=emu.base)
                proc = await spawn(
                    "bare-profiled", ["-m", "bench.profiled", "bench.bare_bot", "keitaro"], env, tmp
                )
            users = [tg.user(uid) for uid in uids]
            try:
                row = await _phase(tg, emu, proc, users, warmup=warmup, duration=duration, profile=True)
                await asyncio.sleep(0.5)  # the signal handler writes the profile
            finally:
                await proc.stop()
        finally:
            await emu.stop()
            await tg.stop()
        if path.exists():
            columns[f"{kind} 1 user"] = profile_by_package(path, row["updates"])
    return profile_table("   own time per /campaigns by package, under cProfile (main thread only)", columns)


__all__ = ["prepare_db", "run"]
