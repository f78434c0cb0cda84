"""Tracker down: the Admin API fails ``failures`` checks in a row (the message says how: timeout,
5xx, a web page instead of JSON, Cloudflare, a rejected key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from alerts.kinds.base import Observation, Params, RuleInput, RuleKind, Sentence, Step, Val, failure_phrase
from alerts.model import Severity


class TrackerDownParams(Params):
    failures: int = Field(3, ge=1, le=100)  # consecutive failed checks


def evaluate(params: TrackerDownParams, inp: RuleInput) -> list[Observation]:
    failure = inp.snapshot.failure
    before = inp.previous.get("")
    fails = (before.fail_count if before is not None else 0) + 1 if failure is not None else 0
    args: dict[str, Any] = {"failures": fails, "needed": params.failures}
    if failure is not None:
        args |= failure.args()
    return [Observation(float(fails), fails >= params.failures, fails == 0, None, args, "")]


def describe(args: Mapping[str, Any], params: TrackerDownParams, value: float | None) -> Sentence:
    return Sentence(
        "alerts-what-tracker_down",
        {
            "failures": Val("int", args.get("failures", value)),
            "failure": failure_phrase(args.get("failure"), args.get("code")),
        },
    )


KIND = RuleKind(
    name="tracker_down",
    order=10,
    params=TrackerDownParams,
    evaluate=evaluate,
    describe=describe,
    severity=Severity.CRITICAL,
    source="health",
    worse="higher",
    value_unit="int",
    steps=(Step("failures", "int"),),
    shows_value=False,
    tools="tracker",
    examples=({"failures": 4, "needed": 3, "failure": "cloudflare", "code": "not_json"},),
)
