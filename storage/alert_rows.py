"""Rows of the alert tables as dataclasses, and their mapping from SQLite rows (JSON columns as dicts)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from storage.db import Row

__all__ = [
    "Alert",
    "AlertRule",
    "AlertStateRow",
    "dump_json",
    "json_dict",
    "row_alert",
    "row_rule",
    "row_state",
]


@dataclass(frozen=True, slots=True)
class AlertRule:
    id: int
    owner_id: int
    tracker_id: int
    kind: str
    name: str
    campaign_id: int | None
    params: dict[str, Any]
    severity: str
    enabled: bool
    muted_until: str | None
    created_at: str
    action_kind: str | None = None  # what the rule may do about its alert: "pause_campaign"
    action_mode: str | None = None  # "propose" | "auto" (after ``action_delay_minutes``) | "dry_run"
    action_delay_minutes: int = 0


@dataclass(slots=True)
class AlertStateRow:
    rule_id: int
    scope: str
    state: str
    since: str
    fail_count: int = 0
    last_value: float | None = None
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Alert:
    id: int
    rule_id: int
    scope: str
    tracker_id: int
    severity: str
    opened_at: str
    resolved_at: str | None
    first_value: float | None
    last_value: float | None
    worst_value: float | None
    repeats: int
    last_notified_at: str | None
    acked_by: int | None
    acked_by_name: str | None
    acked_at: str | None
    snoozed_until: str | None
    escalation_step: int
    escalate_at: str | None
    details: dict[str, Any]
    auto_scheduled_at: str | None = None  # the automatic write is due then (mode "auto")
    auto_done_at: str | None = None  # the automatic write was made (claimed) then: never twice
    auto_undone_at: str | None = None  # ↩️ Undo from the message
    automation: dict[str, Any] = field(default_factory=dict)  # status, reason, undo data


def json_dict(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def dump_json(value: dict[str, Any] | None) -> str:
    return json.dumps(value or {}, sort_keys=True, ensure_ascii=False, allow_nan=False)


def row_rule(row: Row) -> AlertRule:
    return AlertRule(
        id=row["id"],
        owner_id=row["owner_id"],
        tracker_id=row["tracker_id"],
        kind=row["kind"],
        name=row["name"],
        campaign_id=row["campaign_id"],
        params=json_dict(row["params"]),
        severity=row["severity"],
        enabled=bool(row["enabled"]),
        muted_until=row["muted_until"],
        created_at=row["created_at"],
        action_kind=_column(row, "action_kind"),
        action_mode=_column(row, "action_mode"),
        action_delay_minutes=int(_column(row, "action_delay_minutes") or 0),
    )


def row_state(row: Row) -> AlertStateRow:
    return AlertStateRow(
        rule_id=row["rule_id"],
        scope=row["scope"],
        state=row["state"],
        since=row["since"],
        fail_count=row["fail_count"],
        last_value=row["last_value"],
        note=row["note"],
        data=json_dict(row["data"]),
    )


def row_alert(row: Row) -> Alert:
    return Alert(
        id=row["id"],
        rule_id=row["rule_id"],
        scope=row["scope"],
        tracker_id=row["tracker_id"],
        severity=row["severity"],
        opened_at=row["opened_at"],
        resolved_at=row["resolved_at"],
        first_value=row["first_value"],
        last_value=row["last_value"],
        worst_value=row["worst_value"],
        repeats=row["repeats"],
        last_notified_at=row["last_notified_at"],
        acked_by=row["acked_by"],
        acked_by_name=row["acked_by_name"],
        acked_at=row["acked_at"],
        snoozed_until=row["snoozed_until"],
        escalation_step=row["escalation_step"],
        escalate_at=row["escalate_at"],
        details=json_dict(row["details"]),
        auto_scheduled_at=_column(row, "auto_scheduled_at"),
        auto_done_at=_column(row, "auto_done_at"),
        auto_undone_at=_column(row, "auto_undone_at"),
        automation=json_dict(_column(row, "automation")),
    )


def _column(row: Row, name: str) -> Any:
    """A column added by a later migration (rows read by a query that did not select it: None)."""
    return row[name] if name in row.keys() else None  # noqa: SIM118 -- Row has no __contains__
