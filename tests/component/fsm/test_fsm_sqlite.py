"""What only storage.fsm.SqliteStorage promises (MemoryStorage cannot): persistence, JSON-only data,
atomic update_data under concurrency, row cleanup, housekeeping and a real Dispatcher on top."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.types import Message

from services.clock import Clock
from storage.db import Database
from storage.fsm import SqliteStorage
from tests.component.fsm.support import (
    BOT_ID,
    ISOLATION_VARIANTS,
    KEY,
    Browse,
    Form,
    age_rows,
    fsm_rows,
    message_update,
    open_db,
    proxy_for,
)


async def test_default_key_builder_uses_every_field(sqlite: SqliteStorage) -> None:
    builder = sqlite.key_builder
    assert isinstance(builder, DefaultKeyBuilder)
    assert builder.with_bot_id and builder.with_destiny and builder.with_business_connection_id


async def test_every_key_field_makes_a_distinct_row(db: Database, sqlite: SqliteStorage) -> None:
    keys = [KEY, *ISOLATION_VARIANTS.values(), replace(KEY, thread_id=8)]
    for index, key in enumerate(keys):
        await sqlite.set_data(key, {"i": index})
    rows = await fsm_rows(sqlite)
    assert len(rows) == len(keys)
    for index, key in enumerate(keys):
        assert await sqlite.get_data(key) == {"i": index}


async def test_custom_key_builder_is_used(db: Database) -> None:
    store = SqliteStorage(db, key_builder=DefaultKeyBuilder(prefix="custom", with_destiny=True))
    await store.set_state(KEY, Form.name)
    rows = await fsm_rows(store)
    assert [r[0] for r in rows] == ["custom:100:200:default"]
    assert await store.get_state(KEY) == "Form:name"


async def test_survives_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "restart.sqlite3"
    other = replace(KEY, destiny="aiogd:stack:")
    first_db = await open_db(path, clock)
    first = SqliteStorage(first_db)
    await first.set_state(KEY, Form.age)
    await first.set_data(KEY, {"name": "Ann", "nested": {"list": [1, 2.5, "three", None, True]}})
    await first.set_data(other, {"_id": "", "intents": ["a1"]})
    await first.close()
    await first_db.close()

    second_db = await open_db(path, clock)
    try:
        second = SqliteStorage(second_db)
        assert await second.get_state(KEY) == "Form:age"
        assert await second.get_data(KEY) == {
            "name": "Ann",
            "nested": {"list": [1, 2.5, "three", None, True]},
        }
        assert await second.get_state(other) is None
        assert await second.get_data(other) == {"_id": "", "intents": ["a1"]}
    finally:
        await second_db.close()


async def test_stored_as_json_text(db: Database, sqlite: SqliteStorage) -> None:
    data = {"name": "Ann", "n": 1, "f": 0.5, "ok": True, "none": None, "list": [1, "x"], "map": {"k": "v"}}
    await sqlite.set_state(KEY, Form.name)
    await sqlite.set_data(KEY, data)
    [(_, state, raw)] = await fsm_rows(sqlite)
    assert state == "Form:name"
    assert isinstance(raw, str)
    assert json.loads(raw) == data


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({"when": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)}, "'when'"),
        ({"outer": {"inner_day": dt.date(2024, 1, 1)}}, "'inner_day'"),
        ({"ids": {1, 2}}, "'ids'"),
        ({"blob": b"\x00"}, "'blob'"),
        ({"obj": object()}, "'obj'"),
        ({"rows": [1, 2, {"bad_cell": dt.time(1, 2)}]}, "'bad_cell'"),
        ({"ratio": float("nan")}, "'ratio'"),
        ({"big": float("inf")}, "'big'"),
        ({"by_id": {5: "five"}}, "'by_id'"),
    ],
    ids=["datetime", "nested-date", "set", "bytes", "object", "in-list", "nan", "inf", "int-key"],
)
async def test_non_json_data_is_rejected_naming_the_key(
    db: Database, sqlite: SqliteStorage, payload: dict[str, Any], needle: str
) -> None:
    await sqlite.set_data(KEY, {"kept": 1})
    with pytest.raises(TypeError) as excinfo:
        await sqlite.set_data(KEY, payload)
    assert needle in str(excinfo.value)
    with pytest.raises(TypeError) as excinfo:
        await sqlite.update_data(KEY, payload)
    assert needle in str(excinfo.value)
    # nothing was written by either call
    assert await sqlite.get_data(KEY) == {"kept": 1}
    assert len(await fsm_rows(sqlite)) == 1


async def test_circular_data_is_rejected(sqlite: SqliteStorage) -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(TypeError, match="circular"):
        await sqlite.set_data(KEY, {"loop": loop})
    assert await sqlite.get_data(KEY) == {}


async def test_shared_non_circular_references_are_fine(sqlite: SqliteStorage) -> None:
    shared = [1, 2]
    await sqlite.set_data(KEY, {"a": shared, "b": shared})
    assert await sqlite.get_data(KEY) == {"a": [1, 2], "b": [1, 2]}


async def test_tuples_come_back_as_lists(sqlite: SqliteStorage) -> None:
    await sqlite.set_data(KEY, {"pair": (1, 2), "nested": {"t": ("a", ("b",))}})
    assert await sqlite.get_data(KEY) == {"pair": [1, 2], "nested": {"t": ["a", ["b"]]}}
    result = await sqlite.update_data(KEY, {"more": (3,)})
    assert result["more"] == [3]  # update_data returns what is stored, not the caller's tuple


async def test_nested_values_are_deep_copies(sqlite: SqliteStorage) -> None:
    payload: dict[str, Any] = {"nested": {"list": [1]}}
    await sqlite.set_data(KEY, payload)
    payload["nested"]["list"].append(2)
    data = await sqlite.get_data(KEY)
    data["nested"]["list"].append(3)
    value = cast(dict[str, Any], await sqlite.get_value(KEY, "nested"))
    value["list"].append(4)
    assert await sqlite.get_data(KEY) == {"nested": {"list": [1]}}


async def test_invalid_state_type_rejected(sqlite: SqliteStorage) -> None:
    with pytest.raises(TypeError):
        await sqlite.set_state(KEY, cast(Any, 5))
    assert await sqlite.get_state(KEY) is None


async def test_concurrent_update_data_loses_nothing(sqlite: SqliteStorage) -> None:
    results = await asyncio.gather(*(sqlite.update_data(KEY, {f"k{i}": i}) for i in range(50)))
    expected = {f"k{i}": i for i in range(50)}
    assert await sqlite.get_data(KEY) == expected
    # each call saw its own key merged in, and the last writer saw everything
    assert all(f"k{i}" in result for i, result in enumerate(results))
    assert max(len(r) for r in results) == 50


async def test_concurrent_update_data_through_fsm_context(sqlite: SqliteStorage) -> None:
    contexts = [FSMContext(sqlite, KEY) for _ in range(50)]
    await asyncio.gather(
        contexts[0].set_state(Form.name),
        *(ctx.update_data(None, **{f"field_{i}": [i]}) for i, ctx in enumerate(contexts)),
    )
    assert await sqlite.get_data(KEY) == {f"field_{i}": [i] for i in range(50)}
    assert await sqlite.get_state(KEY) == "Form:name"


async def test_row_deleted_when_state_and_data_empty(db: Database, sqlite: SqliteStorage) -> None:
    await sqlite.set_state(KEY, Form.name)
    await sqlite.set_state(KEY, None)
    assert await fsm_rows(sqlite) == []

    await sqlite.set_data(KEY, {"a": 1})
    await sqlite.set_data(KEY, {})
    assert await fsm_rows(sqlite) == []

    await sqlite.set_state(KEY, Form.name)
    await sqlite.set_data(KEY, {"a": 1})
    await sqlite.set_data(KEY, {})
    assert await fsm_rows(sqlite) == [(sqlite.key_builder.build(KEY), "Form:name", None)]
    await sqlite.set_data(KEY, {"a": 1})
    await sqlite.set_state(KEY, None)
    assert await fsm_rows(sqlite) == [(sqlite.key_builder.build(KEY), None, '{"a":1}')]
    await FSMContext(sqlite, KEY).clear()
    assert await fsm_rows(sqlite) == []


async def test_clearing_an_unknown_key_creates_no_row(db: Database, sqlite: SqliteStorage) -> None:
    await sqlite.set_state(KEY, None)
    await sqlite.set_data(KEY, {})
    await sqlite.update_data(KEY, {})
    assert await fsm_rows(sqlite) == []


async def test_dialog_removals_do_not_accumulate(db: Database, sqlite: SqliteStorage) -> None:
    proxy = proxy_for(sqlite)
    for _ in range(5):
        stack = await proxy.load_stack()
        await proxy.unlock()
        context = stack.push(Browse.list, None)
        await proxy.save_context(context)
        await proxy.save_stack(stack)
        stack.pop()
        await proxy.remove_context(context.id)
        await proxy.save_stack(stack)  # empty stack without a message -> set_data({})
    assert await fsm_rows(sqlite) == []


@pytest.mark.date_sensitive
async def test_purge_older_than(db: Database, sqlite: SqliteStorage) -> None:
    old_a, old_b, fresh = replace(KEY, user_id=1), replace(KEY, user_id=2), replace(KEY, user_id=3)
    for key in (old_a, old_b, fresh):
        await sqlite.set_state(key, Form.name)
        await sqlite.set_data(key, {"k": key.user_id})
    await age_rows(sqlite, [sqlite.key_builder.build(old_a), sqlite.key_builder.build(old_b)], days=40)

    assert await sqlite.purge_older_than(30) == 2
    assert await sqlite.get_state(old_a) is None
    assert await sqlite.get_data(old_b) == {}
    assert await sqlite.get_state(fresh) == "Form:name"
    assert await sqlite.get_data(fresh) == {"k": 3}
    assert await sqlite.purge_older_than(30) == 0


@pytest.mark.date_sensitive
async def test_purge_keeps_rows_written_since(db: Database, sqlite: SqliteStorage) -> None:
    by_state, by_data, by_update = (replace(KEY, user_id=i) for i in (1, 2, 3))
    for key in (by_state, by_data, by_update):
        await sqlite.set_state(key, Form.name)
        await sqlite.set_data(key, {"k": 1})
    await age_rows(sqlite, [sqlite.key_builder.build(k) for k in (by_state, by_data, by_update)], days=40)
    await sqlite.set_state(by_state, Form.age)
    await sqlite.set_data(by_data, {"k": 2})
    await sqlite.update_data(by_update, {"k": 3})
    assert await sqlite.purge_older_than(30) == 0
    assert len(await fsm_rows(sqlite)) == 3


async def test_purge_rejects_negative_days(sqlite: SqliteStorage) -> None:
    with pytest.raises(ValueError, match="days"):
        await sqlite.purge_older_than(-1)


async def test_close_leaves_shared_database_open(db: Database, sqlite: SqliteStorage) -> None:
    await sqlite.set_state(KEY, Form.name)
    await sqlite.close()
    assert await db.fetch_value("SELECT count(*) FROM fsm") == 1


async def test_dispatcher_fsm_flow_end_to_end(db: Database, sqlite: SqliteStorage) -> None:
    """A Dispatcher using SqliteStorage: state filters route by the stored state, data accumulates."""
    seen: list[str] = []
    router = Router()

    @router.message(Command("start"))
    async def start(message: Message, state: FSMContext) -> None:
        seen.append("start")
        await state.set_state(Form.name)

    @router.message(Form.name, F.text)
    async def got_name(message: Message, state: FSMContext) -> None:
        seen.append("name")
        await state.update_data(name=message.text)
        await state.set_state(Form.age)

    @router.message(Form.age, F.text)
    async def got_age(message: Message, state: FSMContext) -> None:
        data = await state.update_data(age=int(message.text or "0"))
        seen.append(f"age:{data['name']}:{data['age']}")
        await state.clear()

    dispatcher = Dispatcher(storage=sqlite)
    dispatcher.include_router(router)
    bot = Bot(token=f"{BOT_ID}:TEST-TOKEN")
    try:
        user_key = StorageKey(bot_id=BOT_ID, chat_id=KEY.user_id, user_id=KEY.user_id)
        await dispatcher.feed_update(bot, message_update(1, "/start"))
        assert await sqlite.get_state(user_key) == "Form:name"
        await dispatcher.feed_update(bot, message_update(2, "Ann"))
        assert await sqlite.get_state(user_key) == "Form:age"
        assert await sqlite.get_data(user_key) == {"name": "Ann"}
        await dispatcher.feed_update(bot, message_update(3, "31"))
        assert seen == ["start", "name", "age:Ann:31"]
        assert await sqlite.get_state(user_key) is None
        assert await fsm_rows(sqlite) == []
    finally:
        await bot.session.close()
