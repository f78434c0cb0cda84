"""bot.session.BotSession: the pydantic model aiogram validates each answer with is built once.

pydantic keeps ``Response[Message]`` & co. only weakly; the benchmarks found them rebuilt after
every garbage collection (~15 ms CPU each). The session must keep them alive.
"""

from __future__ import annotations

import gc
import json
import weakref

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.types import Message

from bot.session import BotSession

ANSWER = {
    "ok": True,
    "result": {"message_id": 5, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "hi"},
}


async def test_answer_models_survive_garbage_collection() -> None:
    session = BotSession()
    bot = Bot(token="42:TEST", session=session)
    try:
        answer = session.check_response(bot, SendMessage(chat_id=1, text="hi"), 200, json.dumps(ANSWER))
        assert isinstance(answer.result, Message) and answer.result.text == "hi"
        model = weakref.ref(type(answer))
        del answer
        gc.collect()
        assert model() is not None, "Response[Message] was collected: the next answer rebuilds it"
    finally:
        await session.close()
