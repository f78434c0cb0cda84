"""Pieces of ``bench/keitaro_cmd.py``: the database of the benchmark users, the matching of the
emulator's request timings and the Bot API calls to each sample, and the in-process probe of one
/campaigns (its SQL statements and Bot API calls)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

from bench.bare_bot import bench_key
from bench.common import SECRET_KEY, BenchTelegram, Sample, TimedEmulator, send_and_wait
from bench.profiling import trace_sql
from services.clock import system_clock
from storage import Database, SecretBox, TrackerRepo, UserRepo
from tests.conftest import BotRunner


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


def attach_keitaro(
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


async def sql_per_campaigns(tmp: Path) -> tuple[list[str], list[tuple[str, float]], int]:
    """The real BotApp in this process: the SQL statements and the Bot API calls of one /campaigns
    of a returning user (whose previous list is still on the screen), each call with the time it
    was answered relative to the reply's arrival (< 0: before it; the reply itself counts as before),
    and how many of the statements ran before the Keitaro request."""
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
        replied = await send_and_wait(tg, user, "/campaigns")
        await asyncio.sleep(0.3)  # anything the update still does after the reply
        calls = [(c.method, c.at - replied) for c in tg.calls[first_call:] if c.method != "getUpdates"]
        request_at = emu.timings[first_request][0] if len(emu.timings) > first_request else float("inf")
        return list(statements), calls, sum(1 for t in times if t < request_at)
    finally:
        await runner.stop()
        await emu.stop()
        await tg.stop()


__all__ = ["attach_keitaro", "prepare_db", "sql_per_campaigns"]
