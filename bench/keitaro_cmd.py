"""2. A Keitaro-backed command: ``/campaigns`` (one ``GET /admin_api/v1/campaigns`` to the user's
active tracker, the list as the reply) against the Keitaro emulator, end to end.

Each user owns one tracker (its own API key) on the emulator, written to the bot's database before
start. The emulator times its own handling of every request and records the client's TCP port, so:

* Keitaro time = the emulator's time for the request(s) an update caused;
* the bot's overhead = (reply arrived − update handed to the bot) − Keitaro time, at one user
  (no queueing), p50 — target < 5 ms;
* TCP connections opened to the emulator (accepted sockets, and distinct client ports per API key)
  — target: 1 per tracker, not 1 per request.

Baseline in the same run: the bare aiogram bot (``bench/bare_bot.py keitaro``) doing the same GET with
one kept-alive httpx client per tracker and answering with the names.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.bare_bot import bench_key
from bench.common import (
    SECRET_KEY,
    BenchTelegram,
    Sample,
    TimedEmulator,
    closed_loop,
    emit,
    ms,
    pct,
    rnd,
    say,
    send_and_wait,
    table,
    workdir,
)
from bench.processes import Proc, bot_env, proc_cpu, spawn, spawn_bare, spawn_bot, wait_listening
from bench.profiling import profile_by_package, profile_table, sql_kinds, trace_sql
from services.clock import system_clock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from tests.conftest import BotRunner

NAME = "keitaro"
TARGET_OVERHEAD_MS = 5.0
CAMPAIGNS = "/admin_api/v1/campaigns"


async def prepare_db(path: Path, users: list[int], admin_url: str) -> None:
    """Each user with one active tracker on the emulator (key encrypted like the bot does)."""
    db = Database(path, clock=system_clock)
    await db.open()
    try:
        users_repo, trackers = UserRepo(db), TrackerRepo(db, SecretBox(SECRET_KEY))
        for uid in users:
            await users_repo.touch(uid, username=None, role="user")
            draft = await trackers.create_draft(uid, name="Main", admin_url=admin_url, api_key=bench_key(uid))
            await trackers.finalize(uid, draft.id)
    finally:
        await db.close()


def _attach_keitaro(
    samples: list[Sample], timings: list[tuple[float, float, str, int, str | None]], tg: BenchTelegram
) -> None:
    """Give every sample the emulator's time for the requests made while the bot handled it
    (matched by the user's API key and the time window), and the Bot API calls the bot made in
    that chat before its reply (the reply itself is logged after it arrived, so it is not counted)."""
    by_key: dict[str | None, list[tuple[float, float, str]]] = defaultdict(list)
    for start, end, path, _port, key in timings:
        by_key[key].append((start, end, path))
    by_chat: dict[int, list[float]] = defaultdict(list)
    for call in tg.calls:
        chat = call.params.get("chat_id")
        if call.method != "getUpdates" and chat is not None:
            by_chat[int(chat)].append(call.at)
    for s in samples:
        mine = [t for t in by_key.get(bench_key(s.user), []) if s.delivered <= t[0] <= s.replied]
        s.extra["keitaro"] = sum(end - start for start, end, _ in mine)
        s.extra["requests"] = len(mine)
        before = [at for at in by_chat.get(s.user, []) if s.delivered <= at <= s.replied]
        s.extra["tg_calls"] = len(before)
        k_start = min((t[0] for t in mine), default=s.delivered)
        k_end = max((t[1] for t in mine), default=s.delivered)
        first_call = min((at for at in before if at >= k_end), default=s.replied)
        s.extra["segments"] = {
            "to_keitaro": k_start - s.delivered,
            "keitaro": s.extra["keitaro"],
            "after_keitaro": first_call - k_end,
            "extra_calls": s.replied - first_call,
        }


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
    _attach_keitaro(samples, emu.timings, tg)
    n = len(samples)
    keitaro = [s.extra["keitaro"] for s in samples]
    overhead = [s.in_bot - s.extra["keitaro"] for s in samples]
    return {
        "updates": n,
        "updates_per_s": n / (end - start),
        "e2e_p50_ms": ms(pct([s.e2e for s in samples], 50)),
        "in_bot_p50_ms": ms(pct([s.in_bot for s in samples], 50)),
        "keitaro_p50_ms": ms(pct(keitaro, 50)),
        "overhead_p50_ms": ms(pct(overhead, 50)),
        "overhead_p95_ms": ms(pct(overhead, 95)),
        "requests_per_update": round(sum(s.extra["requests"] for s in samples) / n, 2) if n else None,
        "tg_calls_per_update": round(sum(s.extra["tg_calls"] for s in samples) / n, 2) if n else None,
        "cpu_ms_per_update": ms((marks["cpu1"] - marks["cpu0"]) / n) if n else None,
        "segments": {
            name: ms(pct([s.extra["segments"][name] for s in samples], 50))
            for name in ("to_keitaro", "keitaro", "after_keitaro", "extra_calls")
        },
    }


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    n_users = 5 if quick else 10
    warmup, duration = (0.3, 1.2) if quick else (1.0, 5.0)
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
            statements, calls, sql_before = await _sql_per_campaigns(tmp)
            for kind in kinds:
                await wait_listening(fakes[kind], procs[kind])
            for kind in kinds:
                tg, emu = fakes[kind], emus[kind]
                users = [tg.user(uid, first_name=f"K{uid}") for uid in uids]
                try:
                    one = await _phase(tg, emu, procs[kind], users[:1], warmup=warmup, duration=duration)
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
            overhead = results["bot"]["one"]["overhead_p50_ms"]
            if profile or (profile is None and not quick and overhead >= TARGET_OVERHEAD_MS):
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
                "Bot API calls before reply",
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
        "overhead = in bot - Keitaro time; Bot API calls before reply = calls in that chat "
        "while the user waited)"
    )
    say(
        f"SQL statements per /campaigns (a returning user): {sql_kinds(statements)}; "
        f"{sql_before} of them before the Keitaro request"
    )
    for sql in statements:
        say("     " + " ".join(sql.split())[:110])
    say(f"Bot API calls per /campaigns (a returning user), in order: {', '.join(calls)}")
    overhead = bot["one"]["overhead_p50_ms"]
    added = overhead - bare["one"]["overhead_p50_ms"]
    conn_ok = bot["connections"] == bot["trackers"] and bot["max_ports_per_tracker"] == 1
    met = overhead < TARGET_OVERHEAD_MS and conn_ok
    say(
        f"bot overhead on top of the Keitaro call (p50, 1 user): {overhead:.2f} ms (bare aiogram: "
        f"{bare['one']['overhead_p50_ms']:.2f} ms, so {added:+.2f} ms ours) — "
        f"target < {TARGET_OVERHEAD_MS} ms -> "
        f"{'MET' if overhead < TARGET_OVERHEAD_MS else 'MISSED'}"
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
        "target_overhead_ms": TARGET_OVERHEAD_MS,
        "keitaro_p50_ms": bot["one"]["keitaro_p50_ms"],
        "ratio_overhead": rnd(overhead / bare["one"]["overhead_p50_ms"]),
        "ratio_throughput": rnd(bot["many"]["updates_per_s"] / bare["many"]["updates_per_s"]),
        "bot_updates_per_s": rnd(bot["many"]["updates_per_s"], 1),
        "bare_updates_per_s": rnd(bare["many"]["updates_per_s"], 1),
        "requests_per_update": bot["many"]["requests_per_update"],
        "connections": bot["connections"],
        "trackers": bot["trackers"],
        "requests": bot["requests"],
        "connections_per_tracker": rnd(bot["connections"] / bot["trackers"]) if bot["trackers"] else None,
        "bare_connections": bare["connections"],
        "summary": f"overhead p50 {overhead:.2f} ms; {bot['connections']} conn / {bot['trackers']} trackers",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data


async def _sql_per_campaigns(tmp: Path) -> tuple[list[str], list[str], int]:
    """The real BotApp in this process: the SQL statements and the Bot API calls of one /campaigns
    of a returning user (whose previous list is still on the screen), and how many of the
    statements ran before the Keitaro request."""
    (tmp / "inproc").mkdir()
    uid = 399_999
    tg, emu = BenchTelegram(), TimedEmulator(api_keys={bench_key(uid): "admin"})
    await tg.start()
    await emu.start()
    await prepare_db(tmp / "inproc" / "bot.sqlite3", [uid], emu.url)
    runner = BotRunner(tg, tmp / "inproc")
    app = await runner.start(log_level="WARNING", secret_key=SECRET_KEY)
    try:
        user = tg.user(uid, first_name="Probe")
        await send_and_wait(tg, user, "/campaigns")
        await asyncio.sleep(0.3)
        times: list[float] = []
        statements = await trace_sql(app, times)
        first_call, first_request = len(tg.calls), len(emu.timings)
        await send_and_wait(tg, user, "/campaigns")
        await asyncio.sleep(0.3)  # anything the update still does after the reply
        calls = [c.method for c in tg.calls[first_call:] if c.method != "getUpdates"]
        request_at = emu.timings[first_request][0] if len(emu.timings) > first_request else float("inf")
        return list(statements), calls, sum(1 for t in times if t < request_at)
    finally:
        await runner.stop()
        await emu.stop()
        await tg.stop()


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
