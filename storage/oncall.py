"""On-call rotations, quiet hours, conversion-webhook secrets and the digest log.

* :class:`OncallRepo` — one rotation per tracker (table ``oncall``); also the bookkeeping the
  escalation and the digest need (open critical alerts, ``digest_log``, subscriptions with a digest).
* :class:`QuietHoursRepo` — one span of quiet hours per person (table ``quiet_hours``).
* :class:`WebhookSecretRepo` — the conversion-webhook secrets (in :mod:`storage.webhooks`,
  re-exported here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage.db import Database, Row
from storage.outbox import format_ts
from storage.webhooks import WEBHOOK_SECRET, WebhookSecretRepo, WebhookSecretUnreadable, hash_secret

__all__ = [
    "WEBHOOK_SECRET",
    "DayAlert",
    "DigestDue",
    "EscalationCandidate",
    "OncallRepo",
    "QuietHours",
    "QuietHoursRepo",
    "Rotation",
    "WebhookSecretRepo",
    "WebhookSecretUnreadable",
    "hash_secret",
]


@dataclass(frozen=True, slots=True)
class Rotation:
    tracker_id: int
    rotation: str  # daily | weekly
    people: tuple[int, ...]  # Telegram user ids, in order of their turns
    handover: str  # HH:MM in ``timezone``
    timezone: str
    started_on: date  # the day the first person's turn began
    backup_id: int | None
    team_chat_id: int | None
    escalate_minutes: int
    max_repeats: int


def _people(raw: str | None) -> tuple[int, ...]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(int(v) for v in value if isinstance(v, int) and not isinstance(v, bool))


def _rotation(row: Row) -> Rotation:
    return Rotation(
        tracker_id=row["tracker_id"],
        rotation=row["rotation"],
        people=_people(row["people"]),
        handover=row["handover"],
        timezone=row["timezone"],
        started_on=date.fromisoformat(row["started_on"]),
        backup_id=row["backup_id"],
        team_chat_id=row["team_chat_id"],
        escalate_minutes=int(row["escalate_minutes"]),
        max_repeats=int(row["max_repeats"]),
    )


@dataclass(frozen=True, slots=True)
class EscalationCandidate:
    """An open, unacknowledged critical alert of a tracker that has a rotation."""

    alert_id: int
    tracker_id: int
    opened_at: str
    escalation_step: int
    escalate_at: str | None
    snoozed_until: str | None


@dataclass(frozen=True, slots=True)
class DigestDue:
    """An active subscription with a digest time, and the zone of its tracker."""

    chat_id: int
    tracker_id: int
    digest_time: str
    timezone: str
    chat_type: str


@dataclass(frozen=True, slots=True)
class DayAlert:
    """An alert that opened in a period (for the digest)."""

    id: int
    rule_name: str
    kind: str
    scope: str
    severity: str
    opened_at: str
    resolved_at: str | None
    acked_by: int | None
    acked_by_name: str | None
    acked_at: str | None


_ROTATION_FIELDS = (
    "rotation", "people", "handover", "timezone", "started_on", "backup_id", "team_chat_id",
    "escalate_minutes", "max_repeats",
)  # fmt: skip


class OncallRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- rotations ---------------------------------------------------------------------------
    async def get(self, tracker_id: int) -> Rotation | None:
        row = await self.db.fetch_one("SELECT * FROM oncall WHERE tracker_id = ?", (tracker_id,))
        return None if row is None else _rotation(row)

    async def save(self, rotation: Rotation) -> None:
        """Create or replace the tracker's rotation."""
        values: dict[str, Any] = {
            "rotation": rotation.rotation,
            "people": json.dumps(list(rotation.people)),
            "handover": rotation.handover,
            "timezone": rotation.timezone,
            "started_on": rotation.started_on.isoformat(),
            "backup_id": rotation.backup_id,
            "team_chat_id": rotation.team_chat_id,
            "escalate_minutes": int(rotation.escalate_minutes),
            "max_repeats": int(rotation.max_repeats),
        }
        columns = ", ".join(_ROTATION_FIELDS)
        marks = ", ".join("?" for _ in _ROTATION_FIELDS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _ROTATION_FIELDS)
        await self.db.execute(
            f"INSERT INTO oncall (tracker_id, {columns}) VALUES (?, {marks})"
            f" ON CONFLICT(tracker_id) DO UPDATE SET {updates}",
            (rotation.tracker_id, *(values[c] for c in _ROTATION_FIELDS)),
        )

    async def delete(self, tracker_id: int) -> bool:
        return await self.db.execute("DELETE FROM oncall WHERE tracker_id = ?", (tracker_id,)) > 0

    async def for_person(self, user_id: int) -> list[Rotation]:
        """Rotations the person takes turns in or is the backup of."""
        rows = await self.db.fetch_all(  # the text match narrows, the parsed list decides
            "SELECT * FROM oncall WHERE backup_id = ? OR people LIKE ? ORDER BY tracker_id",
            (user_id, f"%{user_id}%"),
        )
        return [
            _rotation(r) for r in rows if r["backup_id"] == user_id or user_id in _people(r["people"])
        ]

    async def drop_person(self, tracker_id: int, user_id: int) -> bool:
        """Take the person out of the tracker's rotation (their turns and the backup), in one
        transaction; ``True`` when they were in it (a member left or was removed, issue 16)."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT people, backup_id FROM oncall WHERE tracker_id = ?", (tracker_id,)
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return False
            people = _people(row["people"])
            kept = tuple(p for p in people if p != user_id)
            backup = row["backup_id"]
            if kept == people and backup != user_id:
                return False
            await conn.execute(
                "UPDATE oncall SET people = ?, backup_id = ? WHERE tracker_id = ?",
                (json.dumps(list(kept)), None if backup == user_id else backup, tracker_id),
            )
        return True

    # --- people and names (for the screens) -----------------------------------------------------
    async def user_by_username(self, username: str) -> int | None:
        """The Telegram id of a user the bot knows by ``@username`` (case-insensitive)."""
        name = username.strip().lstrip("@")
        if not name:
            return None
        value = await self.db.fetch_value(
            "SELECT id FROM users WHERE lower(username) = lower(?) ORDER BY last_seen_at DESC LIMIT 1",
            (name,),
        )
        return None if value is None else int(value)

    async def usernames(self, user_ids: list[int]) -> dict[int, str | None]:
        """``@username`` (without the @) of the users the bot knows among ``user_ids``."""
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        rows = await self.db.fetch_all(f"SELECT id, username FROM users WHERE id IN ({marks})", user_ids)
        return {int(r["id"]): r["username"] for r in rows}

    async def tracker_names(self, tracker_ids: list[int]) -> dict[int, str]:
        if not tracker_ids:
            return {}
        marks = ", ".join("?" for _ in tracker_ids)
        rows = await self.db.fetch_all(f"SELECT id, name FROM trackers WHERE id IN ({marks})", tracker_ids)
        return {int(r["id"]): str(r["name"]) for r in rows}

    # --- escalation --------------------------------------------------------------------------
    async def escalation_candidates(self) -> list[EscalationCandidate]:
        rows = await self.db.fetch_all(
            "SELECT a.id, a.tracker_id, a.opened_at, a.escalation_step, a.escalate_at, a.snoozed_until"
            " FROM alerts a JOIN oncall o ON o.tracker_id = a.tracker_id"
            " WHERE a.resolved_at IS NULL AND a.acked_by IS NULL AND a.severity = 'critical'"
            " ORDER BY a.id"
        )
        return [
            EscalationCandidate(
                alert_id=r["id"],
                tracker_id=r["tracker_id"],
                opened_at=r["opened_at"],
                escalation_step=int(r["escalation_step"] or 0),
                escalate_at=r["escalate_at"],
                snoozed_until=r["snoozed_until"],
            )
            for r in rows
        ]

    async def set_escalation(self, alert_id: int, step: int, escalate_at: str | None) -> bool:
        """Record an escalation step, unless the alert was acked or resolved meanwhile."""
        changed = await self.db.execute(
            "UPDATE alerts SET escalation_step = ?, escalate_at = ?"
            " WHERE id = ? AND resolved_at IS NULL AND acked_by IS NULL",
            (step, escalate_at, alert_id),
            durable=True,  # the alerts table commits synced (storage/db.py)
        )
        return changed > 0

    # --- digests -----------------------------------------------------------------------------
    async def digests_configured(self) -> list[DigestDue]:
        rows = await self.db.fetch_all(
            "SELECT s.chat_id, s.tracker_id, s.digest_time, s.chat_type, t.timezone FROM subscriptions s"
            " JOIN trackers t ON t.id = s.tracker_id"
            " WHERE s.active = 1 AND s.digest_time IS NOT NULL AND t.is_draft = 0 ORDER BY s.id"
        )
        return [
            DigestDue(r["chat_id"], r["tracker_id"], r["digest_time"], r["timezone"], r["chat_type"])
            for r in rows
        ]

    async def alerts_opened(self, tracker_id: int, start: datetime, end: datetime) -> list[DayAlert]:
        """Alerts of the tracker that opened in ``[start, end)``, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT a.*, r.name AS rule_name, r.kind AS kind FROM alerts a"
            " JOIN alert_rules r ON r.id = a.rule_id"
            " WHERE a.tracker_id = ? AND a.opened_at >= ? AND a.opened_at < ? ORDER BY a.opened_at, a.id",
            (tracker_id, format_ts(start), format_ts(end)),
        )
        return [
            DayAlert(
                id=r["id"],
                rule_name=r["rule_name"],
                kind=r["kind"],
                scope=r["scope"],
                severity=r["severity"],
                opened_at=r["opened_at"],
                resolved_at=r["resolved_at"],
                acked_by=r["acked_by"],
                acked_by_name=r["acked_by_name"],
                acked_at=r["acked_at"],
            )
            for r in rows
        ]

    async def digest_sent(self, chat_id: int, tracker_id: int, day: str) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM digest_log WHERE chat_id = ? AND tracker_id = ? AND day = ?",
            (chat_id, tracker_id, day),
        )
        return row is not None

    async def mark_digest(self, chat_id: int, tracker_id: int, day: str) -> bool:
        """Note the digest of ``day`` as queued; False when it already was."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM digest_log WHERE chat_id = ? AND tracker_id = ? AND day = ?",
                (chat_id, tracker_id, day),
            ) as cur:
                if await cur.fetchone() is not None:
                    return False
            await conn.execute(
                "INSERT INTO digest_log (chat_id, tracker_id, day) VALUES (?, ?, ?)",
                (chat_id, tracker_id, day),
            )
        return True


# ------------------------------------------------------------------------------ quiet hours


@dataclass(frozen=True, slots=True)
class QuietHours:
    user_id: int
    starts: str  # HH:MM
    ends: str  # HH:MM
    timezone: str


def _quiet(row: Row) -> QuietHours:
    return QuietHours(row["user_id"], row["starts"], row["ends"], row["timezone"])


class QuietHoursRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> QuietHours | None:
        row = await self.db.fetch_one("SELECT * FROM quiet_hours WHERE user_id = ?", (user_id,))
        return None if row is None else _quiet(row)

    async def set(self, user_id: int, starts: str, ends: str, timezone: str) -> None:
        """The person must have a users row (everybody who wrote to the bot has one)."""
        await self.db.execute(
            "INSERT INTO quiet_hours (user_id, starts, ends, timezone) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET starts = excluded.starts, ends = excluded.ends,"
            " timezone = excluded.timezone",
            (user_id, starts, ends, timezone),
        )

    async def clear(self, user_id: int) -> bool:
        return await self.db.execute("DELETE FROM quiet_hours WHERE user_id = ?", (user_id,)) > 0
