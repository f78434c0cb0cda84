"""A stand-in for the application context the alert renderers read (the alert and rule
repositories, trackers, clock and texts), and alerts and rules to render — for the unit tests of
alert messages and screens. The clock is fixed: nothing here reads the real date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from alerts.payloads import parse_payload
from bot.i18n import build_core
from handlers.alerts import kinds
from handlers.alerts.render import RENDERERS
from handlers.feature import Feature
from handlers.notices import Notices, translator
from storage.alerts import Alert, AlertRule, to_iso
from tests.fakes.telegram import parse_html

NOW = datetime(2026, 11, 26, 12, 30, tzinfo=UTC)
CORE = build_core("en")


@dataclass
class FakeTracker:
    id: int = 3
    owner_id: int = 7
    name: str = "Main"
    timezone: str = "UTC"


@dataclass
class FakeRepo:
    alerts: dict[int, Alert] = field(default_factory=dict)
    rules: dict[int, AlertRule] = field(default_factory=dict)

    async def get_alert(self, alert_id: int) -> Alert | None:
        return self.alerts.get(alert_id)

    async def get_rule(self, rule_id: int) -> AlertRule | None:
        return self.rules.get(rule_id)


@dataclass
class FakeTrackers:
    tracker: FakeTracker

    async def find(self, tracker_id: int) -> FakeTracker | None:
        return self.tracker if tracker_id == self.tracker.id else None


@dataclass
class FakeAlerts:
    alerts: FakeRepo


@dataclass
class FakeCtx:
    """Looks like an AppContext to the renderers (the alert repository, trackers, clock, texts)."""

    repo: FakeRepo
    trackers: FakeTrackers
    texts: Any = CORE

    @property
    def alerts(self) -> FakeAlerts:
        return FakeAlerts(self.repo)

    def clock(self) -> datetime:
        return NOW


async def render(ctx: FakeCtx, chat_id: int, payload: dict[str, Any], language: str) -> Any:
    parsed = parse_payload(payload)
    assert parsed is not None, payload
    notices = Notices(ctx, [Feature("alerts", renderers=RENDERERS)], "en")  # type: ignore[arg-type]
    return await notices.render(chat_id, parsed, language)


def make_rule(kind: str = "roi_below", **over: Any) -> AlertRule:
    values: dict[str, Any] = {
        "id": 5,
        "owner_id": 7,
        "tracker_id": 3,
        "kind": kind,
        "name": "ROI below · Summer",
        "campaign_id": 12,
        "params": kinds.full_params(kind, {}),
        "severity": "warning",
        "enabled": True,
        "muted_until": None,
        "created_at": to_iso(NOW - timedelta(days=1)),
    }
    values.update(over)
    return AlertRule(**values)


def make_alert(**over: Any) -> Alert:
    values: dict[str, Any] = {
        "id": 41,
        "rule_id": 5,
        "scope": "campaign:12",
        "tracker_id": 3,
        "severity": "warning",
        "opened_at": to_iso(NOW - timedelta(minutes=25)),
        "resolved_at": None,
        "first_value": -12.5,
        "last_value": -12.5,
        "worst_value": -12.5,
        "repeats": 0,
        "last_notified_at": to_iso(NOW - timedelta(minutes=25)),
        "acked_by": None,
        "acked_by_name": None,
        "acked_at": None,
        "snoozed_until": None,
        "escalation_step": 0,
        "escalate_at": None,
        "details": {
            "kind": "roi_below",
            "campaign_id": 12,
            "campaign": "Summer",
            "text_args": {"roi": -12.5, "threshold": 0.0, "cost": 120.0, "revenue": 105.0},
            "value": -12.5,
        },
    }
    values.update(over)
    return Alert(**values)


def ctx_with(alert: Alert, rule: AlertRule, tracker: FakeTracker | None = None) -> FakeCtx:
    return FakeCtx(FakeRepo({alert.id: alert}, {rule.id: rule}), FakeTrackers(tracker or FakeTracker()))


async def rendered(ctx: FakeCtx, payload: dict[str, Any], language: str = "en") -> tuple[str, Any]:
    result = await render(ctx, 100, payload, language)
    assert result is not None
    text, markup = result
    parse_html(text)  # valid Telegram HTML (raises otherwise)
    return text, markup


def buttons(markup: Any) -> list[tuple[str, str]]:
    if markup is None:
        return []
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]


FIRE = {"type": "alert", "alert_id": 41, "event": "fire"}


def tr(key: str, **args: Any) -> str:
    """A text in English, the way the alerts screens ask for one."""
    return translator(CORE, "en")(key, **args)
