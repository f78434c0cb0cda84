"""The fake Telegram's added round trip (``FakeTelegram(latency=...)`` or ``.latency``): half of it
before the request arrives -- where it is counted, and where its limits are enforced, as Telegram
counts on arrival -- and half before the answer leaves. Off (0) by default."""

from __future__ import annotations

import time

import pytest
from aiogram.exceptions import TelegramRetryAfter

from tests.fakes.telegram import FakeTelegram, fake_bot
from tests.fakes.telegram_fake.limits import RateLimits


async def test_a_request_arrives_halfway_through_the_added_round_trip(tg: FakeTelegram) -> None:
    assert tg.latency == 0.0  # the default: nothing added
    tg.user(501).known = True
    tg.latency = 0.2
    bot = fake_bot(tg)
    try:
        began = time.monotonic()
        await bot.send_message(501, "hello")
        answered = time.monotonic()
    finally:
        await bot.session.close()
    (call,) = tg.calls_of("sendMessage")
    assert call.status == 200
    assert call.at - began >= 0.1  # counted after the way in
    assert answered - call.at >= 0.1  # the answer took the way back


async def test_the_limits_are_enforced_at_arrival() -> None:
    fake = FakeTelegram(latency=0.2)
    await fake.start()
    fake.enforce_rate_limits(RateLimits(per_second=30, chat_interval=1.0))
    fake.user(502).known = True
    bot = fake_bot(fake)
    try:
        await bot.send_message(502, "one")
        # sent after the first one was answered, it arrives ~0.2 s after it: within the chat's second
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(502, "two")
    finally:
        await bot.session.close()
        await fake.stop()
    assert [c.status for c in fake.calls_of("sendMessage")] == [200, 429]
