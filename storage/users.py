"""Users of the bot: language choice and role."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.db import Database
from storage.migrations import NOW


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str | None
    role: str
    username: str | None
    created_at: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _user(row: aiosqlite.Row) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        role=row["role"],
        username=row["username"],
        created_at=row["created_at"],
    )


class UserRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return None if row is None else _user(row)

    async def touch(self, user_id: int, *, username: str | None, role: str) -> User:
        """Create the user on first contact, refresh username/role/last-seen otherwise."""
        async with self.db.transaction() as conn:
            await conn.execute(
                f"""
                INSERT INTO users (id, username, role) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET username = excluded.username,
                    role = excluded.role, last_seen_at = {NOW}
                """,
                (user_id, username, role),
            )
            async with conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _user(row)

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def count(self) -> int:
        return int(await self.db.fetch_value("SELECT COUNT(*) FROM users"))
