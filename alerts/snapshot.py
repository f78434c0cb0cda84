"""What one tick knows about one tracker: hourly numbers per campaign, and — only when a rule needs
them — the postbacks log and the entity lists.

One ``/report/build`` serves every metric rule of the tracker however many rules there are:
dimensions ``campaign_id, campaign, day, hour`` over enough past days for the rules present, in the
tracker's time zone, measures clicks, conversions, leads, sales, rejected, revenue and cost. The
tracker's report dialect is the client's business (``services.clients``).

A failed call is a typed :class:`Failure` (the :class:`~keitaro.errors.KeitaroError`'s code kept),
never zeros: rules that need the failed part are put in ERROR by the engine.

Numbers between hour buckets: a window that cuts a bucket takes the share of the bucket it covers
(traffic assumed even inside an hour); the current hour counts as far as it has happened, so the
same cut of an older hour is comparable with it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from alerts.snapshot_data import (
    MEASURES,
    Counts,
    Entities,
    Failure,
    LogLine,
    Needs,
    OfferCap,
    Snapshot,
    number,
    union,
)
from keitaro import KeitaroClient
from keitaro.errors import KeitaroError
from keitaro.models.traffic import ReportResult
from keitaro.reports import DateRange, Filter, RangePreset, ReportQuery, Sort
from storage import Tracker

__all__ = [
    "MEASURES",
    "Counts",
    "Entities",
    "Failure",
    "LogLine",
    "Needs",
    "OfferCap",
    "Snapshot",
    "take_snapshot",
    "union",
]

log = logging.getLogger(__name__)

DIMENSIONS = ("campaign_id", "campaign", "day", "hour")
PAGE = 10_000
MAX_PAGES = 5
MAX_FLOW_CAMPAIGNS = 30  # flows are listed per campaign: bounded requests per tick
FLOW_CONCURRENCY = 4
HOUR = 3600


# ---------------------------------------------------------------- fetching


async def take_snapshot(
    client: KeitaroClient,
    tracker: Tracker,
    needs: Needs,
    *,
    now: datetime,
) -> Snapshot:
    """Ask the tracker for what ``needs`` says. Keitaro errors become failures on the snapshot;
    anything else propagates."""
    snap = Snapshot(tracker.id, tracker.timezone, now.astimezone(UTC), within=tracker.scope)
    tz = ZoneInfo(tracker.timezone)
    if needs.report_days > 0:
        try:
            await _report(client, tracker, needs, snap, tz=tz)
        except KeitaroError as error:
            return _failed(snap, Failure.of(error, "report"))
    elif not needs.entities:
        try:
            await client.check_connection()
        except KeitaroError as error:
            return _failed(snap, Failure.of(error, "health"))
    if needs.entities:
        try:
            snap.entities = await _entities(client, needs, tracker.timezone, snap.taken_at)
        except KeitaroError as error:
            failure = Failure.of(error, "entities")
            if needs.report_days > 0:
                snap.entities_failure = failure
            else:  # the campaign list was the health check
                return _failed(snap, failure)
    if needs.log_lines > 0:
        try:
            entries = await client.logs.read("postbacks", limit=needs.log_lines)
            snap.logs = [LogLine(e.datetime or "", e.message) for e in entries]
        except KeitaroError as error:
            snap.logs_failure = Failure.of(error, "logs")
    return snap


def _failed(snap: Snapshot, failure: Failure) -> Snapshot:
    snap.failure = snap.logs_failure = snap.entities_failure = failure
    return snap


async def _report(
    client: KeitaroClient,
    tracker: Tracker,
    needs: Needs,
    snap: Snapshot,
    *,
    tz: ZoneInfo,
) -> None:
    local_today = snap.taken_at.astimezone(tz).date()
    first_day = local_today - timedelta(days=needs.report_days - 1)
    filters = []
    if needs.campaigns is not None:
        filters.append(Filter.where("campaign_id", "IN_LIST", sorted(needs.campaigns)))
    query = ReportQuery(
        range=DateRange(**{"from": first_day}),
        timezone=tracker.timezone,
        dimensions=list(DIMENSIONS),
        measures=list(MEASURES),
        filters=filters,
        sort=[Sort(name="campaign_id", order="ASC"), Sort(name="day", order="ASC"),
              Sort(name="hour", order="ASC")],
        limit=PAGE,
    )  # fmt: skip
    rows = await _run_pages(client, tracker, query, snap.taken_at)
    snap.data_from = datetime.combine(first_day, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    _parse(rows, snap, tz)


def _parse(rows: list[dict[str, Any]], snap: Snapshot, tz: ZoneInfo) -> None:
    """The report's rows into ``snap.series`` (campaign → epoch hour → counts, rows of one bucket
    added up) and ``snap.campaign_names``; a row without a readable campaign, day or hour is left out.
    Each (day, hour) is turned into its UTC hour once per report, not once per campaign."""
    series, names = snap.series, snap.campaign_names
    hours: dict[tuple[Any, Any], int] = {}  # (day, hour) as sent → epoch hour of its start
    named: dict[int, Any] = {}  # campaign → the last name it was sent with
    for row in rows:
        try:
            campaign_id = int(row["campaign_id"])
            key = (row["day"], row["hour"])
            epoch = hours.get(key)
            if epoch is None:
                day = date.fromisoformat(str(key[0])[:10])
                hour = int(key[1])
        except (KeyError, TypeError, ValueError):
            continue
        if epoch is None:  # (an hour out of 0..23 raises here, as it always did)
            begins = datetime(day.year, day.month, day.day, hour, tzinfo=tz).astimezone(UTC)
            epoch = hours[key] = int(begins.timestamp() // HOUR)
        buckets = series.get(campaign_id)
        if buckets is None:
            buckets = series[campaign_id] = {}
        bucket = buckets.get(epoch)
        # 0.0 + x: what adding x to a new bucket's zeros gives (-0.0 becomes 0.0), so a new bucket
        # is made, not added to; a number as the report model left it takes no call (the hot path)
        counts = Counts(
            *[
                0.0 + (float(v) if type(v) is float or type(v) is int else number(v))
                for v in map(row.get, MEASURES)
            ]
        )
        if bucket is None:
            buckets[epoch] = counts
        else:  # (x + (0.0 + v) is x + v: a bucket's sum is never -0.0)
            bucket.add(counts)
        raw = row.get("campaign")
        if raw and raw != named.get(campaign_id):  # the same name as the row before: nothing to do
            named[campaign_id] = raw
            name = str(raw).strip()
            if name:
                names[campaign_id] = name


async def _run_pages(
    client: KeitaroClient,
    tracker: Tracker,
    query: ReportQuery,
    now: datetime,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    offset = 0
    for _ in range(MAX_PAGES):
        page: ReportResult = await client.reports.run(
            query.model_copy(update={"offset": offset or None}), now=now
        )
        rows.extend(page.rows)
        offset += len(page.rows)
        total = page.total if page.total is not None else offset
        if not page.rows or offset >= total or len(page.rows) < PAGE:
            break
    else:
        log.warning("tracker %s: report cut at %d rows", tracker.id, len(rows))
    return rows


async def _entities(client: KeitaroClient, needs: Needs, timezone: str, now: datetime) -> Entities:
    result = Entities()
    for campaign in await client.campaigns.list():
        result.campaigns[campaign.id] = (campaign.name, str(campaign.state or "active"))
        result.sources[campaign.id] = campaign.traffic_source_id
    if needs.flows:
        wanted = sorted(result.campaigns) if needs.flow_campaigns is None else sorted(needs.flow_campaigns)
        wanted = [c for c in wanted if c in result.campaigns][:MAX_FLOW_CAMPAIGNS]
        gate = asyncio.Semaphore(FLOW_CONCURRENCY)

        async def flows_of(campaign_id: int) -> None:
            async with gate:
                streams = await client.campaigns.streams(campaign_id)
            for stream in streams:
                result.flows[stream.id] = (stream.name, str(stream.state or "active"), campaign_id)
            result.flow_campaigns.add(campaign_id)

        await asyncio.gather(*(flows_of(c) for c in wanted))
    if needs.offer_caps:
        await _offer_caps(client, result, timezone, now)
    return result


async def _offer_caps(client: KeitaroClient, result: Entities, timezone: str, now: datetime) -> None:
    capped: dict[str, dict[int, tuple[str, float]]] = {}
    for offer in await client.offers.list():
        cap = number(offer.daily_cap)
        if not offer.conversion_cap_enabled or cap <= 0 or str(offer.state or "") == "deleted":
            continue
        zone = offer.conversion_timezone or timezone
        try:
            ZoneInfo(zone)
        except (ValueError, KeyError):
            zone = timezone
        capped.setdefault(zone, {})[offer.id] = (offer.name, cap)
    for zone, offers in sorted(capped.items()):
        query = ReportQuery(
            range=RangePreset.TODAY,
            timezone=zone,
            dimensions=["offer_id"],
            measures=["conversions"],
            filters=[Filter.where("offer_id", "IN_LIST", sorted(offers))],
        )
        report = await client.reports.run(query, now=now)
        counted = {int(number(r.get("offer_id"))): number(r.get("conversions")) for r in report.rows}
        for offer_id, (name, cap) in offers.items():
            result.offers[offer_id] = OfferCap(name, cap, counted.get(offer_id, 0.0))
