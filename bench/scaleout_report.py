"""The tables, the ceilings and the BENCH-JSON line of ``bench/scaleout.py``."""

from __future__ import annotations

import os
from typing import Any

from bench.common import rnd, say, table
from bench.deployments import Deployment

CORES = os.cpu_count() or 2
PROJECTED_CORES = (8, 16)


def ceiling(cores: int, per: dict[str, float], processes: int, *, fake: bool = False) -> tuple[float, str]:
    """Updates/s that ``cores`` cores give at the measured CPU ms per update, and what bounds it:
    the CPU of the bot, PostgreSQL and Redis (and of the load generator when ``fake``: it shares the
    cores here) spread over the cores — but one process uses one core at most: the bot's
    ``processes``, Redis (it runs commands on one thread) and this process (the fake Telegram and
    the users)."""
    total = per["bot"] + per["pg"] + per["redis"] + (per["fake"] if fake else 0.0)
    limits = [
        (cores * 1000 / total, "cores"),
        (min(cores, processes) * 1000 / per["bot"], f"bot {min(cores, processes)} proc"),
    ]
    if per["redis"] > 0:
        limits.append((1000 / per["redis"], "Redis 1 thread"))
    if fake:
        limits.append((1000 / per["fake"], "load gen 1 proc"))
    return min(limits)


async def server_settings(deps: list[Deployment]) -> str:
    """What the servers really run with (asked from them, not assumed)."""
    for dep in deps:
        if dep._admin is not None and dep._redis_client is not None:
            show = {
                k: await dep._admin.fetchval(f"SHOW {k}")
                for k in ("server_version", "fsync", "synchronous_commit")
            }
            redis = dep._redis_client
            aof = {k: (await redis.config_get(k)).get(k) for k in ("appendonly", "appendfsync")}
            version = (await redis.info("server"))["redis_version"]
            return (
                f"PostgreSQL {show['server_version'].split()[0]} fsync={show['fsync']} "
                f"synchronous_commit={show['synchronous_commit']} (durable); Redis {version} "
                f"appendonly={aof['appendonly']} appendfsync={aof['appendfsync']}; each deployment its own"
            )
    return "none"


def report(
    results: dict[str, list[dict[str, Any]]],
    *,
    n_users: int,
    duration: float,
    rounds: int,
    settings_seen: str,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "users": n_users,
        "rounds": rounds,
        "window_s": duration,
        "cores": CORES,
        "servers": settings_seen,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
    }
    for load, rows in results.items():
        title = (
            f"7. Scale-out, {load}, {n_users} users, webhook, {rounds} interleaved round(s) of {duration:g}s"
        )
        header = ["deployment", "updates/s", "median rnd", "worst rnd", "p50 ms", "p95 ms", "p99 ms"]
        say(table(title, header, [[r["name"], *(r[k] for k in _LATENCY)] for r in rows]))
        header = [
            "CPU ms/update", "bot", "PG", "Redis", "sum", "fake", "cores ours/fake/all", "Redis cmd",
            "PG wr-xact", f"max {CORES}c+fake", "bound", "meas/max", f"max {CORES}c",
            *(f"max {c}c" for c in PROJECTED_CORES), f"bound {PROJECTED_CORES[-1]}c",
        ]  # fmt: skip
        say(
            table(f"   {load}: CPU per update and the ceilings it gives", header, [_cpu_row(r) for r in rows])
        )
        data[load.strip("/").replace(" + ", "_").replace(" ", "_")] = {
            r["key"]: {
                k: (rnd(v, 2) if isinstance(v, float) else v)
                for k, v in r.items()
                if k not in ("name", "key")
            }
            for r in rows
        }
    say(
        "   bot = supervisor + workers; fake = this process (fake Telegram + users); cores = CPU used "
        "during the windows: ours (bot + PG + Redis) / fake / all = the whole VM, other agents included.\n"
        f"   max Nc = N × 1000 / CPU ms per update, at most one core per process (the bot's, Redis's "
        f"one thread, the load generator's); 'max {CORES}c+fake' counts the load generator too, as here; "
        f"'max {PROJECTED_CORES[0]}c/{PROJECTED_CORES[1]}c' = WORKERS = cores, same CPU per update "
        "(SQLite stays one process). Redis cmd / PG wr-xact = commands / writing transactions per update."
    )
    say(f"   load average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    by_key = {r["key"]: r for r in results["/help"]}
    if {"sqlite", "pg-1", "pg-2", "pg-4"} <= set(by_key):
        w4, big = by_key["pg-4"], PROJECTED_CORES[-1]
        data["summary"] = (
            f"/help: SQLite {by_key['sqlite']['updates_per_s']:.0f}/s; PG+Redis W1 "
            f"{by_key['pg-1']['updates_per_s']:.0f}, W2 {by_key['pg-2']['updates_per_s']:.0f}, "
            f"W4 {w4['updates_per_s']:.0f}/s; {w4['total_ms']:.1f} CPU ms/update -> "
            f"{w4[f'ceiling_{big}']:.0f}/s on {big} cores"
        )
    return data


_LATENCY = ("updates_per_s", "median_round", "worst_round", "p50_ms", "p95_ms", "p99_ms")


def _cpu_row(r: dict[str, Any]) -> list[Any]:
    return [
        r["name"], r["bot_ms"], r["pg_ms"], r["redis_ms"], r["total_ms"], r["fake_ms"],
        f"{r['ours_cores']:.2f}/{r['fake_cores']:.2f}/{r['machine_cores']:.2f}", r["redis_cmds"],
        r["pg_write_xacts"], round(r["ceiling_here"]), r["bound_here"],
        round(r["updates_per_s"] / r["ceiling_here"], 2), round(r[f"ceiling_{CORES}"]),
        *(round(r[f"ceiling_{c}"]) for c in PROJECTED_CORES), r[f"bound_{PROJECTED_CORES[-1]}"],
    ]  # fmt: skip
