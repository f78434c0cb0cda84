"""Users of the bot: language choice and role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.db import Database, Row
from storage.timefmt import to_iso


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str | None
    role: str
    username: str | None
    created_at: str
    name: str | None = None  # Telegram's full name, for "who joined" and "who did it"
    telegram_language: str | None = None  # "ru" / "en" from Telegram's language_code, if either

    @property
    def speaks(self) -> str | None:
        """The language to write to them in when they did not write first: their choice, else
        Telegram's (``None``: the bot's default)."""
        return self.language or self.telegram_language

    def display(self) -> str:
        """How the person is named to their team: their name, else @username, else the id."""
        if self.name:
            return self.name
        return f"@{self.username}" if self.username else str(self.id)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _user(row: Row) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        role=row["role"],
        username=row["username"],
        created_at=row["created_at"],
        name=row["name"],
        telegram_language=row["telegram_language"],
    )


class UserRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return None if row is None else _user(row)

    async def names(self, user_ids: list[int]) -> dict[int, str]:
        """How each person is named to their team (:meth:`User.display`); unknown ids by their id."""
        found: dict[int, str] = {uid: str(uid) for uid in user_ids}
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in await self.db.fetch_all(f"SELECT * FROM users WHERE id IN ({marks})", tuple(chunk)):
                found[int(row["id"])] = _user(row).display()
        return found

    async def touch(
        self,
        user_id: int,
        *,
        username: str | None,
        role: str,
        name: str | None = None,
        telegram_language: str | None = None,
    ) -> User:
        """Create the user on first contact, refresh username/name/role/last-seen otherwise (a
        ``name`` or ``telegram_language`` of ``None`` keeps the one saved)."""
        async with self.db.transaction() as conn:
            now = to_iso(self.db.now())
            await conn.execute(
                """
                INSERT INTO users (id, username, role, name, telegram_language, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET username = excluded.username,
                    role = excluded.role, name = COALESCE(excluded.name, users.name),
                    telegram_language = COALESCE(excluded.telegram_language, users.telegram_language),
                    last_seen_at = excluded.last_seen_at
                """,
                (user_id, username, role, name, telegram_language, now, now),
            )
            async with conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _user(row)

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def count(self) -> int:
        return int(await self.db.fetch_value("SELECT COUNT(*) FROM users"))

    # --- preferences (a small JSON object per user) -------------------------------------------
    async def prefs(self, user_id: int) -> dict[str, Any]:
        raw = await self.db.fetch_value("SELECT prefs FROM users WHERE id = ?", (user_id,))
        try:
            value = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    async def set_pref(self, user_id: int, key: str, value: Any) -> None:
        """Set (or with ``None`` remove) one preference, atomically."""
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT prefs FROM users WHERE id = ?", (user_id,)) as cur:
                row = await cur.fetchone()
            if row is None:
                return
            try:
                prefs = json.loads(row["prefs"] or "{}")
            except ValueError:
                prefs = {}
            if not isinstance(prefs, dict):
                prefs = {}
            if value is None:
                prefs.pop(key, None)
            else:
                prefs[key] = value
            await conn.execute(
                "UPDATE users SET prefs = ? WHERE id = ?", (json.dumps(prefs, sort_keys=True), user_id)
            )
