"""Pacing of the sender against the fake Telegram server, which enforces Telegram's limits: one
message a second to a private chat, thirty a second overall, twenty a minute to a group, and
edits that never overtake the message they edit."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest

from alerts.context import AlertsContext
from alerts.model import Transport
from alerts.outbox import enqueue, enqueue_many, notice
from alerts.pacing import ChatPace
from alerts.payloads import AlertEditPayload, AlertPayload
from alerts.sender import Pacing, Sender
from bot.transport import TelegramTransport
from tests.component.outbox.support import (
    FAST,
    add_alert,
    is_true,
    max_in_window,
    people,
    sent_texts,
    text,
    wait_until,
)
from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram_fake.limits import RateLimits

# ------------------------------------------------------------------------------------------ pacing


async def test_messages_to_one_private_chat_are_a_second_apart(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    tg.enforce_rate_limits()
    people(tg, 701)
    for n in range(3):
        await enqueue(ctx, 701, text(f"m{n}"))
    await Sender(ctx, transport).drain()
    calls = tg.calls_of("sendMessage")
    assert [c.status for c in calls] == [200, 200, 200]  # the fake's limiter never had to say 429
    gaps = [b.at - a.at for a, b in itertools.pairwise(calls)]
    assert all(gap >= 1.0 for gap in gaps), gaps
    assert sent_texts(tg, 701) == ["m0", "m1", "m2"]


async def test_a_burst_to_many_chats_stays_within_thirty_a_second(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    tg.enforce_rate_limits()
    chats = list(range(800, 875))
    people(tg, *chats)
    for chat_id in chats:
        await enqueue(ctx, chat_id, text(f"hello {chat_id}"))
    await Sender(ctx, transport).drain()
    calls = tg.calls_of("sendMessage")
    assert all(c.status == 200 for c in calls)
    assert sorted(c.params["chat_id"] for c in calls) == chats
    assert max_in_window([c.at for c in calls], 1.0) <= 30


class Bunching:
    """Holds each request until ``size`` of them are waiting (or all that are left), then lets them go
    together: they reach Telegram in bunches, as when renders wait behind database writes."""

    def __init__(self, inner: Transport, size: int, total: int) -> None:
        self.inner = inner
        self.size = size
        self.left = total
        self.waiting = 0
        self.gate = asyncio.Event()

    async def send(self, chat_id: int, payload: dict[str, Any], *, silent: bool) -> int | None:
        gate = self.gate
        self.waiting += 1
        if self.waiting >= min(self.size, self.left):
            self.left -= self.waiting
            self.waiting = 0
            self.gate = asyncio.Event()
            gate.set()
        else:
            await gate.wait()
        return await self.inner.send(chat_id, payload, silent=silent)

    async def edit(self, chat_id: int, message_id: int, payload: dict[str, Any]) -> None:
        await self.inner.edit(chat_id, message_id, payload)


async def test_requests_that_reach_telegram_in_bunches_still_stay_within_thirty_a_second(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    """Telegram counts on arrival: a request delayed after the sender let it go must not make a
    second hold 31 (the pacing counts a request from its start until its answer)."""
    tg.enforce_rate_limits()
    chats = list(range(1100, 1175))
    people(tg, *chats)
    await enqueue_many(ctx, [notice(chat_id, text(f"hi {chat_id}")) for chat_id in chats])
    sender = Sender(ctx, Bunching(transport, size=6, total=len(chats)))
    assert await sender.drain() == len(chats)
    calls = tg.calls_of("sendMessage")
    assert [c.status for c in calls] == [200] * len(chats)  # the fake's limiter never said 429
    assert sorted(c.params["chat_id"] for c in calls) == chats
    assert max_in_window([c.at for c in calls], 1.0) <= 30
    assert calls[-1].at - calls[0].at < len(chats) / 30 + 0.5  # and still close to 30 a second


async def test_a_group_gets_no_more_than_its_window_allows(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    """20 a minute, scaled down (3 per 1.5 s) so the test takes seconds, on both sides alike."""
    limits = RateLimits(chat_interval=0.1, group_per_window=3, group_window=1.5)
    tg.enforce_rate_limits(limits)
    tg.group(-900)
    for n in range(5):
        await enqueue(ctx, -900, text(f"g{n}"))
    pacing = Pacing(chat_interval=0.1, group_per_window=3, group_window=1.5)
    await Sender(ctx, transport, pacing=pacing).drain()
    calls = tg.calls_of("sendMessage")
    assert [c.status for c in calls] == [200] * 5
    assert max_in_window([c.at for c in calls], 1.5) <= 3
    assert sent_texts(tg, -900) == [f"g{n}" for n in range(5)]


class HeldTransport:
    """In memory; a send to ``held_chat`` waits until released (a slow request in flight)."""

    def __init__(self, held_chat: int) -> None:
        self.held_chat = held_chat
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.next_id = 100
        self.edits: list[tuple[int, int]] = []

    async def send(self, chat_id: int, payload: dict[str, Any], *, silent: bool) -> int | None:
        if chat_id == self.held_chat:
            self.started.set()
            await self.release.wait()
        self.next_id += 1
        return self.next_id

    async def edit(self, chat_id: int, message_id: int, payload: dict[str, Any]) -> None:
        self.edits.append((chat_id, message_id))


async def test_an_edit_waits_for_a_message_of_that_alert_still_in_flight(ctx: AlertsContext) -> None:
    await add_alert(ctx, 4)
    transport = HeldTransport(held_chat=902)
    await enqueue(ctx, 902, AlertPayload(alert_id=4, event="fire"))
    await enqueue(ctx, 901, AlertPayload(alert_id=4, event="fire"))
    await enqueue(ctx, 901, AlertEditPayload(alert_id=4))
    sender = Sender(ctx, transport, pacing=FAST)
    drained = asyncio.create_task(sender.drain())
    await asyncio.wait_for(transport.started.wait(), 10)
    await wait_until(lambda: is_true(sender.stats["sent"] == 1))  # 901 got its message; 902's is in flight
    assert transport.edits == []  # the edit does not run past the send it must cover
    transport.release.set()
    assert await drained == 3
    assert sorted(transport.edits) == sorted(await ctx.outbox.alert_messages(4))
    assert {chat for chat, _ in transport.edits} == {901, 902}


def test_a_group_gets_twenty_messages_a_minute() -> None:
    pacing = Pacing()
    pace = ChatPace(pacing.group_per_window)
    for n in range(20):
        pace.record(-5, 100.0 + n * 1.1)
    assert pace.ready_at(-5, pacing) == pytest.approx(100.0 + 60.0 + pacing.margin)
    private = ChatPace(pacing.group_per_window)
    for n in range(20):
        private.record(5, 100.0 + n * 1.1)
    assert private.ready_at(5, pacing) == pytest.approx(100.0 + 19 * 1.1 + 1.0 + pacing.margin)


async def test_a_fan_out_through_a_150_ms_round_trip_reaches_every_chat_once_without_a_429(
    ctx: AlertsContext, tg: FakeTelegram, transport: TelegramTransport
) -> None:
    """The fake Telegram 150 ms away (counting on arrival, halfway): the pacing counts an answer less
    the part of the round trip surely spent on the way -- and still never makes Telegram say 429,
    overall or to a chat that gets three messages. (How fast: bench/fanout.py.)"""
    tg.enforce_rate_limits()
    tg.latency = 0.15
    chats, repeated = list(range(1200, 1260)), [1300, 1301]
    people(tg, *chats, *repeated)
    rows = [notice(chat_id, text(f"hi {chat_id}")) for chat_id in chats]
    rows += [notice(chat_id, text(f"m{n}")) for n in range(3) for chat_id in repeated]
    await enqueue_many(ctx, rows)
    assert await Sender(ctx, transport).drain() == len(rows)
    calls = tg.calls_of("sendMessage")
    assert [c.status for c in calls] == [200] * len(rows)  # the fake's limiter never said 429
    assert all(sent_texts(tg, chat_id) == [f"hi {chat_id}"] for chat_id in chats)  # each exactly once
    for chat_id in repeated:
        assert sent_texts(tg, chat_id) == ["m0", "m1", "m2"]
        arrivals = [c.at for c in calls if c.params["chat_id"] == chat_id]
        assert all(b - a >= 1.0 for a, b in itertools.pairwise(arrivals)), arrivals
    assert max_in_window([c.at for c in calls], 1.0) <= 30
