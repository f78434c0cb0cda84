"""What the alert screens share: reaching the alert repositories from the app, the clock, who may
press an alert's buttons, the language of a chat, and times shown in a tracker's zone."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage.alerts import Alert, AlertRepo, AlertRule, from_iso, to_iso

if TYPE_CHECKING:
    from alerts.context import AlertsContext
    from handlers.context import AppContext
    from storage import Tracker
    from storage.oncall import OncallRepo
    from storage.subscriptions import SubscriptionRepo

log = logging.getLogger(__name__)

FOREVER = "9999-12-31T23:59:59.000Z"  # muted "until unmuted"
MORNING_HOUR = 9  # "Snooze until 09:00" (in the tracker's zone)
MORNING = f"{MORNING_HOUR:02d}:00"
LANGUAGES = ("en", "ru")


def alerts_ctx(app: Any) -> AlertsContext | None:
    """The engine's context when the app has one (``AppContext.alerts``)."""
    ctx = getattr(app, "alerts", None)
    return ctx if ctx is not None and hasattr(ctx, "outbox") else None


def alert_repo(app: Any) -> AlertRepo:
    ctx = alerts_ctx(app)
    if ctx is not None:
        return ctx.alerts
    return AlertRepo(app.trackers.db)


def subscription_repo(app: Any) -> SubscriptionRepo:
    ctx = alerts_ctx(app)
    if ctx is not None:
        return ctx.subscriptions
    from storage.subscriptions import SubscriptionRepo

    return SubscriptionRepo(app.trackers.db)


def oncall_repo(app: Any) -> OncallRepo:
    ctx = alerts_ctx(app)
    if ctx is not None:
        return ctx.oncall
    from storage.oncall import OncallRepo

    return OncallRepo(app.trackers.db)


def now_of(app: Any) -> datetime:
    ctx = alerts_ctx(app)
    return ctx.now() if ctx is not None else datetime.now(UTC)


def engine_of(app: Any) -> Any:
    return getattr(app, "engine", None)


# ---------------------------------------------------------------- time in the tracker's zone


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(moment: str | datetime, tz: str | None) -> datetime:
    value = from_iso(moment) if isinstance(moment, str) else moment
    return value.astimezone(zone_of(tz))


def clock(moment: str | datetime, tz: str | None, now: datetime) -> str:
    """``14:05`` today, ``27.11 14:05`` on another day (in the zone ``tz``)."""
    at, today = local(moment, tz), local(now, tz)
    if at.date() == today.date():
        return at.strftime("%H:%M")
    if at.year != today.year:
        return at.strftime("%d.%m.%Y %H:%M")
    return at.strftime("%d.%m %H:%M")


def next_morning(now: datetime, tz: str | None, hour: int = MORNING_HOUR) -> datetime:
    """The next ``hour``:00 in the zone (tomorrow when it has passed today)."""
    today = local(now, tz)
    target = today.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target <= today:
        target = (today + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return target.astimezone(UTC)


def is_muted(rule: AlertRule, now: datetime) -> bool:
    return rule.muted_until is not None and rule.muted_until > to_iso(now)


def is_snoozed(alert: Alert, now: datetime) -> bool:
    return alert.snoozed_until is not None and alert.snoozed_until > to_iso(now)


def campaign_of(alert: Alert | None, rule: AlertRule) -> int | None:
    """The campaign an alert (or rule) is about: its scope, else the rule's campaign."""
    if alert is not None:
        kind, _, ident = alert.scope.partition(":")
        if kind == "campaign" and ident.isdigit():
            return int(ident)
        cid = alert.details.get("campaign_id")
        if isinstance(cid, int) and not isinstance(cid, bool) and cid > 0:
            return cid
    return rule.campaign_id


# ---------------------------------------------------------------- who may press


async def may_act(app: AppContext, user_id: int, chat_id: int, rule: AlertRule, alert: Alert | None) -> bool:
    """The presser owns the tracker; or the press comes from a chat subscribed to the tracker (or one
    the alert was sent to) and the presser is a bot admin or on the tracker's on-call rotation."""
    if await app.trackers.get(user_id, rule.tracker_id) is not None:
        return True
    in_chat = False
    sub = await subscription_repo(app).get(chat_id, rule.tracker_id)
    if sub is not None and sub.active:
        in_chat = True
    elif alert is not None:
        in_chat = any(chat == chat_id for chat, _ in await alert_repo(app).messages_of(alert.id))
    if not in_chat:
        return False
    if user_id in app.admin_ids:
        return True
    user = await app.users.get(user_id)
    if user is not None and user.is_admin:
        return True
    rotation = await oncall_repo(app).get(rule.tracker_id)
    return rotation is not None and (user_id in rotation.people or user_id == rotation.backup_id)


async def chat_language(app: Any, chat_id: int, fallback: str) -> str:
    """The language messages to that chat are written in: the subscription's, else (a private
    chat) the person's saved choice, else ``fallback``."""
    try:
        for sub in await subscription_repo(app).for_chat(chat_id):
            if sub.language in LANGUAGES:
                return str(sub.language)
        if chat_id > 0:
            user = await app.users.get(chat_id)
            if user is not None and user.language in LANGUAGES:
                return str(user.language)
    except Exception:  # the language is a nicety: never fail a press over it
        log.warning("could not read the language of chat %s", chat_id, exc_info=True)
    return fallback


async def tracker_of(app: Any, rule: AlertRule) -> Tracker | None:
    return await app.trackers.get(rule.owner_id, rule.tracker_id)


__all__ = [
    "FOREVER",
    "MORNING",
    "alert_repo",
    "alerts_ctx",
    "campaign_of",
    "chat_language",
    "clock",
    "engine_of",
    "is_muted",
    "is_snoozed",
    "local",
    "may_act",
    "next_morning",
    "now_of",
    "oncall_repo",
    "subscription_repo",
    "tracker_of",
    "zone_of",
]
