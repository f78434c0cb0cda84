"""Report and log queries: a range in an explicit time zone, grouping and metrics, filters, sorting,
limit/offset; the two report dialects; paging through click and conversion logs.

::

    query = ReportQuery(
        range="yesterday",
        timezone="Europe/Moscow",
        dimensions=["campaign_id", "campaign"],
        measures=["clicks", "conversions", "revenue", "profit"],
        filters=[Filter.where("campaign_id", "IN_LIST", [1, 3])],
        sort=[Sort(name="revenue", order="DESC")],
        limit=50,
    )
    result = await client.reports.run(query)

Ranges: presets Keitaro has an interval for (``today``, ``yesterday``, ``this_week`` →
``first_day_of_this_week``, ``this_month`` → ``first_day_of_this_month``, ``all_time``) are sent as
``interval``; the others (``last_7_days`` — Keitaro's ``7_days_ago`` spans eight calendar days —
and ``last_month``) and explicit dates are sent as ``from``/``to`` local date-times computed in the
query's time zone. Weeks start on Monday. The time zone is always sent.

Dialects: trackers of the 2022 API take ``grouping``/``metrics``; newer ones ``dimensions``/
``measures`` (:class:`ReportDialect`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from keitaro.models.query import (
    LABEL_OPERATORS,
    LIST_OPERATORS,
    NO_EXPRESSION,
    Filter,
    FilterOperator,
    Sort,
    SortOrder,
)

__all__ = [
    "LABEL_OPERATORS",
    "LIST_OPERATORS",
    "NO_EXPRESSION",
    "PRESET_INTERVALS",
    "DateRange",
    "Filter",
    "FilterOperator",
    "LogQuery",
    "RangePreset",
    "ReportDialect",
    "ReportQuery",
    "ResolvedRange",
    "Sort",
    "SortOrder",
    "range_json",
    "resolve_range",
]

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


# ---------------------------------------------------------------- ranges


class RangePreset(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    LAST_7_DAYS = "last_7_days"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    ALL_TIME = "all_time"


PRESET_INTERVALS: dict[RangePreset, str] = {
    RangePreset.TODAY: "today",
    RangePreset.YESTERDAY: "yesterday",
    RangePreset.THIS_WEEK: "first_day_of_this_week",
    RangePreset.THIS_MONTH: "first_day_of_this_month",
    RangePreset.ALL_TIME: "all_time",
}
"""Presets with a Keitaro interval name; the others are sent as explicit ``from``/``to``."""

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_or_datetime(value: Any) -> Any:
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        return date.fromisoformat(value.strip())
    return value


class DateRange(BaseModel):
    """An explicit range: dates are whole local days (``to`` inclusive), date-times exact (naive ones
    are in the query's time zone). Without ``to`` the range runs up to now."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    date_from: datetime | date = Field(alias="from")
    date_to: datetime | date | None = Field(default=None, alias="to")

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        return _date_or_datetime(value)


@dataclass(frozen=True, slots=True)
class ResolvedRange:
    """A range as instants in a zone: ``start`` inclusive (``None`` = since ever), ``end`` exclusive."""

    start: datetime | None
    end: datetime
    timezone: str

    @property
    def last_day(self) -> date:
        """The last local calendar day the range touches."""
        return (self.end - timedelta(microseconds=1)).date()

    @property
    def first_day(self) -> date | None:
        return self.start.date() if self.start is not None else None

    @property
    def start_utc(self) -> datetime | None:
        return self.start.astimezone(UTC) if self.start is not None else None

    @property
    def end_utc(self) -> datetime:
        return self.end.astimezone(UTC)

    @property
    def duration(self) -> timedelta | None:
        """Real elapsed time (23 h for a spring-forward day; aware subtraction in one zone would
        give wall-clock time)."""
        return self.end_utc - self.start_utc if self.start_utc is not None else None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _local_now(tz: ZoneInfo, now: datetime | None) -> datetime:
    current = now if now is not None else datetime.now(UTC)
    if current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    return current.astimezone(tz)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + (day.month - 1) - months_back
    return date(index // 12, index % 12 + 1, 1)


def _as_local(value: datetime | date, tz: ZoneInfo, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
    return _midnight(value + timedelta(days=1) if end else value, tz)


def resolve_range(
    value: RangePreset | DateRange | str, timezone: str, now: datetime | None = None
) -> ResolvedRange:
    """The instants a preset or explicit range covers in ``timezone`` (``now`` defaults to the
    current time; naive values are UTC). Ranges of presets end at the end of the current local day
    (``yesterday`` and ``last_month`` at the start of today / of this month)."""
    tz = zone(timezone)
    local_now = _local_now(tz, now)
    today = local_now.date()
    tomorrow = _midnight(today + timedelta(days=1), tz)
    if isinstance(value, DateRange):
        start = _as_local(value.date_from, tz, end=False)
        if value.date_to is None:
            stop = local_now
        elif isinstance(value.date_to, datetime):
            stop = _as_local(value.date_to, tz, end=True) + timedelta(seconds=1)
        else:
            stop = _as_local(value.date_to, tz, end=True)
        if stop <= start:
            raise ValueError("the range ends before it starts")
        return ResolvedRange(start, stop, timezone)
    preset = RangePreset(value)
    starts: dict[RangePreset, date | None] = {
        RangePreset.TODAY: today,
        RangePreset.YESTERDAY: today - timedelta(days=1),
        RangePreset.LAST_7_DAYS: today - timedelta(days=6),
        RangePreset.THIS_WEEK: today - timedelta(days=today.weekday()),
        RangePreset.THIS_MONTH: _month_start(today),
        RangePreset.LAST_MONTH: _month_start(today, 1),
        RangePreset.ALL_TIME: None,
    }
    first = starts[preset]
    end = tomorrow
    if preset == RangePreset.YESTERDAY:
        end = _midnight(today, tz)
    elif preset == RangePreset.LAST_MONTH:
        end = _midnight(_month_start(today), tz)
    return ResolvedRange(_midnight(first, tz) if first is not None else None, end, timezone)


def range_json(
    value: RangePreset | DateRange | str, timezone: str, now: datetime | None = None
) -> dict[str, Any]:
    """The ``range`` object: ``{"interval", "timezone"}`` for presets Keitaro names, else
    ``{"from", "to", "timezone"}`` with local ``YYYY-MM-DD HH:MM:SS`` bounds (``to`` inclusive)."""
    zone(timezone)
    if not isinstance(value, DateRange):
        preset = RangePreset(value)
        interval = PRESET_INTERVALS.get(preset)
        if interval is not None:
            return {"interval": interval, "timezone": timezone}
    resolved = resolve_range(value, timezone, now)
    assert resolved.start is not None  # only ALL_TIME has no start, and it has an interval
    last = resolved.end - timedelta(seconds=1)
    return {
        "from": resolved.start.strftime(DATETIME_FORMAT),
        "to": last.strftime(DATETIME_FORMAT),
        "timezone": timezone,
    }


# ---------------------------------------------------------------- queries


class ReportDialect(StrEnum):
    """Which names a tracker takes for the report's group-by and measure lists."""

    GROUPING = "grouping"  # grouping / metrics (the 2022 API description)
    DIMENSIONS = "dimensions"  # dimensions / measures (newer trackers)

    @property
    def keys(self) -> tuple[str, str]:
        return ("grouping", "metrics") if self is ReportDialect.GROUPING else ("dimensions", "measures")

    @property
    def other(self) -> ReportDialect:
        return ReportDialect.DIMENSIONS if self is ReportDialect.GROUPING else ReportDialect.GROUPING


def _filters(value: Any) -> Any:
    if isinstance(value, Filter | Mapping):
        return [value]
    if not isinstance(value, list | tuple):
        return value
    items: list[Any] = []
    for item in value:
        if isinstance(item, tuple) and 2 <= len(item) <= 3:
            expression = item[2] if len(item) == 3 else None
            items.append({"name": item[0], "operator": item[1], "expression": expression})
        else:
            items.append(item)
    return items


def _sorts(value: Any) -> Any:
    if isinstance(value, str | Sort | Mapping):
        value = [value]
    if not isinstance(value, list | tuple):
        return value
    items: list[Any] = []
    for item in value:
        if isinstance(item, str):
            items.append({"name": item})
        elif isinstance(item, tuple | list) and len(item) == 2:
            items.append({"name": item[0], "order": item[1]})
        else:
            items.append(item)
    return items


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    range: RangePreset | DateRange = RangePreset.TODAY
    timezone: str
    filters: list[Filter] = Field(default_factory=list)
    sort: list[Sort] = Field(default_factory=list)
    limit: int | None = Field(default=None, ge=1)
    offset: int | None = Field(default=None, ge=0)

    @field_validator("range", mode="before")
    @classmethod
    def _range(cls, value: Any) -> Any:
        if isinstance(value, tuple | list) and len(value) == 2:
            return {"from": value[0], "to": value[1]}
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        zone(value.strip())
        return value.strip()

    @field_validator("filters", mode="before")
    @classmethod
    def _filter_items(cls, value: Any) -> Any:
        return _filters(value)

    @field_validator("sort", mode="before")
    @classmethod
    def _sort_items(cls, value: Any) -> Any:
        return _sorts(value)

    def resolve(self, now: datetime | None = None) -> ResolvedRange:
        return resolve_range(self.range, self.timezone, now)

    def _common_json(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.filters:
            body["filters"] = [f.to_json() for f in self.filters]
        if self.sort:
            body["sort"] = [s.to_json() for s in self.sort]
        if self.limit is not None:
            body["limit"] = self.limit
        if self.offset is not None:
            body["offset"] = self.offset
        return body


class ReportQuery(_Query):
    """A ``/report/build`` query. ``dimensions`` (also accepted as ``grouping``) and ``measures``
    (also ``metrics``) are sent under the names of the chosen :class:`ReportDialect`."""

    dimensions: list[str] = Field(
        default_factory=list, validation_alias=AliasChoices("dimensions", "grouping")
    )
    measures: list[str] = Field(default_factory=list, validation_alias=AliasChoices("measures", "metrics"))

    def to_json(
        self, dialect: ReportDialect | str = ReportDialect.GROUPING, *, now: datetime | None = None
    ) -> dict[str, Any]:
        group_key, measure_key = ReportDialect(dialect).keys
        body: dict[str, Any] = {
            "range": range_json(self.range, self.timezone, now),
            group_key: list(self.dimensions),
            measure_key: list(self.measures),
        }
        return self._common_json(body)


class LogQuery(_Query):
    """A ``/clicks/log`` or ``/conversions/log`` query."""

    columns: list[str] = Field(default_factory=list)

    def to_json(self, *, now: datetime | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "range": range_json(self.range, self.timezone, now),
            "columns": list(self.columns),
        }
        return self._common_json(body)
