"""Traffic drop: clicks in the last window at or below ``fire_ratio`` of the same window a week
earlier (or the mean of several weeks), once the usual clicks reach ``min_baseline_clicks``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from alerts.kinds.base import FOR, Observation, Pair, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import TrafficParams, Verdict, traffic, traffic_history


class TrafficDropParams(TrafficParams):
    fire_ratio: float = Field(0.5, gt=0, lt=1)  # clicks now / baseline at or below → fire
    resolve_ratio: float = Field(0.7, gt=0, le=1)  # … at or above → resolved
    min_baseline_clicks: int = Field(100, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _hysteresis(self) -> TrafficDropParams:
        if self.resolve_ratio <= self.fire_ratio:
            raise ValueError("resolve_ratio must be above fire_ratio")
        return self


def evaluate(params: TrafficDropParams, inp: RuleInput) -> list[Observation]:
    def verdict(clicks: float, baseline: float) -> Verdict:
        note = "not_enough_traffic" if baseline < params.min_baseline_clicks else None
        ratio = clicks / baseline if baseline > 0 else 1.0
        return Verdict(ratio, note, ratio <= params.fire_ratio, ratio >= params.resolve_ratio)

    return traffic(params, inp, verdict)


def describe(args: Mapping[str, Any], params: TrafficDropParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-traffic_drop",
        {
            "clicks": Val("num", args.get("clicks")),
            "window": Val("minutes", args.get("window_minutes", params.window_minutes)),
            "ratio": Val("share", args.get("ratio", value)),
            "baseline": Val("num", args.get("baseline"), 1),
            "threshold": Val("share", params.fire_ratio),
        },
    )


KIND = RuleKind(
    name="traffic_drop",
    order=30,
    params=TrafficDropParams,
    evaluate=evaluate,
    describe=describe,
    source="report",
    worse="lower",
    value_unit="share",
    steps=(
        Step("window_minutes", "minutes"),
        Step("fire_ratio", "share"),
        Step("resolve_ratio", "share"),
        Step("min_baseline_clicks", "int"),
        FOR,
    ),
    examples=({"window_minutes": 60, "clicks": 40, "baseline": 200.0, "ratio": 0.2},),
    history=traffic_history,
    one_campaign=True,
    pair=Pair("fire_ratio", "resolve_ratio", "above"),
    report_metrics=("clicks", "uniques", "conversions"),
)
