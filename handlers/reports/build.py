"""Ask Keitaro for a report setup: the grouped rows (every page), the totals of the period and of
the previous period, and the series for the chart. Knows no Telegram.

The tracker's report dialect (``grouping``/``metrics`` or ``dimensions``/``measures``) is the
client's business: the client service (``services.clients``) gives it the one stored for the
tracker and saves the one a report finds.

``now`` is always the caller's (the app's clock): it fixes the period, the previous period and what
Keitaro is asked for, so the screen, the cache key and the numbers agree.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from handlers.periods import Period, period_from, previous_of
from handlers.reports.catalog import METRICS, group_of
from handlers.reports.setup import TIME_SORT
from keitaro import KeitaroClient
from keitaro.models.traffic import ReportResult
from keitaro.reports import DateRange, Filter, ReportQuery, Sort

__all__ = [
    "CHART_METRICS",
    "MAX_ROWS",
    "ChartData",
    "ReportData",
    "fetch_all_rows",
    "fetch_chart",
    "fetch_report",
    "report_filters",
]

MAX_ROWS = 5000
MAX_CSV_ROWS = 100_000
PAGE = 500
CHART_METRICS = ("clicks", "conversions", "revenue")


@dataclass
class ReportData:
    period: Period
    previous: Period
    rows: list[dict[str, Any]]
    total_rows: int
    totals: dict[str, Any]
    previous_totals: dict[str, Any]
    built_at: datetime  # the app clock's time the report was asked for

    @property
    def truncated(self) -> bool:
        return self.total_rows > len(self.rows)


def report_filters(setup: dict[str, Any]) -> list[Filter]:
    return [
        Filter.where(name, "IN_LIST", [item["id"] for item in items])
        for name, items in sorted(setup.get("filters", {}).items())
        if items
    ]


def _sort(setup: dict[str, Any]) -> list[Sort]:
    group = group_of(setup["group"])
    if setup["sort"] == TIME_SORT:
        return [Sort(name=group.dimensions[0], order="ASC")]
    return [Sort(name=METRICS[setup["sort"]].api, order="DESC"), Sort(name=group.dimensions[0], order="ASC")]


def _measures(setup: dict[str, Any]) -> list[str]:
    return [METRICS[m].api for m in setup["metrics"]]


class _Runner:
    """Runs report queries on one client as of ``now``."""

    def __init__(self, client: KeitaroClient, now: datetime):
        self.client, self.now = client, now

    async def run(self, query: ReportQuery) -> ReportResult:
        return await self.client.reports.run(query, now=self.now)

    async def first(self, query: ReportQuery) -> ReportResult:
        """The first query runs alone while the dialect is unknown, so the others use the right one."""
        return await self.run(query)

    async def all_rows(
        self, query: ReportQuery, max_rows: int = MAX_ROWS
    ) -> tuple[list[dict[str, Any]], int]:
        rows: list[dict[str, Any]] = []
        offset = 0
        total = 0
        while len(rows) < max_rows:
            page = await self.run(query.model_copy(update={"limit": PAGE, "offset": offset}))
            rows.extend(page.rows)
            total = page.total if page.total is not None else len(rows)
            offset += len(page.rows)
            if not page.rows or offset >= total or (page.total is None and len(page.rows) < PAGE):
                break
        return rows[:max_rows], max(total, len(rows))


def _first_row(result: ReportResult) -> dict[str, Any]:
    return dict(result.rows[0]) if result.rows else {}


async def fetch_report(
    client: KeitaroClient,
    setup: dict[str, Any],
    timezone: str,
    *,
    now: datetime,
) -> ReportData:
    period = period_from(setup, timezone, now)
    previous = previous_of(period, now)
    runner = _Runner(client, now)
    filters = report_filters(setup)
    measures = _measures(setup)

    def query(rng: Any, dimensions: list[str], sort: list[Sort] | None = None) -> ReportQuery:
        return ReportQuery(
            range=rng, timezone=timezone, dimensions=dimensions, measures=measures,
            filters=filters, sort=sort or [],
        )  # fmt: skip

    totals = await runner.first(query(period.query_range, []))
    (rows, total_rows), before = await asyncio.gather(
        runner.all_rows(query(period.query_range, list(group_of(setup["group"]).dimensions), _sort(setup))),
        runner.run(query(previous.query_range, [])),
    )
    return ReportData(period, previous, rows, total_rows, _first_row(totals), _first_row(before), now)


async def fetch_all_rows(
    client: KeitaroClient,
    setup: dict[str, Any],
    timezone: str,
    *,
    now: datetime,
    max_rows: int = MAX_CSV_ROWS,
) -> tuple[list[dict[str, Any]], int]:
    """Every grouped row of the setup (for the CSV file), up to ``max_rows``, and the total count."""
    period = period_from(setup, timezone, now)
    runner = _Runner(client, now)
    query = ReportQuery(
        range=period.query_range, timezone=timezone, dimensions=list(group_of(setup["group"]).dimensions),
        measures=_measures(setup), filters=report_filters(setup), sort=_sort(setup),
    )  # fmt: skip
    return await runner.all_rows(query, max_rows)


@dataclass
class ChartData:
    """Series for the chart: ``x`` labels, and per metric a list of (series name, values)."""

    hourly: bool
    x: list[str]
    series: dict[str, list[tuple[str, list[float]]]]
    days: list[date]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


async def fetch_chart(
    client: KeitaroClient,
    setup: dict[str, Any],
    timezone: str,
    *,
    now: datetime,
) -> ChartData:
    """By hour for a one-day range (that day, the day before and the same weekday a week before), by
    day otherwise; clicks, conversions and revenue, with the setup's filters."""
    period = period_from(setup, timezone, now)
    runner = _Runner(client, now)
    measures = [METRICS[m].api for m in CHART_METRICS]
    filters = report_filters(setup)
    start = period.resolved.first_day or period.resolved.last_day
    if period.single_day:
        day = start
        rng = DateRange(**{"from": day - timedelta(days=7), "to": day})
        result = await runner.first(
            ReportQuery(range=rng, timezone=timezone, dimensions=["day", "hour"], measures=measures,
                        filters=filters)
        )  # fmt: skip
        cells = {(str(r.get("day")), int(_number(r.get("hour")))): r for r in result.rows}
        days = [day, day - timedelta(days=1), day - timedelta(days=7)]
        series: dict[str, list[tuple[str, list[float]]]] = {m: [] for m in CHART_METRICS}
        for d in days:
            for metric in CHART_METRICS:
                api = METRICS[metric].api
                values = [_number(cells.get((d.isoformat(), h), {}).get(api)) for h in range(24)]
                series[metric].append((d.isoformat(), values))
        return ChartData(True, [f"{h:02d}" for h in range(24)], series, days)
    result = await runner.first(
        ReportQuery(range=period.query_range, timezone=timezone, dimensions=["day"], measures=measures,
                    filters=filters)
    )  # fmt: skip
    by_day = {str(r.get("day")): r for r in result.rows}
    days = []
    d = start
    while d <= period.resolved.last_day:
        days.append(d)
        d += timedelta(days=1)
    series = {
        m: [(m, [_number(by_day.get(day.isoformat(), {}).get(METRICS[m].api)) for day in days])]
        for m in CHART_METRICS
    }
    return ChartData(False, [day.strftime("%m-%d") for day in days], series, days)
