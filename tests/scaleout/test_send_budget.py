"""One send budget for all workers (issue 18, point 5), in a real Redis: the overall limit counted
from a request's turn to its answer, one request to a chat at a time and the interval after it, a
group's window, a 429's pause for everybody, turns of a dead worker that run out; three workers'
pacers against the fake Telegram that enforces the limits: no 429; and a budget Redis cannot answer
makes a row wait, not fail."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from alerts.budget import RedisBudget
from alerts.context import AlertsContext
from alerts.outbox import enqueue
from alerts.pacing import Pacer, Pacing, Turn
from alerts.sender import Sender
from bot.transport import TelegramTransport
from services.clock import ShiftedClock
from tests.component.outbox.support import (
    Texts,
    database,
    max_in_window,
    open_ctx,
    people,
    sent_texts,
    text,
)
from tests.fakes.telegram import FakeTelegram, fake_bot
from tests.scaleout.alert_workers import wait_for

SMALL = Pacing(per_second=3, chat_interval=0.2, group_per_window=2, group_window=1.0)


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[list[Any]]:
    """Three Redis clients: three workers' connections to one Redis."""
    import redis.asyncio as aioredis

    made = [aioredis.from_url(redis_url) for _ in range(3)]
    yield made
    for client in made:
        await client.aclose()


async def test_the_overall_limit_counts_a_request_from_its_turn_to_its_answer(clients: list[Any]) -> None:
    one, two = RedisBudget(clients[0]), RedisBudget(clients[1])  # two workers
    turns = [await turn(one, 1, SMALL), await turn(one, 2, SMALL), await turn(two, 3, SMALL)]
    assert all(t.granted for t in turns)
    waiting = await two.take(4, SMALL)  # three in flight: the limit, whoever holds them
    assert not waiting.granted and not waiting.chat and waiting.wait <= 0.05  # the next answer frees one
    await one.give_back(1, turns[0].ticket, SMALL)
    after = await two.take(4, SMALL)  # answered, still counted for a second (+ margin) after its answer
    assert not after.granted and not after.chat and 0.5 < after.wait <= 1.01
    started = time.monotonic()
    await wait_for(lambda: _granted(two, 4, SMALL), what="a turn a second after the answer")
    assert time.monotonic() - started >= 0.9


async def test_one_request_to_a_chat_at_a_time_and_the_interval_after_its_answer(clients: list[Any]) -> None:
    one, two = RedisBudget(clients[0]), RedisBudget(clients[1])
    first = await one.take(7, SMALL)
    busy = await two.take(7, SMALL)  # another worker, the same chat: it waits (briefly, then asks again)
    assert first.granted and not busy.granted and busy.chat and busy.wait <= 0.05
    await one.give_back(7, first.ticket, SMALL)
    gap = await two.take(7, SMALL)
    assert not gap.granted and gap.chat and 0.1 < gap.wait <= 0.25  # chat_interval + margin
    assert (await turn(two, 8, SMALL)).granted  # other chats are not held up


async def test_a_group_gets_its_window_and_a_429_pauses_everybody(clients: list[Any]) -> None:
    one, two = RedisBudget(clients[0]), RedisBudget(clients[1])
    fast = Pacing(per_second=30, chat_interval=0.0, margin=0.0, group_per_window=2, group_window=1.0)
    for _ in range(2):
        taken = await turn(one, -5, fast)
        assert taken.granted
        await one.give_back(-5, taken.ticket, fast)
    third = await two.take(-5, fast)
    assert not third.granted and third.chat and 0.5 < third.wait <= 1.0
    assert (await turn(two, 5, fast)).granted  # a private chat with the same number is another chat
    await one.pause(2.0)
    paused = await two.take(6, fast)
    assert not paused.granted and not paused.chat and 1.5 < paused.wait <= 2.0


async def test_an_answer_given_back_with_a_credit_is_counted_that_much_earlier(clients: list[Any]) -> None:
    budget = RedisBudget(clients[0])
    one = Pacing(per_second=1)
    granted = await turn(budget, 1, one)
    await budget.give_back(1, granted.ticket, one, credit=0.5)  # 0.5 s of its round trip on the way
    after = await budget.take(2, one)
    assert not after.granted and not after.chat and 0.3 < after.wait <= 0.51  # not 1.01
    assert (await budget.take(1, one)).wait <= 1.05 - 0.5 + 0.01  # the chat's interval alike


async def test_a_dead_worker_s_turns_run_out(clients: list[Any]) -> None:
    dead, alive = RedisBudget(clients[0], hold_seconds=0.5), RedisBudget(clients[1])
    one = Pacing(per_second=1)
    assert (await dead.take(1, one)).granted  # and never given back: the worker died mid-request
    blocked = await alive.take(3, one)
    assert not blocked.granted and not blocked.chat
    assert (await alive.take(1, Pacing())).chat  # its chat is busy too
    await wait_for(lambda: _granted(alive, 3, one), timeout=5, what="the dead worker's turn ran out")
    assert (await turn(alive, 1, Pacing())).granted  # and its chat is free again


@pytest.mark.parametrize("latency", [0.0, 0.15])
async def test_three_workers_sharing_the_budget_never_meet_a_429(
    clients: list[Any], tg: FakeTelegram, latency: float
) -> None:
    """90 chats, 30 for each worker, and one chat all three write to twice: Telegram's limits are
    enforced by the fake (a 429 when broken), also with a 150 ms round trip added to the fake (each
    worker gives its answered turns back with the credit of its round trips)."""
    tg.enforce_rate_limits()
    tg.latency = latency
    chats = list(range(7000, 7090))
    people(tg, *chats, 7777)
    bots = [fake_bot(tg) for _ in range(3)]
    pacers = [Pacer(Pacing(), 8, budget=RedisBudget(c)) for c in clients]
    transports = [TelegramTransport(b, Texts()) for b in bots]
    counter = itertools.count()

    async def send(worker: int, chat: int) -> None:
        transport = transports[worker]
        key = f"{chat}-{worker}-{next(counter)}"
        await pacers[worker].paced(chat, lambda: transport.send(chat, text(key), silent=False))

    jobs = [send(i % 3, chat) for i, chat in enumerate(chats)] + [send(w, 7777) for w in (0, 1, 2, 0, 1, 2)]
    try:
        await asyncio.gather(*jobs)
    finally:
        for b in bots:
            await b.session.close()
    calls = tg.calls_of("sendMessage")
    assert [c.status for c in calls] == [200] * 96  # no request broke a limit
    assert max_in_window([c.at for c in calls], 1.0) <= 30
    shared = [c.at for c in calls if c.params["chat_id"] == 7777]
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(shared))


async def test_a_budget_redis_cannot_answer_makes_the_row_wait_not_fail(
    tmp_path: Path, clock: ShiftedClock, tg: FakeTelegram
) -> None:
    import redis.asyncio as aioredis

    ctx: AlertsContext = await open_ctx(tmp_path / "bot.sqlite3", clock)
    gone = aioredis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)  # nothing listens there
    ctx.budget = RedisBudget(gone)
    bot = fake_bot(tg)
    try:
        people(tg, 8001)
        await enqueue(ctx, 8001, text("later"))
        sender = Sender(ctx, TelegramTransport(bot, Texts()))
        assert await sender.drain() == 0
        (row,) = await database(ctx).fetch_all("SELECT attempts, failed, not_before FROM outbox")
        assert (row["attempts"], row["failed"]) == (0, None) and row["not_before"] is not None
        assert sender.stats["deferred"] == 1 and sent_texts(tg, 8001) == []
    finally:
        await bot.session.close()
        await gone.aclose()
        await database(ctx).close()


async def turn(budget: RedisBudget, chat: int, pacing: Pacing) -> Turn:
    """A turn, after waiting what the overall limit's spacing asks (as the pacer does); a chat's wait
    is returned."""
    while True:
        answer = await budget.take(chat, pacing)
        if answer.granted or answer.chat:
            return answer
        await asyncio.sleep(answer.wait)


async def _granted(budget: RedisBudget, chat: int, pacing: Pacing) -> bool:
    turn = await budget.take(chat, pacing)
    if turn.granted:
        await budget.give_back(chat, turn.ticket, pacing)
    return turn.granted
