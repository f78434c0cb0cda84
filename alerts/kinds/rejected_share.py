"""Rejected share: rejected / all conversions over the window (the most recent
``postback_delay_minutes`` left out) above ``fire_above`` %, once the window has ``min_conversions``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from alerts.kinds.base import FOR, Observation, Pair, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import WindowParams, args_of, each_campaign, judge, r, scope_of, window_history
from alerts.snapshot import Counts


class RejectedShareParams(WindowParams):
    fire_above: float = Field(50.0, gt=0, lt=100)  # rejected / all conversions, % above → fire
    resolve_below: float = Field(35.0, ge=0, lt=100)
    min_conversions: int = Field(20, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _hysteresis(self) -> RejectedShareParams:
        if self.resolve_below >= self.fire_above:
            raise ValueError("resolve_below must be below fire_above")
        return self


def evaluate(params: RejectedShareParams, inp: RuleInput) -> list[Observation]:
    def judge_one(c: Counts, campaign_id: int | None) -> Observation:
        share = c.rejected / c.conversions * 100 if c.conversions > 0 else 0.0
        args = args_of(inp, campaign_id, window_hours=params.window_hours, share=r(share, 1),
                       rejected=r(c.rejected), conversions=r(c.conversions),
                       threshold=params.fire_above)  # fmt: skip
        note = "not_enough_conversions" if c.conversions < params.min_conversions else None
        return judge(r(share, 2), note, args, scope_of(campaign_id), firing=share > params.fire_above,
                     resolved=share <= params.resolve_below)  # fmt: skip

    return each_campaign(params, inp, judge_one)


def describe(args: Mapping[str, Any], params: RejectedShareParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-rejected_share",
        {
            "window": Val("hours", args.get("window_hours", params.window_hours)),
            "share": Val("pct", args.get("share", value)),
            "threshold": Val("pct", args.get("threshold", params.fire_above)),
            "rejected": Val("num", args.get("rejected")),
            "conversions": Val("num", args.get("conversions")),
        },
    )


KIND = RuleKind(
    name="rejected_share",
    order=70,
    params=RejectedShareParams,
    evaluate=evaluate,
    describe=describe,
    source="report",
    worse="higher",
    value_unit="pct",
    steps=(
        Step("window_hours", "hours"),
        Step("fire_above", "pct"),
        Step("resolve_below", "pct"),
        Step("min_conversions", "int"),
        FOR,
    ),
    examples=({"share": 60, "threshold": 50, "rejected": 30, "conversions": 50},),
    conversion_based=True,
    history=window_history,
    one_campaign=True,
    pair=Pair("fire_above", "resolve_below", "below"),
    report_metrics=("conversions", "sales", "rejected"),
)
