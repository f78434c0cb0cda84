"""6. The cost of durable dialog steps and of synced outbox commits (issue 14, defects 6 and 8),
in this process: the bot's ``SqliteStorage`` on the bot's ``Database``, N users each walking a
conversation as fast as it can (closed loop), then one user alone. One step = what an update of a
dialog writes (the FSM state, the step's data, the dialog context) and then the reply; the step's
latency is from its first write to the moment its reply could leave.

Variants, measured in the same run, interleaved:

* ``write-behind, NORMAL`` — the code before issue 14: the reply leaves at once, the rows are
  written up to 50 ms later (a ``kill -9`` in that window loses the step the user saw);
* ``flush, NORMAL`` — the bot now: the reply waits for ``SqliteStorage.flush``
  (``bot/session.py``); WAL commits not synced (safe against kill -9, not against a power loss);
* ``flush, FULL`` — for comparison: every commit of the database synced (the first version of
  the fix; ``storage/db.py`` now syncs the outbox and alert commits only).

Then the outbox: one ``OutboxRepo.enqueue`` (a notice queued) at a time, ``durable`` (the bot
now: FULL around the commit) against the same write at the connection's NORMAL — the price of a
queued notice surviving a power loss.

The throughput target of the bot (benchmark 1, ``/help``) writes nothing and is unaffected; this
benchmark shows what a step of a conversation and a queued notice pay. No target: figures only.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

from aiogram.fsm.storage.base import StorageKey

from bench.common import emit, ms, pct, rnd, say, table, workdir
from services.clock import system_clock
from storage.db import Database
from storage.fsm import SqliteStorage

NAME = "durability"
VARIANTS = (
    ("write-behind, NORMAL", False, "NORMAL"),
    ("flush, NORMAL", True, "NORMAL"),
    ("flush, FULL", True, "FULL"),
)


async def _phase(store: SqliteStorage, users: int, duration: float, flush: bool) -> tuple[list[float], int]:
    latencies: list[float] = []
    stop = time.monotonic() + duration
    commits_before = store._committed

    async def user(uid: int) -> None:
        key = StorageKey(bot_id=1, chat_id=uid, user_id=uid)
        context = replace(key, destiny="aiogd:context:abc")
        step = 0
        while time.monotonic() < stop:
            step += 1
            began = time.monotonic()
            await store.set_state(key, f"Form:step{step % 7}")
            await store.update_data(key, {"step": step, "name": f"user {uid}"})
            await store.set_data(context, {"_intent_id": "abc", "state": f"Dlg:w{step % 7}", "n": step})
            if flush:
                await store.flush()  # the reply would leave now
            else:
                await asyncio.sleep(0)  # the reply leaves at once
            latencies.append(time.monotonic() - began)

    await asyncio.gather(*(user(900_000 + i) for i in range(users)))
    await store.flush()
    return latencies, store._committed - commits_before


async def _outbox(db: Database, durable: bool, count: int) -> list[float]:
    """``count`` notices queued one after the other, each its own commit (as
    ``OutboxRepo.enqueue`` does, ``durable`` or not); the latency of each commit."""
    latencies: list[float] = []
    payload = {"type": "text", "text": "conversion"}
    for _ in range(count):
        began = time.monotonic()
        async with db.transaction(durable=durable) as conn:
            await conn.execute(
                "INSERT INTO outbox (chat_id, payload, created_at) VALUES (?, ?, ?)",
                (1, str(payload), "2024-01-01T00:00:00Z"),
            )
        latencies.append(time.monotonic() - began)
    return latencies


async def run(quick: bool = False, profile: bool | None = None) -> dict[str, Any]:
    users = 10 if quick else 50
    duration = 1.0 if quick else 3.0
    rounds = 1 if quick else 2
    results: dict[str, dict[str, Any]] = {}
    with workdir(NAME) as tmp:
        opened: dict[str, tuple[Database, SqliteStorage]] = {}
        for label, _flush, sync in VARIANTS:
            db = Database(tmp / f"{label.replace(', ', '-')}.sqlite3", clock=system_clock, synchronous=sync)
            await db.open()
            opened[label] = (db, SqliteStorage(db))
        try:
            samples: dict[str, list[float]] = {}
            windows: dict[str, float] = {}
            for n in (users, 1):
                for _ in range(rounds):  # interleaved: drift of the machine hits every variant alike
                    for label, flush, _sync in VARIANTS:
                        began = time.monotonic()
                        lat, _ = await _phase(opened[label][1], n, duration / rounds, flush)
                        row = label if n > 1 else f"{label}, 1 user"
                        windows[row] = windows.get(row, 0.0) + time.monotonic() - began
                        samples.setdefault(row, []).extend(lat)
            db = opened["flush, NORMAL"][0]
            queued: dict[str, list[float]] = {
                "outbox commit, durable (FULL)": [],
                "outbox commit, NORMAL": [],
            }
            for _ in range(rounds * 2):
                queued["outbox commit, durable (FULL)"] += await _outbox(db, True, 50 if quick else 150)
                queued["outbox commit, NORMAL"] += await _outbox(db, False, 50 if quick else 150)
            for label, lat in queued.items():
                samples[label] = lat
                windows[label] = sum(lat)
            for label, lat in samples.items():
                results[label] = {
                    "steps_per_s": len(lat) / windows[label],
                    "p50_ms": ms(pct(lat, 50)),
                    "p99_ms": ms(pct(lat, 99)),
                }
        finally:
            for db, store in opened.values():
                await store.close()
                await db.close()
    base = results[VARIANTS[0][0]]["steps_per_s"]
    say(
        table(
            f"6. Durable dialog steps ({users} users, closed loop, {duration:g}s in {rounds} round(s) each)",
            ["variant", "steps (commits)/s", "vs write-behind", "p50 ms", "p99 ms"],
            [
                [k, round(r["steps_per_s"]), round(r["steps_per_s"] / base, 2), r["p50_ms"], r["p99_ms"]]
                for k, r in results.items()
            ],
        )
    )
    now, alone = results["flush, NORMAL"], results["flush, NORMAL, 1 user"]
    full, outbox = results["flush, FULL"], results["outbox commit, durable (FULL)"]
    data = {
        "users": users,
        **{
            f"{k.replace(', ', '_').replace('-', '_').lower()}_{m}": rnd(v, 2)
            for k, r in results.items()
            for m, v in r.items()
        },
        "ratio_flush_vs_write_behind": rnd(now["steps_per_s"] / base),
        "ratio_full_vs_write_behind": rnd(full["steps_per_s"] / base),
        "summary": f"{now['steps_per_s']:.0f} steps/s flushed (NORMAL) vs {base:.0f} write-behind, "
        f"{full['steps_per_s']:.0f} all-FULL; 1 user p50 {alone['p50_ms']} ms vs "
        f"{results['write-behind, NORMAL, 1 user']['p50_ms']} ms; outbox commit p50 {outbox['p50_ms']} ms "
        f"synced vs {results['outbox commit, NORMAL']['p50_ms']} ms",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data
