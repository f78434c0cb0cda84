"""Every SQL statement a test's database connection runs, to prove what costs no SQL."""

from __future__ import annotations

from storage.db import Database
from storage.pg import PgDatabase


class SqlTrace:
    """Every statement the database runs while active (SQLite's trace callback on the shared
    connection; on PostgreSQL, the statements every pooled connection is given)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statements: list[str] = []

    async def __aenter__(self) -> list[str]:
        if isinstance(self.db, PgDatabase):
            self.db.trace = self.statements.append
            return self.statements
        conn = self.db.conn
        await conn._execute(conn._conn.set_trace_callback, self.statements.append)
        return self.statements

    async def __aexit__(self, *exc: object) -> None:
        if isinstance(self.db, PgDatabase):
            self.db.trace = None
            return
        conn = self.db.conn
        await conn._execute(conn._conn.set_trace_callback, None)
