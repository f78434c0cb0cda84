"""Postback problems: lines with ``SubID not found`` or an unknown status in the tracker's postback
log over the last window (the newest ``lines`` read per tick, their times in ``log_timezone`` or the
tracker's); the message quotes a few."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from alerts.kinds.base import FOR, Observation, Pair, Params, RuleInput, RuleKind, Sentence, Step, Val
from alerts.snapshot import Needs

BAD_POSTBACK = re.compile(r"subid not found|unknown status", re.IGNORECASE)
RECEIVED = re.compile(r"^received postback", re.IGNORECASE)
EXAMPLES_MAX = 3  # bad lines quoted in the message
EXAMPLE_CHARS = 120


class PostbackProblemsParams(Params):
    window_minutes: int = Field(60, ge=5, le=1440)
    fire_at: int = Field(5, ge=1, le=100_000)  # bad lines in the window at or above → fire
    resolve_at: int = Field(0, ge=0, le=100_000)  # … at or below → resolved
    lines: int = Field(1000, ge=50, le=5000)  # newest log lines read per tick
    log_timezone: str | None = None  # zone of the log's times; None = the tracker's

    @field_validator("log_timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value.strip()

    @model_validator(mode="after")
    def _hysteresis(self) -> PostbackProblemsParams:
        if self.resolve_at >= self.fire_at:
            raise ValueError("resolve_at must be below fire_at")
        return self


def needs(params: PostbackProblemsParams, _campaign_id: int | None) -> Needs:
    return Needs(log_lines=params.lines)


def evaluate(params: PostbackProblemsParams, inp: RuleInput) -> list[Observation]:
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
            if len(examples) < EXAMPLES_MAX:
                examples.append(line.message[:EXAMPLE_CHARS])
        elif RECEIVED.search(line.message):
            received += 1
    truncated = len(snap.logs or []) >= params.lines and oldest is not None and oldest > start
    args = {"window_minutes": params.window_minutes, "bad": bad, "received": received,
            "examples": examples, "truncated": truncated, "threshold": params.fire_at}  # fmt: skip
    return [Observation(float(bad), bad >= params.fire_at, bad <= params.resolve_at, None, args, "")]


def describe(args: Mapping[str, Any], params: PostbackProblemsParams, value: float | None) -> Sentence:
    examples = [str(x) for x in (args.get("examples") or []) if x][:EXAMPLES_MAX]
    return Sentence(
        "alerts-what-postback_problems",
        {
            "bad": Val("num", args.get("bad", value)),
            "window": Val("minutes", args.get("window_minutes", params.window_minutes)),
            "threshold": Val("num", args.get("threshold", params.fire_at)),
        },
        code=tuple(x[:EXAMPLE_CHARS] for x in examples),
    )


KIND = RuleKind(
    name="postback_problems",
    order=80,
    params=PostbackProblemsParams,
    evaluate=evaluate,
    describe=describe,
    source="logs",
    worse="higher",
    tools="tracker",
    value_unit="int",
    steps=(Step("window_minutes", "minutes"), Step("fire_at", "int"), FOR),
    examples=({"bad": 7, "threshold": 5, "examples": ["SubID <abc> not found"]},),
    needs=needs,
    pair=Pair("fire_at", "resolve_at", "below"),
)
