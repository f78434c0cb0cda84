"""What the alert screens share: times shown in a tracker's zone, snoozes and mutes, the campaign an
alert is about."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alerts.automation import campaign_in
from storage.alerts import Alert, AlertRule, from_iso, to_iso

FOREVER = "9999-12-31T23:59:59.000Z"  # muted "until unmuted"
MORNING_HOUR = 9  # "Snooze until 09:00" (in the tracker's zone)
MORNING = f"{MORNING_HOUR:02d}:00"


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


def until_text(tr: Callable[..., str], moment: str | datetime, tz: str | None, now: datetime) -> str:
    """``until 14:05`` today, ``until 09:00 tomorrow``, ``until 27.11 14:05`` (in the zone ``tz``)."""
    at, today = local(moment, tz), local(now, tz)
    if at.date() == today.date():
        day = "today"
    elif at.date() == today.date() + timedelta(days=1):
        day = "tomorrow"
    else:
        day = "other"
    date = at.strftime("%d.%m" if at.year == today.year else "%d.%m.%Y")
    return tr("alerts-until", day=day, time=at.strftime("%H:%M"), date=date)


def morning_is_tomorrow(now: datetime, tz: str | None) -> bool:
    """ "Snooze until 09:00" means 09:00 tomorrow (it is past 09:00 in the zone ``tz``)."""
    return local(next_morning(now, tz), tz).date() != local(now, tz).date()


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
    return rule.campaign_id if alert is None else campaign_in(alert, rule)


__all__ = [
    "FOREVER",
    "MORNING",
    "campaign_of",
    "clock",
    "is_muted",
    "is_snoozed",
    "local",
    "morning_is_tomorrow",
    "next_morning",
    "until_text",
    "zone_of",
]
