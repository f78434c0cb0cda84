"""The alert engine tests' world: a fake clock, the recorded outbox and recipients, helpers
(fixtures in conftest.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from alerts.context import AlertsContext
from alerts.engine import AlertEngine
from alerts.outbox import NewRow
from services.clock import ManualClock
from storage import Tracker, TrackerRepo
from storage.alerts import AlertRepo, AlertRule
from tests.fakes.keitaro import KeitaroEmulator

KEY_A = "engineKeyA0123456789abcdef"
KEY_B = "engineKeyB0123456789abcdef"
OWNER = 501
CHAT = 9001


@dataclass
class Outbox:
    """What the engine queued, with the real outbox's rule: a dedup key is queued once."""

    rows: list[tuple[int, dict[str, Any], bool, str | None]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    batches: list[int] = field(default_factory=list)  # rows per enqueue_many call (one transaction each)

    async def enqueue_many(self, ctx: Any, rows: Sequence[NewRow]) -> int:
        self.batches.append(len(rows))
        queued = 0
        for row in rows:
            key = row.dedup_key
            queued += await self.enqueue(ctx, row.chat_id, row.payload, silent=row.silent, dedup_key=key)
        return queued

    async def enqueue(
        self,
        ctx: Any,
        chat_id: int,
        payload: dict[str, Any],
        *,
        silent: bool = False,
        dedup_key: str | None = None,
    ) -> bool:
        if dedup_key is not None:
            if dedup_key in self.keys:
                return False
            self.keys.add(dedup_key)
        self.rows.append((chat_id, payload, silent, dedup_key))
        return True

    def group_events(self, group_id: int | None = None) -> list[str]:
        """Events of alert groups queued (issue 19, storms: several alerts firing together)."""
        return [
            p["event"]
            for _, p, _, _ in self.rows
            if p["type"] == "alert_group" and (group_id is None or p["group_id"] == group_id)
        ]

    def events(self, alert_id: int | None = None) -> list[str]:
        return [
            p["event"]
            for _, p, _, _ in self.rows
            if p["type"] == "alert" and (alert_id is None or p["alert_id"] == alert_id)
        ]


@dataclass
class World:
    ctx: AlertsContext
    engine: AlertEngine
    outbox: Outbox
    clock: ManualClock
    trackers: TrackerRepo
    repo: AlertRepo
    escalations: list[datetime]

    async def rule(
        self, tracker: Tracker, kind: str, campaign_id: int | None = None, **params: Any
    ) -> AlertRule:
        return await self.repo.create(OWNER, tracker.id, kind, kind, campaign_id, params, "critical")

    async def tick(self, seconds: float = 60) -> None:
        report = await self.engine.tick()
        assert report.failed == []
        self.clock.advance(seconds=seconds)


async def add_tracker(world: World, emu: KeitaroEmulator, name: str, key: str) -> Tracker:
    draft = await world.trackers.create_draft(OWNER, name=name, admin_url=emu.url, api_key=key)
    tracker = await world.trackers.finalize(OWNER, draft.id)
    await world.trackers.set_timezone(OWNER, tracker.id, "Europe/Moscow")
    got = await world.trackers.get(OWNER, tracker.id)
    assert got is not None
    return got


def reports_by_key(emu: KeitaroEmulator) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in emu.requests:
        if r.path.endswith("/report/build"):
            counts[r.api_key or ""] = counts.get(r.api_key or "", 0) + 1
    return counts


def drop_recent_conversions(emu: KeitaroEmulator, hours: float) -> None:
    cut = (emu.clock() - timedelta(hours=hours)).timestamp()
    emu.state.conversions = [c for c in emu.state.conversions if c["_click_ts"] < cut]


METRIC_RULES: list[tuple[str, int | None, dict[str, Any]]] = [
    ("no_conversions", None, {"hours": 6}),
    ("no_conversions", 1, {"hours": 12, "baseline_weeks": 1}),
    ("traffic_drop", None, {}),
    ("traffic_spike", 3, {"window_minutes": 120}),
    ("roi_below", None, {"window_hours": 48}),
    ("cr_below", 1, {}),
    ("rejected_share", None, {}),
    ("tracker_down", None, {}),
]
