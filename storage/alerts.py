"""Alert rules, their state per identity (rule + scope), alert episodes and the messages about them
(those are stored by the outbox: :mod:`storage.outbox`).

Rows are plain dataclasses; every owner-facing query filters by owner (or by a tracker the caller
has checked). The engine reads rules of all trackers (it runs for everybody).

Times are ISO-8601 UTC strings in one format (:func:`to_iso`, e.g. ``2026-11-26T03:00:00.000Z``,
the same as the schema's defaults), so they compare correctly as text. JSON columns (``params``,
``data``, ``details``) are dicts here.

Identity: one rule + one scope (``""`` or e.g. ``"campaign:12"``) has at most one open alert —
the partial unique index ``ux_alerts_one_open`` guarantees it, and :meth:`AlertRepo.open_alert`
returns the open one instead of failing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from storage.alert_events import AlertEventRepo, record_fired, record_resolved
from storage.alert_rows import Alert, AlertRule, AlertStateRow, dump_json, row_alert, row_rule
from storage.alert_states import AlertStates
from storage.automations import AutomationRepo
from storage.db import Database
from storage.outbox import OutboxRepo
from storage.timefmt import from_iso, to_iso

__all__ = ["Alert", "AlertRepo", "AlertRule", "AlertStateRow", "from_iso", "to_iso"]


RULE_FIELDS = frozenset({"kind", "name", "campaign_id", "params", "severity", "enabled", "muted_until"})
"""What :meth:`AlertRepo.update` may change on a rule."""

ALERT_FIELDS = frozenset(
    {
        "severity",
        "last_value",
        "worst_value",
        "repeats",
        "last_notified_at",
        "snoozed_until",
        "escalation_step",
        "escalate_at",
        "details",
    }
)
"""What :meth:`AlertRepo.update_alert` may change on an alert (acks go through :meth:`AlertRepo.ack`,
resolving through :meth:`AlertRepo.resolve`)."""


def _placeholders(values: Iterable[Any]) -> tuple[str, list[Any]]:
    items = list(values)
    return ", ".join("?" for _ in items), items


class AlertRepo(AlertStates):
    """Rules (owner-scoped), states, alert episodes and their Telegram messages."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._outbox = OutboxRepo(db)
        self.automation = AutomationRepo(db)  # rules' actions and alerts' automatic writes
        self.events = AlertEventRepo(db)  # each alert's timeline (issue 19)

    # --- rules ------------------------------------------------------------------------------
    async def create(  # noqa: PLR0917 -- the signature other parts were promised
        self,
        owner_id: int,
        tracker_id: int,
        kind: str,
        name: str,
        campaign_id: int | None,
        params: dict[str, Any],
        severity: str,
    ) -> AlertRule:
        now = to_iso(self.db.now())
        rule_id = await self.db.execute(
            "INSERT INTO alert_rules (owner_id, tracker_id, kind, name, campaign_id, params, severity,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (owner_id, tracker_id, kind, name, campaign_id, dump_json(params), severity, now, now),
            durable=True,
        )
        rule = await self.get(tracker_id, rule_id)
        assert rule is not None
        return rule

    # A rule belongs to its tracker, not to whoever made it (``owner_id`` is its author): the
    # reads and changes below take the tracker's id, after the access decision allowed the person.
    async def get(self, tracker_id: int, rule_id: int) -> AlertRule | None:
        row = await self.db.fetch_one(
            "SELECT * FROM alert_rules WHERE id = ? AND tracker_id = ?", (rule_id, tracker_id)
        )
        return None if row is None else row_rule(row)

    async def get_rule(self, rule_id: int) -> AlertRule | None:
        """A rule by id alone: for the engine and for buttons that check access themselves."""
        row = await self.db.fetch_one("SELECT * FROM alert_rules WHERE id = ?", (rule_id,))
        return None if row is None else row_rule(row)

    async def list_for_tracker(self, tracker_id: int) -> list[AlertRule]:
        rows = await self.db.fetch_all(
            "SELECT * FROM alert_rules WHERE tracker_id = ? ORDER BY id", (tracker_id,)
        )
        return [row_rule(r) for r in rows]

    async def update(self, tracker_id: int, rule_id: int, /, **fields: Any) -> AlertRule | None:
        """Change some of :data:`RULE_FIELDS`; ``None`` when the tracker has no such rule."""
        unknown = set(fields) - RULE_FIELDS
        if unknown:
            raise ValueError(f"cannot update {', '.join(sorted(unknown))}")
        if fields:
            values: list[Any] = []
            sets: list[str] = []
            for name, value in sorted(fields.items()):
                sets.append(f"{name} = ?")
                if name == "params":
                    values.append(dump_json(value))
                elif name == "enabled":
                    values.append(int(bool(value)))
                else:
                    values.append(value)
            await self.db.execute(
                f"UPDATE alert_rules SET {', '.join(sets)}, updated_at = ? WHERE id = ? AND tracker_id = ?",
                (*values, to_iso(self.db.now()), rule_id, tracker_id),
                durable=True,
            )
        return await self.get(tracker_id, rule_id)

    async def delete(self, tracker_id: int, rule_id: int) -> bool:
        """Remove the rule with its states, alerts and their messages (cascade)."""
        changed = await self.db.execute(
            "DELETE FROM alert_rules WHERE id = ? AND tracker_id = ?", (rule_id, tracker_id), durable=True
        )
        return changed > 0

    async def set_enabled(self, tracker_id: int, rule_id: int, enabled: bool) -> bool:
        return (
            await self.db.execute(
                "UPDATE alert_rules SET enabled = ?, updated_at = ? WHERE id = ? AND tracker_id = ?",
                (int(enabled), to_iso(self.db.now()), rule_id, tracker_id),
                durable=True,
            )
            > 0
        )

    async def mute(self, rule_id: int, until: str | None) -> bool:
        """Mute the rule until ``until`` (ISO UTC), or unmute it with ``None``."""
        return (
            await self.db.execute(
                "UPDATE alert_rules SET muted_until = ?, updated_at = ? WHERE id = ?",
                (until, to_iso(self.db.now()), rule_id),
                durable=True,
            )
            > 0
        )

    async def muted(self, tracker_ids: Iterable[int], now: str) -> list[AlertRule]:
        """Rules of these trackers muted beyond ``now`` (for /silences)."""
        marks, ids = _placeholders(tracker_ids)
        if not ids:
            return []
        rows = await self.db.fetch_all(
            f"SELECT * FROM alert_rules WHERE tracker_id IN ({marks}) AND muted_until > ?"
            " ORDER BY muted_until",
            (*ids, now),
        )
        return [row_rule(r) for r in rows]

    async def all_enabled(self) -> dict[int, list[AlertRule]]:
        """Every enabled rule, grouped by tracker id (rules in id order)."""
        rows = await self.db.fetch_all("SELECT * FROM alert_rules WHERE enabled = 1 ORDER BY tracker_id, id")
        grouped: dict[int, list[AlertRule]] = {}
        for row in rows:
            rule = row_rule(row)
            grouped.setdefault(rule.tracker_id, []).append(rule)
        return grouped

    # --- alert episodes ---------------------------------------------------------------------
    async def open_alert(  # noqa: PLR0917 -- the signature other parts were promised
        self,
        rule_id: int,
        scope: str,
        tracker_id: int,
        severity: str,
        opened_at: str,
        value: float | None,
        details: dict[str, Any] | None = None,
    ) -> Alert:
        """Open an alert for the identity, or return the one already open (never two)."""
        try:
            async with self.db.transaction(durable=True) as conn:
                async with conn.execute(
                    "SELECT id FROM alerts WHERE rule_id = ? AND scope = ? AND resolved_at IS NULL",
                    (rule_id, scope),
                ) as cur:
                    existing = await cur.fetchone()
                if existing is None:
                    await conn.execute(
                        "INSERT INTO alerts (rule_id, scope, tracker_id, severity, opened_at, first_value,"
                        " last_value, worst_value, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            rule_id,
                            scope,
                            tracker_id,
                            severity,
                            opened_at,
                            value,
                            value,
                            value,
                            dump_json(details),
                        ),
                    )
                    await record_fired(conn, rule_id, scope, opened_at, value, severity)
        except sqlite3.IntegrityError:
            pass  # another process opened it between our SELECT and INSERT: the index held
        alert = await self.get_open(rule_id, scope)
        assert alert is not None
        return alert

    async def get_open(self, rule_id: int, scope: str) -> Alert | None:
        row = await self.db.fetch_one(
            "SELECT * FROM alerts WHERE rule_id = ? AND scope = ? AND resolved_at IS NULL", (rule_id, scope)
        )
        return None if row is None else row_alert(row)

    async def last_alert(self, rule_id: int, scope: str) -> Alert | None:
        """The newest alert of the identity, open or resolved."""
        row = await self.db.fetch_one(
            "SELECT * FROM alerts WHERE rule_id = ? AND scope = ? ORDER BY id DESC LIMIT 1", (rule_id, scope)
        )
        return None if row is None else row_alert(row)

    async def get_alert(self, alert_id: int) -> Alert | None:
        row = await self.db.fetch_one("SELECT * FROM alerts WHERE id = ?", (alert_id,))
        return None if row is None else row_alert(row)

    async def update_alert(self, alert_id: int, **fields: Any) -> bool:
        """Change some of :data:`ALERT_FIELDS`."""
        unknown = set(fields) - ALERT_FIELDS
        if unknown:
            raise ValueError(f"cannot update {', '.join(sorted(unknown))}")
        if not fields:
            return False
        sets: list[str] = []
        values: list[Any] = []
        for name, value in sorted(fields.items()):
            sets.append(f"{name} = ?")
            values.append(dump_json(value) if name == "details" else value)
        changed = await self.db.execute(
            f"UPDATE alerts SET {', '.join(sets)} WHERE id = ?",
            (*values, alert_id),
            durable=True,
        )
        return changed > 0

    async def resolve(self, alert_id: int, at: str, last_value: float | None) -> bool:
        """Close the alert (no-op when it is closed already)."""
        async with self.db.transaction(durable=True) as conn:
            async with conn.execute(
                "UPDATE alerts SET resolved_at = ?, last_value = ? WHERE id = ? AND resolved_at IS NULL",
                (at, last_value, alert_id),
            ) as cur:
                changed = int(cur.rowcount)
            if changed > 0:  # the timeline's "resolved" (issue 19), in the same transaction
                await record_resolved(conn, alert_id, at, last_value)
        return changed > 0

    async def list_open(self, tracker_ids: Iterable[int] | None = None) -> list[Alert]:
        """Open alerts of these trackers (all trackers with ``None``), oldest first."""
        if tracker_ids is None:
            rows = await self.db.fetch_all("SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY id")
            return [row_alert(r) for r in rows]
        marks, ids = _placeholders(tracker_ids)
        if not ids:
            return []
        rows = await self.db.fetch_all(
            f"SELECT * FROM alerts WHERE resolved_at IS NULL AND tracker_id IN ({marks}) ORDER BY id",
            ids,
        )
        return [row_alert(r) for r in rows]

    async def snoozed(self, tracker_ids: Iterable[int], now: str) -> list[Alert]:
        """Open alerts of these trackers snoozed beyond ``now`` (for /silences)."""
        marks, ids = _placeholders(tracker_ids)
        if not ids:
            return []
        rows = await self.db.fetch_all(
            f"SELECT * FROM alerts WHERE tracker_id IN ({marks}) AND resolved_at IS NULL"
            " AND snoozed_until > ? ORDER BY snoozed_until",
            (*ids, now),
        )
        return [row_alert(r) for r in rows]

    async def ack(self, alert_id: int, user_id: int, name: str | None, at: str) -> Alert | None:
        """Acknowledge an open alert; the first ack wins (a second one changes nothing). The alert
        as it is afterwards (``acked_by`` tells who won), ``None`` when there is no such alert."""
        await self.db.execute(
            "UPDATE alerts SET acked_by = ?, acked_by_name = ?, acked_at = ?"
            " WHERE id = ? AND acked_by IS NULL AND resolved_at IS NULL",
            (user_id, name, at, alert_id),
            durable=True,
        )
        return await self.get_alert(alert_id)

    async def snooze(self, alert_id: int, until: str | None) -> bool:
        """Snooze an open alert until ``until`` (ISO UTC); ``None`` ends the snooze."""
        return (
            await self.db.execute(
                "UPDATE alerts SET snoozed_until = ? WHERE id = ? AND resolved_at IS NULL",
                (until, alert_id),
                durable=True,
            )
            > 0
        )

    # --- messages (the outbox owns alert_messages: it writes a row when a send is confirmed) ---
    async def messages_of(self, alert_id: int) -> list[tuple[int, int]]:
        """``(chat_id, message_id)`` of every stored message about the alert."""
        return await self._outbox.alert_messages(alert_id)

    async def photo_messages(self, alert_id: int) -> set[tuple[int, int]]:
        """Those of :meth:`messages_of` that carry the alert's chart (a photo with the text as its
        caption, issue 19)."""
        return await self._outbox.photo_messages(alert_id)
