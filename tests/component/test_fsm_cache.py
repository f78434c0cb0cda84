"""storage.fsm.SqliteStorage keeps rows in memory and writes them in one transaction when flushed.

What a user relies on: a state written is read back at once (no lost step in a conversation),
:meth:`flush` returns only once every earlier write is committed — the bot flushes before every
reply (bot/session.py; tests/e2e/test_kill9.py kills it), so nothing shown is lost to a crash —
and a failed disk write is retried rather than dropped. What the benchmarks rely on: reads of known rows and
writes that change nothing cost no SQL at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from services.clock import Clock
from storage.db import Database
from storage.fsm import SqliteStorage
from storage.timefmt import to_iso
from tests.component.sqltrace import SqlTrace

KEY = StorageKey(bot_id=42, chat_id=100, user_id=200)
STACK = replace(KEY, destiny="aiogd:stack:")


@pytest.fixture
async def store(db: Database) -> AsyncIterator[SqliteStorage]:
    storage = SqliteStorage(db)
    yield storage
    await storage.close()


async def rows(db: Database) -> list[tuple[str, str | None, str | None]]:
    found = await db.fetch_all("SELECT key, state, data FROM fsm ORDER BY key")
    return [(r["key"], r["state"], r["data"]) for r in found]


async def test_known_rows_are_read_without_sql(db: Database, store: SqliteStorage) -> None:
    await store.set_state(KEY, "Form:name")
    await store.set_data(KEY, {"a": 1})
    await store.get_data(STACK)  # an unknown row is read once (and remembered as empty)
    async with SqlTrace(db) as statements:
        for _ in range(5):
            assert await store.get_state(KEY) == "Form:name"
            assert await store.get_data(KEY) == {"a": 1}
            assert await store.get_data(STACK) == {}
    assert statements == []


async def test_writes_that_change_nothing_cost_no_sql(db: Database, store: SqliteStorage) -> None:
    """aiogram-dialog saves the (empty) stack on every update: that must not touch the disk."""
    await store.set_data(STACK, {"_id": "", "intents": []})
    await store.get_state(KEY)  # aiogram reads the state and aiogram-dialog the stack
    await store.get_data(STACK)  # at the start of every update
    await store.flush()
    async with SqlTrace(db) as statements:
        for _ in range(5):
            await store.set_data(STACK, {"_id": "", "intents": []})
            await store.set_state(KEY, None)
            await store.set_data(KEY, {})
            await store.update_data(STACK, {"intents": []})
        await store.flush()
    assert statements == []


async def test_changes_reach_the_disk_in_one_transaction(db: Database, store: SqliteStorage) -> None:
    """Rows an update has read (aiogram reads the state and the dialog stack first) and then
    changes are written together, after the handler, in one transaction."""
    await store.get_state(KEY)
    await store.get_data(STACK)
    async with SqlTrace(db) as statements:
        await store.set_state(KEY, "Form:name")
        await store.set_data(KEY, {"a": 1})
        await store.set_data(STACK, {"_id": "", "intents": ["x"]})
        await store.flush()
    assert sum(1 for s in statements if s.startswith("BEGIN")) == 1
    assert await rows(db) == [
        (store.key_builder.build(STACK), None, '{"_id":"","intents":["x"]}'),
        (store.key_builder.build(KEY), "Form:name", '{"a":1}'),
    ]


async def test_a_write_is_visible_at_once_and_survives_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "restart.sqlite3"
    first_db = Database(path, clock=clock)
    await first_db.open()
    first = SqliteStorage(first_db)
    await first.set_state(KEY, "Form:age")
    assert await first.get_state(KEY) == "Form:age"  # before any flush
    await first.update_data(KEY, {"name": "Ann"})
    await first.close()  # what BotApp does at shutdown
    await first_db.close()

    second_db = Database(path, clock=clock)
    await second_db.open()
    try:
        second = SqliteStorage(second_db)
        assert await second.get_state(KEY) == "Form:age"
        assert await second.get_data(KEY) == {"name": "Ann"}
    finally:
        await second_db.close()


async def test_a_write_during_a_cold_read_is_not_undone(db: Database, store: SqliteStorage) -> None:
    """A row read from disk must not overwrite a newer value written while the SELECT ran."""
    other = SqliteStorage(db)
    await other.set_data(KEY, {"v": "old"})
    await other.flush()
    reading = asyncio.create_task(store.get_data(KEY))  # starts the SELECT
    await asyncio.sleep(0)
    await store.set_data(KEY, {"v": "new"})
    await reading
    assert await store.get_data(KEY) == {"v": "new"}
    await store.flush()
    assert await rows(db) == [(store.key_builder.build(KEY), None, '{"v":"new"}')]


async def test_a_failed_flush_is_retried_not_lost(db: Database, store: SqliteStorage) -> None:
    await store.set_data(KEY, {"a": 1})
    await store.flush()
    if db.dialect == "sqlite":
        await db.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE ON fsm BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        )
    else:
        await db.execute(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'disk says no'; END $$"
        )
        await db.execute("CREATE TRIGGER refuse BEFORE UPDATE ON fsm FOR EACH ROW EXECUTE FUNCTION refuse()")
    await store.set_data(KEY, {"a": 2})
    with pytest.raises(Exception, match="disk says no"):
        await store.flush()
    assert await store.get_data(KEY) == {"a": 2}  # memory keeps the newest value
    await db.execute("DROP TRIGGER refuse" + ("" if db.dialect == "sqlite" else " ON fsm"))
    await store.flush()  # the row is still marked and is written now
    assert await rows(db) == [(store.key_builder.build(KEY), None, '{"a":2}')]


async def test_memory_is_bounded_but_unwritten_rows_are_kept(db: Database) -> None:
    store = SqliteStorage(db, max_cached=3)
    keys = [replace(KEY, user_id=i) for i in range(10)]
    for i, key in enumerate(keys):
        await store.set_data(key, {"i": i})
        assert store._dirty <= store._rows.keys()  # a row not yet on disk is never forgotten
    await store.flush()
    for key in keys:
        await store.get_data(key)
    assert len(store._rows) <= 3
    for i, key in enumerate(keys):  # forgotten rows are read back from disk
        assert await store.get_data(key) == {"i": i}
    await store.close()


@pytest.mark.date_sensitive
async def test_purge_forgets_purged_rows_in_memory(db: Database, store: SqliteStorage) -> None:
    await store.set_state(KEY, "Form:name")
    await store.flush()
    await db.execute("UPDATE fsm SET updated_at = ?", (to_iso(db.now() - timedelta(days=31)),))
    assert await store.purge_older_than(30) == 1
    assert await store.get_state(KEY) is None
    assert await rows(db) == []


async def test_a_new_row_is_written_without_reading_it(db: Database, store: SqliteStorage) -> None:
    """aiogram-dialog saves a brand-new context on every dialog start: no SELECT for it, and a
    column written blind never overwrites the other column already on disk."""
    other = SqliteStorage(db)
    await other.set_state(KEY, "Form:name")
    await other.set_data(KEY, {"kept": True})
    await other.close()
    context = replace(KEY, destiny="aiogd:context:abc")
    async with SqlTrace(db) as statements:
        await store.set_data(context, {"_intent_id": "abc"})
        await store.set_data(KEY, {"new": 1})  # state not read: stays as on disk
    assert statements == []
    assert await store.get_state(KEY) == "Form:name"
    assert await store.get_data(KEY) == {"new": 1}
    await store.set_state(replace(KEY, user_id=9), None)  # clearing a row nobody has
    await store.flush()
    assert await rows(db) == [
        (store.key_builder.build(context), None, '{"_intent_id":"abc"}'),
        (store.key_builder.build(KEY), "Form:name", '{"new":1}'),
    ]


async def test_flush_waits_for_the_commit_holding_its_rows(db: Database, store: SqliteStorage) -> None:
    """Two updates flushing at once share one transaction, and neither returns before it commits
    (before issue 14 the second caller returned while the first one's transaction, holding the
    second one's rows, was still open)."""
    await store.get_state(KEY)
    await store.get_state(replace(KEY, user_id=201))
    async with SqlTrace(db) as statements:
        await store.set_state(KEY, "Form:a")
        first = asyncio.create_task(store.flush())
        await asyncio.sleep(0)  # the first flush has woken the writer
        await store.set_state(replace(KEY, user_id=201), "Form:b")
        await store.flush()
        assert await rows(db) == [  # both on disk when the second flush returns
            (store.key_builder.build(KEY), "Form:a", None),
            (store.key_builder.build(replace(KEY, user_id=201)), "Form:b", None),
        ]
        await first
    assert not store.pending
    assert [r[1] for r in await rows(db)] == ["Form:a", "Form:b"]
    assert sum(1 for s in statements if s.startswith("BEGIN")) <= 2


async def test_flush_with_nothing_pending_costs_nothing(db: Database, store: SqliteStorage) -> None:
    await store.set_state(KEY, "Form:a")
    await store.flush()
    async with SqlTrace(db) as statements:
        await store.flush()
    assert statements == [] and not store.pending
