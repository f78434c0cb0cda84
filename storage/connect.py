"""The database the settings name: PostgreSQL for ``DATABASE_URL``, else the SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from storage.db import Database
from storage.pg import PgDatabase

__all__ = ["open_database"]


def open_database(url: str | None, path: str | Path, *, clock: Callable[[], datetime]) -> Database:
    """The database of the settings: PostgreSQL when ``url`` (``DATABASE_URL``) is set, else the
    SQLite file ``path``. Not opened yet (``storage.pg`` imports asyncpg only when it opens)."""
    if url:
        return PgDatabase(url, clock=clock)
    return Database(path, clock=clock)
