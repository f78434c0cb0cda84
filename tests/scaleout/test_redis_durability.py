"""With Redis a conversation step is in Redis before the message that shows it leaves: at the moment
each step's message is sent to Telegram, the dialog on top of the person's stack in Redis is
already at that step (aiogram-dialog itself saves only after the handler — after the send;
bot/session.py saves first). A worker that dies right after the user saw step N leaves step N, not
N-1, for the next worker."""

from __future__ import annotations

import json
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import EditMessageText, Response, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.redis_state import connect
from tests.conftest import BotRunner
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


class StepAtSend(BaseRequestMiddleware):
    """Registered after the bot's own session middlewares, so it runs last before the request:
    records, for every message text sent, the state of the dialog on top of the stack in Redis."""

    def __init__(self, redis_url: str, chat: int) -> None:
        self.client = connect(redis_url)
        self.chat = chat
        self.seen: list[tuple[str, str | None]] = []

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, SendMessage | EditMessageText) and str(method.chat_id) == str(self.chat):
            self.seen.append((method.text, await self.top_state()))
        return await make_request(bot, method)

    async def top_state(self) -> str | None:
        values: dict[str, Any] = {}
        async for key in self.client.scan_iter(match=f"fsm:*:{self.chat}:{self.chat}:aiogd:*:data"):
            values[key.decode()] = json.loads(await self.client.get(key))
        stacks = [v for k, v in values.items() if ":aiogd:stack:" in k and v.get("intents")]
        if not stacks:
            return None
        (stack,) = stacks
        top = stack["intents"][-1]
        contexts = [v for k, v in values.items() if ":aiogd:context:" in k and v.get("_intent_id") == top]
        return str(contexts[0]["state"]) if contexts else None


async def test_each_step_is_in_redis_before_its_message_is_sent(
    tg: FakeTelegram, keitaro: KeitaroEmulator, pg_url: str, redis_url: str, runner: BotRunner
) -> None:
    app = await runner.start(database_url=pg_url, redis_url=redis_url)
    user = tg.user(9301)
    probe = StepAtSend(redis_url, user.id)
    app.bot.session.middleware(probe)
    try:
        await user.send("/trackers")
        await user.expect("tracker")
        await user.press("Add tracker")
        await user.expect("admin address")
        await user.send(keitaro.url)
        await user.expect("What shall we call it?")
        await user.send("Main")
        await user.expect("Admin API key")
    finally:
        await probe.client.aclose()

    def state_when(text: str) -> str | None:
        return next(state for sent, state in probe.seen if text in sent)

    assert state_when("You have no trackers yet") == "TrackersSG:list"
    assert state_when("step 1 of 5") == "AddTrackerSG:url"  # a new dialog, started by the press
    assert state_when("step 2 of 5") == "AddTrackerSG:name"
    assert state_when("step 3 of 5") == "AddTrackerSG:key"
