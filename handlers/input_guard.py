"""Typed text without lone surrogates (issue 14).

Telegram's JSON may carry a lone UTF-16 surrogate (``\\ud800``) in a message's text or caption; Python
keeps it in the ``str``, and the first reply that repeats it, or the first write to the database,
fails to encode it. This outer middleware of the handlers' root router replaces each lone surrogate
with U+FFFD before any handler (a dialog step, a command's arguments) sees the message.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject

__all__ = ["InputGuard", "without_lone_surrogates"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (a proper pair never is one in a str)."""
    return _SURROGATE.sub("\ufffd", text)


class InputGuard(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message):
            changes = {
                name: without_lone_surrogates(value)
                for name in ("text", "caption")
                if isinstance(value := getattr(event, name), str) and _SURROGATE.search(value)
            }
            if changes:
                event = event.model_copy(update=changes)
        return await handler(event, data)
