"""The on-call world of the routing, escalation, conversion and digest tests: a real SQLite file
with an owner, three people, two trackers (Main in Berlin time), the alerting context, and a clock
that moves only when a test says so (the world starts on the first Monday at 12:00 UTC on or after
the test's clock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

from alerts.context import AlertsContext
from services.clock import ManualClock
from storage import Database
from storage.oncall import Rotation
from storage.outbox import OutboxRow

OWNER, ALICE, BOB, CAROL = 5001, 5002, 5003, 5004
TEAM = -100777


def first_monday_noon(moment: datetime) -> datetime:
    """12:00 UTC of the first Monday on or after ``moment`` (the world starts there)."""
    day = moment.astimezone(UTC).date()
    return datetime.combine(day + timedelta(days=-day.weekday() % 7), clock_time(12), tzinfo=UTC)


def berlin(day: Any, hhmm: str) -> datetime:
    """``hhmm`` on ``day`` in Berlin (the tracker's zone), in UTC."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    local = datetime.combine(day, clock_time(hour, minute), tzinfo=ZoneInfo("Europe/Berlin"))
    return local.astimezone(UTC)


@dataclass
class World:
    ctx: AlertsContext
    db: Database
    clock: ManualClock
    tracker_id: int
    other_tracker_id: int
    rows_seen: set[int] = field(default_factory=set)

    async def rows(self) -> list[OutboxRow]:
        found = await self.db.fetch_all("SELECT id FROM outbox ORDER BY id")
        out = []
        for r in found:
            row = await self.ctx.outbox.get(int(r["id"]))
            assert row is not None
            out.append(row)
        return out

    async def new_rows(self) -> list[OutboxRow]:
        rows = [r for r in await self.rows() if r.id not in self.rows_seen]
        self.rows_seen |= {r.id for r in rows}
        return rows


async def subscribe(w: World, chat_id: int, severity: str, *, group: bool = False, **extra: Any) -> None:
    await w.ctx.subscriptions.subscribe(
        chat_id, w.tracker_id, OWNER, "supergroup" if group else "private", "Team" if group else None, "en",
        severity,
    )  # fmt: skip
    if extra.get("conversions"):
        await w.ctx.subscriptions.set_conversions(chat_id, w.tracker_id, True)
    if extra.get("digest"):
        await w.ctx.subscriptions.set_digest_time(chat_id, w.tracker_id, extra["digest"])


def rotation(w: World, **changes: Any) -> Rotation:
    values: dict[str, Any] = {
        "tracker_id": w.tracker_id, "rotation": "weekly", "people": (ALICE, BOB), "handover": "10:00",
        "timezone": "UTC", "started_on": w.clock().date(), "backup_id": CAROL, "team_chat_id": TEAM,
        "escalate_minutes": 15, "max_repeats": 2,
    }  # fmt: skip
    values.update(changes)
    return Rotation(**values)


def targets(rows: list[OutboxRow]) -> list[int]:
    return sorted(r.chat_id for r in rows)
