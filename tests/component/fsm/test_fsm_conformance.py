"""Conformance of storage.fsm.SqliteStorage: the same cases run against aiogram's reference
MemoryStorage and against SqliteStorage, so a difference in semantics shows up as a failure on one
side only (states, data, copies, key isolation, FSMContext and aiogram-dialog's layout)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram_dialog.api.entities import Stack
from aiogram_dialog.api.exceptions import UnknownIntent

from tests.component.fsm.support import (
    BOT_ID,
    ISOLATION_VARIANTS,
    KEY,
    Browse,
    Form,
    proxy_for,
    realistic_dialog_context,
)


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


async def test_aiogram_dialog_context_round_trip(storage: BaseStorage) -> None:
    original = realistic_dialog_context()
    await proxy_for(storage).save_context(original)

    loaded = await proxy_for(storage).load_context(original.id)  # a fresh proxy, as on the next update
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
    proxy = proxy_for(storage)
    stack = await proxy.load_stack()
    await proxy.unlock()
    assert stack.empty()
    context = stack.push(Browse.list, {"x": 1})
    stack.last_message_id = 555
    await proxy.save_context(context)
    await proxy.save_stack(stack)

    proxy2 = proxy_for(storage)
    loaded: Stack = await proxy2.load_stack()
    await proxy2.unlock()
    assert loaded.id == stack.id
    assert loaded.intents == [context.id]
    assert loaded.last_message_id == 555
    assert (await proxy2.load_context(context.id)).start_data == {"x": 1}

    await proxy2.remove_context(context.id)
    with pytest.raises(UnknownIntent):
        await proxy2.load_context(context.id)
