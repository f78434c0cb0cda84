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


class AuditRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self, user_id: int, action: str, *, tracker_id: int | None = None, **details: Any
    ) -> None:
        await self.db.execute(
            "INSERT INTO audit (user_id, tracker_id, action, details, created_at) VALUES (?, ?, ?, ?, ?)",
            (
                user_id,
                tracker_id,
                action,
                json.dumps(details, ensure_ascii=False, default=str),
                to_iso(self.db.now()),
            ),
        )

    async def for_user(self, user_id: int, limit: int = 50) -> list[AuditEntry]:
        rows = await self.db.fetch_all(
            "SELECT * FROM audit WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        )
        return [
            AuditEntry(
                id=r["id"],
                user_id=r["user_id"],
                tracker_id=r["tracker_id"],
                action=r["action"],
                details=json.loads(r["details"] or "{}"),
                created_at=r["created_at"],
            )
            for r in rows
        ]
