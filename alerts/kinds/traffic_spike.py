"""Traffic spike: clicks in the last window at or above ``fire_ratio`` times the same window a week
earlier (or the mean of several weeks), once the window has ``min_clicks``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, model_validator

from alerts.kinds.base import FOR, Observation, Pair, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import TrafficParams, Verdict, traffic, traffic_history


class TrafficSpikeParams(TrafficParams):
    fire_ratio: float = Field(2.0, gt=1, le=1000)  # clicks now / baseline at or above → fire
    resolve_ratio: float = Field(1.5, ge=1, le=1000)  # … at or below → resolved
    min_clicks: int = Field(100, ge=1, le=10_000_000)  # clicks now

    @model_validator(mode="after")
    def _hysteresis(self) -> TrafficSpikeParams:
        if self.resolve_ratio >= self.fire_ratio:
            raise ValueError("resolve_ratio must be below fire_ratio")
        return self


def evaluate(params: TrafficSpikeParams, inp: RuleInput) -> list[Observation]:
    def verdict(clicks: float, baseline: float) -> Verdict:
        note = "not_enough_traffic" if clicks < params.min_clicks else None
        ratio = clicks / max(baseline, 1.0)
        return Verdict(ratio, note, ratio >= params.fire_ratio, ratio <= params.resolve_ratio)

    return traffic(params, inp, verdict)


def describe(args: Mapping[str, Any], params: TrafficSpikeParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-traffic_spike",
        {
            "clicks": Val("num", args.get("clicks")),
            "window": Val("minutes", args.get("window_minutes", params.window_minutes)),
            "ratio": Val("times", args.get("ratio", value)),
            "baseline": Val("num", args.get("baseline"), 1),
            "threshold": Val("times", params.fire_ratio),
        },
    )


KIND = RuleKind(
    name="traffic_spike",
    order=40,
    params=TrafficSpikeParams,
    evaluate=evaluate,
    describe=describe,
    source="report",
    worse="higher",
    value_unit="times",
    steps=(
        Step("window_minutes", "minutes"),
        Step("fire_ratio", "times"),
        Step("resolve_ratio", "times"),
        Step("min_clicks", "int"),
        FOR,
    ),
    examples=({"window_minutes": 60, "clicks": 900, "baseline": 200.0, "ratio": 4.5},),
    history=traffic_history,
    one_campaign=True,
    pair=Pair("fire_ratio", "resolve_ratio", "below"),
    report_metrics=("clicks", "uniques", "conversions"),
)
