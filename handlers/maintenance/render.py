"""How a maintenance window reads on the /maintenance screens: what it silences, when (in the
tracker's time zone), once or every day, who made it."""

from __future__ import annotations

from datetime import datetime

from alerts.maintenance import next_span, occurrence_at
from alerts.oncall import zone
from handlers.feature import Tr
from storage.maintenance import Window

__all__ = ["local", "what_text", "when_text", "window_line"]


def local(moment: datetime, tz: str, now: datetime) -> str:
    """``15:30`` today, else ``2026-12-06 15:30`` (in ``tz``)."""
    here, today = moment.astimezone(zone(tz)), now.astimezone(zone(tz)).date()
    return here.strftime("%H:%M" if here.date() == today else "%Y-%m-%d %H:%M")


def what_text(tr: Tr, target: str, label: str) -> str:
    return tr("maint-what", target=target, what=label)


def length_text(tr: Tr, minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return tr("maint-len-hm", hours=hours, minutes=rest)
    if hours:
        return tr("maint-len-h", hours=hours)
    return tr("maint-len-m", minutes=rest)


def when_text(tr: Tr, window: Window, now: datetime) -> str:
    tz = window.timezone
    if window.daily:
        assert window.daily_start is not None
        minutes = int(window.length_minutes or 0)
        hh, mm = (int(x) for x in window.daily_start.split(":"))
        total = (hh * 60 + mm + minutes) % (24 * 60)
        end = f"{total // 60:02d}:{total % 60:02d}"
        length = length_text(tr, minutes)
        return tr("maint-when-daily", start=window.daily_start, end=end, tz=tz, length=length)
    span = next_span(window, now)
    if span is None:
        return tr("maint-when-over")
    ends = local(span.ends, tz, now)
    if span.starts <= now:
        return tr("maint-when-until", end=ends, tz=tz)
    return tr("maint-when-once", start=local(span.starts, tz, now), end=ends, tz=tz)


def window_line(tr: Tr, number: int, window: Window, now: datetime) -> str:
    running = occurrence_at(window, now) is not None
    return tr(
        "maint-line",
        n=number,
        state="running" if running else "upcoming",
        what=what_text(tr, window.target, window.label),
        when=when_text(tr, window, now),
        who=window.created_by_name or str(window.created_by),
    )
