"""Audit log: who did what to which tracker. Never stores secrets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.db import Database
from storage.timefmt import to_iso


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    user_id: int
    tracker_id: int | None
    action: str
    details: dict[str, Any]
    created_at: str
    role: str | None = None  # what the person was on the tracker then: owner, manager, operator, viewer


def _entry(r: Any) -> AuditEntry:
    return AuditEntry(
        id=r["id"],
        user_id=r["user_id"],
        tracker_id=r["tracker_id"],
        action=r["action"],
        details=json.loads(r["details"] or "{}"),
        created_at=r["created_at"],
        role=r["role"],
    )


class AuditRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self, user_id: int, action: str, *, tracker_id: int | None = None, **details: Any
    ) -> None:
        """One entry in the person's name. The role they hold on the tracker at this moment is
        stamped by the same statement (owner, or their membership's role), so no caller can
        forget or misstate it."""
        await self.db.execute(
            "INSERT INTO audit (user_id, tracker_id, action, details, created_at, role)"
            " VALUES (?, ?, ?, ?, ?,"
            " COALESCE((SELECT 'owner' FROM trackers WHERE id = ? AND owner_id = ?),"
            " (SELECT role FROM members WHERE tracker_id = ? AND user_id = ?)))",
            (
                user_id,
                tracker_id,
                action,
                json.dumps(details, ensure_ascii=False, default=str),
                to_iso(self.db.now()),
                tracker_id,
                user_id,
                tracker_id,
                user_id,
            ),
        )

    async def for_user(self, user_id: int, limit: int = 50) -> list[AuditEntry]:
        rows = await self.db.fetch_all(
            "SELECT * FROM audit WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
        return [_entry(r) for r in rows]

    async def for_tracker(
        self, tracker_id: int, limit: int = 10, *, before_id: int | None = None
    ) -> list[AuditEntry]:
        """The tracker's newest entries, whoever made them (the owner's audit view pages back
        with ``before_id``)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM audit WHERE tracker_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
            (tracker_id, before_id if before_id is not None else 2**62, limit),
        )
        return [_entry(r) for r in rows]
