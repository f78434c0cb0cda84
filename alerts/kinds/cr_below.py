"""CR below: the conversion rate over the window (the most recent ``postback_delay_minutes`` left
out) below ``fire_below`` %, once the window has ``min_clicks``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from alerts.kinds.base import FOR, Observation, Pair, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import WindowParams, args_of, each_campaign, judge, r, scope_of, window_history
from alerts.snapshot import Counts


class CrBelowParams(WindowParams):
    fire_below: float = Field(1.0, gt=0, le=100)  # CR % below → fire
    resolve_above: float = Field(1.5, gt=0, le=100)
    min_clicks: int = Field(500, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _hysteresis(self) -> CrBelowParams:
        if self.resolve_above <= self.fire_below:
            raise ValueError("resolve_above must be above fire_below")
        return self


def evaluate(params: CrBelowParams, inp: RuleInput) -> list[Observation]:
    def judge_one(c: Counts, campaign_id: int | None) -> Observation:
        cr = c.conversions / c.clicks * 100 if c.clicks > 0 else 0.0
        args = args_of(inp, campaign_id, window_hours=params.window_hours, cr=r(cr, 3),
                       clicks=round(c.clicks), conversions=r(c.conversions),
                       threshold=params.fire_below)  # fmt: skip
        note = "not_enough_traffic" if c.clicks < params.min_clicks else None
        return judge(r(cr, 4), note, args, scope_of(campaign_id),
                     firing=cr < params.fire_below, resolved=cr >= params.resolve_above)  # fmt: skip

    return each_campaign(params, inp, judge_one)


def describe(args: Mapping[str, Any], params: CrBelowParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-cr_below",
        {
            "window": Val("hours", args.get("window_hours", params.window_hours)),
            "cr": Val("pct", args.get("cr", value)),
            "threshold": Val("pct", args.get("threshold", params.fire_below)),
            "conversions": Val("num", args.get("conversions")),
            "clicks": Val("num", args.get("clicks")),
        },
    )


KIND = RuleKind(
    name="cr_below",
    order=60,
    params=CrBelowParams,
    evaluate=evaluate,
    describe=describe,
    source="report",
    worse="lower",
    value_unit="pct",
    steps=(
        Step("window_hours", "hours"),
        Step("fire_below", "pct"),
        Step("resolve_above", "pct"),
        Step("min_clicks", "int"),
        FOR,
    ),
    examples=({"cr": 0.4, "threshold": 1, "clicks": 1000, "conversions": 4},),
    conversion_based=True,
    history=window_history,
    one_campaign=True,
    pair=Pair("fire_below", "resolve_above", "above"),
    report_metrics=("clicks", "conversions", "cr"),
)
