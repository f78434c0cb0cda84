"""``WORKERS=3`` in webhook mode, as an operator runs it: ``python -m bot`` (a supervisor and three
worker processes on one port) on the session's PostgreSQL and Redis, behind the fake Telegram.

50 people are each at the name step of adding a tracker; each then sends 20 names that are too long,
one character longer each time (41 … 60): 1,000 updates, pushed by the fake Telegram the way Telegram
pushes them (up to 40 at once, one chat at a time, a new connection per push so the kernel spreads
them over the workers). Every name gets its own answer ("… and this one has 47"), so the answers in a
chat show the order its updates were handled in: 41 … 60 in order, none missing, none twice. The
workers' logs say which worker handled which update id: each of the 1,000 exactly once, and every
worker handled some.

Then a worker is killed with ``kill -9``: the supervisor starts it again and the bot goes on answering;
SIGTERM to the supervisor stops every worker and it exits 0.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections import Counter
from pathlib import Path

import httpx
import pytest

from handlers.trackers.validation import NAME_MAX
from tests.conftest import SECRET_KEY, free_port
from tests.e2e.helpers import wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser
from tests.scaleout.processes import BotProcess

WORKERS = 3
USERS = 50
PER_USER = 20
HANDLED = re.compile(r"\[worker (\d+)\] aiogram\.event: Update id=(\d+) is (?:not )?handled")
LONG = re.compile(r"this one has (\d+)")


async def healthz_workers(port: int, count: int, *, timeout: float = 180) -> dict[int, int]:
    """Ask /healthz (a new connection each time) until ``count`` workers answered: worker -> pid."""
    seen: dict[int, int] = {}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0), timeout=5) as client:
        while len(seen) < count:
            assert loop.time() < deadline, f"only workers {seen} answered /healthz"
            try:
                body = (await client.get(f"http://127.0.0.1:{port}/healthz")).json()
            except httpx.HTTPError:
                await asyncio.sleep(0.1)
                continue
            assert body["mode"] == "webhook" and body["database"] is True
            seen[int(body["worker"])] = int(body["pid"])
    return seen


async def to_name_step(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/trackers")
    await user.expect("tracker", timeout=60)
    await user.press("Add tracker")
    await user.expect("admin address", timeout=60)
    await user.send(keitaro.url)
    await user.expect("What shall we call it?", timeout=60)


def lengths_answered(tg: FakeTelegram, chat: int, since: int) -> list[int]:
    """The lengths the bot's answers in ``chat`` named, in the order they reached Telegram."""
    found = []
    for call in tg.calls[since:]:
        if call.method in ("sendMessage", "editMessageText") and str(call.params.get("chat_id")) == str(chat):
            match = LONG.search(str(call.params.get("text", "")))
            if match:
                found.append(int(match.group(1)))
    return found


@pytest.mark.timeout(900)
async def test_three_workers_handle_each_users_updates_in_order_once(
    tg: FakeTelegram, keitaro: KeitaroEmulator, tmp_path: Path, pg_url: str, redis_url: str
) -> None:
    port = free_port()
    tg.webhook_fresh_connections = True
    bot = BotProcess(
        tmp_path,
        "workers",
        BOT_TOKEN=tg.token,
        TELEGRAM_API_URL=tg.url,
        DATABASE_URL=pg_url,
        REDIS_URL=redis_url,
        WORKERS=str(WORKERS),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/tg/hook",
        HTTP_PORT=str(port),
        SECRET_KEY=SECRET_KEY,
        ALLOW_PRIVATE_TRACKER_ADDRESSES="true",
        LOG_LEVEL="INFO",
    )
    await bot.start()
    stopped = False
    try:
        workers = await healthz_workers(port, WORKERS)
        assert sorted(workers) == list(range(WORKERS)) and len(set(workers.values())) == WORKERS
        await wait_until(lambda: tg.webhook is not None, timeout=60, what="the webhook")

        users = [tg.user(20_000 + n) for n in range(USERS)]
        await asyncio.gather(*(to_name_step(user, keitaro) for user in users))

        since, first_id = len(tg.calls), tg._next_update_id
        lengths = [NAME_MAX + 1 + i for i in range(PER_USER)]
        for length in lengths:
            for user in users:
                await user.send("x" * length)
        ids = set(range(first_id, tg._next_update_id))
        assert len(ids) == USERS * PER_USER == 1000

        def all_answered() -> bool:
            return all(len(lengths_answered(tg, u.id, since)) >= PER_USER for u in users)

        await wait_until(all_answered, timeout=600, what="an answer to every update")
        await tg.wait_idle(timeout=60)
        for user in users:  # in order, none missing, none twice
            assert lengths_answered(tg, user.id, since) == lengths, user.id

        handled = [(int(w), int(u)) for w, u in HANDLED.findall(bot.log()) if int(u) in ids]
        per_update = Counter(update for _, update in handled)
        assert set(per_update) == ids and set(per_update.values()) == {1}  # each exactly once
        per_worker = Counter(worker for worker, _ in handled)
        assert sorted(per_worker) == list(range(WORKERS)), per_worker  # every worker took some
        assert "was handled already" not in bot.log()
        assert len(tg.calls_of("setWebhook")) == 1  # worker 0 set it; the others did not

        # a worker dies: the supervisor starts it again, and the bot goes on
        await asyncio.to_thread(os.kill, workers[1], signal.SIGKILL)

        async def restarted() -> dict[int, int]:
            while True:
                now = await healthz_workers(port, WORKERS)
                if now[1] != workers[1]:
                    return now
                await asyncio.sleep(0.2)

        again = await asyncio.wait_for(restarted(), 180)
        assert again[0] == workers[0] and again[2] == workers[2]
        since = len(tg.calls)
        for user in users[:10]:
            await user.send("x" * (NAME_MAX + 30))
        await wait_until(
            lambda: all(lengths_answered(tg, u.id, since) == [NAME_MAX + 30] for u in users[:10]),
            timeout=120,
            what="answers after the restart",
        )
        assert len(tg.calls_of("setWebhook")) == 1
        code = await bot.stop(signal.SIGTERM)
        stopped = True
    finally:
        if not stopped:
            await bot.stop(signal.SIGTERM)
    log = bot.log()
    assert code == 0, log[-3000:]
    assert f"worker 1 (pid {workers[1]}) was killed by SIGKILL: starting it again in 1s" in log
    assert "Traceback" not in log, log[-5000:]
    for pid in (*workers.values(), again[1]):  # every worker is gone with its supervisor
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
