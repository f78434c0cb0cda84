"""Alert groups (issue 19, storms): alerts of one tracker that fired together, told as one message.

A group collects the tracker's newly fired alerts until ``collect_until`` (its opening plus the
grouping window); it is resolved once every alert in it is. ``alerts.group_id`` says which group an
alert belongs to; ``alert_group_chats`` which of the group's alerts each chat was told of (a chat
hears only the alerts it would have heard alone, so its message lists only those).

The group's message in a chat is the outbox row with the dedup key ``group:{id}:fire:{chat}``: the
sender stores the message id on that row when Telegram confirms it (in the same write that marks it
sent), so no second record can disagree with the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storage.alert_rows import Alert, row_alert
from storage.db import Database, Row

__all__ = ["AlertGroup", "AlertGroupRepo", "fire_key"]


def fire_key(group_id: int, chat_id: int) -> str:
    """The dedup key of the group's message in a chat (the outbox row that holds its message id)."""
    return f"group:{group_id}:fire:{chat_id}"


@dataclass(frozen=True, slots=True)
class AlertGroup:
    id: int
    tracker_id: int
    opened_at: str
    collect_until: str
    resolved_at: str | None
    reminded_at: str | None


def _group(r: Row) -> AlertGroup:
    return AlertGroup(
        id=int(r["id"]),
        tracker_id=int(r["tracker_id"]),
        opened_at=str(r["opened_at"]),
        collect_until=str(r["collect_until"]),
        resolved_at=r["resolved_at"],
        reminded_at=r["reminded_at"],
    )


class AlertGroupRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, tracker_id: int, opened_at: str, collect_until: str) -> AlertGroup:
        group_id = await self.db.execute(
            "INSERT INTO alert_groups (tracker_id, opened_at, collect_until) VALUES (?, ?, ?)",
            (tracker_id, opened_at, collect_until),
            durable=True,
        )
        group = await self.get(group_id)
        assert group is not None
        return group

    async def get(self, group_id: int) -> AlertGroup | None:
        row = await self.db.fetch_one("SELECT * FROM alert_groups WHERE id = ?", (group_id,))
        return None if row is None else _group(row)

    async def collecting(self, tracker_id: int, now: str) -> AlertGroup | None:
        """The tracker's newest unresolved group still collecting at ``now``."""
        row = await self.db.fetch_one(
            "SELECT * FROM alert_groups WHERE tracker_id = ? AND resolved_at IS NULL AND collect_until >= ?"
            " ORDER BY id DESC LIMIT 1",
            (tracker_id, now),
        )
        return None if row is None else _group(row)

    async def open_groups(self, tracker_id: int) -> list[AlertGroup]:
        rows = await self.db.fetch_all(
            "SELECT * FROM alert_groups WHERE tracker_id = ? AND resolved_at IS NULL ORDER BY id",
            (tracker_id,),
        )
        return [_group(r) for r in rows]

    async def join(self, group_id: int, chats: Mapping[int, Iterable[int]]) -> None:
        """Put alerts in the group, and record which chat hears which (``{alert id: chat ids}``)."""
        async with self.db.transaction(durable=True) as conn:
            for alert_id, chat_ids in chats.items():
                await conn.execute("UPDATE alerts SET group_id = ? WHERE id = ?", (group_id, alert_id))
                for chat_id in chat_ids:
                    await conn.execute(
                        "INSERT INTO alert_group_chats (group_id, chat_id, alert_id) VALUES (?, ?, ?)"
                        " ON CONFLICT (group_id, chat_id, alert_id) DO NOTHING",
                        (group_id, chat_id, alert_id),
                    )

    async def group_of(self, alert_id: int) -> int | None:
        value = await self.db.fetch_value("SELECT group_id FROM alerts WHERE id = ?", (alert_id,))
        return None if value is None else int(value)

    async def alerts(self, group_id: int) -> list[Alert]:
        """Every alert of the group, oldest first."""
        rows = await self.db.fetch_all("SELECT * FROM alerts WHERE group_id = ? ORDER BY id", (group_id,))
        return [row_alert(r) for r in rows]

    async def alerts_for(self, group_id: int, chat_id: int) -> list[Alert]:
        """The group's alerts the chat was told of, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT alerts.* FROM alerts JOIN alert_group_chats AS c ON c.alert_id = alerts.id"
            " WHERE c.group_id = ? AND c.chat_id = ? ORDER BY alerts.id",
            (group_id, chat_id),
        )
        return [row_alert(r) for r in rows]

    async def chats(self, group_id: int) -> list[int]:
        rows = await self.db.fetch_all(
            "SELECT DISTINCT chat_id FROM alert_group_chats WHERE group_id = ? ORDER BY chat_id", (group_id,)
        )
        return [int(r["chat_id"]) for r in rows]

    async def message(self, group_id: int, chat_id: int) -> int | None:
        """The id of the group's message in the chat (``None``: not sent, or not yet)."""
        value = await self.db.fetch_value(
            "SELECT message_id FROM outbox WHERE dedup_key = ? AND sent_at IS NOT NULL",
            (fire_key(group_id, chat_id),),
        )
        return None if value is None else int(value)

    async def of_message(self, chat_id: int, message_id: int) -> int | None:
        """The group whose message in ``chat_id`` this is (a reply to it is a note on its alerts)."""
        rows = await self.db.fetch_all(
            "SELECT dedup_key FROM outbox WHERE chat_id = ? AND message_id = ? AND sent_at IS NOT NULL"
            " AND dedup_key LIKE 'group:%'",
            (chat_id, message_id),
        )
        for row in rows:
            key = str(row["dedup_key"])
            group = key.split(":")[1]
            if group.isdigit() and key == fire_key(int(group), chat_id):
                return int(group)
        return None

    async def resolve(self, group_id: int, at: str) -> bool:
        """Close the group (once: False when it was closed already)."""
        changed = await self.db.execute(
            "UPDATE alert_groups SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
            (at, group_id),
            durable=True,
        )
        return changed > 0

    async def remind(self, group_id: int, at: str) -> bool:
        """Record the group's one reminder (False: it had one already)."""
        changed = await self.db.execute(
            "UPDATE alert_groups SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
            (at, group_id),
            durable=True,
        )
        return changed > 0

    async def stop_collecting(self, group_id: int, at: str) -> None:
        await self.db.execute(
            "UPDATE alert_groups SET collect_until = ? WHERE id = ? AND collect_until > ?",
            (at, group_id, at),
            durable=True,
        )
