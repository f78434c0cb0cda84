"""6. The cost of durable dialog steps (issue 14, defects 6 and 8), in this process: the bot's
``SqliteStorage`` on the bot's ``Database``, N users each walking a conversation as fast as it
can (closed loop), then one user alone. One step = what an update of a dialog writes (the FSM
state, the step's data, the dialog context) and then the reply; the step's latency is from its
first write to the moment
its reply could leave.

Variants, measured in the same run, interleaved:

* ``write-behind, NORMAL`` — the code before issue 14: the reply leaves at once, the rows are
  written up to 50 ms later (a ``kill -9`` in that window loses the step the user saw);
* ``flush, NORMAL`` — the reply waits for ``SqliteStorage.flush`` (what ``bot/session.py`` does),
  WAL commits not synced (safe against kill -9, not against a power loss);
* ``flush, FULL`` — the bot now: also every commit synced (``storage/db.py``).

The throughput target of the bot (benchmark 1, ``/help``) writes nothing and is unaffected; this
benchmark shows what a step of a conversation pays. No target: figures only.
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
            ["variant", "steps/s", "vs write-behind", "p50 ms", "p99 ms"],
            [
                [k, round(r["steps_per_s"]), round(r["steps_per_s"] / base, 2), r["p50_ms"], r["p99_ms"]]
                for k, r in results.items()
            ],
        )
    )
    now, alone = results["flush, FULL"], results["flush, FULL, 1 user"]
    data = {
        "users": users,
        **{
            f"{k.replace(', ', '_').replace('-', '_').lower()}_{m}": rnd(v, 2)
            for k, r in results.items()
            for m, v in r.items()
        },
        "ratio_full_vs_write_behind": rnd(now["steps_per_s"] / base),
        "summary": f"{now['steps_per_s']:.0f} steps/s synced vs {base:.0f} write-behind; "
        f"1 user p50 {alone['p50_ms']} ms vs {results['write-behind, NORMAL, 1 user']['p50_ms']} ms",
    }
    emit(NAME, {k: v for k, v in data.items() if k != "summary"})
    return data
