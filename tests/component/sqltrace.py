"""Every SQL statement a test's database connection runs, to prove what costs no SQL."""

from __future__ import annotations

from storage.db import Database


class SqlTrace:
    """Every statement the shared connection runs while active."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statements: list[str] = []

    async def __aenter__(self) -> list[str]:
        conn = self.db.conn
        await conn._execute(conn._conn.set_trace_callback, self.statements.append)
        return self.statements

    async def __aexit__(self, *exc: object) -> None:
        conn = self.db.conn
        await conn._execute(conn._conn.set_trace_callback, None)
