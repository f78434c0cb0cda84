"""Heartbeat (a tracker's dead man's switch): no clicks — or no conversions (``postbacks``) — at all in
the last ``silence_minutes``, for the tracker as a whole, one campaign, or each traffic source on
its own (``per_source``: campaigns mapped to their traffic source by the campaign list).

Judged against the hours when traffic normally flows: the same span of the day on each of the
previous ``baseline_days`` days, in the tracker's time zone (the report's hours are local). When
the median of those is below ``min_usual`` the span is normally empty — *quiet hours* (note
``quiet_hours``, never fires), so a tracker whose traffic stops every night pages nobody at night.
Resolves on the first click (conversion) in the window.

Keitaro's report numbers are hourly and a conversion counts in the hour of its click, so silence is
seen within the hour at worst (a window that cuts an hour takes its share of that hour).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from pydantic import Field

from alerts.kinds.base import Observation, Params, Phrase, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import DAY, r, scope_of
from alerts.model import Severity
from alerts.snapshot import Needs

QUIET = "quiet_hours"
NO_SOURCES = "no_data"  # the campaign list (what maps campaigns to traffic sources) did not come


class HeartbeatParams(Params):
    silence_minutes: int = Field(60, ge=15, le=1440)  # no click at all this long → fire
    postbacks: bool = False  # watch conversions instead of clicks
    per_source: bool = False  # each traffic source on its own (else the tracker / the campaign)
    baseline_days: int = Field(7, ge=1, le=14)  # the same span of each of the previous N days
    min_usual: float = Field(5.0, gt=0, le=1_000_000)  # the usual count below this: quiet hours


def history(params: HeartbeatParams) -> timedelta:
    return params.baseline_days * DAY + timedelta(minutes=params.silence_minutes)


def needs(params: HeartbeatParams, campaign_id: int | None) -> Needs:
    return Needs(entities=params.per_source and campaign_id is None)


def _groups(params: HeartbeatParams, inp: RuleInput) -> dict[str, tuple[list[int | None], dict[str, Any]]]:
    """Scope → (the campaigns summed, sentence args naming it); ``{}`` when the sources are unknown."""
    snap = inp.snapshot
    if inp.campaign_id is not None:
        cid = inp.campaign_id
        return {scope_of(cid): ([cid], {"campaign_id": cid, "campaign": snap.name_of(cid)})}
    if not params.per_source:
        return {"": ([None], {})}
    if snap.entities is None:
        return {}
    out: dict[str, tuple[list[int | None], dict[str, Any]]] = {}
    for cid, source in sorted(snap.entities.sources.items()):
        if source is None:  # a campaign without a traffic source
            continue
        out.setdefault(f"source:{source}", ([], {"source_id": source}))[0].append(cid)
    return out


def _count(
    inp: RuleInput, campaigns: list[int | None], postbacks: bool, shift: timedelta, span: timedelta
) -> float | None:
    """Clicks (conversions) of ``campaigns`` in the ``span`` that ended ``shift`` before now."""
    end = inp.now - shift
    total = 0.0
    for cid in campaigns:
        counts = inp.snapshot.total(cid, end - span, end)
        if counts is None:
            return None
        total += counts.conversions if postbacks else counts.clicks
    return total


def evaluate(params: HeartbeatParams, inp: RuleInput) -> list[Observation]:
    span = timedelta(minutes=params.silence_minutes)
    what = "conversions" if params.postbacks else "clicks"
    groups = _groups(params, inp)
    if params.per_source and inp.campaign_id is None and inp.snapshot.entities is None:
        # which campaign is whose is unknown this tick: the sources keep their state
        return [Observation(None, False, False, NO_SOURCES, {}, scope) for scope in sorted(inp.previous)]
    out = []
    for scope, (campaigns, names) in groups.items():
        now = _count(inp, campaigns, params.postbacks, timedelta(0), span)
        base = [c for d in range(1, params.baseline_days + 1)
                if (c := _count(inp, campaigns, params.postbacks, d * DAY, span)) is not None]  # fmt: skip
        args = {**names, "what": what, "silence_minutes": params.silence_minutes}
        if now is None or not base:
            out.append(Observation(None, False, bool(now), "no_baseline", args, scope))
            continue
        usual = statistics.median(base)
        silent = now < 1e-9
        quiet = usual < params.min_usual
        args |= {"count": r(now, 1), "usual": r(usual, 1), "days": len(base), "min_usual": params.min_usual}
        note = QUIET if silent and quiet else None
        out.append(Observation(r(now, 1), silent and not quiet, not silent, note, args, scope))
    return out


def describe(args: Mapping[str, Any], params: HeartbeatParams, value: float | None) -> Sentence:
    what = str(args.get("what") or ("conversions" if params.postbacks else "clicks"))
    values: dict[str, Any] = {
        "what": Phrase(f"alerts-hb-{'conversions' if what == 'conversions' else 'clicks'}"),
        "window": Val("minutes", args.get("silence_minutes", params.silence_minutes)),
        "usual": Val("num", args.get("usual"), 1),
        "days": Val("int", args.get("days", params.baseline_days)),
    }
    if args.get("source_id") is not None:
        return Sentence("alerts-what-heartbeat-source", {**values, "source": f"#{args['source_id']}"})
    return Sentence("alerts-what-heartbeat", values)


KIND = RuleKind(
    name="heartbeat",
    order=15,
    params=HeartbeatParams,
    evaluate=evaluate,
    describe=describe,
    severity=Severity.CRITICAL,
    source="report",
    worse=None,
    value_unit="num",
    steps=(
        Step("silence_minutes", "minutes"),
        Step("postbacks", "bool"),
        Step("per_source", "bool"),
        Step("baseline_days", "int"),
        Step("min_usual", "num"),
    ),
    examples=(
        {"what": "clicks", "silence_minutes": 60, "count": 0, "usual": 42.0, "days": 7},
        {"what": "conversions", "silence_minutes": 90, "count": 0, "usual": 6.5, "days": 7, "source_id": 3},
    ),
    history=history,
    needs=needs,
    one_campaign=True,
    pausable=False,
    shows_value=False,
    report_metrics=("clicks", "conversions"),
)
