"""The fake Telegram pushes webhooks the way Telegram does: several at once (up to setWebhook's
``max_connections``), but one chat's updates one at a time, in order, the next only after the
previous was answered 2xx (a failed push is retried first)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiohttp import web

from tests.component.fake_telegram.support import local_site, make_bot
from tests.e2e.helpers import wait_until
from tests.fakes.telegram import FakeTelegram, running_fake_telegram
from tests.fakes.telegram_fake.webhook import order_key


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with running_fake_telegram() as fake:
        fake.webhook_retry_delay = 0.01
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    instance = make_bot(tg)
    yield instance
    await instance.session.close()


class Hook:
    """A webhook that holds every push until released and records what it saw."""

    def __init__(self, fail_first: set[str] | None = None) -> None:
        self.open: dict[int, asyncio.Event] = {}  # update id -> release
        self.seen: list[tuple[int, str]] = []  # (chat, text) in arrival order
        self.done: list[tuple[int, str]] = []  # (chat, text) answered 200
        self.in_flight: set[int] = set()  # chats with a push being handled
        self.peak = 0
        self.overlap: list[int] = []  # chats that got a push while one was in flight
        self.fail_first = set(fail_first or ())

    async def handle(self, request: web.Request) -> web.Response:
        update: dict[str, Any] = await request.json()
        message = update["message"]
        chat, text = int(message["chat"]["id"]), str(message["text"])
        self.seen.append((chat, text))
        if chat in self.in_flight:
            self.overlap.append(chat)
        if text in self.fail_first:
            self.fail_first.discard(text)
            return web.json_response({}, status=500)
        self.in_flight.add(chat)
        self.peak = max(self.peak, sum(1 for e in self.open.values() if not e.is_set()) + 1)
        release = self.open.setdefault(update["update_id"], asyncio.Event())
        try:
            await release.wait()
        finally:
            self.in_flight.discard(chat)
        self.done.append((chat, text))
        return web.json_response({})

    def release_all(self) -> None:
        for event in self.open.values():
            event.set()

    async def drain(self, total: int) -> None:
        """Release pushes as they come until ``total`` were answered."""

        def answered() -> bool:
            self.release_all()
            return len(self.done) >= total

        await wait_until(answered, what=f"{total} pushes answered")


async def serve(hook: Hook) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    return await local_site(app)


async def test_pushes_run_in_parallel_up_to_max_connections(tg: FakeTelegram, bot: Bot) -> None:
    hook = Hook()
    runner, base = await serve(hook)
    try:
        await bot.set_webhook(f"{base}/hook", max_connections=3)
        for n in range(6):
            await tg.user(2000 + n).send(f"from {n}")
        await wait_until(lambda: len(hook.open) >= 3, what="three pushes")
        assert len(hook.open) == 3 and hook.peak == 3  # three at once, not one, not six
        await hook.drain(6)
        await tg.wait_idle()
        assert sorted(text for _, text in hook.done) == [f"from {n}" for n in range(6)]
        assert hook.peak == 3
    finally:
        hook.release_all()
        await runner.cleanup()


async def test_one_chats_updates_one_at_a_time_in_order_after_retries(tg: FakeTelegram, bot: Bot) -> None:
    hook = Hook(fail_first={"a2"})  # a2's first push fails: a3 must still wait for a2
    runner, base = await serve(hook)
    try:
        await bot.set_webhook(f"{base}/hook")  # 40 connections: room for everything
        a, b = tg.user(3001), tg.user(3002)
        for n in range(1, 5):
            await a.send(f"a{n}")
            await b.send(f"b{n}")
        # the first of each chat at once, in parallel; nothing more of either chat yet
        await wait_until(lambda: len(hook.open) >= 2, what="the first push of each chat")
        assert sorted(hook.seen) == [(3001, "a1"), (3002, "b1")]
        await hook.drain(8)
        await tg.wait_idle()
        assert hook.overlap == []  # never two pushes of one chat at once
        for chat, prefix in ((3001, "a"), (3002, "b")):
            assert [t for c, t in hook.done if c == chat] == [f"{prefix}{n}" for n in range(1, 5)]
        a_seen = [t for c, t in hook.seen if c == 3001]
        assert a_seen == ["a1", "a2", "a2", "a3", "a4"]  # a2 retried before a3 was pushed
    finally:
        hook.release_all()
        await runner.cleanup()


def test_the_order_key_is_the_chat_then_the_sender() -> None:
    message = {"update_id": 1, "message": {"chat": {"id": -100}, "from": {"id": 7}}}
    press = {"update_id": 2, "callback_query": {"from": {"id": 7}, "message": {"chat": {"id": 7}}}}
    joined = {"update_id": 3, "my_chat_member": {"chat": {"id": -5}, "from": {"id": 8}}}
    inline = {"update_id": 4, "inline_query": {"from": {"id": 9}}}
    assert [order_key(u) for u in (message, press, joined, inline)] == [-100, 7, -5, 9]
