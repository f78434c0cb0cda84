"""Keys, states and helpers of the FSM storage tests (fixtures in conftest.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from aiogram import Bot
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import Chat, Message, Update, User
from aiogram_dialog.api.entities import AccessSettings, Context
from aiogram_dialog.context.storage import StorageProxy

from services.clock import Clock
from storage.db import Database
from storage.fsm import SqliteStorage
from storage.timefmt import to_iso

BOT_ID = 42
KEY = StorageKey(bot_id=BOT_ID, chat_id=100, user_id=200)


class Form(StatesGroup):
    name = State()
    age = State()


class Browse(StatesGroup):
    list = State()
    detail = State()


async def open_db(path: Path, clock: Clock) -> Database:
    db = Database(path, clock=clock)
    await db.open()
    return db


async def fsm_rows(store: SqliteStorage) -> list[tuple[str, str | None, str | None]]:
    """What is on disk once everything written so far is flushed."""
    await store.flush()
    rows = await store.db.fetch_all("SELECT key, state, data FROM fsm ORDER BY key")
    return [(r["key"], r["state"], r["data"]) for r in rows]


ISOLATION_VARIANTS = {
    "bot_id": replace(KEY, bot_id=BOT_ID + 1),
    "chat_id": replace(KEY, chat_id=101),
    "user_id": replace(KEY, user_id=201),
    "user_vs_chat_swapped": replace(KEY, chat_id=KEY.user_id, user_id=KEY.chat_id),
    "thread_id": replace(KEY, thread_id=7),
    "business_connection_id": replace(KEY, business_connection_id="bc-1"),
    "destiny": replace(KEY, destiny="other"),
    "dialog_stack_destiny": replace(KEY, destiny="aiogd:stack:"),
}


def realistic_dialog_context() -> Context:
    return Context(
        _intent_id="aB3xYz",
        _stack_id="",
        state=Browse.detail,
        start_data={"tracker_id": 7, "resource": "campaigns", "filters": {"state": ["active", "paused"]}},
        dialog_data={
            "page": 2,
            "selected": {"id": 15, "name": "Кампания «Лето»", "cost": 0.35, "tags": ["fb", "ios"]},
            "nothing": None,
            "confirmed": False,
        },
        widget_data={
            "flows_scroll": 3,  # ScrollingGroup page
            "show_archived": True,  # Checkbox
            "statuses": ["sale", "lead"],  # Multiselect
            "period": "7d",  # Radio
            "threshold": 12.5,  # Counter
            "at": [None, None],  # TimeSelect
            "calendar": {"current_scope": "DAYS", "current_offset": "2024-05-01"},
            "comment": "<b>escaped later</b>",  # TextInput
        },
        access_settings=AccessSettings(user_ids=[KEY.user_id, 300], custom={"role": "admin"}),
    )


def proxy_for(storage: BaseStorage) -> StorageProxy:
    return StorageProxy(
        storage=storage,
        events_isolation=SimpleEventIsolation(),
        user_id=KEY.user_id,
        chat_id=KEY.user_id,  # private chat
        thread_id=None,
        business_connection_id=None,
        bot=cast(Bot, SimpleNamespace(id=BOT_ID)),
        state_groups={"Form": Form, "Browse": Browse},
    )


async def age_rows(store: SqliteStorage, keys: list[str], days: int) -> None:
    """Make the rows ``days`` old by the database's clock (the one purge compares with)."""
    await store.flush()  # the rows are on disk before they are made old
    async with store.db.transaction() as conn:
        for key in keys:
            await conn.execute(
                "UPDATE fsm SET updated_at = ? WHERE key = ?",
                (to_iso(store.db.now() - dt.timedelta(days=days)), key),
            )


def message_update(update_id: int, text: str) -> Update:
    user = User(id=KEY.user_id, is_bot=False, first_name="Ann")
    chat = Chat(id=KEY.user_id, type="private")
    message = Message(
        message_id=update_id,
        date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        chat=chat,
        from_user=user,
        text=text,
    )
    return Update(update_id=update_id, message=message)
