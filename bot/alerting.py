"""The alerting engine's jobs in the running bot: the engine's tick loop, the sender (outbox →
Telegram through :class:`bot.transport.TelegramTransport`, messages written by the features'
renderers in the chat's language), and the daily digests. ``bot/app.py`` builds the parts.

Several worker processes: every one runs all three; the engine ticks and the digests are queued
only in the process holding the engine's lease (:mod:`alerts.leader`), and the senders share the
outbox by claims and Telegram's limits by the budget (:mod:`alerts.sender`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

from alerts.context import AlertsContext
from alerts.digest import run_digests
from alerts.engine import AlertEngine
from alerts.sender import Sender

log = logging.getLogger(__name__)

STOP_SECONDS = 15.0


class Alerting:
    """Runs the engine, the sender and the digests until stopped."""

    def __init__(self, ctx: AlertsContext, engine: AlertEngine, sender: Sender) -> None:
        self.ctx, self.engine, self.sender = ctx, engine, sender
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._guard("engine", self.engine.run(self._stop))),
            loop.create_task(self._guard("sender", self.sender.run(self._stop))),
            loop.create_task(self._guard("digests", self._digests())),
        ]

    async def _digests(self) -> None:
        """The daily digests: checked every tick (each chat gets one per day, see alerts.digest), by
        the process whose engine leads (with several processes), through the engine's fenced writes."""
        leader = self.engine.leader
        while not self._stop.is_set():
            try:
                if leader is None or leader.serving is not None:
                    await run_digests(self.engine.ctx, self.ctx.now())
            except Exception:
                log.exception("daily digests failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.ctx.settings.interval_seconds)

    async def _guard(self, name: str, job: Coroutine[Any, Any, None]) -> None:
        try:
            await job
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("alerting %s stopped with an error", name)

    async def stop(self) -> None:
        self._stop.set()
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(self._tasks, timeout=STOP_SECONDS)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
