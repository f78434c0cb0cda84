"""Evaluation helpers the report kinds share: the campaigns a rule looks at, window sums and their
means, the per-campaign loop of the window kinds (ROI, CR, rejected share) and of the traffic kinds
(drop, spike), and their params."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, NamedTuple

from pydantic import Field

from alerts.kinds.base import Observation, PerCampaignParams, RuleInput
from alerts.snapshot import Counts

__all__ = [
    "DAY",
    "WEEK",
    "TrafficParams",
    "Verdict",
    "WindowParams",
    "args_of",
    "each_campaign",
    "judge",
    "mean",
    "r",
    "scope_of",
    "targets",
    "traffic",
    "traffic_history",
    "window_history",
]

DAY = timedelta(days=1)
WEEK = timedelta(days=7)


def scope_of(campaign_id: int | None) -> str:
    return "" if campaign_id is None else f"campaign:{campaign_id}"


def targets(params: Any, inp: RuleInput) -> list[int | None]:
    """The campaigns a metric rule looks at (``None`` = every campaign summed)."""
    if inp.campaign_id is not None:
        return [inp.campaign_id]
    if getattr(params, "per_campaign", False):
        return list(inp.snapshot.campaign_ids())
    return [None]


def args_of(inp: RuleInput, campaign_id: int | None, **extra: Any) -> dict[str, Any]:
    """The sentence arguments every per-campaign observation has (the campaign's id and name)."""
    return {"campaign_id": campaign_id, "campaign": inp.snapshot.name_of(campaign_id), **extra}


def r(value: float, digits: int = 2) -> float:
    return round(value, digits)


def mean(items: list[Counts]) -> Counts:
    total = Counts()
    for item in items:
        total.add(item, 1.0 / len(items))
    return total


def judge(
    value: float | None, note: str | None, args: dict[str, Any], scope: str, *, firing: bool, resolved: bool
) -> Observation:
    """An observation that never fires while it cannot judge (``note``), and counts as resolved then."""
    return Observation(value, firing and not note, resolved or bool(note), note, args, scope)


class Verdict(NamedTuple):
    value: float
    note: str | None
    firing: bool
    resolved: bool


# ---------------------------------------------------------------- traffic: clicks vs past weeks


class TrafficParams(PerCampaignParams):
    window_minutes: int = Field(60, ge=15, le=1440)
    weeks: int = Field(1, ge=1, le=4)  # 1 = the same window a week ago; more = their mean


def traffic_history(params: TrafficParams) -> timedelta:
    return params.weeks * WEEK + timedelta(minutes=params.window_minutes)


def traffic(
    params: TrafficParams, inp: RuleInput, verdict: Callable[[float, float], Verdict]
) -> list[Observation]:
    """Clicks in the last window vs the mean of the same window 1..``weeks`` weeks back, per target;
    ``verdict(clicks now, baseline)`` judges the ratio."""
    end = inp.now
    start = end - timedelta(minutes=params.window_minutes)
    out = []
    for campaign_id in targets(params, inp):
        scope = scope_of(campaign_id)
        now = inp.snapshot.total(campaign_id, start, end)
        weeks = [w * WEEK for w in range(1, params.weeks + 1)]
        base = [c for o in weeks if (c := inp.snapshot.total(campaign_id, start - o, end - o)) is not None]
        if now is None or not base:
            out.append(
                judge(None, "no_baseline", args_of(inp, campaign_id), scope, firing=False, resolved=True)
            )
            continue
        baseline = mean(base).clicks
        args = args_of(inp, campaign_id, window_minutes=params.window_minutes, clicks=round(now.clicks),
                       baseline=r(baseline, 1), weeks=len(base))  # fmt: skip
        ratio, note, firing, resolved = verdict(now.clicks, baseline)
        args["ratio"] = r(ratio, 3)
        out.append(judge(r(ratio, 4), note, args, scope, firing=firing, resolved=resolved))
    return out


# ---------------------------------------------------------------- window kinds: sums over the last hours


class WindowParams(PerCampaignParams):
    window_hours: int = Field(24, ge=1, le=168)


def window_history(params: WindowParams) -> timedelta:
    return timedelta(hours=params.window_hours)


def _window(params: WindowParams, inp: RuleInput, campaign_id: int | None) -> Counts | None:
    end = inp.now - inp.postback_delay
    return inp.snapshot.total(campaign_id, end - timedelta(hours=params.window_hours), end)


def each_campaign(
    params: WindowParams, inp: RuleInput, judge_one: Callable[[Counts, int | None], Observation]
) -> list[Observation]:
    """The window rules (ROI, CR, rejected share): one observation per target, ``no_data`` where the
    window holds nothing, else what ``judge_one`` makes of the window's counts."""
    out = []
    for campaign_id in targets(params, inp):
        c = _window(params, inp, campaign_id)
        if c is None:
            out.append(judge(None, "no_data", args_of(inp, campaign_id), scope_of(campaign_id),
                             firing=False, resolved=True))  # fmt: skip
        else:
            out.append(judge_one(c, campaign_id))
    return out
