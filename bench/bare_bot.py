"""The baseline bot: a bare aiogram Dispatcher + Bot, nothing of ours. Run as a process with the same
environment variables as ``python -m bot``:

    python -m bench.bare_bot echo       one handler that echoes every message
    python -m bench.bare_bot text       one handler answering every message with the HTML text in
                                        the file BENCH_REPLY_FILE (e.g. the bot's own /help text)
    python -m bench.bare_bot keitaro    one handler that lists campaigns: one GET /campaigns to the
                                        tracker (BENCH_KEITARO_URL) with the key of the user
                                        (``bench_key(user id)``), one reply; one httpx client per
                                        tracker key, kept alive

It logs like a plain aiogram bot (logging.basicConfig at INFO) and stops on SIGTERM.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import sys
from pathlib import Path

import httpx
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


def bench_key(user_id: int) -> str:
    """The API key of the tracker of a benchmark user (the emulator knows them all)."""
    return f"benchKey{user_id:08d}abcdefXYZ"


async def main(mode: str) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    bot = Bot(
        os.environ["BOT_TOKEN"],
        session=AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])),
    )
    dp = Dispatcher()
    clients: dict[str, httpx.AsyncClient] = {}

    if mode == "echo":

        @dp.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "?")

    elif mode == "text":
        reply: list[str] = []  # read at the first message (the file may be written after start-up)

        @dp.message()
        async def text(message: Message) -> None:
            if not reply:
                reply.append(Path(os.environ["BENCH_REPLY_FILE"]).read_text(encoding="utf-8"))  # noqa: ASYNC240
            await message.answer(reply[0], parse_mode="HTML")

    else:
        base = os.environ["BENCH_KEITARO_URL"].rstrip("/")

        @dp.message()
        async def campaigns(message: Message) -> None:
            assert message.from_user is not None
            key = bench_key(message.from_user.id)
            client = clients.get(key)
            if client is None:
                client = clients[key] = httpx.AsyncClient(base_url=base, headers={"Api-Key": key}, timeout=15)
            response = await client.get("/admin_api/v1/campaigns")
            items = response.json()
            lines = [f"{c['id']} {html.escape(str(c['name']))}" for c in items]
            await message.answer("Campaigns\n" + "\n".join(lines))

    try:
        await dp.start_polling(bot, polling_timeout=30)
    finally:
        for client in clients.values():
            await client.aclose()
        await bot.session.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "echo"))
