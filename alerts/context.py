"""What every part of the alerting engine gets: repositories, a client factory, the clock, settings.

Built once by bot/ (``BotApp``) and passed to the engine, the sender, routing, escalation, the
conversion webhook and the digest. Tests build it over a temporary database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from alerts.pacing import Budget
from services.clients import TrackerClients
from services.clock import Clock
from services.ratelimit import RateLimiter
from storage import TrackerRepo, UserRepo
from storage.alerts import AlertRepo
from storage.members import MemberRepo
from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo

__all__ = ["AlertSettings", "AlertsContext", "HookLimits"]


@dataclass
class AlertSettings:
    interval_seconds: float = 60.0  # ALERT_INTERVAL_SECONDS: one tick
    repeat_seconds: dict[str, float | None] = field(
        default_factory=lambda: {"critical": 3600.0, "warning": 4 * 3600.0, "info": None}
    )  # re-notify an unacked firing alert this often (None = never)
    postback_delay_minutes: int = 10  # conversion rules ignore the most recent minutes
    conversion_batch_seconds: float = 5.0  # conversion pushes arriving within this are one message
    automation_per_hour: int = 5  # automatic writes per tracker per hour; beyond: proposed instead
    group_window_seconds: float = 60.0  # ALERT_GROUP_WINDOW_SECONDS: fires within it are one message


@dataclass
class HookLimits:
    """How often the conversion webhook (``/hooks/conversions/{secret}``) answers before 429.

    Keitaro sends one S2S postback per conversion from its own server, so one address and one
    tracker may legitimately send bursts (a sale spike: hundreds a minute); the buckets absorb a
    minute of that and sustain 20 a second. Wrong secrets are what a prober sends: 20, then one
    every 5 seconds per address. Each limit is per process.
    """

    per_ip: RateLimiter = field(default_factory=lambda: RateLimiter(rate=50.0, burst=1000))
    per_tracker: RateLimiter = field(default_factory=lambda: RateLimiter(rate=20.0, burst=1000))
    wrong_secret_per_ip: RateLimiter = field(default_factory=lambda: RateLimiter(rate=0.2, burst=20))


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
    members: MemberRepo | None = None  # the tracker's members: a scoped one hears of their campaigns only
    settings: AlertSettings = field(default_factory=AlertSettings)
    hook_limits: HookLimits = field(default_factory=HookLimits)
    budget: Budget | None = None  # the workers' shared send budget (alerts.budget); None: in process
    now: Clock  # the application's clock: every stamp and comparison of time asks it
