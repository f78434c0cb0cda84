"""Ranges for the numbers screens: presets and typed custom ranges in the tracker's time zone, the
"previous period" to compare with, and the header line every report carries.

Pure functions (unit-tested); the current time is always a parameter (the app's clock, never the
wall clock).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from aiogram_i18n import I18nContext

from handlers.input import InputError, echo
from keitaro.reports import DateRange, RangePreset, ResolvedRange, resolve_range

__all__ = [
    "MAX_CUSTOM_DAYS",
    "PRESETS",
    "Period",
    "parse_custom_range",
    "period_from",
    "previous_of",
    "range_header",
]

PRESETS: tuple[str, ...] = (
    RangePreset.TODAY, RangePreset.YESTERDAY, RangePreset.LAST_7_DAYS, RangePreset.THIS_WEEK,
    RangePreset.THIS_MONTH, RangePreset.LAST_MONTH,
)  # fmt: skip
"""The presets offered on every range screen, in button order."""

MAX_CUSTOM_DAYS = 366
_DATE_TOKEN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}")


@dataclass(frozen=True, slots=True)
class Period:
    """What a screen shows: the range key (a preset name or ``"custom"``), the instants it covers in
    the tracker's zone, and the value to send to Keitaro (a preset or explicit dates)."""

    key: str
    resolved: ResolvedRange
    query_range: RangePreset | DateRange

    @property
    def timezone(self) -> str:
        return self.resolved.timezone

    @property
    def single_day(self) -> bool:
        start = self.resolved.start
        return start is not None and self.resolved.last_day == start.date()

    def dates_text(self) -> str:
        """``2026-11-27`` for one day, ``2026-11-21 – 2026-11-27`` for several."""
        first, last = self.resolved.first_day, self.resolved.last_day
        if first is None:
            return f"… – {last.isoformat()}"
        if first == last:
            return first.isoformat()
        return f"{first.isoformat()} – {last.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        """The setup form of this period (what dialog data and saved reports keep)."""
        if self.key == "custom":
            first, last = self.resolved.first_day, self.resolved.last_day
            return {"range": "custom", "from": first.isoformat() if first else None, "to": last.isoformat()}
        return {"range": self.key}


def parse_day(token: str, today: date) -> date:
    """``2026-12-01``, ``01.12.2026``, ``01.12.26`` or ``01.12`` (this year's, or last year's when
    that day has not come yet by ``today``); ``ValueError`` for anything else."""
    value = token.strip()
    if "-" in value:
        year, month, day = (int(x) for x in value.split("-"))
        return date(year, month, day)
    parts = [int(x) for x in value.split(".")]
    if len(parts) == 3:
        return date(parts[2] + 2000 if parts[2] < 100 else parts[2], parts[1], parts[0])
    if len(parts) != 2:
        raise ValueError(value)
    found = date(today.year, parts[1], parts[0])
    return found if found <= today else found.replace(year=found.year - 1)


def _parse_date(token: str, today: date) -> date:
    try:
        return parse_day(token, today)
    except ValueError as exc:
        raise InputError("range-err-date", value=echo(token)) from exc


def parse_custom_range(text: str, today: date) -> tuple[date, date]:
    """``2026-11-01 2026-11-15`` (also ``2026-11-01 - 2026-11-15``, ``01.11.2026 15.11.2026`` or a
    single date for one day) → the first and last day, both inclusive."""
    tokens = _DATE_TOKEN.findall(text)
    rest = _DATE_TOKEN.sub(" ", text).replace("-", " ").replace("–", " ").replace("—", " ").strip()
    if not tokens or len(tokens) > 2 or rest:
        raise InputError("range-err-format")
    first = _parse_date(tokens[0], today)
    last = _parse_date(tokens[-1], today)
    if last < first:
        raise InputError("range-err-order", first=first.isoformat(), last=last.isoformat())
    if first > today:
        raise InputError("range-err-future", today=today.isoformat())
    if (last - first).days + 1 > MAX_CUSTOM_DAYS:
        raise InputError("range-err-long", max=MAX_CUSTOM_DAYS)
    return first, last


def period_from(setup: dict[str, Any], timezone: str, now: datetime) -> Period:
    """The period of a setup (``{"range": "today"}`` or ``{"range": "custom", "from", "to"}``) at
    ``now``; unknown values fall back to today."""
    key = str(setup.get("range") or RangePreset.TODAY)
    if key == "custom":
        try:
            first, last = date.fromisoformat(str(setup["from"])), date.fromisoformat(str(setup["to"]))
        except (KeyError, TypeError, ValueError):
            key = RangePreset.TODAY
        else:
            custom = DateRange(**{"from": first, "to": last})
            return Period("custom", resolve_range(custom, timezone, now), custom)
    if key not in PRESETS:
        key = RangePreset.TODAY
    preset = RangePreset(key)
    return Period(key, resolve_range(preset, timezone, now), preset)


def _shift_months(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's length (31 Mar → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def previous_of(period: Period, now: datetime) -> Period:
    """The period to compare with: the one before, of the same kind and length, and — when the
    current one has not ended yet — cut at the same point (today until 10:53 compares with
    yesterday until 10:53; this month until the 27th 10:53 with last month until the 27th 10:53)."""
    res = period.resolved
    assert res.start is not None
    tz = res.start.tzinfo
    local_now = now.astimezone(tz)
    stop = min(res.end, local_now) if res.start < local_now < res.end else res.end
    monthly = period.key in (RangePreset.THIS_MONTH, RangePreset.LAST_MONTH)
    if monthly:
        start = datetime.combine(_shift_months(res.start.date(), 1), res.start.time(), tzinfo=tz)
        if stop == res.end and period.key == RangePreset.LAST_MONTH:
            end = res.start
        else:
            end = datetime.combine(_shift_months(stop.date(), 1), stop.time(), tzinfo=tz)
            end = min(end, res.start)
    else:
        # a week is compared with the same weekdays of the week before, other ranges with as
        # many days just before
        days = 7 if period.key == RangePreset.THIS_WEEK else (res.last_day - res.start.date()).days + 1
        start = datetime.combine(res.start.date() - timedelta(days=days), res.start.time(), tzinfo=tz)
        end = datetime.combine(stop.date() - timedelta(days=days), stop.time(), tzinfo=tz)
        if stop == res.end:
            end = res.start
    naive_from = start.replace(tzinfo=None)
    naive_to = (end - timedelta(seconds=1)).replace(tzinfo=None)
    explicit = DateRange(**{"from": naive_from, "to": naive_to})
    return Period("previous", resolve_range(explicit, res.timezone, now), explicit)


def range_name(i18n: I18nContext, key: str) -> str:
    return i18n.get("range-" + key)


def range_header(i18n: I18nContext, tracker: str, period: Period) -> str:
    """The first line of every report: tracker, range with its dates, time zone (HTML)."""
    return i18n.get(
        "range-header",
        tracker=tracker,
        range=range_name(i18n, period.key),
        dates=period.dates_text(),
        tz=period.timezone,
    )
