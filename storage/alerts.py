"""Alert rules, their state per identity (rule + scope), alert episodes and the messages about them.

Rows are plain dataclasses; every owner-facing query filters by owner (or by a tracker the caller
has checked). The engine reads rules of all trackers (it runs for everybody).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Alert", "AlertRule", "AlertStateRow"]


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
