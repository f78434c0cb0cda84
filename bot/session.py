"""aiogram's aiohttp session, minus a per-call pydantic class build (found by ``bench/``).

aiogram validates every Bot API answer with ``Response[<the method's result type>]``. pydantic
keeps parametrised generic models in a *weak* cache, so once the garbage collector has run the
class is gone and the next call builds it again: about 15 ms of CPU each time, more than
everything else an update costs. Holding one strong reference per result type keeps pydantic's
cache warm for the life of the process (a few dozen small classes).
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

__all__ = ["BotSession"]

_PINNED: dict[Any, type] = {}


class BotSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _PINNED:
            _PINNED[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)
