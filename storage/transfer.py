"""Moving an SQLite deployment to PostgreSQL: every table of the schema copied row for row, ids kept.

:func:`copy_sqlite_to_postgres` copies an open SQLite :class:`Database` into an open, migrated
:class:`PgDatabase`:

- the tables are read from the schema on both sides (``sqlite_master`` and
  ``information_schema``), never from a list written here: a table a future migration adds is
  copied without a change to this module, and a table or column one side has and the other has not
  stops the copy, named (both databases must be at the same schema version);
- the target must be empty: every table is locked and counted first, and rows found stop the copy
  (nothing is overwritten, nothing is mixed);
- tables are written parents first (the order comes from the target's foreign keys), each by
  ``COPY`` in batches; every value is given the Python type asyncpg expects for the target column's
  type (SQLite keeps any type in any column: an id stored as text becomes an int for ``BIGINT``, a
  text in a ``BLOB`` column — the bot id in ``meta`` — its UTF-8 bytes for ``BYTEA``), and a value
  that cannot be is named (table, column, row) instead of guessed;
- ids are kept, and every identity sequence then continues after the highest id the SQLite file
  ever gave (its ``sqlite_sequence`` counts deleted rows too: an id an old Telegram button still
  carries is never given to a new row);
- the source is read inside one SQLite transaction (a consistent snapshot; writers wait) and the
  target written inside one PostgreSQL transaction: all of it or nothing.

Ciphertexts are copied as they are: the secret key is not needed to copy, only to use the data
(the command checks it opens the data before it writes; ``bot/transfer.py``).
"""

from __future__ import annotations

import asyncio
import math
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

from storage.db import Database

if TYPE_CHECKING:
    from typing import TypeAlias

    import asyncpg

    from storage.pg import PgDatabase

    PgRaw: TypeAlias = asyncpg.Connection | asyncpg.pool.PoolConnectionProxy

__all__ = [
    "CONNECT_TIMEOUT",
    "CopyResult",
    "TransferError",
    "copy_sqlite_to_postgres",
    "database_errors",
    "stored_version",
]

CONNECT_TIMEOUT = 10.0  # seconds to reach PostgreSQL before a command gives up
BATCH = 1000  # rows per COPY
BIGINT = (-(2**63), 2**63 - 1)
PG_OWN_TABLES = frozenset({"schema_version"})  # PostgreSQL's migration bookkeeping, not data


class TransferError(Exception):
    """The copy cannot go on; the message is the one line the operator reads."""


@dataclass
class CopyResult:
    """Rows copied per table (in the order written) and the next id of every identity column."""

    counts: dict[str, int] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def database_errors(url: str | None) -> tuple[type[BaseException], ...]:
    """What opening the configured database may raise when it is unreachable or refuses us
    (asyncpg's errors only when ``url`` says PostgreSQL: it is imported only then)."""
    errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, TimeoutError)
    if url:
        import asyncpg

        errors += (asyncpg.PostgresError, asyncpg.InterfaceError)
    return errors


async def stored_version(url: str | None, path: Path) -> int | None:
    """The schema version of the configured database, read without creating or migrating it:
    ``None`` when the SQLite file does not exist, 0 for an empty database."""
    if url:
        import asyncpg

        server = await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
        try:
            if not await server.fetchval("SELECT to_regclass('schema_version') IS NOT NULL"):
                return 0
            return int(await server.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version") or 0)
        finally:
            await server.close()
    uri = await asyncio.to_thread(_read_only_uri, path)
    if uri is None:
        return None
    async with aiosqlite.connect(uri, uri=True) as conn, conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


def _read_only_uri(path: Path) -> str | None:
    """The URI that opens ``path`` read-only (SQLite creates nothing then); None: no such file."""
    if not path.exists():
        return None
    if not path.is_file():
        raise sqlite3.OperationalError(f"{path} is not a file")
    return f"{path.resolve().as_uri()}?mode=ro"


# --- the schema on both sides ---------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _sqlite_tables(conn: Any) -> dict[str, list[str]]:
    async with conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        " ORDER BY name"
    ) as cursor:
        names = [str(r[0]) for r in await cursor.fetchall()]
    tables: dict[str, list[str]] = {}
    for name in names:
        async with conn.execute(f"PRAGMA table_info({_quote(name)})") as cursor:
            tables[name] = [str(r[1]) for r in await cursor.fetchall()]
    return tables


async def _sqlite_sequences(conn: Any) -> dict[str, int]:
    """The highest id SQLite ever gave per AUTOINCREMENT table (deleted rows included)."""
    async with conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'") as cursor:
        if await cursor.fetchone() is None:
            return {}
    async with conn.execute("SELECT name, seq FROM sqlite_sequence") as cursor:
        return {str(r[0]): int(r[1] or 0) for r in await cursor.fetchall()}


async def _pg_tables(raw: PgRaw) -> dict[str, dict[str, str]]:
    """Table → column → type (``information_schema.columns.data_type``) of the current schema."""
    rows = await raw.fetch(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
        " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
        " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
        " WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position"
    )
    tables: dict[str, dict[str, str]] = {}
    for r in rows:
        if r["table_name"] not in PG_OWN_TABLES:
            tables.setdefault(str(r["table_name"]), {})[str(r["column_name"])] = str(r["data_type"])
    return tables


async def _pg_parents(raw: PgRaw) -> dict[str, set[str]]:
    """Table → the tables its foreign keys point to (itself left out)."""
    rows = await raw.fetch(
        "SELECT child.relname AS child, parent.relname AS parent FROM pg_constraint c"
        " JOIN pg_class child ON child.oid = c.conrelid JOIN pg_class parent ON parent.oid = c.confrelid"
        " JOIN pg_namespace n ON n.oid = child.relnamespace"
        " WHERE c.contype = 'f' AND n.nspname = current_schema()"
    )
    parents: dict[str, set[str]] = {}
    for r in rows:
        if r["child"] != r["parent"]:
            parents.setdefault(str(r["child"]), set()).add(str(r["parent"]))
    return parents


def _same_schema(source: dict[str, list[str]], target: dict[str, dict[str, str]]) -> None:
    only_source, only_target = sorted(set(source) - set(target)), sorted(set(target) - set(source))
    if only_source or only_target:
        said = []
        if only_source:
            said.append(f"only in the SQLite file: {', '.join(only_source)}")
        if only_target:
            said.append(f"only in PostgreSQL: {', '.join(only_target)}")
        raise TransferError(
            f"the two schemas have different tables ({'; '.join(said)}); both must be this bot's schema "
            "at the same version"
        )
    for table, columns in source.items():
        left, right = set(columns), set(target[table])
        if left != right:
            raise TransferError(
                f"the table {table} has different columns (only in the SQLite file: "
                f"{', '.join(sorted(left - right)) or 'none'}; only in PostgreSQL: "
                f"{', '.join(sorted(right - left)) or 'none'}); both must be this bot's schema at the "
                "same version"
            )


def copy_order(tables: Iterable[str], parents: dict[str, set[str]]) -> list[str]:
    """Every table after the tables it refers to (alphabetical among equals)."""
    waiting = {t: set(parents.get(t, set())) & set(tables) for t in tables}
    order: list[str] = []
    while waiting:
        ready = sorted(t for t, needs in waiting.items() if not needs)
        if not ready:
            raise TransferError(f"the foreign keys of {', '.join(sorted(waiting))} form a circle")
        for table in ready:
            del waiting[table]
            order.append(table)
        for needs in waiting.values():
            needs.difference_update(ready)
    return order


# --- values ---------------------------------------------------------------------------------------


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        number = int(value.strip())
    else:
        raise ValueError(f"a {type(value).__name__} that is not a whole number")
    if not BIGINT[0] <= number <= BIGINT[1]:
        raise ValueError("a whole number beyond 64 bits")
    return number


def _real(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    raise ValueError(f"a {type(value).__name__} that is not a number")


def _text(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("bytes that are not UTF-8 text") from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        raise ValueError(f"a {type(value).__name__}")
    if "\x00" in text:
        raise ValueError("text with a NUL character (PostgreSQL's text cannot hold one)")
    return text


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise ValueError(f"a {type(value).__name__} where bytes belong")


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "bigint": _integer,
    "integer": _integer,
    "smallint": _integer,
    "double precision": _real,
    "real": _real,
    "text": _text,
    "character varying": _text,
    "bytea": _bytes,
}


def converter(pg_type: str) -> Callable[[Any], Any]:
    """The function that turns an SQLite value into what asyncpg sends for ``pg_type`` (None stays
    None)."""
    convert = CONVERTERS.get(pg_type)
    if convert is None:
        raise TransferError(
            f"no conversion to PostgreSQL's {pg_type} (this module knows {', '.join(CONVERTERS)})"
        )
    return convert


# --- the copy -------------------------------------------------------------------------------------


async def copy_sqlite_to_postgres(source: Database, target: PgDatabase) -> CopyResult:
    """Copy every table of ``source`` (SQLite, open) into ``target`` (PostgreSQL, open and migrated,
    empty), in one transaction on each side; :class:`TransferError` says why not."""
    if source.dialect != "sqlite" or target.dialect != "postgres":
        raise TransferError("the copy goes from an SQLite file to PostgreSQL")
    result = CopyResult()
    async with source.transaction() as src, target.transaction() as dst:
        raw = dst.raw
        tables = await _sqlite_tables(src)
        target_tables = await _pg_tables(raw)
        _same_schema(tables, target_tables)
        order = copy_order(tables, await _pg_parents(raw))
        await raw.execute(f"LOCK TABLE {', '.join(_quote(t) for t in order)} IN EXCLUSIVE MODE")
        await _refuse_rows(raw, order)
        for table in order:
            columns = tables[table]
            types = [target_tables[table][c] for c in columns]
            result.counts[table] = await _copy_table(src, raw, table, columns, types)
        result.next_ids = await _continue_identities(raw, await _sqlite_sequences(src))
    return result


async def _refuse_rows(raw: PgRaw, tables: list[str]) -> None:
    found = {t: int(await raw.fetchval(f"SELECT count(*) FROM {_quote(t)}")) for t in tables}
    full = {t: n for t, n in found.items() if n}
    if full:
        listed = ", ".join(f"{t}: {n} row{'s' if n != 1 else ''}" for t, n in full.items())
        raise TransferError(
            f"the PostgreSQL database is not empty ({listed}); copy into an empty database (a new one: "
            "createdb, or drop and create this one) so that nothing in it is overwritten or mixed"
        )


async def _copy_table(src: Any, raw: PgRaw, table: str, columns: list[str], types: list[str]) -> int:
    import asyncpg

    converters = [converter(t) for t in types]
    names = ", ".join(_quote(c) for c in columns)
    copied = 0
    async with src.execute(f"SELECT rowid, {names} FROM {_quote(table)} ORDER BY rowid") as cursor:
        while rows := await cursor.fetchmany(BATCH):
            records = [_record(table, columns, converters, row) for row in rows]
            try:
                await raw.copy_records_to_table(table, records=records, columns=columns)
            except asyncpg.PostgresError as exc:
                detail = getattr(exc, "detail", None)
                raise TransferError(
                    f"PostgreSQL refused a row of {table}: {exc}" + (f" ({detail})" if detail else "")
                ) from exc
            copied += len(records)
    written = int(await raw.fetchval(f"SELECT count(*) FROM {_quote(table)}"))
    if written != copied:
        raise TransferError(f"{table}: {copied} rows read but {written} in PostgreSQL")
    return copied


def _record(
    table: str, columns: list[str], converters: list[Callable[[Any], Any]], row: Any
) -> tuple[Any, ...]:
    values: list[Any] = []
    for index, convert in enumerate(converters, start=1):
        value = row[index]
        if value is None:
            values.append(None)
            continue
        try:
            values.append(convert(value))
        except ValueError as exc:
            raise TransferError(
                f"{table}.{columns[index - 1]} of the row with rowid {row[0]} holds {exc}; fix that row "
                "in the SQLite file (sqlite3) and copy again"
            ) from None
    return tuple(values)


async def _continue_identities(raw: PgRaw, used: dict[str, int]) -> dict[str, int]:
    """Every identity (or serial) column continues after its highest id, or after the highest id the
    SQLite file ever gave, whichever is greater. Returns table → the next id."""
    rows = await raw.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"
        " ORDER BY table_name"
    )
    next_ids: dict[str, int] = {}
    for r in rows:
        table, column = str(r["table_name"]), str(r["column_name"])
        if table in PG_OWN_TABLES:
            continue
        highest = int(await raw.fetchval(f"SELECT COALESCE(MAX({_quote(column)}), 0) FROM {_quote(table)}"))
        following = max(highest, used.get(table, 0)) + 1
        await raw.execute(
            "SELECT setval(pg_get_serial_sequence($1, $2), $3, false)", _quote(table), column, following
        )
        next_ids[table] = following
    return next_ids
