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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from keitaro import KeitaroClient
from keitaro.errors import (
    AuthError,
    EditionError,
    ForbiddenError,
    KeitaroError,
    NotJsonError,
    ServerError,
)
from keitaro.models.traffic import ReportResult
from keitaro.reports import DateRange, Filter, RangePreset, ReportQuery, Sort
from storage import Tracker
from storage.scope import Scope

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
]

log = logging.getLogger(__name__)

MEASURES = ("clicks", "conversions", "leads", "sales", "rejected", "revenue", "cost")
DIMENSIONS = ("campaign_id", "campaign", "day", "hour")
PAGE = 10_000
MAX_PAGES = 5
MAX_FLOW_CAMPAIGNS = 30  # flows are listed per campaign: bounded requests per tick
FLOW_CONCURRENCY = 4
HOUR = 3600


# ---------------------------------------------------------------- failures


@dataclass(frozen=True, slots=True)
class Failure:
    """A call to the tracker that failed. ``kind`` is what to tell a person: ``cloudflare``,
    ``html``, ``5xx``, ``401``, ``402``, ``403``, else the error code (``timeout``, ``refused``,
    ``dns``, ``tls``, ``network``, ``unexpected_response`` …)."""

    code: str
    kind: str
    message: str
    http_status: int | None
    part: str  # report | health | logs | entities

    @classmethod
    def of(cls, error: KeitaroError, part: str) -> Failure:
        kind = error.code
        if isinstance(error, NotJsonError):
            kind = "cloudflare" if error.looks_like_cloudflare else "html"
        elif isinstance(error, ServerError):
            kind = "5xx"
        elif isinstance(error, AuthError):
            kind = "401"
        elif isinstance(error, EditionError):
            kind = "402"
        elif isinstance(error, ForbiddenError):
            kind = "403"
        return cls(error.code, kind, error.message[:300], error.http_status, part)

    def args(self) -> dict[str, Any]:
        return {
            "failure": self.kind,
            "code": self.code,
            "http_status": self.http_status,
            "message": self.message,
            "part": self.part,
        }


# ---------------------------------------------------------------- numbers


@dataclass(slots=True)
class Counts:
    clicks: float = 0.0
    conversions: float = 0.0
    leads: float = 0.0
    sales: float = 0.0
    rejected: float = 0.0
    revenue: float = 0.0
    cost: float = 0.0

    def add(self, other: Counts, weight: float = 1.0) -> None:
        self.clicks += other.clicks * weight
        self.conversions += other.conversions * weight
        self.leads += other.leads * weight
        self.sales += other.sales * weight
        self.rejected += other.rejected * weight
        self.revenue += other.revenue * weight
        self.cost += other.cost * weight

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> Counts:
        return cls(*(_number(row.get(name)) for name in MEASURES))


def _number(value: Any) -> float:
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


def _epoch_hour(moment: datetime) -> int:
    return int(moment.timestamp() // HOUR)


@dataclass(frozen=True, slots=True)
class LogLine:
    datetime: str  # as the tracker wrote it (local time of the tracker, no zone)
    message: str


@dataclass(frozen=True, slots=True)
class OfferCap:
    name: str
    cap: float
    conversions_today: float


@dataclass(slots=True)
class Entities:
    campaigns: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (name, state)
    flows: dict[int, tuple[str, str, int]] = field(default_factory=dict)  # id → (name, state, campaign)
    flow_campaigns: set[int] = field(default_factory=set)  # campaigns whose flows were listed
    offers: dict[int, OfferCap] = field(default_factory=dict)  # offers with a daily cap


@dataclass(frozen=True, slots=True)
class Needs:
    """What the rules of one tracker need this tick (``rules.needs_of`` computes it)."""

    report_days: int = 0  # 0 = no report; else local days back (today included)
    campaigns: frozenset[int] | None = None  # report filter; None = every campaign
    log_lines: int = 0  # postbacks log lines to read; 0 = none
    entities: bool = False  # the campaign list
    flows: bool = False
    flow_campaigns: frozenset[int] | None = None  # None = every listed campaign (bounded)
    offer_caps: bool = False


@dataclass
class Snapshot:
    tracker_id: int
    timezone: str
    taken_at: datetime  # UTC
    failure: Failure | None = None  # the tracker API failed (the report, or the health check)
    data_from: datetime | None = None  # UTC start of the hourly numbers (None = no report)
    series: dict[int, dict[int, Counts]] = field(default_factory=dict)  # campaign → epoch hour → counts
    campaign_names: dict[int, str] = field(default_factory=dict)
    logs: list[LogLine] | None = None
    logs_failure: Failure | None = None
    entities: Entities | None = None
    entities_failure: Failure | None = None
    within: Scope | None = None  # taken through a buyer scope: every number is of its campaigns only
    _total: dict[int, Counts] | None = field(default=None, repr=False)

    def campaign_ids(self) -> list[int]:
        return sorted(self.series)

    def name_of(self, campaign_id: int | None) -> str:
        if campaign_id is None:
            return ""
        return self.campaign_names.get(campaign_id) or f"#{campaign_id}"

    def _series_of(self, campaign_id: int | None) -> dict[int, Counts]:
        if campaign_id is not None:
            return self.series.get(campaign_id, {})
        if self._total is None:
            total: dict[int, Counts] = {}
            for hours in self.series.values():
                for hour, counts in hours.items():
                    total.setdefault(hour, Counts()).add(counts)
            self._total = total
        return self._total

    def total(self, campaign_id: int | None, start: datetime, end: datetime) -> Counts | None:
        """Sums over ``[start, end)`` for a campaign (every campaign with ``None``); ``None`` when
        the snapshot has no numbers for that whole span (before its data, or after now)."""
        if self.data_from is None or start < self.data_from or end > self.taken_at or end <= start:
            return None
        series = self._series_of(campaign_id)
        result = Counts()
        taken = self.taken_at.timestamp()
        lo, hi = start.timestamp(), end.timestamp()
        for hour in range(int(lo // HOUR), int(hi // HOUR) + 1):
            counts = series.get(hour)
            if counts is None:
                continue
            begins = hour * HOUR
            available = min(begins + HOUR, taken) - begins
            if available <= 0:
                continue
            overlap = min(hi, begins + available) - max(lo, begins)
            if overlap > 0:
                result.add(counts, min(1.0, overlap / available))
        return result


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
    for row in rows:
        try:
            campaign_id = int(row["campaign_id"])
            day = date.fromisoformat(str(row["day"])[:10])
            hour = int(row["hour"])
        except (KeyError, TypeError, ValueError):
            continue
        begins = datetime(day.year, day.month, day.day, hour, tzinfo=tz).astimezone(UTC)
        bucket = snap.series.setdefault(campaign_id, {}).setdefault(_epoch_hour(begins), Counts())
        bucket.add(Counts.of_row(row))
        name = str(row.get("campaign") or "").strip()
        if name:
            snap.campaign_names[campaign_id] = name


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
        cap = _number(offer.daily_cap)
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
        counted = {int(_number(r.get("offer_id"))): _number(r.get("conversions")) for r in report.rows}
        for offer_id, (name, cap) in offers.items():
            result.offers[offer_id] = OfferCap(name, cap, counted.get(offer_id, 0.0))


def union(values: Iterable[frozenset[int] | None]) -> frozenset[int] | None:
    """Union of id sets where ``None`` means "all"."""
    out: set[int] = set()
    for value in values:
        if value is None:
            return None
        out |= value
    return frozenset(out)
