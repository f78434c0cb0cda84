"""Every rule kind as a declaration (:data:`KINDS`): its params model (``alerts.rule_params``:
defaults and validation of what a person typed), default severity, what it reads, and a PURE
evaluation over a :class:`~alerts.snapshot.Snapshot` giving one :class:`Observation` per scope.

"No conversions": zero conversions in the last ``hours`` (the most recent ``postback_delay_minutes``
left out) although λ — the conversions of the same hours of the previous days and/or weeks, scaled
by the clicks now (``scale_by_clicks``) — is at least ``min_expected`` (≥ 3). Below that the note
is ``not_enough_traffic`` and it never fires. Keitaro reports count a conversion in the hour of
its click.

``firing`` is the fire condition, ``resolved`` the resolve condition; between the two the state is
kept (hysteresis). A kind that cannot judge (too little traffic, spend, conversions; no baseline)
says so in ``note`` and is ``resolved`` — it never fires on too little data.

Scopes: ``""`` (the tracker, or every campaign summed) or ``"campaign:12"``, ``"flow:7"``,
``"offer:3"``. A metric rule without a campaign watches each campaign on its own
(``per_campaign``, the default) or their sum.

Notes are stable codes the UI translates: ``not_enough_traffic``, ``not_enough_spend``,
``not_enough_conversions``, ``no_baseline``, ``no_data``, ``bad_params``, ``error:<code>``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from pydantic import ValidationError

from alerts.model import Kind, Severity
from alerts.rule_params import (
    CrBelowParams,
    NoConversionsParams,
    ObjectChangedParams,
    Params,
    PostbackProblemsParams,
    RejectedShareParams,
    RoiBelowParams,
    TrackerDownParams,
    TrafficDropParams,
    TrafficSpikeParams,
)
from alerts.snapshot import Failure, Needs, Snapshot, union
from storage.alerts import AlertRule, AlertStateRow

__all__ = [
    "KINDS",
    "Observation",
    "Params",
    "RuleInput",
    "RuleKind",
    "defaults",
    "evaluate_rule",
    "failure_for",
    "fixed_scopes",
    "needs_of",
    "parse_params",
]

from alerts.evaluators import (
    DAY,
    MAX_REPORT_DAYS,
    WEEK,
    Observation,
    RuleInput,
    _cr_below,
    _no_conversions,
    _object_changed,
    _postback_problems,
    _rejected_share,
    _roi_below,
    _tracker_down,
    _traffic_drop,
    _traffic_spike,
)

# ---------------------------------------------------------------- declarations

Source = Literal["health", "report", "logs", "entities"]


@dataclass(frozen=True, slots=True)
class RuleKind:
    kind: Kind
    params: type[Params]
    evaluate: Callable[[Any, RuleInput], list[Observation]]
    severity: Severity
    source: Source  # what the evaluation reads; when that call fails the rule is in ERROR
    worse: Literal["higher", "lower"] | None  # which way the worst value goes
    conversion_based: bool = False  # skips the most recent postback_delay_minutes
    history: Callable[[Any], timedelta] = lambda _p: timedelta(0)  # how far back the report must go

    @property
    def metric(self) -> bool:
        """Rules that read the tracker's numbers: ERROR (neither fire nor resolve) while it fails."""
        return self.source != "health"


def _no_conversions_history(p: NoConversionsParams) -> timedelta:
    return max(p.baseline_days * DAY, p.baseline_weeks * WEEK) + timedelta(hours=p.hours)


KINDS: dict[str, RuleKind] = {
    k.kind.value: k
    for k in (
        RuleKind(Kind.TRACKER_DOWN, TrackerDownParams, _tracker_down, Severity.CRITICAL, "health", "higher"),
        RuleKind(Kind.NO_CONVERSIONS, NoConversionsParams, _no_conversions, Severity.CRITICAL, "report",
                 "lower", True, _no_conversions_history),
        RuleKind(Kind.TRAFFIC_DROP, TrafficDropParams, _traffic_drop, Severity.WARNING, "report", "lower",
                 False, lambda p: p.weeks * WEEK + timedelta(minutes=p.window_minutes)),
        RuleKind(Kind.TRAFFIC_SPIKE, TrafficSpikeParams, _traffic_spike, Severity.WARNING, "report",
                 "higher", False, lambda p: p.weeks * WEEK + timedelta(minutes=p.window_minutes)),
        RuleKind(Kind.ROI_BELOW, RoiBelowParams, _roi_below, Severity.WARNING, "report", "lower", True,
                 lambda p: timedelta(hours=p.window_hours)),
        RuleKind(Kind.CR_BELOW, CrBelowParams, _cr_below, Severity.WARNING, "report", "lower", True,
                 lambda p: timedelta(hours=p.window_hours)),
        RuleKind(Kind.REJECTED_SHARE, RejectedShareParams, _rejected_share, Severity.WARNING, "report",
                 "higher", True, lambda p: timedelta(hours=p.window_hours)),
        RuleKind(Kind.POSTBACK_PROBLEMS, PostbackProblemsParams, _postback_problems, Severity.WARNING,
                 "logs", "higher"),
        RuleKind(Kind.OBJECT_CHANGED, ObjectChangedParams, _object_changed, Severity.WARNING, "entities",
                 None),
    )
}  # fmt: skip


def parse_params(kind: str, raw: Mapping[str, Any]) -> Params:
    """Validated params of a kind (raises ``KeyError`` for an unknown kind and pydantic's
    ``ValidationError`` for bad input; the UI shows its messages)."""
    return KINDS[kind].params.model_validate(dict(raw))


def defaults(kind: str) -> dict[str, Any]:
    """The params a new rule of that kind starts with."""
    return KINDS[kind].params().model_dump()


def _params_or_none(rule: AlertRule) -> Params | None:
    try:
        return parse_params(rule.kind, rule.params)
    except (KeyError, ValidationError):
        return None


def needs_of(rules: Iterable[AlertRule], *, postback_delay_minutes: int = 0) -> Needs:
    """What one snapshot must contain for these rules (one report however many rules)."""
    span = timedelta(0)
    report_campaigns: list[frozenset[int] | None] = []
    flow_campaigns: list[frozenset[int] | None] = []
    log_lines = 0
    entities = flows = caps = False
    for rule in rules:
        kind, params = KINDS.get(rule.kind), _params_or_none(rule)
        if kind is None or params is None:
            continue
        if kind.source == "report":
            delay = timedelta(minutes=postback_delay_minutes) if kind.conversion_based else timedelta(0)
            span = max(span, kind.history(params) + delay)
            report_campaigns.append(frozenset({rule.campaign_id}) if rule.campaign_id is not None else None)
        elif kind.source == "logs":
            assert isinstance(params, PostbackProblemsParams)
            log_lines = max(log_lines, params.lines)
        elif kind.source == "entities":
            assert isinstance(params, ObjectChangedParams)
            entities = True
            if params.flows:
                flows = True
                flow_campaigns.append(frozenset({rule.campaign_id}) if rule.campaign_id is not None else None)
            caps = caps or params.offer_caps
    days = 0
    if report_campaigns:
        days = min(MAX_REPORT_DAYS, math.ceil(span / DAY) + 1)
    return Needs(
        report_days=days,
        campaigns=union(report_campaigns) if report_campaigns else None,
        log_lines=log_lines,
        entities=entities,
        flows=flows,
        flow_campaigns=union(flow_campaigns) if flow_campaigns else None,
        offer_caps=caps,
    )


def fixed_scopes(rule: AlertRule) -> list[str]:
    """The scopes a rule has whatever the numbers say (per-campaign rules find theirs in the data)."""
    kind, params = KINDS.get(rule.kind), _params_or_none(rule)
    if kind is None or params is None or kind.source == "entities":
        return []
    if kind.source != "report":
        return [""]
    if rule.campaign_id is not None:
        return [f"campaign:{rule.campaign_id}"]
    return [] if getattr(params, "per_campaign", False) else [""]


def failure_for(kind: RuleKind, snapshot: Snapshot) -> Failure | None:
    """The failure that keeps this kind from judging (``None`` when its data is there)."""
    if kind.source == "logs":
        return snapshot.logs_failure or snapshot.failure
    if kind.source == "entities":
        return snapshot.entities_failure or snapshot.failure
    if kind.source == "report":
        return snapshot.failure
    return None  # tracker_down judges failures themselves


def evaluate_rule(
    rule: AlertRule,
    snapshot: Snapshot,
    *,
    postback_delay_minutes: int,
    previous: Mapping[str, AlertStateRow] | None = None,
) -> list[Observation] | None:
    """Observations of the rule now; ``None`` when the tracker call it needs failed (ERROR)."""
    kind = KINDS.get(rule.kind)
    params = _params_or_none(rule)
    if kind is None or params is None:
        return [Observation(None, False, True, "bad_params", {}, "")]
    if failure_for(kind, snapshot) is not None:
        return None
    delay = timedelta(minutes=postback_delay_minutes) if kind.conversion_based else timedelta(0)
    inp = RuleInput(snapshot, rule.campaign_id, delay, previous or {})
    return kind.evaluate(params, inp)
