"""The chart a metric alert carries: the metric's series over the last day (or the rule's window × 12
when that is longer) with its baseline or threshold, computed from the tick's snapshot and kept in
the alert's details (``details["chart"]``), so the message drawn at send time shows the numbers the
engine judged.

One :class:`ChartSpec` per charted kind says what a point is (:data:`SPECS`):

* **buckets** (traffic drop/spike, no conversions): a point is the metric summed over ``step``
  hours; the baseline is the same hours ``offsets`` earlier (their mean), as the kind judges it;
* **rolling** (ROI, CR, rejected share): a point is the metric over the rule's window ending there
  (what the rule compared at that moment); the threshold is drawn as a line.

At most :data:`MAX_POINTS` points (longer spans take several hours a point) over at most
:data:`MAX_SPAN`; points the report does not hold are left out (the report is read far enough back
for the last day, :func:`chart_history`). The stored
form is compact JSON: ``{"unit", "step", "points": [[iso, value], ...], "baseline": [...] | None,
"threshold": x | None}`` (``value`` ``None`` where the metric is undefined, e.g. ROI without cost).

:func:`chart_rows` is the engine's one call: right after a fire/repeat/escalate row of an alert with
a chart, the chart's own row (``AlertChartPayload``) for the same chat, with its own dedup key.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from alerts.context import AlertsContext
from alerts.kinds.base import Observation, Params
from alerts.kinds.shared import DAY, WEEK
from alerts.outbox import NewRow, notice
from alerts.payloads import AlertChartPayload
from alerts.snapshot import Counts, Snapshot
from storage.timefmt import to_iso

__all__ = [
    "CHARTED_EVENTS",
    "MAX_POINTS",
    "MAX_SPAN",
    "SPECS",
    "ChartSpec",
    "chart_history",
    "chart_of",
    "chart_rows",
    "needs_chart",
]

HOUR = timedelta(hours=1)
MIN_SPAN = timedelta(hours=24)
MAX_SPAN = timedelta(days=7)  # the longest span drawn (as far as the report holds it)
MAX_POINTS = 48  # a phone-sized chart: a longer span takes several hours a point
CHARTED_EVENTS = frozenset({"fire", "repeat", "escalate"})


def _p(params: Params, name: str, default: float = 0.0) -> float:
    value = getattr(params, name, default)
    return float(value) if isinstance(value, int | float) else default


def _ratio(num: float, den: float) -> float | None:
    return num / den * 100 if den > 0 else None


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """How one kind's chart is drawn from the snapshot."""

    unit: str  # clicks | conversions | roi | cr | rejected (the axis label: charts-unit-<unit>)
    value: Callable[[Counts], float | None]  # the metric of a sum
    window: Callable[[Params], timedelta]  # the rule's window (the span is max(24 h, 12 × window))
    rolling: bool = False  # a point = the metric over the window ending there (else a bucket's sum)
    offsets: Callable[[Params], Sequence[timedelta]] | None = None  # the baseline: the same hours back
    threshold: Callable[[Params], float] | None = None  # a horizontal line
    delayed: bool = False  # the most recent postback delay left out (as the kind judges)


def _weeks(params: Params) -> list[timedelta]:
    return [w * WEEK for w in range(1, int(_p(params, "weeks", 1)) + 1)]


def _days_weeks(params: Params) -> list[timedelta]:
    days = int(_p(params, "baseline_days"))
    weeks = int(_p(params, "baseline_weeks"))
    return sorted({d * DAY for d in range(1, days + 1)} | {w * WEEK for w in range(1, weeks + 1)})


def _minutes(name: str) -> Callable[[Params], timedelta]:
    return lambda params: timedelta(minutes=_p(params, name, 60))


def _hours(name: str) -> Callable[[Params], timedelta]:
    return lambda params: timedelta(hours=_p(params, name, 24))


def _field(name: str) -> Callable[[Params], float]:
    return lambda params: _p(params, name)


def _window(unit: str, value: Callable[[Counts], float | None], threshold: str) -> ChartSpec:
    """ROI, CR, rejected share: over the rule's window ending at each point, against a threshold."""
    return ChartSpec(
        unit, value, _hours("window_hours"), rolling=True, threshold=_field(threshold), delayed=True
    )


_TRAFFIC = ChartSpec("clicks", lambda c: c.clicks, _minutes("window_minutes"), offsets=_weeks)

SPECS: dict[str, ChartSpec] = {
    "traffic_drop": _TRAFFIC,
    "traffic_spike": _TRAFFIC,
    "no_conversions": ChartSpec(
        "conversions", lambda c: c.conversions, _hours("hours"), offsets=_days_weeks, delayed=True
    ),
    "roi_below": _window("roi", lambda c: _ratio(c.revenue - c.cost, c.cost), "fire_below"),
    "cr_below": _window("cr", lambda c: _ratio(c.conversions, c.clicks), "fire_below"),
    "rejected_share": _window("rejected", lambda c: _ratio(c.rejected, c.conversions), "fire_above"),
}


def _span(spec: ChartSpec, params: Params) -> timedelta:
    return min(MAX_SPAN, max(MIN_SPAN, 12 * spec.window(params)))


def _step(span: timedelta) -> timedelta:
    return HOUR * max(1, math.ceil(span / HOUR / MAX_POINTS))


def chart_history(kind: str, params: Params) -> timedelta:
    """How far back the report must go for the kind's chart over the last day
    (``alerts.rules.rule_needs``); zero for a kind without one. A longer span (12 windows) is drawn
    as far as the report holds it anyway (another rule of the tracker may read further back): the
    chart never makes the report of a tracker with many campaigns several times larger. The postback
    delay is the caller's to add."""
    spec = SPECS.get(kind)
    if spec is None:
        return timedelta(0)
    if spec.rolling:
        return MIN_SPAN + spec.window(params)
    return MIN_SPAN + max(spec.offsets(params) if spec.offsets else [], default=timedelta(0))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def chart_of(
    kind: str, params: Params, snap: Snapshot, campaign_id: int | None, *, delay: timedelta = timedelta(0)
) -> dict[str, Any] | None:
    """The chart of a rule's scope now (``None`` for a kind without one, or when the report holds
    no point of it)."""
    spec = SPECS.get(kind)
    if spec is None or snap.data_from is None or snap.failure is not None:
        return None
    span = _span(spec, params)
    step = _step(span)
    last = snap.taken_at - (delay if spec.delayed else timedelta(0))
    whole = datetime.fromtimestamp(last.timestamp() // 3600 * 3600, UTC)
    ends = [last] if whole < last else []
    ends += [whole - k * step for k in range(int(span / step))]
    ends = sorted(e for e in ends if e > last - span)
    width = spec.window(params)
    points: list[list[Any]] = []
    baseline: list[list[Any]] = []
    for end in ends:
        # rolling: the window ending there; else a bucket of ``step`` hours (the hour so far: as far as
        # it went)
        start = end - width if spec.rolling else whole if end == last and whole < last else end - step
        counts = snap.total(campaign_id, start, end)
        if counts is None:
            continue
        at = to_iso(end)
        points.append([at, _round(spec.value(counts))])
        if spec.offsets is not None:
            offsets = spec.offsets(params)
            past = [c for o in offsets if (c := snap.total(campaign_id, start - o, end - o)) is not None]
            values = [v for c in past if (v := spec.value(c)) is not None]
            baseline.append([at, _round(sum(values) / len(values)) if values else None])
    if not points:
        return None
    return {
        "unit": spec.unit,
        "step": int(step / HOUR),
        "points": points,
        "baseline": baseline if spec.offsets is not None else None,
        "threshold": spec.threshold(params) if spec.threshold is not None else None,
    }


def needs_chart(obs: Observation | None) -> bool:
    """A scope whose chart is worth computing this tick: it fires, or sits between the fire and the
    resolve condition (an open alert stays open there). Quiet scopes cost nothing."""
    return obs is not None and obs.note is None and (obs.firing or not obs.resolved)


async def chart_rows(ctx: AlertsContext, rows: Sequence[NewRow]) -> list[NewRow]:
    """The chart rows to queue right after ``rows`` (alert rows of one event about one alert): one per
    fire/repeat/escalate row whose alert has a chart, same chat, dedup key
    ``alert:{id}:{event}:chart:{chat}``. Queued in the same ``enqueue_many`` as ``rows``, after
    them: the chat's order sends the chart after its text."""
    wanted = [
        r for r in rows if r.payload.get("type") == "alert" and r.payload.get("event") in CHARTED_EVENTS
    ]
    charted: dict[int, bool] = {}
    out: list[NewRow] = []
    for row in wanted:
        alert_id = int(row.payload["alert_id"])
        if alert_id not in charted:
            alert = await ctx.alerts.get_alert(alert_id)
            charted[alert_id] = alert is not None and bool(alert.details.get("chart"))
        if not charted[alert_id]:
            continue
        chart = AlertChartPayload(alert_id=alert_id, event=row.payload["event"])
        key = None
        if row.dedup_key:
            head, _, chat = row.dedup_key.rpartition(":")
            key = f"{head}:chart:{chat}"
        out.append(notice(row.chat_id, chart, silent=True, dedup_key=key))
    return out
