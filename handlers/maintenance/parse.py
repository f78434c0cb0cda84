"""A typed maintenance period, in the tracker's time zone:

* ``03:00-03:30`` — today (tomorrow when it is over already); an end before the start ends the
  next day (``23:30-00:30``);
* ``2026-12-06 01:00 - 03:00`` — that day (an end before the start: the next day);
* ``2026-12-06 23:00 - 2026-12-07 01:00`` — both ends given.

Refused, with the reason: what is not a period (:data:`FORMAT`), an end not after the start, a
period that is over, one longer than :data:`MAX_DAYS` days, one starting more than
:data:`MAX_AHEAD_DAYS` days ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from alerts.oncall import zone
from handlers.input import InputError

__all__ = ["MAX_AHEAD_DAYS", "MAX_DAYS", "Period", "for_minutes", "parse_period"]

MAX_DAYS = 7
MAX_AHEAD_DAYS = 90

_TIME = r"(\d{1,2})[:.](\d{2})"
_DATE = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_DASH = r"\s*[-–—]\s*"
_TIMES = re.compile(rf"^{_TIME}{_DASH}{_TIME}$")
_DAY_TIMES = re.compile(rf"^{_DATE}\s+{_TIME}{_DASH}{_TIME}$")
_FULL = re.compile(rf"^{_DATE}\s+{_TIME}{_DASH}{_DATE}\s+{_TIME}$")


@dataclass(frozen=True, slots=True)
class Period:
    starts: datetime  # UTC
    ends: datetime
    local_start: str  # HH:MM in the zone (what a daily window repeats)

    @property
    def minutes(self) -> int:
        return int((self.ends - self.starts).total_seconds() // 60)


def _time(hour: str, minute: str) -> time:
    try:
        return time(int(hour), int(minute))
    except ValueError:
        raise InputError("maint-err-format") from None


def _date(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InputError("maint-err-format") from None


def _period(start: datetime, end: datetime, tz: str) -> Period:
    starts, ends = start.astimezone(UTC), end.astimezone(UTC)
    return Period(starts, ends, start.astimezone(zone(tz)).strftime("%H:%M"))


def for_minutes(now: datetime, minutes: int, tz: str) -> Period:
    """``now for N min`` (the ❱ buttons)."""
    return _period(now, now + timedelta(minutes=minutes), tz)


def parse_period(raw: str, now: datetime, tz: str) -> Period:
    """The period ``raw`` says, checked (an :class:`InputError` with the reason otherwise)."""
    text = " ".join(raw.split())
    zone_ = zone(tz)
    local_now = now.astimezone(zone_)
    if m := _TIMES.match(text):
        first, last = _time(*m.group(1, 2)), _time(*m.group(3, 4))
        if first == last:
            raise InputError("maint-err-order")
        start = datetime.combine(local_now.date(), first, tzinfo=zone_)
        end = datetime.combine(local_now.date(), last, tzinfo=zone_)
        if end <= start:
            end += timedelta(days=1)
        if end <= now:  # today's is over: tomorrow's
            start, end = start + timedelta(days=1), end + timedelta(days=1)
    elif m := _DAY_TIMES.match(text):
        day = _date(*m.group(1, 2, 3))
        start = datetime.combine(day, _time(*m.group(4, 5)), tzinfo=zone_)
        end = datetime.combine(day, _time(*m.group(6, 7)), tzinfo=zone_)
        if end < start:
            end += timedelta(days=1)
    elif m := _FULL.match(text):
        start = datetime.combine(_date(*m.group(1, 2, 3)), _time(*m.group(4, 5)), tzinfo=zone_)
        end = datetime.combine(_date(*m.group(6, 7, 8)), _time(*m.group(9, 10)), tzinfo=zone_)
    else:
        raise InputError("maint-err-format")
    if end <= start:
        raise InputError("maint-err-order")
    if end <= now:
        raise InputError("maint-err-past")
    if end - start > timedelta(days=MAX_DAYS):
        raise InputError("maint-err-long", days=MAX_DAYS)
    if start - now > timedelta(days=MAX_AHEAD_DAYS):
        raise InputError("maint-err-ahead", days=MAX_AHEAD_DAYS)
    return _period(start, end, tz)
