"""The Redis side of several workers (bot/redis_state.py) against the real Redis server: the per-user
lock across processes (two clients stand for two processes), in arrival order within one, renewed
while held and freed when its holder dies; an update delivered twice handled once; the storage's
writes in Redis when they return, plain JSON only, the client left open on close."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.types import Update

from bot.redis_state import HandledOnce, RedisIsolation, SharedStorage, connect
from tests.e2e.helpers import wait_until

KEY = StorageKey(bot_id=42, chat_id=7, user_id=7)
KEYS = DefaultKeyBuilder(with_destiny=True, with_bot_id=True)


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[tuple[Any, Any]]:
    """Two clients: what two worker processes would hold."""
    one, two = connect(redis_url), connect(redis_url)
    yield one, two
    await one.aclose()
    await two.aclose()


async def test_one_update_per_user_across_processes(clients: tuple[Any, Any]) -> None:
    first, second = RedisIsolation(clients[0], KEYS), RedisIsolation(clients[1], KEYS)
    inside: list[str] = []
    overlaps = 0

    async def update(isolation: RedisIsolation, name: str) -> None:
        nonlocal overlaps
        async with isolation.lock(KEY):
            overlaps += bool(inside)
            inside.append(name)
            await asyncio.sleep(0.05)
            inside.remove(name)

    await asyncio.gather(*(update(first if n % 2 else second, f"u{n}") for n in range(6)))
    assert overlaps == 0
    other = StorageKey(bot_id=42, chat_id=8, user_id=8)  # another user is not held up
    async with first.lock(KEY):
        await asyncio.wait_for(_enter(second, other), 2)


async def _enter(isolation: RedisIsolation, key: StorageKey) -> None:
    async with isolation.lock(key):
        pass


async def test_one_process_waiters_go_in_arrival_order(clients: tuple[Any, Any]) -> None:
    isolation = RedisIsolation(clients[0], KEYS)
    order: list[int] = []

    async def update(n: int) -> None:
        async with isolation.lock(KEY):
            order.append(n)
            await asyncio.sleep(0.01)

    tasks = []
    for n in range(8):
        tasks.append(asyncio.create_task(update(n)))
        await asyncio.sleep(0)  # each waiter arrives after the one before
    await asyncio.gather(*tasks)
    assert order == list(range(8))
    assert isolation._local == {}  # nothing kept for a user nobody waits for


async def test_the_lock_is_renewed_while_held_and_freed_when_its_holder_dies(
    clients: tuple[Any, Any],
) -> None:
    holder = RedisIsolation(clients[0], KEYS, lock_seconds=0.3)
    other = RedisIsolation(clients[1], KEYS, lock_seconds=0.3)
    got_in = asyncio.Event()

    async def later() -> None:
        async with other.lock(KEY):
            got_in.set()

    name = KEYS.build(KEY, "lock")
    async with holder.lock(KEY):
        waiter = asyncio.create_task(later())
        renewals, last = 0, await clients[0].pttl(name)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while renewals < 4:  # four renewals: more than the lock's lifetime went by
            assert loop.time() < deadline, "the lock was not renewed"
            ttl = await clients[0].pttl(name)
            renewals += ttl > last
            last = ttl
            await asyncio.sleep(0.02)
        assert not got_in.is_set()  # renewed, so still held
    await asyncio.wait_for(waiter, 2)

    # a process that dies holding the lock (its Redis key stays, nobody renews it)
    assert await clients[0].set(name, b"dead-holder", px=300, nx=True)
    started = asyncio.get_running_loop().time()
    await asyncio.wait_for(_enter(other, KEY), 3)
    assert asyncio.get_running_loop().time() - started >= 0.2


async def test_an_update_delivered_twice_is_handled_once(clients: tuple[Any, Any]) -> None:
    handled: list[int] = []

    async def handler(event: Any, data: dict[str, Any]) -> str:
        handled.append(event.update_id)
        return "ok"

    worker_a, worker_b = HandledOnce(clients[0], 42), HandledOnce(clients[1], 42)
    update = Update(update_id=555)
    assert await worker_a(handler, update, {}) == "ok"
    assert await worker_b(handler, update, {}) is None  # the second delivery, on another worker
    assert await worker_a(handler, Update(update_id=556), {}) == "ok"
    assert handled == [555, 556]
    assert 0 < await clients[0].ttl("fsm:42:handled:555") <= 24 * 3600


async def test_the_storage_writes_through_plain_json_and_leaves_the_client_open(
    clients: tuple[Any, Any],
) -> None:
    one, two = SharedStorage(clients[0], KEYS), SharedStorage(clients[1], KEYS)
    await one.set_state(KEY, "Form:name")
    await one.set_data(KEY, {"step": 2, "tags": ("a", "b")})
    assert one.pending is False
    assert await two.get_state(KEY) == "Form:name"  # the other process sees it at once
    assert await two.get_data(KEY) == {"step": 2, "tags": ["a", "b"]}
    with pytest.raises(TypeError, match="when"):
        await one.set_data(KEY, {"when": datetime(2030, 1, 1)})
    assert await two.get_data(KEY) == {"step": 2, "tags": ["a", "b"]}  # nothing written
    await one.set_data(KEY, {})
    await one.set_state(KEY, None)
    assert await two.get_data(KEY) == {} and await two.get_state(KEY) is None
    await one.flush()
    await one.close()
    assert await clients[0].ping()  # the client is the app's: still open


async def test_a_lock_waiter_on_another_process_waits_for_a_slow_update(clients: tuple[Any, Any]) -> None:
    """A slow update (a tracker that takes its time) keeps the user's later update waiting."""
    slow, fast = RedisIsolation(clients[0], KEYS), RedisIsolation(clients[1], KEYS)
    log: list[str] = []
    release = asyncio.Event()

    async def slow_update() -> None:
        async with slow.lock(KEY):
            log.append("slow in")
            await release.wait()
            log.append("slow out")

    async def next_update() -> None:
        async with fast.lock(KEY):
            log.append("next")

    task = asyncio.create_task(slow_update())
    await wait_until(lambda: log == ["slow in"], what="the slow update to hold the lock")
    waiting = asyncio.create_task(next_update())
    await wait_until(lambda: bool(fast._local), what="the next update to wait")
    release.set()
    await asyncio.wait_for(asyncio.gather(task, waiting), 3)
    assert log == ["slow in", "slow out", "next"]
