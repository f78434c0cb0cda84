"""Conformance suite for storage.fsm.SqliteStorage.

The core cases run against aiogram's reference MemoryStorage and against SqliteStorage, so a
difference in semantics shows up as a failure on one side only. The Sqlite-only cases cover
what MemoryStorage cannot promise: persistence, JSON-only data, atomic update_data under
concurrency, row cleanup, housekeeping and aiogram-dialog's storage layout.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import DataNotDictLikeError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import Chat, Message, Update, User
from aiogram_dialog.api.entities import AccessSettings, Context, Stack
from aiogram_dialog.api.exceptions import UnknownIntent
from aiogram_dialog.context.storage import StorageProxy

from storage.db import Database
from storage.fsm import SqliteStorage

BOT_ID = 42
KEY = StorageKey(bot_id=BOT_ID, chat_id=100, user_id=200)


class Form(StatesGroup):
    name = State()
    age = State()


class Browse(StatesGroup):
    list = State()
    detail = State()


# --------------------------------------------------------------------------- fixtures


async def _open_db(path: Path) -> Database:
    db = Database(path)
    await db.open()
    return db


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await _open_db(tmp_path / "fsm.sqlite3")
    yield database
    await database.close()


@pytest.fixture
async def sqlite(db: Database) -> AsyncIterator[SqliteStorage]:
    store = SqliteStorage(db)
    yield store
    await store.close()


@pytest.fixture(params=["memory", "sqlite"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BaseStorage]:
    if request.param == "memory":
        yield MemoryStorage()
        return
    database = await _open_db(tmp_path / "param.sqlite3")
    store = SqliteStorage(database)
    yield store
    await store.close()
    await database.close()


async def fsm_rows(store: SqliteStorage) -> list[tuple[str, str | None, str | None]]:
    """What is on disk once everything written so far is flushed."""
    await store.flush()
    rows = await store.db.fetch_all("SELECT key, state, data FROM fsm ORDER BY key")
    return [(r["key"], r["state"], r["data"]) for r in rows]


# --------------------------------------------------------------------------- core (both storages)


async def test_unknown_key_reads_empty(storage: BaseStorage) -> None:
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}
    assert await storage.get_value(KEY, "missing") is None
    assert await storage.get_value(KEY, "missing", "fallback") == "fallback"


async def test_state_as_string(storage: BaseStorage) -> None:
    await storage.set_state(KEY, "Form:name")
    assert await storage.get_state(KEY) == "Form:name"
    await storage.set_state(KEY, "Form:age")
    assert await storage.get_state(KEY) == "Form:age"


async def test_state_object_is_stored_as_its_name(storage: BaseStorage) -> None:
    await storage.set_state(KEY, Form.age)
    state = await storage.get_state(KEY)
    assert state == "Form:age"
    assert state == Form.age.state
    assert isinstance(state, str)


async def test_set_state_none_clears_state(storage: BaseStorage) -> None:
    await storage.set_state(KEY, Form.name)
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None
    await storage.set_state(KEY, Form.name)
    await storage.set_state(KEY)  # default argument is None too
    assert await storage.get_state(KEY) is None


async def test_set_data_replaces(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"a": 1, "b": 2})
    await storage.set_data(KEY, {"c": 3})
    assert await storage.get_data(KEY) == {"c": 3}


async def test_set_data_rejects_non_dict(storage: BaseStorage) -> None:
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(KEY, cast(Any, [("a", 1)]))
    assert await storage.get_data(KEY) == {}


async def test_update_data_merges_and_returns_new_dict(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"a": 1, "b": 2})
    result = await storage.update_data(KEY, {"b": 20, "c": 30})
    assert result == {"a": 1, "b": 20, "c": 30}
    assert await storage.get_data(KEY) == {"a": 1, "b": 20, "c": 30}


async def test_update_data_on_empty_key(storage: BaseStorage) -> None:
    assert await storage.update_data(KEY, {"x": "y"}) == {"x": "y"}
    assert await storage.get_data(KEY) == {"x": "y"}
    assert await storage.update_data(KEY, {}) == {"x": "y"}


async def test_update_data_result_is_a_copy(storage: BaseStorage) -> None:
    result = await storage.update_data(KEY, {"a": 1})
    result["injected"] = True
    assert await storage.get_data(KEY) == {"a": 1}


async def test_get_data_returns_a_copy(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"a": 1})
    data = await storage.get_data(KEY)
    data["a"] = 999
    data["b"] = 2
    assert await storage.get_data(KEY) == {"a": 1}


async def test_set_data_copies_its_argument(storage: BaseStorage) -> None:
    payload: dict[str, Any] = {"a": 1}
    await storage.set_data(KEY, payload)
    payload["a"] = 2
    payload["b"] = 3
    assert await storage.get_data(KEY) == {"a": 1}


async def test_get_value(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"present": "v", "none": None, "zero": 0})
    assert await storage.get_value(KEY, "present") == "v"
    assert await storage.get_value(KEY, "present", "d") == "v"
    assert await storage.get_value(KEY, "absent") is None
    assert await storage.get_value(KEY, "absent", "d") == "d"
    # a stored None/0 is a value, not a miss (dict.get semantics)
    assert await storage.get_value(KEY, "none", "d") is None
    assert await storage.get_value(KEY, "zero", "d") == 0


async def test_set_data_empty_keeps_state(storage: BaseStorage) -> None:
    await storage.set_state(KEY, Form.name)
    await storage.set_data(KEY, {"a": 1})
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) == "Form:name"
    assert await storage.get_data(KEY) == {}


async def test_set_state_none_keeps_data(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"a": 1})
    await storage.set_state(KEY, Form.name)
    await storage.set_state(KEY, None)
    assert await storage.get_data(KEY) == {"a": 1}
    assert await storage.get_state(KEY) is None


async def test_setting_state_keeps_data_and_vice_versa(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"a": 1})
    await storage.set_state(KEY, Form.name)
    assert await storage.get_data(KEY) == {"a": 1}
    await storage.set_data(KEY, {"b": 2})
    assert await storage.get_state(KEY) == "Form:name"
    await storage.update_data(KEY, {"c": 3})
    assert await storage.get_state(KEY) == "Form:name"


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


@pytest.mark.parametrize("field", list(ISOLATION_VARIANTS))
async def test_key_isolation(storage: BaseStorage, field: str) -> None:
    other = ISOLATION_VARIANTS[field]
    assert other != KEY
    await storage.set_state(KEY, Form.name)
    await storage.set_data(KEY, {"owner": "base"})
    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}

    await storage.set_state(other, Form.age)
    await storage.set_data(other, {"owner": field})
    assert await storage.get_state(KEY) == "Form:name"
    assert await storage.get_data(KEY) == {"owner": "base"}
    assert await storage.get_state(other) == "Form:age"
    assert await storage.get_data(other) == {"owner": field}

    await storage.set_state(other, None)
    await storage.set_data(other, {})
    assert await storage.get_state(KEY) == "Form:name"
    assert await storage.get_data(KEY) == {"owner": "base"}


async def test_thread_ids_are_isolated_from_each_other(storage: BaseStorage) -> None:
    a, b = replace(KEY, thread_id=7), replace(KEY, thread_id=8)
    await storage.set_data(a, {"t": 7})
    await storage.set_data(b, {"t": 8})
    assert await storage.get_data(a) == {"t": 7}
    assert await storage.get_data(b) == {"t": 8}


async def test_fsm_context_end_to_end(storage: BaseStorage) -> None:
    ctx = FSMContext(storage=storage, key=KEY)
    assert await ctx.get_state() is None
    await ctx.set_state(Form.name)
    assert await ctx.get_state() == Form.name.state

    assert await ctx.update_data(name="Ann") == {"name": "Ann"}
    assert await ctx.update_data({"age": 30}) == {"name": "Ann", "age": 30}
    assert await ctx.update_data({"age": 31}, city="Riga") == {"name": "Ann", "age": 31, "city": "Riga"}
    assert await ctx.get_value("age") == 31
    assert await ctx.get_value("missing", "dflt") == "dflt"

    await ctx.set_state("Form:age")
    # a second context on the same key sees the same record
    twin = FSMContext(storage=storage, key=KEY)
    assert await twin.get_state() == "Form:age"
    assert await twin.get_data() == {"name": "Ann", "age": 31, "city": "Riga"}

    await ctx.set_data({"only": True})
    assert await twin.get_data() == {"only": True}

    await ctx.clear()
    assert await twin.get_state() is None
    assert await twin.get_data() == {}


def _realistic_dialog_context() -> Context:
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


def _proxy(storage: BaseStorage) -> StorageProxy:
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


async def test_aiogram_dialog_context_round_trip(storage: BaseStorage) -> None:
    original = _realistic_dialog_context()
    await _proxy(storage).save_context(original)

    loaded = await _proxy(storage).load_context(original.id)  # a fresh proxy, as on the next update
    assert loaded.id == original.id
    assert loaded.stack_id == original.stack_id
    assert loaded.state is Browse.detail
    assert loaded.start_data == original.start_data
    assert loaded.dialog_data == original.dialog_data
    assert loaded.widget_data == original.widget_data
    assert loaded.access_settings == original.access_settings

    raw = await storage.get_data(
        StorageKey(bot_id=BOT_ID, chat_id=KEY.user_id, user_id=KEY.user_id, destiny="aiogd:context:aB3xYz")
    )
    assert raw["state"] == "Browse:detail"
    assert raw["access_settings"] == {"user_ids": [KEY.user_id, 300], "custom": {"role": "admin"}}
    assert raw["widget_data"]["calendar"] == {"current_scope": "DAYS", "current_offset": "2024-05-01"}


async def test_aiogram_dialog_stack_round_trip_and_removal(storage: BaseStorage) -> None:
    proxy = _proxy(storage)
    stack = await proxy.load_stack()
    await proxy.unlock()
    assert stack.empty()
    context = stack.push(Browse.list, {"x": 1})
    stack.last_message_id = 555
    await proxy.save_context(context)
    await proxy.save_stack(stack)

    proxy2 = _proxy(storage)
    loaded: Stack = await proxy2.load_stack()
    await proxy2.unlock()
    assert loaded.id == stack.id
    assert loaded.intents == [context.id]
    assert loaded.last_message_id == 555
    assert (await proxy2.load_context(context.id)).start_data == {"x": 1}

    await proxy2.remove_context(context.id)
    with pytest.raises(UnknownIntent):
        await proxy2.load_context(context.id)


# --------------------------------------------------------------------------- sqlite only


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


async def test_survives_restart(tmp_path: Path) -> None:
    path = tmp_path / "restart.sqlite3"
    other = replace(KEY, destiny="aiogd:stack:")
    first_db = await _open_db(path)
    first = SqliteStorage(first_db)
    await first.set_state(KEY, Form.age)
    await first.set_data(KEY, {"name": "Ann", "nested": {"list": [1, 2.5, "three", None, True]}})
    await first.set_data(other, {"_id": "", "intents": ["a1"]})
    await first.close()
    await first_db.close()

    second_db = await _open_db(path)
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
    proxy = _proxy(sqlite)
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


async def _age_rows(store: SqliteStorage, keys: list[str], days: int) -> None:
    await store.flush()  # the rows are on disk before they are made old
    async with store.db.transaction() as conn:
        for key in keys:
            await conn.execute(
                "UPDATE fsm SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) WHERE key = ?",
                (f"-{days} days", key),
            )


async def test_purge_older_than(db: Database, sqlite: SqliteStorage) -> None:
    old_a, old_b, fresh = replace(KEY, user_id=1), replace(KEY, user_id=2), replace(KEY, user_id=3)
    for key in (old_a, old_b, fresh):
        await sqlite.set_state(key, Form.name)
        await sqlite.set_data(key, {"k": key.user_id})
    await _age_rows(sqlite, [sqlite.key_builder.build(old_a), sqlite.key_builder.build(old_b)], days=40)

    assert await sqlite.purge_older_than(30) == 2
    assert await sqlite.get_state(old_a) is None
    assert await sqlite.get_data(old_b) == {}
    assert await sqlite.get_state(fresh) == "Form:name"
    assert await sqlite.get_data(fresh) == {"k": 3}
    assert await sqlite.purge_older_than(30) == 0


async def test_purge_keeps_rows_written_since(db: Database, sqlite: SqliteStorage) -> None:
    by_state, by_data, by_update = (replace(KEY, user_id=i) for i in (1, 2, 3))
    for key in (by_state, by_data, by_update):
        await sqlite.set_state(key, Form.name)
        await sqlite.set_data(key, {"k": 1})
    await _age_rows(sqlite, [sqlite.key_builder.build(k) for k in (by_state, by_data, by_update)], days=40)
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


def _message_update(update_id: int, text: str) -> Update:
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
        await dispatcher.feed_update(bot, _message_update(1, "/start"))
        assert await sqlite.get_state(user_key) == "Form:name"
        await dispatcher.feed_update(bot, _message_update(2, "Ann"))
        assert await sqlite.get_state(user_key) == "Form:age"
        assert await sqlite.get_data(user_key) == {"name": "Ann"}
        await dispatcher.feed_update(bot, _message_update(3, "31"))
        assert seen == ["start", "name", "age:Ann:31"]
        assert await sqlite.get_state(user_key) is None
        assert await fsm_rows(sqlite) == []
    finally:
        await bot.session.close()
