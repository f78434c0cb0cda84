"""Automations (issue 17): a rule's action and each alert's automatic write.

A rule's action is three columns of ``alert_rules`` (``action_kind``, ``action_mode``,
``action_delay_minutes``); an alert's automation is ``auto_scheduled_at`` / ``auto_done_at`` /
``auto_undone_at`` and the JSON ``automation`` (status, reason, the write's undo data).

"Never twice for one alert": :meth:`AutomationRepo.claim` stamps ``auto_done_at`` only where it is
still empty, in one statement; whoever gets the row changed makes the write.
"""

from __future__ import annotations

from typing import Any

from storage.alert_rows import Alert, dump_json, row_alert
from storage.db import Database

__all__ = ["AutomationRepo"]


class AutomationRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def set_action(
        self, tracker_id: int, rule_id: int, kind: str | None, mode: str | None, delay_minutes: int = 0
    ) -> bool:
        """Give the rule an action (``kind`` None: none)."""
        changed = await self.db.execute(
            "UPDATE alert_rules SET action_kind = ?, action_mode = ?, action_delay_minutes = ?"
            " WHERE id = ? AND tracker_id = ?",
            (kind, mode if kind else None, max(0, int(delay_minutes)) if kind else 0, rule_id, tracker_id),
            durable=True,
        )
        return changed > 0

    async def schedule(self, alert_id: int, at: str | None, automation: dict[str, Any]) -> None:
        await self.db.execute(
            "UPDATE alerts SET auto_scheduled_at = ?, automation = ? WHERE id = ?",
            (at, dump_json(automation), alert_id),
            durable=True,
        )

    async def note(self, alert_id: int, automation: dict[str, Any]) -> None:
        """Replace the alert's automation JSON (status, reason …)."""
        await self.db.execute(
            "UPDATE alerts SET automation = ? WHERE id = ?", (dump_json(automation), alert_id), durable=True
        )

    async def claim(self, alert_id: int, at: str) -> bool:
        """Stamp the automatic write as made; False when it was made (claimed) already."""
        changed = await self.db.execute(
            "UPDATE alerts SET auto_done_at = ? WHERE id = ? AND auto_done_at IS NULL",
            (at, alert_id),
            durable=True,
        )
        return changed > 0

    async def undone(self, alert_id: int, at: str, automation: dict[str, Any]) -> bool:
        """Stamp the undo (once): False when it was undone already or never made."""
        changed = await self.db.execute(
            "UPDATE alerts SET auto_undone_at = ?, automation = ?"
            " WHERE id = ? AND auto_done_at IS NOT NULL AND auto_undone_at IS NULL",
            (at, dump_json(automation), alert_id),
            durable=True,
        )
        return changed > 0

    async def done_since(self, tracker_id: int, since: str) -> int:
        """Automatic writes made on the tracker since ``since`` (the hourly limit)."""
        row = await self.db.fetch_one(
            "SELECT COUNT(*) AS n FROM alerts WHERE tracker_id = ? AND auto_done_at >= ?",
            (tracker_id, since),
        )
        return int(row["n"]) if row is not None else 0

    async def get(self, alert_id: int) -> Alert | None:
        row = await self.db.fetch_one("SELECT * FROM alerts WHERE id = ?", (alert_id,))
        return None if row is None else row_alert(row)
