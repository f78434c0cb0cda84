"""The data of one tick's snapshot of a tracker (:mod:`alerts.snapshot` fetches it): failures,
hourly numbers per campaign, log lines, entity lists, and what the rules need.

Numbers between hour buckets: a window that cuts a bucket takes the share of the bucket it covers
(traffic assumed even inside an hour); the current hour counts as far as it has happened, so the
same cut of an older hour is comparable with it.

Rules of one tracker share one snapshot, and so its sums: :meth:`Snapshot.total` keeps each window's
sum (per campaign, start and end) for the rest of the tick — the window kinds, their per-campaign
and one-campaign variants and the charts ask for the same windows many times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from keitaro.errors import (
    AuthError,
    EditionError,
    ForbiddenError,
    KeitaroError,
    NotJsonError,
    ServerError,
)
from storage.scope import Scope

__all__ = [
    "HOUR",
    "MEASURES",
    "Counts",
    "Entities",
    "Failure",
    "LogLine",
    "Needs",
    "OfferCap",
    "Snapshot",
    "number",
    "union",
]

MEASURES = ("clicks", "conversions", "leads", "sales", "rejected", "revenue", "cost")
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
        return cls(*(number(row.get(name)) for name in MEASURES))

    def copy(self) -> Counts:
        return Counts(self.clicks, self.conversions, self.leads, self.sales, self.rejected, self.revenue,
                      self.cost)  # fmt: skip


def number(value: Any) -> float:
    """A report value as a float: ``None``, ``""`` and what is not a number count as 0."""
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


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
    sources: dict[int, int | None] = field(default_factory=dict)  # campaign id → its traffic source


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
    _total: _Sums | None = field(default=None, repr=False)  # None: nothing summed yet (or forgotten)

    def campaign_ids(self) -> list[int]:
        return sorted(self.series)

    def name_of(self, campaign_id: int | None) -> str:
        if campaign_id is None:
            return ""
        return self.campaign_names.get(campaign_id) or f"#{campaign_id}"

    def _series_of(self, campaign_id: int | None, sums: _Sums) -> dict[int, Counts]:
        if campaign_id is not None:
            return self.series.get(campaign_id, {})
        if sums.every is None:
            every: dict[int, Counts] = {}
            for hours in self.series.values():
                for hour, counts in hours.items():
                    kept = every.get(hour)
                    if kept is None:  # (what adding it to zeros gives, without the call)
                        every[hour] = Counts(0.0 + counts.clicks, 0.0 + counts.conversions,
                                             0.0 + counts.leads, 0.0 + counts.sales, 0.0 + counts.rejected,
                                             0.0 + counts.revenue, 0.0 + counts.cost)  # fmt: skip
                    else:
                        kept.add(counts)
            sums.every = every
        return sums.every

    def total(self, campaign_id: int | None, start: datetime, end: datetime) -> Counts | None:
        """Sums over ``[start, end)`` for a campaign (every campaign with ``None``); ``None`` when
        the snapshot has no numbers for that whole span (before its data, or after now). Each window
        is summed once per snapshot (a new :class:`Counts` per call: the caller's to keep)."""
        if self.data_from is None or start < self.data_from or end > self.taken_at or end <= start:
            return None
        sums = self._total
        if sums is None:
            sums = self._total = _Sums()
        lo, hi = start.timestamp(), end.timestamp()
        key = (campaign_id, lo, hi)
        kept = sums.windows.get(key)
        if kept is None:
            kept = sums.windows[key] = _sum(
                self._series_of(campaign_id, sums), lo, hi, self.taken_at.timestamp()
            )
        return kept.copy()


@dataclass(slots=True)
class _Sums:
    """What :meth:`Snapshot.total` keeps (setting ``Snapshot._total`` to ``None`` forgets it)."""

    every: dict[int, Counts] | None = None  # every campaign's hours summed
    windows: dict[tuple[int | None, float, float], Counts] = field(default_factory=dict)


def _sum(series: dict[int, Counts], lo: float, hi: float, taken: float) -> Counts:
    """``series`` summed over ``[lo, hi)`` (epoch seconds), cut buckets by their share so far. The
    additions of ``Counts().add(bucket, share)`` bucket after bucket, in local variables."""
    clicks = conversions = leads = sales = rejected = revenue = cost = 0.0
    for hour in range(int(lo // HOUR), int(hi // HOUR) + 1):
        counts = series.get(hour)
        if counts is None:
            continue
        begins = hour * HOUR
        ends = begins + HOUR
        available = (taken if taken < ends else ends) - begins  # min(begins + HOUR, taken) - begins
        if available <= 0:
            continue
        until = begins + available
        overlap = (until if until < hi else hi) - (begins if begins > lo else lo)  # min(…) - max(…)
        if overlap > 0:
            share = overlap / available
            weight = share if share < 1.0 else 1.0
            clicks += counts.clicks * weight
            conversions += counts.conversions * weight
            leads += counts.leads * weight
            sales += counts.sales * weight
            rejected += counts.rejected * weight
            revenue += counts.revenue * weight
            cost += counts.cost * weight
    return Counts(clicks, conversions, leads, sales, rejected, revenue, cost)


def union(values: Iterable[frozenset[int] | None]) -> frozenset[int] | None:
    """Union of id sets where ``None`` means "all"."""
    out: set[int] = set()
    for value in values:
        if value is None:
            return None
        out |= value
    return frozenset(out)
