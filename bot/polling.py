"""Polling is one process: a second bot polling with the same token is told so and stops.

Two processes on one database never get this far (``bot/instance_lock.py``). Two on different
databases or machines with one token meet at Telegram: a long poll ends the one before it with
``409 Conflict: terminated by other getUpdates request``, and the other's next poll ends this one
— they take turns and each gets half the updates. Both see the same error, so the newcomer is the
one that gives up: a process that gets a 409 in its first :data:`NEWCOMER_SECONDS` of polling
stops with one line (``Cannot start: …``, exit 1); one that has been polling longer says so in the
log and polls on (aiogram waits a second or more before it polls again, well inside the newcomer's
window, so the newcomer's poll is the one ended next).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramConflictError
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType

__all__ = ["NEWCOMER_SECONDS", "PollConflicts", "conflict_message"]

log = logging.getLogger(__name__)

NEWCOMER_SECONDS = 15.0


def conflict_message(description: str) -> str:
    return (
        f"another process is polling Telegram with this bot token (Telegram answered 409 {description}). "
        "Polling is one process: stop the other one, or run the bot on a webhook (WEBHOOK_URL; "
        "WORKERS and REDIS_URL for several processes)."
    )


class PollConflicts(BaseRequestMiddleware):
    """Session request middleware: a 409 to ``getUpdates`` in the newcomer's window calls
    ``on_conflict`` with the message to stop with; later ones are logged."""

    def __init__(
        self, on_conflict: Callable[[str], None], *, newcomer_seconds: float = NEWCOMER_SECONDS
    ) -> None:
        self.on_conflict = on_conflict
        self.newcomer_seconds = newcomer_seconds
        self.started: float | None = None  # the first getUpdates of this process

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        polls = isinstance(method, GetUpdates)
        if polls and self.started is None:
            self.started = time.monotonic()
        try:
            return await make_request(bot, method)
        except TelegramConflictError as exc:
            if polls:
                self._conflict(exc)
            raise

    def _conflict(self, exc: TelegramConflictError) -> None:
        assert self.started is not None
        if time.monotonic() - self.started <= self.newcomer_seconds:
            self.on_conflict(conflict_message(exc.message))
            return
        log.warning(
            "Telegram answered 409 to getUpdates (%s): another process polls with this token; it "
            "started after this one, so it is the one to stop",
            exc.message,
        )
