"""Helpers of the fake Telegram server's tests (fixtures in conftest.py)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher, Router
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from aiohttp import web

from tests.fakes.telegram import (
    FakeTelegram,
    fake_bot,
)

CHAT = 1001


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    return fake_bot(fake, token, html=True)


@asynccontextmanager
async def polling(tg: FakeTelegram, bot: Bot, router: Router) -> AsyncIterator[Dispatcher]:
    dp = Dispatcher()
    dp.include_router(router)
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    await tg.wait_polling()
    try:
        yield dp
    finally:
        await dp.stop_polling()
        await task


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


async def local_site(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    return runner, f"http://127.0.0.1:{port}"
