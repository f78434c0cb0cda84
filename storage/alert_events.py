"""An alert's timeline (issue 19): an append-only list of what happened to it and who did it.

Kinds (``kind``) and their ``detail``:

* ``fired`` — the alert opened (``value``, ``severity``); recorded with the alert's row
  (:meth:`storage.alerts.AlertRepo.open_alert`);
* ``notified`` — a message about it was delivered to ``chat_id`` (recorded by the outbox when the
  sender marks the row sent);
* ``acked`` · ``snoozed`` (``until``) · ``unsnoozed`` · ``muted`` (``until``) · ``unmuted`` — a
  person's press (``actor_id``, ``actor_name`` as Telegram showed it then);
* ``escalated`` (``step``, ``chats``: how many chats were told);
* ``action`` (``what``: ``auto_pause`` | ``auto_offer`` | ``undo`` | ``keep`` | ``auto_failed`` …,
  ``campaign``);
* ``note`` (``text``: as typed) — a reply to the alert's message;
* ``resolved`` (``value``) and ``reopened``.

Never updated or deleted (the alert's deletion takes its events with it). ``dedup`` (unique per
alert) makes a step repeated after a crash record nothing twice: ``fired``, ``resolved``,
``sent:{outbox row}``, ``esc:{step}``. Times are ISO-8601 UTC text (:mod:`storage.timefmt`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storage.alert_rows import Alert, dump_json, json_dict, row_alert
from storage.db import Conn, Database, Row

__all__ = [
    "KINDS",
    "NOTE_LIMIT",
    "AlertEvent",
    "AlertEventRepo",
    "record_fired",
    "record_notified",
    "record_resolved",
]

KINDS = frozenset(
    {
        "fired",
        "notified",
        "acked",
        "snoozed",
        "unsnoozed",
        "muted",
        "unmuted",
        "escalated",
        "action",
        "note",
        "resolved",
        "reopened",
    }
)
NOTE_LIMIT = 1000
"""The longest note kept (characters); a longer one is refused with a clear answer."""

_INSERT = (
    "INSERT INTO alert_events (alert_id, at, kind, actor_id, actor_name, chat_id, detail, dedup) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, dedup) DO NOTHING"
)


@dataclass(frozen=True, slots=True)
class AlertEvent:
    id: int
    alert_id: int
    at: str
    kind: str
    actor_id: int | None
    actor_name: str | None
    chat_id: int | None
    detail: dict[str, Any]


def _row(row: Row) -> AlertEvent:
    return AlertEvent(
        id=int(row["id"]),
        alert_id=int(row["alert_id"]),
        at=str(row["at"]),
        kind=str(row["kind"]),
        actor_id=None if row["actor_id"] is None else int(row["actor_id"]),
        actor_name=row["actor_name"],
        chat_id=None if row["chat_id"] is None else int(row["chat_id"]),
        detail=json_dict(row["detail"]),
    )


async def record_fired(  # noqa: PLR0917 -- the columns of the alert just opened
    conn: Conn, rule_id: int, scope: str, at: str, value: float | None, severity: str
) -> None:
    """Inside the transaction that opened the alert: its ``fired`` event (once)."""
    detail = json.dumps({"severity": severity, "value": value}, sort_keys=True)
    await conn.execute(
        "INSERT INTO alert_events (alert_id, at, kind, detail, dedup) "
        "SELECT id, ?, 'fired', ?, 'fired' FROM alerts "
        "WHERE rule_id = ? AND scope = ? AND resolved_at IS NULL "
        "ON CONFLICT (alert_id, dedup) DO NOTHING",
        (at, detail, rule_id, scope),
    )


async def record_resolved(conn: Conn, alert_id: int, at: str, value: float | None) -> None:
    """Inside the transaction that closed the alert: its ``resolved`` event (once)."""
    await conn.execute(
        "INSERT INTO alert_events (alert_id, at, kind, detail, dedup) "
        "VALUES (?, ?, 'resolved', ?, 'resolved') ON CONFLICT (alert_id, dedup) DO NOTHING",
        (alert_id, at, dump_json({"value": value})),
    )


async def record_notified(conn: Conn, alert_id: int, row_id: int, at: str) -> None:
    """Inside the transaction that marks outbox row ``row_id`` sent: the alert's ``notified``
    event for that row's chat (nothing when the alert is gone)."""
    await conn.execute(
        "INSERT INTO alert_events (alert_id, at, kind, chat_id, detail, dedup) "
        "SELECT ?, ?, 'notified', chat_id, '{}', ? FROM outbox WHERE id = ? "
        "AND EXISTS (SELECT 1 FROM alerts WHERE id = ?) "
        "ON CONFLICT (alert_id, dedup) DO NOTHING",
        (alert_id, at, f"sent:{row_id}", row_id, alert_id),
    )


class AlertEventRepo:
    """The ``alert_events`` table: append, read an alert's timeline, and the history of a tracker."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        alert_id: int,
        kind: str,
        *,
        at: str,
        actor_id: int | None = None,
        actor_name: str | None = None,
        chat_id: int | None = None,
        detail: dict[str, Any] | None = None,
        dedup: str | None = None,
    ) -> bool:
        """Append one event; False when ``dedup`` was recorded for the alert before (or the alert is
        gone: its rule was deleted meanwhile)."""
        if kind not in KINDS:
            raise ValueError(f"unknown alert event kind {kind!r}")
        async with self.db.transaction(durable=True) as conn:
            async with conn.execute("SELECT 1 FROM alerts WHERE id = ?", (alert_id,)) as cur:
                if await cur.fetchone() is None:
                    return False
            async with conn.execute(
                _INSERT, (alert_id, at, kind, actor_id, actor_name, chat_id, dump_json(detail), dedup)
            ) as cur:
                return int(cur.rowcount) > 0

    async def of_alert(self, alert_id: int) -> list[AlertEvent]:
        """The alert's events, oldest first (in the order they were recorded)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM alert_events WHERE alert_id = ? ORDER BY at, id", (alert_id,)
        )
        return [_row(r) for r in rows]

    async def history(
        self, tracker_id: int, since: str, *, rule_ids: Iterable[int] | None = None
    ) -> list[Alert]:
        """Alerts of the tracker opened at or after ``since``, newest first (``rule_ids``: only
        those rules' alerts)."""
        sql = "SELECT * FROM alerts WHERE tracker_id = ? AND opened_at >= ?"
        params: list[Any] = [tracker_id, since]
        if rule_ids is not None:
            ids = list(rule_ids)
            if not ids:
                return []
            sql += f" AND rule_id IN ({', '.join('?' for _ in ids)})"
            params += ids
        rows = await self.db.fetch_all(sql + " ORDER BY opened_at DESC, id DESC", params)
        return [row_alert(r) for r in rows]
