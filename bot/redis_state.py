"""What several bot processes share through Redis (``REDIS_URL``): conversation state, per-user
ordering and "this update was handled already".

Nothing here imports ``redis`` at import time: the SQLite default never loads it (a test checks);
:func:`connect` imports it when ``REDIS_URL`` is set.

* :class:`SharedStorage` — aiogram's ``RedisStorage`` (keys from ``DefaultKeyBuilder(with_bot_id,
  with_destiny)``, which aiogram-dialog needs to keep a dialog's stack and contexts apart). Every
  write is a Redis command awaited before the handler goes on, so a step is in Redis before the
  message that shows it leaves; ``bot/session.py`` still saves aiogram-dialog's context and stack
  before each send (aiogram-dialog itself writes them only after the handler). Data is checked
  like the SQLite storage does it (plain JSON only, ``storage.fsm.dump_fsm_data``). No TTL: a
  dialog's stack and its contexts must live and die together (an expired context under a live stack
  is an "outdated menu"), so Redis must run with ``maxmemory-policy noeviction`` (README).
* :class:`RedisIsolation` — the per-user lock of aiogram's ``RedisEventIsolation`` (a redis-py
  ``Lock`` on the key builder's ``…:lock`` key), with two changes that matter here: waiters of one
  process queue in arrival order before they ask Redis (redis-py's lock is a spin lock: two waiting
  updates of one user would otherwise race for it and may run out of order), and the lock is renewed
  while the update runs (aiogram's expires after 60 s even while held: a slow tracker call would let
  the user's next update in, and the release would then fail). A process that dies holding a lock
  frees it after :data:`LOCK_SECONDS`.
* :class:`HandledOnce` — an update already handled (its id is in Redis for a day) is not handled
  again when Telegram delivers it twice (an answer lost on the way back; a retry that waited for the
  lock behind the first delivery). A worker that dies in the middle of an update never marks it, so
  Telegram's retry runs it again on another worker: at least once, at most one repeat per crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Mapping
from typing import Any, TypeAlias

from aiogram import BaseMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, KeyBuilder, StateType, StorageKey
from aiogram.types import TelegramObject, Update
from aiogram_dialog.api.entities import DialogUpdate

from bot.middlewares import Handler
from storage.fsm import dump_fsm_data

__all__ = ["LOCK_SECONDS", "HandledOnce", "RedisClient", "RedisIsolation", "SharedStorage", "connect"]

# ``redis.asyncio.Redis``, named loosely on purpose: redis-py 5+ ships its own types, and the
# separate ``types-redis`` stubs (redis 4, generic ``Redis[T]``, no ``aclose``) disagree with them;
# code that must type-check against either cannot spell the class.
RedisClient: TypeAlias = Any

log = logging.getLogger(__name__)

LOCK_SECONDS = 30.0  # a dead holder's lock is free after this; a live holder renews it
RENEW_EVERY = LOCK_SECONDS / 3
LOCK_POLL_SECONDS = 0.02  # how often a waiter for another process's lock asks again
HANDLED_SECONDS = 24 * 3600  # how long an update id is remembered as handled


def connect(url: str) -> RedisClient:
    """One client (one connection pool) for the process; not connected until first used."""
    from redis.asyncio import Redis

    return Redis.from_url(url, health_check_interval=30, socket_connect_timeout=5)


def _dumps(data: Mapping[str, Any]) -> str:
    dumped = dump_fsm_data(data)  # TypeError for what is not plain JSON, like the SQLite storage
    assert dumped is not None  # aiogram's RedisStorage deletes an empty dict instead of dumping it
    return dumped


class SharedStorage(BaseStorage):
    """aiogram's ``RedisStorage`` on the process's client, shaped like the SQLite storage for
    ``bot/session.py``: nothing is ever pending (each write is in Redis when it returns), and
    closing it leaves the client to its owner (the app, which also uses it for the send budget)."""

    pending = False

    def __init__(self, client: RedisClient, key_builder: KeyBuilder) -> None:
        from aiogram.fsm.storage.redis import RedisStorage

        self.client = client
        self.key_builder = key_builder
        self._redis = RedisStorage(client, key_builder=key_builder, json_dumps=_dumps)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._redis.set_state(key, state)

    async def get_state(self, key: StorageKey) -> str | None:
        return await self._redis.get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._redis.set_data(key, data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return await self._redis.get_data(key)

    async def flush(self) -> None:
        """Nothing to write: every write went to Redis when it was made."""

    async def close(self) -> None:
        """The client belongs to the app (closed in its clean-up, after the alert jobs stopped)."""


class RedisIsolation(BaseEventIsolation):
    """One update per user (chat, thread…) at a time across every process sharing the Redis."""

    def __init__(
        self, client: RedisClient, key_builder: KeyBuilder, *, lock_seconds: float = LOCK_SECONDS
    ) -> None:
        self.client = client
        self.key_builder = key_builder
        self.lock_seconds = lock_seconds
        self._local: dict[str, tuple[asyncio.Lock, int]] = {}  # key -> (FIFO lock, users)

    @contextlib.asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        name = self.key_builder.build(key, "lock")
        async with self._in_process(name):
            from redis.exceptions import LockError

            lock = self.client.lock(
                name, timeout=self.lock_seconds, sleep=LOCK_POLL_SECONDS, thread_local=False
            )
            await lock.acquire()
            renewer = asyncio.get_running_loop().create_task(self._renew(lock, name))
            try:
                yield None
            finally:
                renewer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewer
                try:
                    await lock.release()
                except LockError:
                    log.warning("the lock %s expired before its update finished (Redis unreachable?)", name)

    @contextlib.asynccontextmanager
    async def _in_process(self, name: str) -> AsyncGenerator[None, None]:
        """This process's waiters for one key, in arrival order (asyncio's lock is FIFO)."""
        local, users = self._local.get(name) or (asyncio.Lock(), 0)
        self._local[name] = (local, users + 1)
        try:
            async with local:
                yield
        finally:
            local, users = self._local[name]
            if users <= 1:
                del self._local[name]
            else:
                self._local[name] = (local, users - 1)

    async def _renew(self, lock: Any, name: str) -> None:
        while True:
            await asyncio.sleep(self.lock_seconds / 3)
            try:
                await lock.reacquire()
            except Exception:
                log.warning("could not renew the lock %s", name, exc_info=True)

    async def close(self) -> None:
        """The client belongs to the app."""


class HandledOnce(BaseMiddleware):
    """Update outer middleware (inside aiogram's FSM middleware, so under the user's lock): an
    update whose id Redis remembers as handled is dropped; a handled one is remembered."""

    def __init__(self, client: RedisClient, bot_id: int, *, remember_seconds: int = HANDLED_SECONDS) -> None:
        self.client = client
        self.prefix = f"fsm:{bot_id}:handled:"
        self.remember_seconds = remember_seconds

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update) or isinstance(event, DialogUpdate):  # the latter: id 0
            return await handler(event, data)
        key = f"{self.prefix}{event.update_id}"
        if await self.client.exists(key):
            log.info("update %d was handled already (delivered twice): skipped", event.update_id)
            return None
        try:
            return await handler(event, data)
        finally:
            try:
                await self.client.set(key, b"1", ex=self.remember_seconds)
            except Exception:
                log.warning("could not remember update %d as handled", event.update_id, exc_info=True)
