"""What the engine asks of the rule kinds (:mod:`alerts.kinds`, one module per kind): validated
params, what one snapshot must contain for a set of rules, the scopes a rule has whatever the
numbers say, the failure that keeps a kind from judging, and the evaluation of a rule — one
:class:`Observation` per scope.

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
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from alerts.charts import chart_history
from alerts.kinds import KINDS
from alerts.kinds.base import Observation, Params, RuleInput, RuleKind
from alerts.snapshot import Failure, Needs, Snapshot, union
from storage.alerts import AlertRule, AlertStateRow

__all__ = [
    "KINDS",
    "MAX_REPORT_DAYS",
    "Observation",
    "Params",
    "RuleInput",
    "RuleKind",
    "defaults",
    "evaluate_rule",
    "failure_for",
    "fixed_scopes",
    "merge_needs",
    "needs_of",
    "observe",
    "parse_params",
]

MAX_REPORT_DAYS = 31
DAY = timedelta(days=1)


PARSED_KEPT = 8192  # validated params kept (a tick asks for each rule's several times; they're frozen)
_parsed: dict[tuple[Any, ...], Params] = {}


def parse_params(kind: str, raw: Mapping[str, Any]) -> Params:
    """Validated params of a kind (raises ``KeyError`` for an unknown kind and pydantic's
    ``ValidationError`` for bad input; the UI shows its messages). The same kind and values give
    the same (frozen) model, validated once."""
    try:
        key = (kind, *((name, type(value), value) for name, value in raw.items()))
        hash(key)
    except TypeError:  # a value that is a list or a dict: validated every time
        key = None
    if key is not None and (kept := _parsed.get(key)) is not None:
        return kept
    params: Params = KINDS[kind].params.model_validate(dict(raw))
    if key is not None:
        if len(_parsed) >= PARSED_KEPT:
            _parsed.clear()
        _parsed[key] = params
    return params


def defaults(kind: str) -> dict[str, Any]:
    """The params a new rule of that kind starts with."""
    return KINDS[kind].defaults()


def _params_or_none(rule: AlertRule) -> Params | None:
    try:
        return parse_params(rule.kind, rule.params)
    except (KeyError, ValidationError):
        return None


def _delay(kind: RuleKind[Any], postback_delay_minutes: int) -> timedelta:
    return timedelta(minutes=postback_delay_minutes) if kind.conversion_based else timedelta(0)


def rule_needs(rule: AlertRule, *, postback_delay_minutes: int = 0) -> Needs:
    """What the snapshot must contain for one rule: the report back far enough for a "report" kind
    (its history and the postback delay), and whatever else the kind asks for (logs, entities)."""
    kind, params = KINDS.get(rule.kind), _params_or_none(rule)
    if kind is None or params is None:
        return Needs()
    need = kind.needs(params, rule.campaign_id)
    if kind.source != "report":
        return need
    # the alert's chart (alerts.charts) looks further back than some kinds judge
    span = max(kind.history(params), chart_history(rule.kind, params)) + _delay(kind, postback_delay_minutes)
    return Needs(
        report_days=min(MAX_REPORT_DAYS, math.ceil(span / DAY) + 1),
        campaigns=frozenset({rule.campaign_id}) if rule.campaign_id is not None else None,
        log_lines=need.log_lines,
        entities=need.entities,
        flows=need.flows,
        flow_campaigns=need.flow_campaigns,
        offer_caps=need.offer_caps,
    )


def merge_needs(needs: Iterable[Needs]) -> Needs:
    """One snapshot for several rules: the longest report over the union of their campaigns, the most
    log lines, the entity lists any of them wants."""
    items = list(needs)
    reports = [n for n in items if n.report_days > 0]
    flows = [n for n in items if n.flows]
    return Needs(
        report_days=max((n.report_days for n in reports), default=0),
        campaigns=union(n.campaigns for n in reports) if reports else None,
        log_lines=max((n.log_lines for n in items), default=0),
        entities=any(n.entities for n in items),
        flows=bool(flows),
        flow_campaigns=union(n.flow_campaigns for n in flows) if flows else None,
        offer_caps=any(n.offer_caps for n in items),
    )


def needs_of(rules: Iterable[AlertRule], *, postback_delay_minutes: int = 0) -> Needs:
    """What one snapshot must contain for these rules (one report however many rules)."""
    return merge_needs(rule_needs(r, postback_delay_minutes=postback_delay_minutes) for r in rules)


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


def failure_for(kind: RuleKind[Any], snapshot: Snapshot) -> Failure | None:
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
    inp = RuleInput(snapshot, rule.campaign_id, _delay(kind, postback_delay_minutes), previous or {})
    return kind.evaluate(params, inp)


def observe(
    rule: AlertRule,
    snapshot: Snapshot,
    *,
    postback_delay_minutes: int,
    previous: Mapping[str, AlertStateRow] | None = None,
) -> list[Observation]:
    """:func:`evaluate_rule` for a preview: when the tracker call it needs failed, one observation with
    note ``error:<code>`` and the failure in ``text_args``."""
    delay = postback_delay_minutes
    observations = evaluate_rule(rule, snapshot, postback_delay_minutes=delay, previous=previous)
    if observations is not None:
        return observations
    failure = failure_for(KINDS[rule.kind], snapshot)
    assert failure is not None
    return [Observation(None, False, False, f"error:{failure.code}", failure.args(), "")]
