"""The evaluation of each rule kind over a tracker's snapshot: pure functions returning one
:class:`Observation` per scope (value, fire condition, resolve condition, note, message args)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from alerts.rule_params import (
    CrBelowParams,
    NoConversionsParams,
    ObjectChangedParams,
    PostbackProblemsParams,
    RejectedShareParams,
    RoiBelowParams,
    TrackerDownParams,
    TrafficDropParams,
    TrafficParams,
    TrafficSpikeParams,
    WindowParams,
)
from alerts.snapshot import Counts, Snapshot
from storage.alerts import AlertStateRow

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
MAX_REPORT_DAYS = 31


@dataclass(frozen=True, slots=True)
class Observation:
    value: float | None
    firing: bool
    resolved: bool
    note: str | None = None
    text_args: dict[str, Any] = field(default_factory=dict)
    scope: str = ""
    data: dict[str, Any] | None = None  # kept in the state's ``data`` between ticks (None = unchanged)


@dataclass(frozen=True, slots=True)
class RuleInput:
    snapshot: Snapshot
    campaign_id: int | None
    postback_delay: timedelta
    previous: Mapping[str, AlertStateRow]  # the rule's states by scope, before this tick

    @property
    def now(self) -> datetime:
        return self.snapshot.taken_at


# ---------------------------------------------------------------- helpers


def _scope(campaign_id: int | None) -> str:
    return "" if campaign_id is None else f"campaign:{campaign_id}"


def _targets(params: Any, inp: RuleInput) -> list[int | None]:
    """The campaigns a metric rule looks at (``None`` = every campaign summed)."""
    if inp.campaign_id is not None:
        return [inp.campaign_id]
    if getattr(params, "per_campaign", False):
        return list(inp.snapshot.campaign_ids())
    return [None]


def _args(inp: RuleInput, campaign_id: int | None, **extra: Any) -> dict[str, Any]:
    return {"campaign_id": campaign_id, "campaign": inp.snapshot.name_of(campaign_id), **extra}


def _r(value: float, digits: int = 2) -> float:
    return round(value, digits)


def _mean(items: list[Counts]) -> Counts:
    total = Counts()
    for item in items:
        total.add(item, 1.0 / len(items))
    return total


def _judge(
    value: float | None, note: str | None, args: dict[str, Any], scope: str, *, firing: bool, resolved: bool
) -> Observation:
    return Observation(value, firing and not note, resolved or bool(note), note, args, scope)


# ---------------------------------------------------------------- evaluations


def _tracker_down(params: TrackerDownParams, inp: RuleInput) -> list[Observation]:
    failure = inp.snapshot.failure
    before = inp.previous.get("")
    fails = (before.fail_count if before is not None else 0) + 1 if failure is not None else 0
    args: dict[str, Any] = {"failures": fails, "needed": params.failures}
    if failure is not None:
        args |= failure.args()
    return [Observation(float(fails), fails >= params.failures, fails == 0, None, args, "")]


def _no_conversions(params: NoConversionsParams, inp: RuleInput) -> list[Observation]:
    end = inp.now - inp.postback_delay
    start = end - timedelta(hours=params.hours)
    offsets = sorted({d * DAY for d in range(1, params.baseline_days + 1)}
                     | {w * WEEK for w in range(1, params.baseline_weeks + 1)})  # fmt: skip
    out = []
    for campaign_id in _targets(params, inp):
        scope = _scope(campaign_id)
        now = inp.snapshot.total(campaign_id, start, end)
        base = [c for o in offsets if (c := inp.snapshot.total(campaign_id, start - o, end - o)) is not None]
        if now is None or not base:
            out.append(
                _judge(None, "no_baseline", _args(inp, campaign_id), scope, firing=False, resolved=True)
            )
            continue
        mean = _mean(base)
        if params.scale_by_clicks and mean.clicks > 0:
            expected = mean.conversions / mean.clicks * now.clicks
        else:
            expected = mean.conversions
        args = _args(inp, campaign_id, hours=params.hours, conversions=_r(now.conversions),
                     expected=_r(expected, 1), clicks=round(now.clicks), baseline_days=len(base))  # fmt: skip
        note = "not_enough_traffic" if expected < params.min_expected else None
        out.append(
            _judge(now.conversions, note, args, scope,
                   firing=now.conversions < 1e-9, resolved=now.conversions >= params.resolve_conversions)
        )  # fmt: skip
    return out


def _traffic(params: TrafficParams, inp: RuleInput) -> list[Observation]:
    end = inp.now
    start = end - timedelta(minutes=params.window_minutes)
    out = []
    for campaign_id in _targets(params, inp):
        scope = _scope(campaign_id)
        now = inp.snapshot.total(campaign_id, start, end)
        weeks = [w * WEEK for w in range(1, params.weeks + 1)]
        base = [c for o in weeks if (c := inp.snapshot.total(campaign_id, start - o, end - o)) is not None]
        if now is None or not base:
            out.append(
                _judge(None, "no_baseline", _args(inp, campaign_id), scope, firing=False, resolved=True)
            )
            continue
        baseline = _mean(base).clicks
        args = _args(inp, campaign_id, window_minutes=params.window_minutes, clicks=round(now.clicks),
                     baseline=_r(baseline, 1), weeks=len(base))  # fmt: skip
        if isinstance(params, TrafficDropParams):
            note = "not_enough_traffic" if baseline < params.min_baseline_clicks else None
            ratio = now.clicks / baseline if baseline > 0 else 1.0
            firing, resolved = ratio <= params.fire_ratio, ratio >= params.resolve_ratio
        else:
            assert isinstance(params, TrafficSpikeParams)
            note = "not_enough_traffic" if now.clicks < params.min_clicks else None
            ratio = now.clicks / max(baseline, 1.0)
            firing, resolved = ratio >= params.fire_ratio, ratio <= params.resolve_ratio
        args["ratio"] = _r(ratio, 3)
        out.append(_judge(_r(ratio, 4), note, args, scope, firing=firing, resolved=resolved))
    return out


def _traffic_drop(params: TrafficDropParams, inp: RuleInput) -> list[Observation]:
    return _traffic(params, inp)


def _traffic_spike(params: TrafficSpikeParams, inp: RuleInput) -> list[Observation]:
    return _traffic(params, inp)


def _window(params: WindowParams, inp: RuleInput, campaign_id: int | None) -> Counts | None:
    end = inp.now - inp.postback_delay
    return inp.snapshot.total(campaign_id, end - timedelta(hours=params.window_hours), end)


def _each_campaign(
    params: WindowParams, inp: RuleInput, judge: Callable[[Counts, int | None], Observation]
) -> list[Observation]:
    """The window rules (ROI, CR, rejected share): one observation per target, ``no_data`` where the
    window holds nothing, else what ``judge`` makes of the window's counts."""
    out = []
    for campaign_id in _targets(params, inp):
        c = _window(params, inp, campaign_id)
        if c is None:
            out.append(_judge(None, "no_data", _args(inp, campaign_id), _scope(campaign_id),
                              firing=False, resolved=True))  # fmt: skip
        else:
            out.append(judge(c, campaign_id))
    return out


def _roi_below(params: RoiBelowParams, inp: RuleInput) -> list[Observation]:
    def judge(c: Counts, campaign_id: int | None) -> Observation:
        roi = (c.revenue - c.cost) / c.cost * 100 if c.cost > 0 else 0.0
        args = _args(inp, campaign_id, window_hours=params.window_hours, roi=_r(roi), cost=_r(c.cost),
                     revenue=_r(c.revenue), threshold=params.fire_below)  # fmt: skip
        note = "not_enough_spend" if c.cost < params.min_cost or c.cost <= 0 else None
        return _judge(_r(roi), note, args, _scope(campaign_id),
                      firing=roi < params.fire_below, resolved=roi >= params.resolve_above)  # fmt: skip

    return _each_campaign(params, inp, judge)


def _cr_below(params: CrBelowParams, inp: RuleInput) -> list[Observation]:
    def judge(c: Counts, campaign_id: int | None) -> Observation:
        cr = c.conversions / c.clicks * 100 if c.clicks > 0 else 0.0
        args = _args(inp, campaign_id, window_hours=params.window_hours, cr=_r(cr, 3), clicks=round(c.clicks),
                     conversions=_r(c.conversions), threshold=params.fire_below)  # fmt: skip
        note = "not_enough_traffic" if c.clicks < params.min_clicks else None
        return _judge(_r(cr, 4), note, args, _scope(campaign_id),
                      firing=cr < params.fire_below, resolved=cr >= params.resolve_above)  # fmt: skip

    return _each_campaign(params, inp, judge)


def _rejected_share(params: RejectedShareParams, inp: RuleInput) -> list[Observation]:
    def judge(c: Counts, campaign_id: int | None) -> Observation:
        share = c.rejected / c.conversions * 100 if c.conversions > 0 else 0.0
        args = _args(inp, campaign_id, window_hours=params.window_hours, share=_r(share, 1),
                     rejected=_r(c.rejected), conversions=_r(c.conversions),
                     threshold=params.fire_above)  # fmt: skip
        note = "not_enough_conversions" if c.conversions < params.min_conversions else None
        return _judge(_r(share, 2), note, args, _scope(campaign_id), firing=share > params.fire_above,
                      resolved=share <= params.resolve_below)  # fmt: skip

    return _each_campaign(params, inp, judge)


BAD_POSTBACK = re.compile(r"subid not found|unknown status", re.IGNORECASE)
RECEIVED = re.compile(r"^received postback", re.IGNORECASE)


def _postback_problems(params: PostbackProblemsParams, inp: RuleInput) -> list[Observation]:
    snap = inp.snapshot
    zone = ZoneInfo(params.log_timezone or snap.timezone)
    start = inp.now - timedelta(minutes=params.window_minutes)
    bad = received = 0
    oldest: datetime | None = None
    examples: list[str] = []
    for line in snap.logs or []:
        try:
            when = datetime.fromisoformat(line.datetime.strip()).replace(tzinfo=zone)
        except ValueError:
            continue
        oldest = when if oldest is None or when < oldest else oldest
        if when < start or when > inp.now + timedelta(minutes=5):
            continue
        if BAD_POSTBACK.search(line.message):
            bad += 1
            if len(examples) < 3:
                examples.append(line.message[:120])
        elif RECEIVED.search(line.message):
            received += 1
    truncated = len(snap.logs or []) >= params.lines and oldest is not None and oldest > start
    args = {"window_minutes": params.window_minutes, "bad": bad, "received": received,
            "examples": examples, "truncated": truncated, "threshold": params.fire_at}  # fmt: skip
    return [Observation(float(bad), bad >= params.fire_at, bad <= params.resolve_at, None, args, "")]


def _object_changed(params: ObjectChangedParams, inp: RuleInput) -> list[Observation]:
    entities = inp.snapshot.entities
    if entities is None:
        return []
    current: dict[str, tuple[str, str, dict[str, Any]]] = {}  # scope → (state, name, args)
    if params.campaigns:
        for cid, (name, state) in entities.campaigns.items():
            if inp.campaign_id in (None, cid):
                current[f"campaign:{cid}"] = (state, name, {"object": "campaign", "id": cid})
    if params.flows:
        for fid, (name, state, cid) in entities.flows.items():
            if inp.campaign_id in (None, cid):
                current[f"flow:{fid}"] = (state, name, {"object": "flow", "id": fid, "campaign_id": cid})
    out: list[Observation] = []
    for scope, before in inp.previous.items():  # gone from the lists: archived
        kind, _, ident = scope.partition(":")
        gone = scope not in current and before.data.get("seen") is not None and ident.isdigit()
        name = str(before.data.get("name", ""))
        if gone and kind == "campaign" and params.campaigns:
            current[scope] = ("deleted", name, {"object": kind, "id": int(ident)})
        elif gone and kind == "flow" and params.flows:
            campaign = int(before.data.get("campaign_id") or 0)
            if campaign in entities.flow_campaigns:  # its flows were listed and this one is not there
                current[scope] = (
                    "deleted",
                    name,
                    {"object": kind, "id": int(ident), "campaign_id": campaign},
                )
    for scope, (state, name, args) in sorted(current.items()):
        prev = inp.previous.get(scope)
        seen = prev.data.get("seen") if prev is not None else None
        inactive = state != "active"
        was_firing = prev is not None and prev.state in ("firing", "pending")
        data = {"seen": state, "name": name}
        if "campaign_id" in args:
            data["campaign_id"] = args["campaign_id"]
        out.append(Observation(None, inactive and (seen == "active" or was_firing), not inactive, None,
                               {**args, "name": name, "state": state, "was": seen}, scope, data))  # fmt: skip
    if params.offer_caps:
        for oid, cap in sorted(entities.offers.items()):
            args = {"object": "offer", "id": oid, "name": cap.name, "cap": cap.cap,
                    "conversions": _r(cap.conversions_today)}  # fmt: skip
            reached = cap.conversions_today >= cap.cap
            out.append(
                Observation(_r(cap.conversions_today), reached, not reached, None, args, f"offer:{oid}")
            )
    return out
