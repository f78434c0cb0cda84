"""What every part of the alerting engine gets: repositories, a client factory, the clock, settings.

Built once by bot/ (``BotApp``) and passed to the engine, the sender, routing, escalation, the
conversion webhook and the digest. Tests build it over a temporary database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.clients import TrackerClients
from services.clock import Clock
from storage import TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo

__all__ = ["AlertSettings", "AlertsContext"]


@dataclass
class AlertSettings:
    interval_seconds: float = 60.0  # ALERT_INTERVAL_SECONDS: one tick
    repeat_seconds: dict[str, float | None] = field(
        default_factory=lambda: {"critical": 3600.0, "warning": 4 * 3600.0, "info": None}
    )  # re-notify an unacked firing alert this often (None = never)
    postback_delay_minutes: int = 10  # conversion rules ignore the most recent minutes
    conversion_batch_seconds: float = 5.0  # conversion pushes arriving within this are one message


@dataclass(kw_only=True)
class AlertsContext:
    trackers: TrackerRepo
    users: UserRepo
    alerts: AlertRepo
    outbox: OutboxRepo
    subscriptions: SubscriptionRepo
    oncall: OncallRepo
    quiet: QuietHoursRepo
    webhooks: WebhookSecretRepo
    clients: TrackerClients
    settings: AlertSettings = field(default_factory=AlertSettings)
    now: Clock  # the application's clock: every stamp and comparison of time asks it
