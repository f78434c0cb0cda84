"""aiogram FSM storage on SQLite (table ``fsm``), shared with aiogram-dialog.

One row per storage key: ``key`` is built by a :class:`KeyBuilder` from every
:class:`StorageKey` field (bot, business connection, chat, thread, user, destiny), ``state``
is the state name or NULL, ``data`` is a JSON object or NULL when empty. State and data are
independent (clearing one never touches the other); a row whose state is NULL and whose data
is empty is deleted, so aiogram-dialog's ``set_data({})`` removals do not pile up.

Data is stored as JSON, never pickled. Accepted values: ``dict`` with ``str`` keys,
``list``, ``tuple``, ``str``, ``int``, ``float`` (finite), ``bool`` and ``None``. What comes
back is plain JSON: tuples come back as lists, subclasses (``StrEnum``, ``IntEnum``…) come
back as their base type. Anything else (datetime, set, bytes, NaN, non-``str`` keys, objects)
is rejected by :meth:`SqliteStorage.set_data` / :meth:`SqliteStorage.update_data` with a
``TypeError`` naming the offending key, before anything is written.

Writes go through :meth:`Database.transaction`, which is not re-entrant: do not call this
storage from inside your own ``async with db.transaction()`` block.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import aiosqlite
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)

from storage.db import Database

__all__ = ["SqliteStorage", "dump_fsm_data"]

# Timestamps use the same format as the column default in migration 1 (storage.migrations.NOW).
_SELECT_STATE = "SELECT state FROM fsm WHERE key = ?"
_SELECT_DATA = "SELECT data FROM fsm WHERE key = ?"
_UPSERT_STATE = """
    INSERT INTO fsm (key, state, data, updated_at)
    VALUES (?, ?, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
"""
_UPSERT_DATA = """
    INSERT INTO fsm (key, state, data, updated_at)
    VALUES (?, NULL, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
"""
_CLEAR_STATE = """
    UPDATE fsm SET state = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE key = ?
"""
_CLEAR_DATA = """
    UPDATE fsm SET data = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE key = ?
"""
_DELETE_IF_EMPTY = "DELETE FROM fsm WHERE key = ? AND state IS NULL AND data IS NULL"
_PURGE = "DELETE FROM fsm WHERE updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)"


class SqliteStorage(BaseStorage):
    """aiogram :class:`BaseStorage` persisted in the ``fsm`` table of a shared :class:`Database`.

    The storage does not own the database: :meth:`close` leaves the connection open for the
    rest of the application; whoever opened the :class:`Database` closes it.
    """

    def __init__(self, db: Database, *, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder: KeyBuilder = key_builder or DefaultKeyBuilder(
            with_bot_id=True,
            with_business_connection_id=True,
            with_destiny=True,
        )

    def _row_key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = _resolve_state(state)
        row_key = self._row_key(key)
        async with self.db.transaction() as conn:
            if value is None:
                await conn.execute(_CLEAR_STATE, (row_key,))
                await conn.execute(_DELETE_IF_EMPTY, (row_key,))
            else:
                await conn.execute(_UPSERT_STATE, (row_key, value))

    async def get_state(self, key: StorageKey) -> str | None:
        value = await self.db.fetch_value(_SELECT_STATE, (self._row_key(key),))
        return None if value is None else str(value)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        payload = dump_fsm_data(data)
        row_key = self._row_key(key)
        async with self.db.transaction() as conn:
            await _write_data(conn, row_key, payload)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        raw = await self.db.fetch_value(_SELECT_DATA, (self._row_key(key),))
        return _load(raw)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge ``data`` into the stored dict (like ``dict.update``) in one transaction.

        Concurrent calls for the same key serialise on the database's write lock, so no
        update loses another's keys. Returns the new data as it is stored (JSON-normalised).
        """
        if not isinstance(data, Mapping):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        partial = dict(data)
        dump_fsm_data(partial)  # reject bad values before taking the write lock
        row_key = self._row_key(key)
        async with self.db.transaction() as conn:
            async with conn.execute(_SELECT_DATA, (row_key,)) as cursor:
                row = await cursor.fetchone()
            merged = _load(None if row is None else row[0])
            merged.update(partial)
            payload = dump_fsm_data(merged)
            await _write_data(conn, row_key, payload)
        return _load(payload)

    async def purge_older_than(self, days: int) -> int:
        """Delete rows not written for more than ``days`` days; returns how many went."""
        if days < 0:
            raise ValueError(f"days must be >= 0, got {days}")
        return await self.db.execute(_PURGE, (f"-{int(days)} days",))

    async def close(self) -> None:
        """Nothing to release: the shared :class:`Database` is closed by its owner."""


def dump_fsm_data(data: Mapping[str, Any]) -> str | None:
    """Serialise FSM data to compact JSON, or ``None`` for an empty dict.

    Raises ``TypeError`` naming the offending key when a value is not plain JSON.
    """
    if not data:
        return None
    _check_json(data, "data", set())
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


async def _write_data(conn: aiosqlite.Connection, row_key: str, payload: str | None) -> None:
    if payload is None:
        await conn.execute(_CLEAR_DATA, (row_key,))
        await conn.execute(_DELETE_IF_EMPTY, (row_key,))
    else:
        await conn.execute(_UPSERT_DATA, (row_key, payload))


def _load(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict):  # pragma: no cover - only a hand-edited row gets here
        raise ValueError(f"FSM data row holds {type(value).__name__}, expected a JSON object")
    return value


def _resolve_state(state: StateType) -> str | None:
    if isinstance(state, State):
        return state.state
    if state is None or isinstance(state, str):
        return state
    msg = f"FSM state must be a State, str or None, got {type(state).__name__}"
    raise TypeError(msg)


def _check_json(value: Any, path: str, active: set[int]) -> None:
    """Walk ``value`` and raise ``TypeError`` at the first thing JSON cannot round-trip."""
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"FSM data at {path} is {value!r}: NaN and infinity are not valid JSON")
        return
    if isinstance(value, dict | list | tuple):
        if id(value) in active:
            raise TypeError(f"FSM data at {path} contains a circular reference")
        active.add(id(value))
        try:
            if isinstance(value, dict):
                for k, item in value.items():
                    if not isinstance(k, str):
                        raise TypeError(
                            f"FSM data at {path} has key {k!r} of type {type(k).__name__}; "
                            "JSON object keys must be str"
                        )
                    _check_json(item, f"{path}[{k!r}]", active)
            else:
                for index, item in enumerate(value):
                    _check_json(item, f"{path}[{index}]", active)
        finally:
            active.discard(id(value))
        return
    raise TypeError(
        f"FSM data at {path} is a {type(value).__module__}.{type(value).__qualname__}, "
        "which is not JSON-serialisable (allowed: dict with str keys, list, tuple, str, int, "
        "float, bool, None); convert it first, e.g. datetime -> isoformat()"
    )
