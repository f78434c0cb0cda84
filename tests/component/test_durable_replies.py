"""bot/session.py: the dialog state is committed before a Bot API call that may show it, not
before a silent one (issue 14, defect 6; the whole bot under kill -9: tests/e2e/test_kill9.py)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import GetUpdates, SendMessage, TelegramMethod

from bot.session import FlushAfterUpdate, FlushBeforeSending
from storage.db import Database
from storage.fsm import SqliteStorage

KEY = StorageKey(bot_id=42, chat_id=100, user_id=200)


async def on_disk(db: Database) -> str | None:
    value = await db.fetch_value("SELECT state FROM fsm")
    return None if value is None else str(value)


async def test_a_reply_leaves_only_after_the_state_is_committed(db: Database) -> None:
    store = SqliteStorage(db, flush_delay=3600)  # the timer would never write it in this test
    seen: dict[str, str | None] = {}

    async def make_request(bot: Bot, method: TelegramMethod[Any]) -> Any:
        seen[type(method).__name__] = await on_disk(db)
        return None

    middleware = FlushBeforeSending(store)
    bot = Bot("42:TEST")
    await store.set_state(KEY, "Form:step2")
    await middleware(make_request, bot, GetUpdates())  # silent: the long poll never waits for the disk
    assert seen["GetUpdates"] is None and store.pending
    await middleware(make_request, bot, SendMessage(chat_id=100, text="step 2"))
    assert seen["SendMessage"] == "Form:step2" and not store.pending
    await store.close()
    await bot.session.close()


async def test_an_update_that_sends_nothing_is_committed_when_it_ends(db: Database) -> None:
    store = SqliteStorage(db, flush_delay=3600)

    async def handler(event: Any, data: dict[str, Any]) -> str:
        await store.set_state(KEY, "Form:quiet")
        return "done"

    assert await FlushAfterUpdate(store)(handler, object(), {}) == "done"  # type: ignore[arg-type]
    assert await on_disk(db) == "Form:quiet" and not store.pending
    await store.close()
