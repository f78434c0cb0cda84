"""Maintenance windows (issue 19, part 3): a period in which a tracker, one campaign of it or one
alert rule is silenced.

A window is either **once** (``starts_at`` … ``ends_at``, ISO UTC) or **daily** (``daily_start``
``HH:MM`` for ``length_minutes``, in the window's ``timezone``, from ``created_at`` on), until it is
cancelled (``cancelled_at``: an upcoming window is dropped, a running one ends then).

Each occurrence of a window that began gets a row in ``maintenance_occurrences`` (key ``once`` or
the local date of a daily start), which records when its start and its end were announced and,
at the end, how many alerts it suppressed and how many of them still fired. The engine's
bookkeeping (:mod:`alerts.maintenance`) writes those; the dialog writes the windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.db import Database, Row
from storage.timefmt import to_iso

__all__ = ["TARGETS", "MaintenanceRepo", "Occurrence", "OpenedAlert", "Window", "window_args"]

TARGETS = ("tracker", "campaign", "rule")


@dataclass(frozen=True, slots=True)
class Window:
    id: int
    tracker_id: int
    target: str  # tracker | campaign | rule
    campaign_id: int | None
    rule_id: int | None
    label: str  # the campaign's or the rule's name when it was made
    starts_at: str | None  # once
    ends_at: str | None
    daily_start: str | None  # daily: HH:MM in ``timezone``
    length_minutes: int | None
    timezone: str
    created_by: int
    created_by_name: str | None
    created_at: str
    cancelled_at: str | None
    cancelled_by: int | None

    @property
    def daily(self) -> bool:
        return self.daily_start is not None


@dataclass(frozen=True, slots=True)
class Occurrence:
    window_id: int
    key: str  # ``once`` or the local date of a daily start
    starts_at: str
    ends_at: str  # as planned (a cancelled window ends at its ``cancelled_at``)
    start_announced_at: str | None
    end_announced_at: str | None
    suppressed: int | None  # set when the end is announced
    still_firing: int | None


@dataclass(frozen=True, slots=True)
class OpenedAlert:
    id: int
    rule_id: int
    scope: str
    resolved_at: str | None


def _window(row: Row) -> Window:
    return Window(
        id=int(row["id"]),
        tracker_id=int(row["tracker_id"]),
        target=row["target"],
        campaign_id=row["campaign_id"],
        rule_id=row["rule_id"],
        label=row["label"] or "",
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        daily_start=row["daily_start"],
        length_minutes=row["length_minutes"],
        timezone=row["timezone"],
        created_by=int(row["created_by"]),
        created_by_name=row["created_by_name"],
        created_at=row["created_at"],
        cancelled_at=row["cancelled_at"],
        cancelled_by=row["cancelled_by"],
    )


def _occurrence(row: Row) -> Occurrence:
    return Occurrence(
        window_id=int(row["window_id"]),
        key=row["occurrence"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        start_announced_at=row["start_announced_at"],
        end_announced_at=row["end_announced_at"],
        suppressed=row["suppressed"],
        still_firing=row["still_firing"],
    )


class MaintenanceRepo:
    """Windows of a tracker (the caller has asked the access decision) and their occurrences."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- windows ------------------------------------------------------------------------------
    async def create(
        self,
        tracker_id: int,
        *,
        target: str,
        created_by: int,
        created_by_name: str | None = None,
        campaign_id: int | None = None,
        rule_id: int | None = None,
        label: str = "",
        starts_at: str | None = None,
        ends_at: str | None = None,
        daily_start: str | None = None,
        length_minutes: int | None = None,
        timezone: str = "UTC",
    ) -> Window:
        """A new window: once (``starts_at`` and ``ends_at``) or daily (``daily_start`` and
        ``length_minutes``)."""
        if target not in TARGETS:
            raise ValueError(f"unknown target {target!r}")
        once = starts_at is not None and ends_at is not None
        daily = daily_start is not None and length_minutes is not None
        if once == daily:
            raise ValueError("a window is either once (starts_at, ends_at) or daily (daily_start, length)")
        window_id = await self.db.execute(
            "INSERT INTO maintenance_windows (tracker_id, target, campaign_id, rule_id, label, starts_at,"
            " ends_at, daily_start, length_minutes, timezone, created_by, created_by_name, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tracker_id, target, campaign_id, rule_id, label, starts_at, ends_at, daily_start,
                length_minutes, timezone, created_by, created_by_name, to_iso(self.db.now()),
            ),
            durable=True,
        )  # fmt: skip
        window = await self.get(tracker_id, window_id)
        assert window is not None
        return window

    async def get(self, tracker_id: int, window_id: int) -> Window | None:
        row = await self.db.fetch_one(
            "SELECT * FROM maintenance_windows WHERE id = ? AND tracker_id = ?", (window_id, tracker_id)
        )
        return None if row is None else _window(row)

    async def get_window(self, window_id: int) -> Window | None:
        """A window by id alone (for the engine)."""
        row = await self.db.fetch_one("SELECT * FROM maintenance_windows WHERE id = ?", (window_id,))
        return None if row is None else _window(row)

    async def current(self, tracker_id: int, now: str) -> list[Window]:
        """The tracker's windows that are not over: not cancelled, and daily or ending after ``now``."""
        rows = await self.db.fetch_all(
            "SELECT * FROM maintenance_windows WHERE tracker_id = ? AND cancelled_at IS NULL"
            " AND (daily_start IS NOT NULL OR ends_at > ?) ORDER BY id",
            (tracker_id, now),
        )
        return [_window(r) for r in rows]

    async def all_current(self, now: str) -> list[Window]:
        """Every tracker's windows that are not over (for the engine)."""
        rows = await self.db.fetch_all(
            "SELECT * FROM maintenance_windows WHERE cancelled_at IS NULL"
            " AND (daily_start IS NOT NULL OR ends_at > ?) ORDER BY id",
            (now,),
        )
        return [_window(r) for r in rows]

    async def cancel(self, tracker_id: int, window_id: int, by: int, at: str) -> bool:
        """Cancel an upcoming window or end a running one now; False when it was cancelled already
        (or the tracker has no such window)."""
        changed = await self.db.execute(
            "UPDATE maintenance_windows SET cancelled_at = ?, cancelled_by = ?"
            " WHERE id = ? AND tracker_id = ? AND cancelled_at IS NULL",
            (at, by, window_id, tracker_id),
            durable=True,
        )
        return changed > 0

    # --- occurrences --------------------------------------------------------------------------
    async def occurrence(self, window_id: int, key: str) -> Occurrence | None:
        row = await self.db.fetch_one(
            "SELECT * FROM maintenance_occurrences WHERE window_id = ? AND occurrence = ?", (window_id, key)
        )
        return None if row is None else _occurrence(row)

    async def begin(self, window_id: int, key: str, starts_at: str, ends_at: str) -> Occurrence:
        """The occurrence's row (made once; a second call returns the one there)."""
        await self.db.execute(
            "INSERT INTO maintenance_occurrences (window_id, occurrence, starts_at, ends_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (window_id, occurrence) DO NOTHING",
            (window_id, key, starts_at, ends_at),
            durable=True,
        )
        found = await self.occurrence(window_id, key)
        assert found is not None
        return found

    async def mark_started(self, window_id: int, key: str, at: str) -> None:
        await self.db.execute(
            "UPDATE maintenance_occurrences SET start_announced_at = ?"
            " WHERE window_id = ? AND occurrence = ? AND start_announced_at IS NULL",
            (at, window_id, key),
            durable=True,
        )

    async def running(self) -> list[Occurrence]:
        """Occurrences whose start was announced and whose end was not yet."""
        rows = await self.db.fetch_all(
            "SELECT * FROM maintenance_occurrences WHERE start_announced_at IS NOT NULL"
            " AND end_announced_at IS NULL ORDER BY window_id, occurrence"
        )
        return [_occurrence(r) for r in rows]

    async def finish(self, window_id: int, key: str, at: str, *, suppressed: int, still_firing: int) -> None:
        await self.db.execute(
            "UPDATE maintenance_occurrences SET end_announced_at = ?, suppressed = ?, still_firing = ?"
            " WHERE window_id = ? AND occurrence = ? AND end_announced_at IS NULL",
            (at, suppressed, still_firing, window_id, key),
            durable=True,
        )

    async def occurrences(self, window_id: int) -> list[Occurrence]:
        rows = await self.db.fetch_all(
            "SELECT * FROM maintenance_occurrences WHERE window_id = ? ORDER BY starts_at", (window_id,)
        )
        return [_occurrence(r) for r in rows]

    # --- what the windows covered ---------------------------------------------------------------
    async def alerts_opened(self, tracker_id: int, since: str, until: str) -> list[OpenedAlert]:
        """The tracker's alerts that opened in ``[since, until)``."""
        rows = await self.db.fetch_all(
            "SELECT id, rule_id, scope, resolved_at FROM alerts WHERE tracker_id = ?"
            " AND opened_at >= ? AND opened_at < ? ORDER BY id",
            (tracker_id, since, until),
        )
        return [OpenedAlert(int(r["id"]), int(r["rule_id"]), r["scope"], r["resolved_at"]) for r in rows]


def window_args(window: Window) -> dict[str, Any]:
    """What the audit log keeps of a window."""
    return {
        "window_id": window.id,
        "target": window.target,
        "campaign_id": window.campaign_id,
        "rule_id": window.rule_id,
        "label": window.label,
        "starts_at": window.starts_at,
        "ends_at": window.ends_at,
        "daily_start": window.daily_start,
        "length_minutes": window.length_minutes,
        "timezone": window.timezone,
    }
