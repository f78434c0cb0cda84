"""No conversions: zero in the last ``hours`` (the most recent ``postback_delay_minutes`` left out)
although λ — the conversions of the same hours of the previous days and/or weeks, scaled by the
clicks now (``scale_by_clicks``) — is at least ``min_expected`` (≥ 3). Below that the note is
``not_enough_traffic`` and it never fires. Keitaro reports count a conversion in the hour of its
click."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from pydantic import Field, model_validator

from alerts.kinds.base import FOR, Observation, PerCampaignParams, RuleInput, RuleKind, Sentence, Step, Val
from alerts.kinds.shared import DAY, WEEK, args_of, judge, mean, r, scope_of, targets
from alerts.model import Severity


class NoConversionsParams(PerCampaignParams):
    hours: int = Field(3, ge=1, le=72)
    baseline_days: int = Field(7, ge=0, le=28)  # the same hours of each of the previous N days
    baseline_weeks: int = Field(0, ge=0, le=4)  # … and/or of the same weekday N weeks back
    min_expected: float = Field(3.0, ge=3.0, le=10_000)  # λ guard: never below 3
    resolve_conversions: int = Field(1, ge=1, le=10_000)
    scale_by_clicks: bool = True  # λ = baseline conversions per click × clicks now

    @model_validator(mode="after")
    def _baseline(self) -> NoConversionsParams:
        if self.baseline_days == 0 and self.baseline_weeks == 0:
            raise ValueError("baseline_days or baseline_weeks must be at least 1")
        return self


def history(params: NoConversionsParams) -> timedelta:
    return max(params.baseline_days * DAY, params.baseline_weeks * WEEK) + timedelta(hours=params.hours)


def evaluate(params: NoConversionsParams, inp: RuleInput) -> list[Observation]:
    end = inp.now - inp.postback_delay
    start = end - timedelta(hours=params.hours)
    offsets = sorted({d * DAY for d in range(1, params.baseline_days + 1)}
                     | {w * WEEK for w in range(1, params.baseline_weeks + 1)})  # fmt: skip
    out = []
    for campaign_id in targets(params, inp):
        scope = scope_of(campaign_id)
        now = inp.snapshot.total(campaign_id, start, end)
        base = [c for o in offsets if (c := inp.snapshot.total(campaign_id, start - o, end - o)) is not None]
        if now is None or not base:
            out.append(
                judge(None, "no_baseline", args_of(inp, campaign_id), scope, firing=False, resolved=True)
            )
            continue
        baseline = mean(base)
        if params.scale_by_clicks and baseline.clicks > 0:
            expected = baseline.conversions / baseline.clicks * now.clicks
        else:
            expected = baseline.conversions
        args = args_of(inp, campaign_id, hours=params.hours, conversions=r(now.conversions),
                       expected=r(expected, 1), clicks=round(now.clicks),
                       baseline_days=len(base))  # fmt: skip
        note = "not_enough_traffic" if expected < params.min_expected else None
        out.append(
            judge(now.conversions, note, args, scope,
                  firing=now.conversions < 1e-9, resolved=now.conversions >= params.resolve_conversions)
        )  # fmt: skip
    return out


def describe(args: Mapping[str, Any], params: NoConversionsParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-no_conversions",
        {
            "window": Val("hours", args.get("hours", params.hours)),
            "expected": Val("num", args.get("expected"), 1),
            "clicks": Val("num", args.get("clicks")),
        },
    )


KIND = RuleKind(
    name="no_conversions",
    order=20,
    params=NoConversionsParams,
    evaluate=evaluate,
    describe=describe,
    severity=Severity.CRITICAL,
    source="report",
    worse="lower",
    value_unit="num",
    steps=(Step("hours", "hours"), Step("baseline_days", "int"), FOR),
    examples=({"hours": 3, "conversions": 0, "expected": 7.5, "clicks": 900, "campaign": "S"},),
    conversion_based=True,
    history=history,
    one_campaign=True,
    model_error="alerts-err-baseline",
    report_metrics=("clicks", "conversions", "cr"),
)
