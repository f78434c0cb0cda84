"""The emulator's query engine for reports and logs: ranges, column values, filters, sorting.

Kept independent of the client's ``keitaro.reports`` on purpose (the tests compare the two).
Problems raise :class:`QueryError`, which the routes answer with 400 ``{"error": ...}`` — the whole
request fails, as on a real tracker.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.fakes.keitaro_emulator.state import ADMIN_TIMEZONE, EmulatorState
from tests.fakes.keitaro_emulator.traffic_data import traffic_labels

__all__ = [
    "CLICK_COLUMNS",
    "CONVERSION_COLUMNS",
    "OPERATORS",
    "Context",
    "QueryError",
    "compare_key",
    "matches",
    "parse_filters",
    "parse_range",
    "parse_sort",
]

OPERATORS = frozenset(
    {
        "EQUALS", "NOT_EQUAL", "EQUALS_OR_GREATER_THAN", "EQUALS_OR_LESS_THAN", "GREATER_THAN",
        "LESS_THAN", "MATCH_REGEXP", "NOT_MATCH_REGEXP", "BEGINS_WITH", "ENDS_WITH", "CONTAINS",
        "NOT_CONTAIN", "IN_LIST", "NOT_IN_LIST", "BETWEEN", "IS_SET", "IS_NOT_SET", "IS_TRUE",
        "IS_FALSE", "HAS_LABEL", "NOT_HAS_LABEL",
    }
)  # fmt: skip

_STORED = (
    "click_id", "sub_id", "visitor_code", "campaign_id", "campaign_group_id", "parent_campaign_id",
    "stream_id", "offer_id", "landing_id", "ts_id", "affiliate_network_id", "ip", "country_code",
    "country", "region", "city", "language", "isp", "operator", "connection_type", "device_type", "os",
    "os_version", "browser", "browser_version", "device_model", "user_agent", "source", "referrer",
    "search_engine", "keyword", "destination", "external_id", "creative_id", "ad_campaign_id", "is_bot",
    "is_unique_campaign", "is_unique_stream", "is_using_proxy",
)  # fmt: skip
_NAMES = {
    "campaign": ("campaigns", "campaign_id", "Campaign"),
    "stream": ("streams", "stream_id", "Flow"),
    "offer": ("offers", "offer_id", "Offer"),
    "landing": ("landing_pages", "landing_id", "Landing"),
    "ts": ("traffic_sources", "ts_id", "Source"),
    "affiliate_network": ("affiliate_networks", "affiliate_network_id", "Network"),
    "campaign_group": ("groups", "campaign_group_id", "Group"),
    "parent_campaign": ("campaigns", "parent_campaign_id", "Campaign"),
}
_TIME = ("datetime", "year", "month", "week", "weekday", "day", "hour", "day_hour")
_DERIVED = (
    "ip_mask1", "ip_mask2", "label", "language_id", "device_type_id", "is_lead", "is_sale",
    "is_rejected", "revenue", "cost", "profit", "landing_clicked_datetime",
)  # fmt: skip
CLICK_COLUMNS = frozenset(
    [*_STORED, *_NAMES, *_TIME, *_DERIVED]
    + [f"sub_id_{n}" for n in range(1, 16)]
    + [f"extra_param_{n}" for n in range(1, 11)]
)
CONVERSION_COLUMNS = CLICK_COLUMNS | frozenset(
    {
        "conversion_id", "click_datetime", "postback_datetime", "sale_datetime", "sale_period", "tid",
        "status", "previous_status", "original_status", "params", "currency",
    }
)  # fmt: skip
_INTERVALS = (
    "today", "yesterday", "7_days_ago", "first_day_of_this_week", "1_month_ago",
    "first_day_of_this_month", "1_year_ago", "first_day_of_this_year", "all_time",
)  # fmt: skip
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")


class QueryError(Exception):
    """The request is not acceptable; the message is the tracker's ``error`` text."""


@dataclass
class Context:
    """What computing a column needs: the zone, the tracker state, conversions by click."""

    state: EmulatorState
    tz: ZoneInfo
    conversions_by_click: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def local(self, ts: float) -> datetime:
        return datetime.fromtimestamp(ts, UTC).astimezone(self.tz)

    def name_of(self, column: str, row: dict[str, Any]) -> str:
        table_name, id_key, fallback = _NAMES[column]
        entity_id = row.get(id_key)
        if entity_id in (None, "", 0):
            return ""
        table: dict[int, dict[str, Any]] = getattr(self.state, table_name, {})
        entity = table.get(int(entity_id))
        if entity is not None and entity.get("name"):
            return str(entity["name"])
        return f"{fallback} {entity_id}"

    def click_value(self, click: dict[str, Any], column: str) -> Any:
        if column in _NAMES:
            return self.name_of(column, click)
        if column in _TIME:
            return time_part(self.local(click["_ts"]), column)
        if column in ("is_lead", "is_sale", "is_rejected"):
            wanted = column.removeprefix("is_")
            return int(
                any(c["status"] == wanted for c in self.conversions_by_click.get(click["click_id"], ()))
            )
        if column in ("revenue", "profit"):
            revenue = sum(
                c["revenue"]
                for c in self.conversions_by_click.get(click["click_id"], ())
                if c["status"] != "rejected"
            )
            return revenue if column == "revenue" else revenue - click["cost"]
        if column == "ip_mask1":
            return ".".join(click["ip"].split(".")[:3]) + ".xxx"
        if column == "ip_mask2":
            return ".".join(click["ip"].split(".")[:2]) + ".xxx.xxx"
        if column in ("label", "language_id", "device_type_id", "landing_clicked_datetime"):
            return ""
        return click.get(column, "")

    def label_of(self, campaign_id: Any, ref_name: str, value: Any) -> str:
        campaign_labels = traffic_labels(self.state).get(int(campaign_id or 0), {})
        return campaign_labels.get(ref_name, {}).get(str(value), "")


def time_part(moment: datetime, column: str) -> Any:
    if column == "datetime":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if column == "day":
        return moment.strftime("%Y-%m-%d")
    if column == "hour":
        return moment.hour
    if column == "day_hour":
        return moment.strftime("%Y-%m-%d %H:00")
    if column == "month":
        return moment.strftime("%Y-%m")
    if column == "year":
        return moment.year
    if column == "week":
        iso = moment.isocalendar()
        return f"{iso.year}-{iso.week:02d}"
    return moment.isoweekday()  # weekday: Monday = 1


# ---------------------------------------------------------------- range


def _zone(name: Any) -> ZoneInfo:
    if name in (None, ""):
        name = ADMIN_TIMEZONE
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise QueryError(f'Unknown timezone "{name}"') from exc


def _bound(text: Any, tz: ZoneInfo, *, end: bool) -> datetime:
    value = str(text).strip()
    if _DATE_ONLY.match(value):
        day = date.fromisoformat(value) + timedelta(days=1 if end else 0)
        return datetime(day.year, day.month, day.day, tzinfo=tz)
    found = _DATE_TIME.match(value)
    if found:
        moment = datetime.fromisoformat(value.replace("T", " ")).replace(tzinfo=tz)
        step = timedelta(seconds=1) if found.group(1) else timedelta(minutes=1)  # "to" is inclusive
        return moment + step if end else moment
    raise QueryError(f'Invalid date "{value}"')


def _month_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def parse_range(raw: Any, now: datetime) -> tuple[float | None, float | None, ZoneInfo]:
    """``(start, end)`` UNIX times (start inclusive, end exclusive; ``None`` = open) and the zone."""
    if raw is None:
        return None, None, _zone(None)
    if not isinstance(raw, dict):
        raise QueryError("range must be an object")
    tz = _zone(raw.get("timezone"))
    local_now = now.astimezone(tz)
    today = local_now.date()

    def midnight(day: date) -> float:
        return datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()

    tomorrow = midnight(today + timedelta(days=1))
    interval = raw.get("interval")
    if interval not in (None, "", "custom", "custom_date_range"):
        if interval not in _INTERVALS:
            raise QueryError(f'Unknown interval "{interval}"')
        starts: dict[str, date | None] = {
            "today": today,
            "yesterday": today - timedelta(days=1),
            "7_days_ago": today - timedelta(days=7),
            "first_day_of_this_week": today - timedelta(days=today.weekday()),
            "1_month_ago": _month_back(today, 1),
            "first_day_of_this_month": today.replace(day=1),
            "1_year_ago": _month_back(today, 12),
            "first_day_of_this_year": today.replace(month=1, day=1),
            "all_time": None,
        }
        first = starts[str(interval)]
        end = midnight(today) if interval == "yesterday" else tomorrow
        return (midnight(first) if first is not None else None), end, tz
    start = _bound(raw["from"], tz, end=False).timestamp() if raw.get("from") else None
    stop = _bound(raw["to"], tz, end=True).timestamp() if raw.get("to") else None
    return start, stop, tz


def in_range(ts: float, start: float | None, end: float | None) -> bool:
    return (start is None or ts >= start) and (end is None or ts < end)


# ---------------------------------------------------------------- filters and sorting


def parse_filters(raw: Any, known: Callable[[str], bool]) -> list[dict[str, Any]]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise QueryError("filters must be an array")
    filters = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("name") or not item.get("operator"):
            raise QueryError("Each filter needs a name and an operator")
        operator = str(item["operator"]).upper()
        if operator not in OPERATORS:
            raise QueryError(f'Unknown operator "{item["operator"]}"')
        if not known(str(item["name"])):
            raise QueryError(f'Unknown column "{item["name"]}"')
        filters.append(
            {"name": str(item["name"]), "operator": operator, "expression": item.get("expression")}
        )
    return filters


def parse_sort(raw: Any) -> list[tuple[str, bool]]:
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise QueryError("sort must be an array")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("name"):
            raise QueryError("Each sort item needs a name and an order")
        order = str(item.get("order", "ASC")).upper()
        if order not in ("ASC", "DESC"):
            raise QueryError(f'Unknown sort order "{item.get("order")}"')
        out.append((str(item["name"]), order == "DESC"))
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _equal(a: Any, b: Any) -> bool:
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return x == y
    return str(a if a is not None else "") == str(b if b is not None else "")


def _items(expression: Any) -> list[Any]:
    if isinstance(expression, list):
        return expression
    if isinstance(expression, str):
        return [part.strip() for part in expression.split(",")]
    return [expression]


def _regexp(expression: Any) -> re.Pattern[str]:
    text = str(expression)
    flags = 0
    found = re.match(r"^/(.*)/([a-z]*)$", text, re.DOTALL)
    if found:
        text = found.group(1)
        flags = re.IGNORECASE if "i" in found.group(2) else 0
    try:
        return re.compile(text, flags)
    except re.error as exc:
        raise QueryError(f'Invalid regular expression "{expression}"') from exc


def matches(value: Any, operator: str, expression: Any, label: Callable[[], str] | None = None) -> bool:
    """Whether ``value`` passes the filter (see the operator table of the API description)."""
    text = "" if value is None else str(value)
    if operator in ("EQUALS", "NOT_EQUAL"):
        return _equal(value, expression) == (operator == "EQUALS")
    if operator in ("GREATER_THAN", "LESS_THAN", "EQUALS_OR_GREATER_THAN", "EQUALS_OR_LESS_THAN"):
        x, y = _number(value), _number(expression)
        if y is None:
            raise QueryError(f'{operator} needs a number, got "{expression}"')
        if x is None:
            return False
        return {"GREATER_THAN": x > y, "LESS_THAN": x < y, "EQUALS_OR_GREATER_THAN": x >= y}.get(
            operator, x <= y
        )
    if operator in ("MATCH_REGEXP", "NOT_MATCH_REGEXP"):
        return bool(_regexp(expression).search(text)) == (operator == "MATCH_REGEXP")
    needle = str(expression if expression is not None else "").lower()
    if operator == "BEGINS_WITH":
        return text.lower().startswith(needle)
    if operator == "ENDS_WITH":
        return text.lower().endswith(needle)
    if operator in ("CONTAINS", "NOT_CONTAIN"):
        return (needle in text.lower()) == (operator == "CONTAINS")
    if operator in ("IN_LIST", "NOT_IN_LIST"):
        found = any(_equal(value, item) for item in _items(expression))
        return found == (operator == "IN_LIST")
    if operator == "BETWEEN":
        bounds = _items(expression)
        if len(bounds) != 2:
            raise QueryError("BETWEEN needs two values")
        x, lo, hi = _number(value), _number(bounds[0]), _number(bounds[1])
        if x is not None and lo is not None and hi is not None:
            return lo <= x <= hi
        return str(bounds[0]) <= text <= str(bounds[1])
    if operator in ("IS_SET", "IS_NOT_SET"):
        return (text.strip() not in ("", "0")) == (operator == "IS_SET")
    if operator in ("IS_TRUE", "IS_FALSE"):
        truthy = text.strip().lower() not in ("", "0", "false", "none")
        return truthy == (operator == "IS_TRUE")
    if expression not in ("whitelist", "blacklist"):
        raise QueryError(f"{operator} needs whitelist or blacklist")
    has = label is not None and label() == expression
    return has == (operator == "HAS_LABEL")


def compare_key(value: Any) -> tuple[int, float, str]:
    """Sorts numbers numerically, then strings; missing values last."""
    if value is None or value == "":
        return (2, 0.0, "")
    number = _number(value)
    if number is not None:
        return (0, number, "")
    return (1, 0.0, str(value))


def sort_rows(rows: list[dict[str, Any]], sort: Iterable[tuple[str, bool]]) -> None:
    for name, descending in reversed(list(sort)):
        present = [r for r in rows if r.get(name) not in (None, "")]
        missing = [r for r in rows if r.get(name) in (None, "")]
        present.sort(key=lambda r: compare_key(r.get(name)), reverse=descending)
        rows[:] = present + missing


def paginate(rows: list[Any], body: dict[str, Any]) -> list[Any]:
    try:
        offset = int(body.get("offset") or 0)
        limit = body.get("limit")
        limit = None if limit in (None, "") else int(limit)
    except (TypeError, ValueError) as exc:
        raise QueryError("limit and offset must be numbers") from exc
    if offset < 0 or (limit is not None and limit < 0):
        raise QueryError("limit and offset must not be negative")
    return rows[offset : offset + limit if limit is not None else None]
