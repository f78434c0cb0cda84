"""Reports (numbers, time zones, filters, dialects), costs, stats cleaning and labels against the
emulator over HTTP (the logs: test_keitaro_logs.py).

Expected numbers are computed here from the emulator's raw rows, independently of its report code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from keitaro import BadRequestError, ForbiddenError, KeitaroClient, ServerError, ValidationError
from keitaro.errors import NotFoundError
from keitaro.reports import DateRange, Filter, ReportDialect, ReportQuery
from tests.component.keys import USER, api_calls, local, one_try_client
from tests.fakes.keitaro import KeitaroEmulator

Row = dict[str, Any]


@pytest.fixture
async def client(emulator: KeitaroEmulator) -> AsyncIterator[KeitaroClient]:
    async with one_try_client(emulator) as c:
        yield c


def conversions_of(emulator: KeitaroEmulator) -> dict[int, list[Row]]:
    index: dict[int, list[Row]] = {}
    for conv in emulator.state.conversions:
        index.setdefault(conv["click_id"], []).append(conv)
    return index


# ---------------------------------------------------------------- report numbers


@pytest.mark.date_sensitive
async def test_report_by_campaign_matches_the_raw_rows(
    emulator: KeitaroEmulator, client: KeitaroClient
) -> None:
    now = emulator.clock()
    zone = "Europe/Moscow"
    query = ReportQuery(
        range="last_7_days",
        timezone=zone,
        dimensions=["campaign_id", "campaign"],
        measures=["clicks", "conversions", "sales", "revenue", "cost"],
    )
    result = await client.reports.run(query, now=now)

    today = now.astimezone(ZoneInfo(zone)).date()
    days = {today - timedelta(days=n) for n in range(7)}
    index = conversions_of(emulator)
    expected: dict[int, Counter[str]] = {}
    for click in emulator.state.clicks:
        if local(click["_ts"], zone).date() not in days:
            continue
        acc = expected.setdefault(click["campaign_id"], Counter())
        acc["clicks"] += 1
        acc["cost"] += click["cost"]
        for conv in index.get(click["click_id"], []):
            acc["cost"] += conv["cost"]
            acc["conversions"] += conv["status"] in ("lead", "sale", "rejected")
            acc["sales"] += conv["status"] == "sale"
            acc["revenue"] += conv["revenue"] if conv["status"] != "rejected" else 0
    assert result.total == len(expected) == 3
    by_id = {row["campaign_id"]: row for row in result.rows}
    assert by_id[1]["campaign"] == "FB US Nutra"
    for campaign_id, acc in expected.items():
        row = by_id[campaign_id]
        assert (row["clicks"], row["conversions"], row["sales"]) == (
            acc["clicks"],
            acc["conversions"],
            acc["sales"],
        )
        assert row["revenue"] == pytest.approx(acc["revenue"], abs=0.01)
        assert row["cost"] == pytest.approx(acc["cost"], abs=0.01)
    assert isinstance(by_id[1]["clicks"], int) and isinstance(by_id[1]["revenue"], float)  # "21.50" coerced


@pytest.mark.date_sensitive
@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/Los_Angeles"])
async def test_day_and_hour_buckets_follow_the_time_zone(
    emulator: KeitaroEmulator, client: KeitaroClient, zone: str
) -> None:
    now = emulator.clock()
    today = now.astimezone(ZoneInfo(zone)).date()
    first, last = today - timedelta(days=4), today - timedelta(days=2)
    span = DateRange(date_from=first, date_to=last)
    by_day = await client.reports.run(
        ReportQuery(range=span, timezone=zone, dimensions=["day"], measures=["clicks"]), now=now
    )
    by_hour = await client.reports.run(
        ReportQuery(
            range=span, timezone=zone, dimensions=["hour"], measures=["clicks"], sort=[("hour", "ASC")]
        ),
        now=now,
    )
    moments = [local(c["_ts"], zone) for c in emulator.state.clicks]
    moments = [m for m in moments if first <= m.date() <= last]
    assert {row["day"]: row["clicks"] for row in by_day.rows} == dict(
        sorted(Counter(m.strftime("%Y-%m-%d") for m in moments).items())
    )
    assert [(row["hour"], row["clicks"]) for row in by_hour.rows] == sorted(
        Counter(m.hour for m in moments).items()
    )


async def test_hours_shift_with_the_zone(client: KeitaroClient) -> None:
    """Tokyo is UTC+9 all year: its hour-of-day histogram is the UTC one moved by nine hours."""
    histograms = []
    for zone in ("UTC", "Asia/Tokyo"):
        result = await client.reports.run(
            ReportQuery(range="all_time", timezone=zone, dimensions=["hour"], measures=["clicks"])
        )
        histograms.append({row["hour"]: row["clicks"] for row in result.rows})
    in_utc, in_tokyo = histograms
    assert in_tokyo == {(hour + 9) % 24: clicks for hour, clicks in in_utc.items()}
    assert in_tokyo != in_utc


def _sub3(c: Row) -> int:
    return int(c["sub_id_3"])


def _label(c: Row, label: str) -> bool:
    labels = {"adset-c": "blacklist", "adset-a": "whitelist"}
    return c["campaign_id"] == 1 and labels.get(c["sub_id_1"]) == label


FILTER_CASES: list[tuple[str, str, Any, Callable[[Row], bool]]] = [
    ("campaign_id", "EQUALS", 1, lambda c: c["campaign_id"] == 1),
    ("country_code", "NOT_EQUAL", "US", lambda c: c["country_code"] != "US"),
    ("sub_id_3", "GREATER_THAN", 1050, lambda c: _sub3(c) > 1050),
    ("sub_id_3", "LESS_THAN", 1050, lambda c: _sub3(c) < 1050),
    ("sub_id_3", "EQUALS_OR_GREATER_THAN", 1050, lambda c: _sub3(c) >= 1050),
    ("sub_id_3", "EQUALS_OR_LESS_THAN", 1050, lambda c: _sub3(c) <= 1050),
    ("sub_id_1", "MATCH_REGEXP", "/adset-[ab]/", lambda c: c["sub_id_1"] in ("adset-a", "adset-b")),
    ("sub_id_1", "NOT_MATCH_REGEXP", "/adset-[ab]/", lambda c: c["sub_id_1"] not in ("adset-a", "adset-b")),
    ("sub_id_2", "BEGINS_WITH", "placement-s", lambda c: c["sub_id_2"].startswith("placement-s")),
    ("browser", "ENDS_WITH", "Safari", lambda c: c["browser"].endswith("Safari")),
    ("keyword", "CONTAINS", "slots", lambda c: "slots" in c["keyword"]),
    ("keyword", "NOT_CONTAIN", "slots", lambda c: "slots" not in c["keyword"]),
    ("country_code", "IN_LIST", ["DE", "AT"], lambda c: c["country_code"] in ("DE", "AT")),
    ("country_code", "NOT_IN_LIST", ["US", "BR"], lambda c: c["country_code"] not in ("US", "BR")),
    ("sub_id_3", "BETWEEN", [1010, 1020], lambda c: 1010 <= _sub3(c) <= 1020),
    ("sub_id_4", "IS_SET", None, lambda c: c["sub_id_4"] != ""),
    ("sub_id_4", "IS_NOT_SET", None, lambda c: c["sub_id_4"] == ""),
    ("is_bot", "IS_TRUE", None, lambda c: c["is_bot"] == 1),
    ("is_unique_campaign", "IS_FALSE", None, lambda c: c["is_unique_campaign"] == 0),
    ("sub_id_1", "HAS_LABEL", "blacklist", lambda c: _label(c, "blacklist")),
    ("sub_id_1", "NOT_HAS_LABEL", "whitelist", lambda c: not _label(c, "whitelist")),
]


def test_every_operator_has_a_case() -> None:
    assert len({case[1] for case in FILTER_CASES}) == 21


@pytest.mark.parametrize(
    ("name", "operator", "expression", "keep"), FILTER_CASES, ids=[c[1] for c in FILTER_CASES]
)
async def test_filters(
    emulator: KeitaroEmulator,
    client: KeitaroClient,
    name: str,
    operator: str,
    expression: Any,
    keep: Callable[[Row], bool],
) -> None:
    query = ReportQuery(
        range="all_time",
        timezone="UTC",
        measures=["clicks"],
        filters=[Filter.where(name, operator, expression)],
    )
    result = await client.reports.run(query)
    expected = sum(1 for c in emulator.state.clicks if keep(c))
    assert 0 < expected < len(emulator.state.clicks)
    assert result.rows[0]["clicks"] == expected


async def test_metric_filters_sorting_and_paging(client: KeitaroClient) -> None:
    base = {"range": "all_time", "timezone": "UTC", "dimensions": ["country_code"], "measures": ["clicks"]}
    everything = await client.reports.run(ReportQuery.model_validate(base | {"sort": [("clicks", "DESC")]}))
    counts = [row["clicks"] for row in everything.rows]
    assert counts == sorted(counts, reverse=True) and everything.total == len(counts) == 9
    page = await client.reports.run(
        ReportQuery.model_validate(base | {"sort": [("clicks", "DESC")], "limit": 3, "offset": 2})
    )
    assert page.rows == everything.rows[2:5] and page.total == 9
    threshold = counts[4]
    big = await client.reports.run(
        ReportQuery.model_validate(base | {"filters": [("clicks", "GREATER_THAN", threshold)]})
    )
    expected = {row["country_code"] for row in everything.rows if row["clicks"] > threshold}
    assert {row["country_code"] for row in big.rows} == expected and 0 < len(expected) < 9


# ---------------------------------------------------------------- dialects


def _simple() -> ReportQuery:
    return ReportQuery(range="today", timezone="UTC", dimensions=["campaign_id"], measures=["clicks"])


async def test_dialect_is_detected_once_and_remembered(
    emulator: KeitaroEmulator, client: KeitaroClient
) -> None:
    emulator.report_dialect = "dimensions"
    assert client.reports.dialect is None
    await client.reports.run(_simple())
    first = api_calls(emulator, "/report/build")
    assert [(r.status, "grouping" in r.json, "dimensions" in r.json) for r in first] == [
        (400, True, False),
        (200, False, True),
    ]
    assert client.reports.dialect is ReportDialect.DIMENSIONS
    await client.reports.run(_simple())
    assert len(api_calls(emulator, "/report/build")) == 3  # no second detection
    assert "dimensions" in emulator.requests[-1].json


async def test_a_saved_dialect_is_used_from_the_first_request(emulator: KeitaroEmulator) -> None:
    emulator.report_dialect = "dimensions"
    async with one_try_client(emulator) as fresh:
        fresh.reports.dialect = "dimensions"  # as persisted by the bot
        result = await fresh.reports.run(_simple())
    assert result.total is not None
    assert [r.status for r in api_calls(emulator, "/report/build")] == [200]


async def test_a_wrong_saved_dialect_is_corrected(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    client.reports.dialect = ReportDialect.DIMENSIONS  # e.g. the tracker was downgraded
    await client.reports.run(_simple())
    assert client.reports.dialect is ReportDialect.GROUPING
    assert [r.status for r in api_calls(emulator, "/report/build")] == [400, 200]


async def test_grouping_tracker_needs_one_request(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    await client.reports.run(_simple())
    assert client.reports.dialect is ReportDialect.GROUPING
    assert [r.status for r in api_calls(emulator, "/report/build")] == [200]


@pytest.mark.parametrize(
    ("dimensions", "measures", "message"),
    [
        ([], ["clickz"], 'Unknown metric "clickz"'),
        (["campaign_nme"], ["clicks"], 'Unknown column "campaign_nme"'),
    ],
)
async def test_unknown_names_fail_the_whole_request_without_a_dialect_retry(
    emulator: KeitaroEmulator, client: KeitaroClient, dimensions: list[str], measures: list[str], message: str
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.reports.run(ReportQuery(timezone="UTC", dimensions=dimensions, measures=measures))
    assert caught.value.message == message
    assert len(api_calls(emulator, "/report/build")) == 1
    assert client.reports.dialect is None


async def test_a_tracker_that_is_down(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    emulator.mode = "down"
    with pytest.raises(ServerError) as caught:
        await client.reports.run(_simple())
    assert caught.value.http_status == 503
    assert client.reports.dialect is None


# ---------------------------------------------------------------- costs, cleaning, labels


@pytest.mark.date_sensitive
async def test_update_costs(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    now = emulator.clock()
    day = (now - timedelta(days=2)).date().isoformat()
    answer = await client.clicks.update_costs(
        json={
            "campaign_ids": [3],
            "costs": [{"start_date": f"{day} 00:00", "end_date": f"{day} 23:59", "cost": "100"}],
            "timezone": "UTC",
            "currency": "EUR",
        }
    )
    assert answer.success is True
    span = DateRange.model_validate({"from": day, "to": day})
    result = await client.reports.run(
        ReportQuery(range=span, timezone="UTC", measures=["cost"], filters=[("campaign_id", "EQUALS", 3)]),
        now=now,
    )
    conversion_costs = sum(
        c["cost"]
        for c in emulator.state.conversions
        if c["campaign_id"] == 3 and local(c["_click_ts"], "UTC").date().isoformat() == day
    )
    assert result.rows[0]["cost"] == pytest.approx(108.0 + conversion_costs, abs=0.02)  # 100 EUR in USD
    with pytest.raises(ValidationError) as caught:
        await client.clicks.update_costs(json={"costs": [{"cost": "1"}]})
    assert set(caught.value.fields) == {"campaign_ids", "costs.0.start_date", "costs.0.end_date"}


@pytest.mark.date_sensitive
async def test_clean_is_admin_only_and_deletes_stats(
    emulator: KeitaroEmulator, client: KeitaroClient
) -> None:
    now = emulator.clock()
    day = (now - timedelta(days=3)).date().isoformat()
    body = {"start_date": f"{day} 00:00", "end_date": f"{day} 23:59", "campaign_id": 1, "timezone": "UTC"}
    async with one_try_client(emulator, USER) as user:
        with pytest.raises(ForbiddenError):
            await user.clicks.clean(json=body)
    with pytest.raises(ValidationError) as caught:
        await client.clicks.clean(json={"campaign_id": 1})
    assert set(caught.value.fields) == {"start_date", "end_date"}
    span = DateRange.model_validate({"from": day, "to": day})
    query = ReportQuery(range=span, timezone="UTC", dimensions=["campaign_id"], measures=["clicks"])
    before = {r["campaign_id"]: r["clicks"] for r in (await client.reports.run(query, now=now)).rows}
    assert (await client.clicks.clean(json=body)).success is True
    after = {r["campaign_id"]: r["clicks"] for r in (await client.reports.run(query, now=now)).rows}
    assert before[1] > 0 and 1 not in after and after[3] == before[3]


async def test_labels(client: KeitaroClient) -> None:
    assert await client.reports.labels(campaign_id=1, label_name="blacklist", ref_name="sub_id_1") == {
        "adset-c": "blacklist"
    }
    update = {"campaign_id": 1, "ref_name": "sub_id_1", "items": {"adset-d": "blacklist", "adset-c": ""}}
    assert (await client.reports.update_labels(json=update)).success is True
    assert await client.reports.labels(campaign_id=1, label_name="blacklist", ref_name="sub_id_1") == {
        "adset-d": "blacklist"
    }
    with pytest.raises(ValidationError) as caught:
        await client.reports.update_labels(json={"campaign_id": 1})
    assert set(caught.value.fields) == {"ref_name", "items"}
    with pytest.raises(NotFoundError):
        await client.reports.labels(campaign_id=999, label_name="blacklist", ref_name="ip")
    with pytest.raises(TypeError, match="ref_name"):
        await client.reports.labels(campaign_id=1, label_name="blacklist")
