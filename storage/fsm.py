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

Speed and durability (measured in ``bench/``: every update reads the state and the dialog
stack, and aiogram-dialog writes the stack back even when nothing changed): the storage keeps the
rows it has seen in memory (the process is the only writer of ``fsm``: one bot process per
database), so reads cost no SQL; a write that changes nothing is skipped; a write that changes
something updates memory at once and marks the row. Marked rows reach SQLite in one transaction,
gathered from every update in flight, either when :meth:`flush` asks for them or by a background
flush at most ``flush_delay`` after the first mark. The bot calls :meth:`flush` before every Bot
API call that shows something to a user and at the end of every update (``bot/session.py``), so
the step a user sees is on disk before the message that shows it leaves: a ``kill -9`` never
takes a user back to an earlier step (tests/e2e/test_kill9.py). :meth:`flush` returns when every
write made before the call is committed (only one task writes, so a caller never returns while
another one's transaction holding its rows is still open); it costs nothing when no row is
marked. :meth:`close` flushes, and the application flushes again before it closes the database
(updates still in flight at shutdown write after aiogram has closed the storage). If a write
fails (disk full…) the rows stay marked, :meth:`flush` raises, and the next write or flush
retries; the error is logged.

Reads that miss the memory read the row with one SELECT; at most ``max_cached`` rows are kept
(the least recently used clean rows are forgotten first, rows not yet on disk never are).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

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
from storage.fsm_json import dump_fsm_data
from storage.timefmt import to_iso

__all__ = ["SqliteStorage", "dump_fsm_data"]

log = logging.getLogger(__name__)

# Every write stamps ``updated_at`` with the database's clock (``Database.now``, formatted by
# storage.timefmt.to_iso like the column default of migration 1), never SQLite's 'now'.
_SELECT_ROW = "SELECT state, data FROM fsm WHERE key = ?"
_UPSERT_ROW = """
    INSERT INTO fsm (key, state, data, updated_at)
    VALUES (?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET
        state = excluded.state, data = excluded.data, updated_at = excluded.updated_at
"""
_DELETE_ROW = "DELETE FROM fsm WHERE key = ?"
# a row whose other column this process has not read: write only the known column
_UPSERT_STATE = """
    INSERT INTO fsm (key, state, data, updated_at)
    VALUES (?, ?, NULL, ?)
    ON CONFLICT (key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
"""
_UPSERT_DATA = """
    INSERT INTO fsm (key, state, data, updated_at)
    VALUES (?, NULL, ?, ?)
    ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
"""
_CLEAR_STATE = "UPDATE fsm SET state = NULL, updated_at = ? WHERE key = ?"
_CLEAR_DATA = "UPDATE fsm SET data = NULL, updated_at = ? WHERE key = ?"
_DELETE_IF_EMPTY = "DELETE FROM fsm WHERE key = ? AND state IS NULL AND data IS NULL"
_PURGE = "DELETE FROM fsm WHERE updated_at < ?"

MAX_CACHED_ROWS = 50_000
FLUSH_DELAY_SECONDS = 0.05  # a write nobody flushes (no reply, no end of update) waits no longer


class _Unknown(enum.Enum):
    """A column of a row this process wrote without reading (a new dialog context)."""

    UNKNOWN = "unknown"


UNKNOWN = _Unknown.UNKNOWN
_Cell = str | None | _Unknown  # state name / data as JSON text; None = empty
_Row = tuple[_Cell, _Cell]
_EMPTY: _Row = (None, None)


class SqliteStorage(BaseStorage):
    """aiogram :class:`BaseStorage` persisted in the ``fsm`` table of a shared :class:`Database`.

    The storage does not own the database: :meth:`close` flushes and leaves the connection open
    for the rest of the application; whoever opened the :class:`Database` closes it (after a
    last :meth:`flush`).
    """

    def __init__(
        self,
        db: Database,
        *,
        key_builder: KeyBuilder | None = None,
        max_cached: int = MAX_CACHED_ROWS,
        flush_delay: float = FLUSH_DELAY_SECONDS,
    ) -> None:
        self.db = db
        self.key_builder: KeyBuilder = key_builder or DefaultKeyBuilder(
            with_bot_id=True,
            with_business_connection_id=True,
            with_destiny=True,
        )
        self.max_cached = max(1, max_cached)
        self.flush_delay = flush_delay
        self._rows: dict[str, _Row] = {}  # insertion order = least recently used first
        self._dirty: set[str] = set()
        self._flusher: asyncio.Task[BaseException | None] | None = None  # the only writer
        self._flush_now = asyncio.Event()
        self._written = 0  # writes made so far (a counter, bumped by every row marked)
        self._committed = 0  # writes known to be in SQLite

    def _row_key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    # --- memory ------------------------------------------------------------------------------
    async def _row(self, row_key: str, *, state: bool = True, data: bool = True) -> _Row:
        """The row as memory knows it, read from SQLite first when the wanted column (``state``,
        ``data``) is not known; the wanted columns of the result are never ``UNKNOWN``."""
        row = self._rows.get(row_key)
        if row is None or (state and row[0] is UNKNOWN) or (data and row[1] is UNKNOWN):
            found = await self.db.fetch_one(_SELECT_ROW, (row_key,))
            on_disk: _Row = _EMPTY if found is None else (found[0], found[1])
            # a write that happened while the SELECT ran is newer than what it read; a column
            # this process never read is as it is on disk (only known columns are written)
            row = self._rows.get(row_key) or on_disk
            row = (
                on_disk[0] if row[0] is UNKNOWN else row[0],
                on_disk[1] if row[1] is UNKNOWN else row[1],
            )
        self._rows.pop(row_key, None)
        self._rows[row_key] = row  # most recently used goes last
        if len(self._rows) > self.max_cached:
            self._forget_clean()
        return row

    def _put(self, row_key: str, row: _Row) -> None:
        if self._rows.get(row_key) == row:
            return  # nothing changes: no write (aiogram-dialog saves unchanged stacks every update)
        self._rows[row_key] = row
        self._dirty.add(row_key)
        self._written += 1
        self._start_flusher()

    def _start_flusher(self) -> asyncio.Task[BaseException | None]:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush_loop())
        return self._flusher

    @property
    def pending(self) -> bool:
        """Whether some write is not yet known to be in SQLite."""
        return self._committed < self._written

    def _forget_clean(self) -> None:
        """Forget the least recently used rows already on disk, down to 90 % of the bound, so the
        walk over the oldest rows happens once per tenth of the bound, not on every new row."""
        excess = len(self._rows) - self.max_cached * 9 // 10
        victims: list[str] = []
        for row_key in self._rows:  # oldest first
            if len(victims) >= excess:
                break
            if row_key not in self._dirty:
                victims.append(row_key)
        for row_key in victims:
            del self._rows[row_key]

    # --- BaseStorage -------------------------------------------------------------------------
    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = _resolve_state(state)
        row_key = self._row_key(key)
        known = self._rows.get(row_key)
        self._put(row_key, (value, UNKNOWN if known is None else known[1]))

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._row(self._row_key(key), data=False)
        assert not isinstance(state, _Unknown)
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        payload = dump_fsm_data(data)
        row_key = self._row_key(key)
        known = self._rows.get(row_key)
        # a row not in memory (a new dialog context) is written without reading it first
        self._put(row_key, (UNKNOWN if known is None else known[0], payload))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._row(self._row_key(key), state=False)
        return _load(data)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge ``data`` into the stored dict (like ``dict.update``).

        Read, merge and write happen without yielding to the event loop once the row is in
        memory, so concurrent calls for the same key never lose each other's keys. Returns the
        new data as it is stored (JSON-normalised).
        """
        if not isinstance(data, Mapping):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        partial = dict(data)
        dump_fsm_data(partial)  # reject bad values before anything changes
        row_key = self._row_key(key)
        state, current = await self._row(row_key, state=False)
        merged = _load(current)
        merged.update(partial)
        payload = dump_fsm_data(merged)
        self._put(row_key, (state, payload))
        return _load(payload)

    # --- disk --------------------------------------------------------------------------------
    async def flush(self) -> None:
        """Return when every write made before the call is in SQLite; raises if writing failed.

        Cheap when nothing is pending (no SQL, no await). Concurrent callers share one
        transaction (group commit): the background writer is woken at once and each caller
        waits for the commit that holds its rows.
        """
        target = self._written
        while self._committed < target:
            flusher = self._start_flusher()
            self._flush_now.set()
            error = await asyncio.shield(flusher)
            if error is not None and self._committed < target:
                raise error

    async def _flush_loop(self) -> BaseException | None:
        """The one writer: waits ``flush_delay`` (or until :meth:`flush` asks), then writes the
        marked rows until none is left. Returns the error that stopped it, if any."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._flush_now.wait(), self.flush_delay)
        while self._dirty:
            self._flush_now.clear()
            try:
                await self._write_dirty()
            except Exception as exc:  # the rows stay marked: the next write or flush retries
                log.exception("could not write %d FSM row(s) to SQLite; will retry", len(self._dirty))
                return exc
        self._flush_now.clear()
        return None

    async def _write_dirty(self) -> None:
        keys, self._dirty = self._dirty, set()
        upto = self._written  # every write made so far is in ``keys`` or already committed
        rows = [(k, self._rows.get(k, _EMPTY)) for k in keys]
        try:
            await self.db.write_batch(_statements(rows, to_iso(self.db.now())))
        except BaseException:
            self._dirty |= keys
            raise
        self._committed = max(self._committed, upto)

    async def purge_older_than(self, days: int) -> int:
        """Delete rows not written for more than ``days`` days; returns how many went."""
        if days < 0:
            raise ValueError(f"days must be >= 0, got {days}")
        await self.flush()
        deleted = await self.db.execute(_PURGE, (to_iso(self.db.now() - timedelta(days=days)),))
        if deleted:  # forget what may be gone; rows written meanwhile stay (they are newer)
            for row_key in [k for k in self._rows if k not in self._dirty]:
                del self._rows[row_key]
        return deleted

    async def close(self) -> None:
        """Write what is pending; the shared :class:`Database` is closed by its owner."""
        await self.flush()


def _statements(rows: list[tuple[str, _Row]], stamp: str) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The statements that put ``rows`` on disk, grouped for ``executemany``; ``stamp`` is the
    ``updated_at`` of every row written."""
    groups: dict[str, list[tuple[Any, ...]]] = {}

    def add(sql: str, *params: Any) -> None:
        groups.setdefault(sql, []).append(params)

    for key, (state, data) in rows:
        if state is UNKNOWN and data is UNKNOWN:  # pragma: no cover - never put
            continue
        if state is UNKNOWN:
            if data is None:
                add(_CLEAR_DATA, stamp, key)
                add(_DELETE_IF_EMPTY, key)
            else:
                add(_UPSERT_DATA, key, data, stamp)
        elif data is UNKNOWN:
            if state is None:
                add(_CLEAR_STATE, stamp, key)
                add(_DELETE_IF_EMPTY, key)
            else:
                add(_UPSERT_STATE, key, state, stamp)
        elif state is None and data is None:
            add(_DELETE_ROW, key)
        else:
            add(_UPSERT_ROW, key, state, data, stamp)
    order = (
        _UPSERT_ROW,
        _UPSERT_STATE,
        _UPSERT_DATA,
        _CLEAR_STATE,
        _CLEAR_DATA,
        _DELETE_ROW,
        _DELETE_IF_EMPTY,
    )
    return [(sql, groups[sql]) for sql in order if sql in groups]


def _load(raw: Any) -> dict[str, Any]:
    assert raw is not UNKNOWN
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
