"""Report queries: presets across DST and month/year boundaries, the week start, filters, sorting,
both dialects' JSON, dialect-error detection, paging and row coercion."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pydantic
import pytest

from keitaro.errors import BadRequestError, NotFoundError, ValidationError
from keitaro.models.traffic import ReportResult
from keitaro.reports import (
    DateRange,
    Filter,
    FilterOperator,
    LogQuery,
    RangePreset,
    ReportDialect,
    ReportQuery,
    Sort,
    range_json,
    resolve_range,
)
from keitaro.resources.clicks import iter_rows
from keitaro.resources.reports import is_dialect_error

SPEC = Path(__file__).resolve().parents[3] / "shared" / "keitaro" / "openapi-v1-2022.json"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ---------------------------------------------------------------- filters


def test_the_operator_enum_is_the_spec_list_of_21() -> None:
    assert len(FilterOperator) == 21
    if not SPEC.exists():
        pytest.skip("the OpenAPI file is not beside the clone")
    description = json.loads(SPEC.read_text(encoding="utf-8"))["paths"]["/report/build"]["post"][
        "description"
    ]
    table = description.split("Field 'metrics'")[0]
    in_spec = set(re.findall(r"<td class=\"col0[^\"]*\">\s*([A-Z_]+)\s*</td>", table))
    assert in_spec == {op.value for op in FilterOperator}


@pytest.mark.parametrize(
    ("operator", "expression", "sent"),
    [
        ("EQUALS", 10, 10),
        ("NOT_EQUAL", "abc", "abc"),
        ("GREATER_THAN", 1.5, 1.5),
        ("MATCH_REGEXP", "/uuid=100[0-9]{2}/", "/uuid=100[0-9]{2}/"),
        ("BEGINS_WITH", "adset", "adset"),
        ("IN_LIST", ["a", "b"], ["a", "b"]),
        ("NOT_IN_LIST", 7, [7]),  # a single value is wrapped
        ("BETWEEN", [1, 10], [1, 10]),
        ("HAS_LABEL", "blacklist", "blacklist"),
    ],
)
def test_filter_serialisation(operator: str, expression: Any, sent: Any) -> None:
    assert Filter.where("sub_id_1", operator, expression).to_json() == {
        "name": "sub_id_1",
        "operator": operator,
        "expression": sent,
    }


@pytest.mark.parametrize("operator", ["IS_SET", "IS_NOT_SET", "IS_TRUE", "IS_FALSE"])
def test_operators_without_expression_send_none(operator: str) -> None:
    assert Filter.where("is_bot", operator).to_json() == {"name": "is_bot", "operator": operator}
    with pytest.raises(pydantic.ValidationError):
        Filter.where("is_bot", operator, "1")


@pytest.mark.parametrize(
    ("operator", "expression"),
    [
        ("BETWEEN", [1]),
        ("BETWEEN", 5),
        ("IN_LIST", []),
        ("HAS_LABEL", "greylist"),
        ("EQUALS", None),
        ("CONTAINS", ["a", "b"]),
    ],
)
def test_filter_shapes_are_checked(operator: str, expression: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        Filter.where("campaign_id", operator, expression)


def test_unknown_operator_is_refused_and_lower_case_is_accepted() -> None:
    with pytest.raises(ValueError):
        Filter.where("x", "LIKE", "a")
    assert Filter(name="x", operator="contains", expression="a").operator is FilterOperator.CONTAINS  # type: ignore[arg-type]


# ---------------------------------------------------------------- presets and ranges


def test_interval_presets_are_sent_by_name_with_the_zone() -> None:
    expected = {
        "today": "today",
        "yesterday": "yesterday",
        "this_week": "first_day_of_this_week",
        "this_month": "first_day_of_this_month",
        "all_time": "all_time",
    }
    for preset, interval in expected.items():
        assert range_json(preset, "Europe/Moscow") == {"interval": interval, "timezone": "Europe/Moscow"}


def test_last_7_days_is_explicit_across_a_year_boundary() -> None:
    now = utc(2024, 1, 3, 12)
    assert range_json(RangePreset.LAST_7_DAYS, "UTC", now) == {
        "from": "2023-12-28 00:00:00",
        "to": "2024-01-03 23:59:59",
        "timezone": "UTC",
    }


def test_last_month_across_a_year_boundary_and_in_a_leap_year() -> None:
    assert range_json("last_month", "Europe/Berlin", utc(2024, 1, 15, 9)) == {
        "from": "2023-12-01 00:00:00",
        "to": "2023-12-31 23:59:59",
        "timezone": "Europe/Berlin",
    }
    leap = range_json("last_month", "UTC", utc(2024, 3, 1, 0, 30))
    assert (leap["from"], leap["to"]) == ("2024-02-01 00:00:00", "2024-02-29 23:59:59")


def test_today_is_the_local_day_of_the_zone() -> None:
    now = utc(2024, 3, 31, 22, 30)  # already April 1st in Moscow (UTC+3)
    moscow = resolve_range("today", "Europe/Moscow", now)
    assert moscow.first_day == date(2024, 4, 1)
    assert resolve_range("today", "UTC", now).first_day == date(2024, 3, 31)
    assert resolve_range("yesterday", "Europe/Moscow", now).first_day == date(2024, 3, 31)
    assert resolve_range("yesterday", "Europe/Moscow", now).last_day == date(2024, 3, 31)


def test_yesterday_across_a_month_boundary() -> None:
    resolved = resolve_range("yesterday", "America/New_York", utc(2024, 3, 1, 12))
    assert (resolved.first_day, resolved.last_day) == (date(2024, 2, 29), date(2024, 2, 29))


@pytest.mark.parametrize(
    ("now", "zone", "monday"),
    [
        (utc(2024, 6, 9, 12), "UTC", date(2024, 6, 3)),  # Sunday: the week began last Monday
        (utc(2024, 6, 10, 0, 0), "UTC", date(2024, 6, 10)),  # Monday 00:00 starts a new week
        (utc(2024, 6, 9, 22, 30), "Europe/Berlin", date(2024, 6, 10)),  # Sunday in UTC, Monday in Berlin
        (utc(2024, 6, 10, 3), "America/Los_Angeles", date(2024, 6, 3)),  # Monday in UTC, Sunday in LA
        (utc(2025, 1, 1, 12), "UTC", date(2024, 12, 30)),  # the week spans the new year
    ],
)
def test_weeks_start_on_monday_in_the_query_zone(now: datetime, zone: str, monday: date) -> None:
    resolved = resolve_range(RangePreset.THIS_WEEK, zone, now)
    assert resolved.first_day == monday
    assert resolved.first_day.weekday() == 0


def test_a_spring_forward_day_has_23_hours_and_autumn_25() -> None:
    spring = resolve_range("today", "Europe/Berlin", utc(2024, 3, 31, 12))
    assert spring.duration == timedelta(hours=23)
    assert (spring.start_utc, spring.end_utc) == (utc(2024, 3, 30, 23), utc(2024, 3, 31, 22))
    autumn = resolve_range("today", "Europe/Berlin", utc(2024, 10, 27, 12))
    assert autumn.duration == timedelta(hours=25)
    assert (
        range_json(RangePreset.LAST_7_DAYS, "Europe/Berlin", utc(2024, 10, 27, 12))["to"]
        == "2024-10-27 23:59:59"
    )


def test_last_7_days_across_dst_keeps_local_midnights() -> None:
    now = utc(2024, 3, 12, 15)  # New York switched to EDT on March 10
    resolved = resolve_range("last_7_days", "America/New_York", now)
    assert resolved.start is not None
    assert resolved.start.utcoffset() == timedelta(hours=-5)
    assert resolved.end.utcoffset() == timedelta(hours=-4)
    assert (resolved.start.hour, resolved.end.hour) == (0, 0)
    assert resolved.duration == timedelta(days=7, hours=-1)
    body = range_json("last_7_days", "America/New_York", now)
    assert (body["from"], body["to"]) == ("2024-03-06 00:00:00", "2024-03-12 23:59:59")


def test_this_month_and_all_time_resolve() -> None:
    resolved = resolve_range("this_month", "Asia/Tokyo", utc(2024, 4, 30, 16))  # May 1st 01:00 in Tokyo
    assert resolved.first_day == date(2024, 5, 1)
    everything = resolve_range("all_time", "UTC", utc(2024, 4, 30, 16))
    assert everything.start is None
    assert everything.last_day == date(2024, 4, 30)


def test_explicit_ranges() -> None:
    dates = DateRange.model_validate({"from": "2024-02-27", "to": "2024-03-02"})
    assert range_json(dates, "UTC") == {
        "from": "2024-02-27 00:00:00",
        "to": "2024-03-02 23:59:59",
        "timezone": "UTC",
    }
    aware = DateRange(date_from=datetime(2024, 6, 1, 21, 0, tzinfo=UTC), date_to=utc(2024, 6, 2, 3, 0))
    body = range_json(aware, "Europe/Moscow")
    assert (body["from"], body["to"]) == ("2024-06-02 00:00:00", "2024-06-02 06:00:00")
    naive = DateRange.model_validate({"from": "2024-06-01 10:00:00", "to": "2024-06-01 12:30:00"})
    assert range_json(naive, "Asia/Tokyo")["from"] == "2024-06-01 10:00:00"
    open_ended = resolve_range(DateRange(date_from=date(2024, 6, 1)), "UTC", utc(2024, 6, 3, 8))
    assert open_ended.end == utc(2024, 6, 3, 8)
    with pytest.raises(ValueError):
        resolve_range(DateRange(date_from=date(2024, 6, 5), date_to=date(2024, 6, 1)), "UTC")


def test_the_query_needs_a_valid_time_zone() -> None:
    with pytest.raises(pydantic.ValidationError):
        ReportQuery(measures=["clicks"])  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        ReportQuery(timezone="Mars/Olympus", measures=["clicks"])


# ---------------------------------------------------------------- dialects and the whole body


def _query() -> ReportQuery:
    return ReportQuery(
        range="today",
        timezone="Europe/Moscow",
        dimensions=["campaign_id", "campaign"],
        measures=["clicks", "revenue"],
        filters=[("campaign_id", "IN_LIST", [1, 3]), Filter.where("is_bot", "IS_FALSE")],
        sort=["revenue", ("clicks", "asc")],
        limit=50,
        offset=10,
    )


def test_grouping_dialect_json() -> None:
    assert _query().to_json(ReportDialect.GROUPING) == {
        "range": {"interval": "today", "timezone": "Europe/Moscow"},
        "grouping": ["campaign_id", "campaign"],
        "metrics": ["clicks", "revenue"],
        "filters": [
            {"name": "campaign_id", "operator": "IN_LIST", "expression": [1, 3]},
            {"name": "is_bot", "operator": "IS_FALSE"},
        ],
        "sort": [{"name": "revenue", "order": "DESC"}, {"name": "clicks", "order": "ASC"}],
        "limit": 50,
        "offset": 10,
    }


def test_dimensions_dialect_json() -> None:
    body = _query().to_json("dimensions")
    assert body["dimensions"] == ["campaign_id", "campaign"]
    assert body["measures"] == ["clicks", "revenue"]
    assert "grouping" not in body and "metrics" not in body


def test_old_names_are_accepted_as_input() -> None:
    query = ReportQuery.model_validate({"timezone": "UTC", "grouping": ["day"], "metrics": ["clicks"]})
    assert (query.dimensions, query.measures) == (["day"], ["clicks"])
    assert ReportDialect.GROUPING.other is ReportDialect.DIMENSIONS


def test_log_query_json() -> None:
    query = LogQuery(range="yesterday", timezone="UTC", columns=["sub_id"], sort=[Sort(name="datetime")])
    assert query.to_json() == {
        "range": {"interval": "yesterday", "timezone": "UTC"},
        "columns": ["sub_id"],
        "sort": [{"name": "datetime", "order": "DESC"}],
    }


def test_dialect_errors_are_recognised() -> None:
    refused = BadRequestError('Unsupported parameter "dimensions"', http_status=400)
    assert is_dialect_error(refused, ReportDialect.DIMENSIONS)
    assert not is_dialect_error(refused, ReportDialect.GROUPING)
    by_field = ValidationError("Validation failed", fields={"grouping": ["Unknown field"]}, http_status=406)
    assert is_dialect_error(by_field, ReportDialect.GROUPING)
    assert not is_dialect_error(
        BadRequestError('Unknown metric "clickz"', http_status=400), ReportDialect.GROUPING
    )
    assert not is_dialect_error(NotFoundError("metrics not found", http_status=404), ReportDialect.GROUPING)


# ---------------------------------------------------------------- paging


def _pager(rows: list[dict[str, Any]], *, send_total: bool) -> tuple[Any, list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    async def fetch(body: dict[str, Any]) -> ReportResult:
        seen.append(body)
        page = rows[body["offset"] : body["offset"] + body["limit"]]
        return ReportResult.model_validate({"rows": page, "total": len(rows) if send_total else None})

    return fetch, seen


async def test_paging_until_total() -> None:
    rows = [{"n": i} for i in range(1000)]
    fetch, seen = _pager(rows, send_total=True)
    got = [row async for row in iter_rows(fetch, {"columns": ["n"]}, page_size=300)]
    assert got == rows
    assert [(b["offset"], b["limit"]) for b in seen] == [(0, 300), (300, 300), (600, 300), (900, 300)]


async def test_paging_without_total_stops_on_a_short_page() -> None:
    rows = [{"n": i} for i in range(250)]
    fetch, seen = _pager(rows, send_total=False)
    assert len([row async for row in iter_rows(fetch, {}, page_size=100)]) == 250
    assert len(seen) == 3


async def test_paging_is_bounded() -> None:
    rows = [{"n": i} for i in range(1000)]
    fetch, seen = _pager(rows, send_total=True)
    assert len([row async for row in iter_rows(fetch, {"offset": 5}, page_size=100, max_rows=150)]) == 150
    assert [(b["offset"], b["limit"]) for b in seen] == [(5, 100), (105, 50)]
    fetch, _ = _pager(rows, send_total=True)
    assert len([row async for row in iter_rows(fetch, {"limit": 42}, page_size=10)]) == 42

    async def stuck(body: dict[str, Any]) -> ReportResult:  # a tracker that ignores offset
        return ReportResult.model_validate({"rows": rows[:10], "total": 10**9})

    assert len([row async for row in iter_rows(stuck, {}, page_size=10, max_rows=95)]) == 95


# ---------------------------------------------------------------- result rows


def test_rows_coerce_numbers_of_known_columns_only() -> None:
    result = ReportResult.model_validate(
        {
            "rows": [
                {
                    "campaign_id": "12",
                    "clicks": "340",
                    "revenue": "21.50",
                    "roi": "1,5",
                    "cost": "",
                    "sub_id_1": "007",
                    "ip": "1.2.3.4",
                    "is_bot": "0",
                    "is_unique_campaign": 1,
                }
            ],
            "total": "1",
            "meta": ["x"],
            "totals": {"clicks": "340"},
        }
    )
    row = result.rows[0]
    assert row == {
        "campaign_id": 12,
        "clicks": 340,
        "revenue": 21.5,
        "roi": 1.5,
        "cost": None,
        "sub_id_1": "007",
        "ip": "1.2.3.4",
        "is_bot": False,
        "is_unique_campaign": True,
    }
    assert result.total == 1
    assert result.summary == {"clicks": 340}
    assert result.column("clicks") == [340]
    assert ReportResult.model_validate({"rows": []}).total is None


def test_zoneinfo_is_what_the_presets_use() -> None:
    resolved = resolve_range("today", "Asia/Kolkata", utc(2024, 6, 1, 20))
    assert resolved.start == datetime(2024, 6, 2, tzinfo=ZoneInfo("Asia/Kolkata"))
