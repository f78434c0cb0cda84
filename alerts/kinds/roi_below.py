"""ROI below: ROI over the window (the most recent ``postback_delay_minutes`` left out) below
``fire_below`` %, once the window's cost reaches ``min_cost``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from alerts.kinds.base import FOR, Observation, Pair, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import WindowParams, args_of, each_campaign, judge, r, scope_of, window_history
from alerts.snapshot import Counts


class RoiBelowParams(WindowParams):
    fire_below: float = Field(0.0, ge=-100, le=100_000)  # ROI % below → fire
    resolve_above: float = Field(10.0, ge=-100, le=100_000)  # ROI % at or above → resolved
    min_cost: float = Field(50.0, ge=0, le=1e9)

    @model_validator(mode="after")
    def _hysteresis(self) -> RoiBelowParams:
        if self.resolve_above <= self.fire_below:
            raise ValueError("resolve_above must be above fire_below")
        return self


def evaluate(params: RoiBelowParams, inp: RuleInput) -> list[Observation]:
    def judge_one(c: Counts, campaign_id: int | None) -> Observation:
        roi = (c.revenue - c.cost) / c.cost * 100 if c.cost > 0 else 0.0
        args = args_of(inp, campaign_id, window_hours=params.window_hours, roi=r(roi), cost=r(c.cost),
                       revenue=r(c.revenue), threshold=params.fire_below)  # fmt: skip
        note = "not_enough_spend" if c.cost < params.min_cost or c.cost <= 0 else None
        return judge(r(roi), note, args, scope_of(campaign_id),
                     firing=roi < params.fire_below, resolved=roi >= params.resolve_above)  # fmt: skip

    return each_campaign(params, inp, judge_one)


def describe(args: Mapping[str, Any], params: RoiBelowParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-roi_below",
        {
            "window": Val("hours", args.get("window_hours", params.window_hours)),
            "roi": Val("pct", args.get("roi", value)),
            "threshold": Val("pct", args.get("threshold", params.fire_below)),
            "cost": Val("money", args.get("cost")),
            "revenue": Val("money", args.get("revenue")),
        },
    )


KIND = RuleKind(
    name="roi_below",
    order=50,
    params=RoiBelowParams,
    evaluate=evaluate,
    describe=describe,
    source="report",
    worse="lower",
    value_unit="pct",
    steps=(
        Step("window_hours", "hours"),
        Step("fire_below", "pct"),
        Step("resolve_above", "pct"),
        Step("min_cost", "money"),
        FOR,
    ),
    examples=({"roi": -5, "threshold": 0, "cost": 100, "revenue": 95},),
    conversion_based=True,
    history=window_history,
    one_campaign=True,
    pair=Pair("fire_below", "resolve_above", "above"),
    report_metrics=("clicks", "cost", "revenue", "profit", "roi"),
)
