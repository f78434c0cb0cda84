"""Which chats receive a tracker's notifications: a private chat or a group, with a minimum severity,
conversion pushes on or off and an optional digest time.

One row per (chat, tracker). Unsubscribing and a chat that blocked the bot only switch rows off
(``active = 0``); subscribing again switches them back on. A group that became a supergroup moves
its rows (and the stored alert messages) to the new chat id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.db import Database, Row
from storage.outbox import OutboxRepo
from storage.timefmt import to_iso

__all__ = ["CHAT_TYPES", "SEVERITY_LEVELS", "Subscription", "SubscriptionRepo"]

SEVERITY_LEVELS = ("info", "warning", "critical")  # same values as alerts.model.Severity
CHAT_TYPES = ("private", "group", "supergroup", "channel")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    chat_id: int
    tracker_id: int
    created_by: int
    chat_type: str
    title: str | None
    language: str | None
    min_severity: str
    conversions: bool
    digest_time: str | None
    active: bool
    created_at: str

    @property
    def is_group(self) -> bool:
        return self.chat_type != "private"


def _sub(row: Row) -> Subscription:
    return Subscription(
        id=int(row["id"]),
        chat_id=int(row["chat_id"]),
        tracker_id=int(row["tracker_id"]),
        created_by=int(row["created_by"]),
        chat_type=row["chat_type"],
        title=row["title"],
        language=row["language"],
        min_severity=row["min_severity"],
        conversions=bool(row["conversions"]),
        digest_time=row["digest_time"],
        active=bool(row["active"]),
        created_at=row["created_at"],
    )


def _check_severity(value: str) -> str:
    if value not in SEVERITY_LEVELS:
        raise ValueError(f"severity must be one of {SEVERITY_LEVELS}, not {value!r}")
    return value


class SubscriptionRepo:
    """Callers check that the person may see the tracker before subscribing a chat to it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def subscribe(  # noqa: PLR0917 -- the signature other parts were promised
        self,
        chat_id: int,
        tracker_id: int,
        created_by: int,
        chat_type: str,
        title: str | None,
        language: str | None,
        min_severity: str = "info",
    ) -> Subscription:
        """Create the subscription, or update and re-activate the existing one of that chat and tracker."""
        if chat_type not in CHAT_TYPES:
            raise ValueError(f"chat_type must be one of {CHAT_TYPES}, not {chat_type!r}")
        await self.db.execute(
            "INSERT INTO subscriptions (chat_id, tracker_id, created_by, chat_type, title, language, "
            "min_severity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id, tracker_id) DO UPDATE SET created_by = excluded.created_by, "
            "chat_type = excluded.chat_type, title = excluded.title, language = excluded.language, "
            "min_severity = excluded.min_severity, active = 1",
            (
                chat_id,
                tracker_id,
                created_by,
                chat_type,
                title,
                language,
                _check_severity(min_severity),
                to_iso(self.db.now()),
            ),
        )
        found = await self.get(chat_id, tracker_id)
        assert found is not None
        return found

    async def get(self, chat_id: int, tracker_id: int) -> Subscription | None:
        row = await self.db.fetch_one(
            "SELECT * FROM subscriptions WHERE chat_id = ? AND tracker_id = ?", (chat_id, tracker_id)
        )
        return None if row is None else _sub(row)

    async def unsubscribe(self, chat_id: int, tracker_id: int) -> bool:
        """Switch the subscription off; False when there was no active one."""
        changed = await self.db.execute(
            "UPDATE subscriptions SET active = 0 WHERE chat_id = ? AND tracker_id = ? AND active = 1",
            (chat_id, tracker_id),
        )
        return changed > 0

    async def for_tracker(self, tracker_id: int) -> list[Subscription]:
        """The active subscriptions of a tracker (who gets its notifications), oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM subscriptions WHERE tracker_id = ? AND active = 1 ORDER BY id", (tracker_id,)
        )
        return [_sub(r) for r in rows]

    async def for_chat(self, chat_id: int, *, include_inactive: bool = False) -> list[Subscription]:
        """The subscriptions of a chat (active ones unless ``include_inactive``), oldest first."""
        sql = "SELECT * FROM subscriptions WHERE chat_id = ?"
        if not include_inactive:
            sql += " AND active = 1"
        rows = await self.db.fetch_all(sql + " ORDER BY id", (chat_id,))
        return [_sub(r) for r in rows]

    async def _set(self, chat_id: int, tracker_id: int, column: str, value: object) -> bool:
        assert column in {"min_severity", "conversions", "digest_time"}
        changed = await self.db.execute(
            f"UPDATE subscriptions SET {column} = ? WHERE chat_id = ? AND tracker_id = ?",
            (value, chat_id, tracker_id),
        )
        return changed > 0

    async def set_min_severity(self, chat_id: int, tracker_id: int, severity: str) -> bool:
        return await self._set(chat_id, tracker_id, "min_severity", _check_severity(severity))

    async def set_conversions(self, chat_id: int, tracker_id: int, on: bool) -> bool:
        return await self._set(chat_id, tracker_id, "conversions", int(on))

    async def set_digest_time(self, chat_id: int, tracker_id: int, hhmm: str | None) -> bool:
        """``HH:MM`` (24 h) or None for no digest."""
        if hhmm is not None and not _HHMM.match(hhmm):
            raise ValueError(f"digest time must be HH:MM, not {hhmm!r}")
        return await self._set(chat_id, tracker_id, "digest_time", hhmm)

    async def deactivate_chat(self, chat_id: int) -> int:
        """The chat blocked the bot, kicked it, or is gone: switch all its subscriptions off."""
        return await self.db.execute(
            "UPDATE subscriptions SET active = 0 WHERE chat_id = ? AND active = 1", (chat_id,)
        )

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: move its subscriptions and stored alert messages to the new id.

        Where the new chat already has a subscription to the same tracker (somebody subscribed the
        supergroup meanwhile), that one is kept and the old one dropped. Returns how many moved.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE subscriptions SET chat_id = ?, "
                "chat_type = CASE WHEN chat_type = 'group' THEN 'supergroup' ELSE chat_type END "
                "WHERE chat_id = ? AND NOT EXISTS (SELECT 1 FROM subscriptions AS there "
                "WHERE there.chat_id = ? AND there.tracker_id = subscriptions.tracker_id)",
                (new_chat_id, old_chat_id, new_chat_id),
            )
            moved = cursor.rowcount
            await cursor.close()
            await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
            await OutboxRepo.move_alert_messages(conn, old_chat_id, new_chat_id)
        return int(moved)
