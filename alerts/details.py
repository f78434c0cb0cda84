"""What the engine writes about an alert (``alerts.details``) and reads back from a state row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from alerts.charts import chart_of, needs_chart
from alerts.kinds import KINDS
from alerts.model import State
from alerts.rules import Observation, parse_params
from alerts.snapshot import Snapshot
from storage.alerts import AlertRule, AlertStateRow

__all__ = ["alert_details", "was_firing", "with_chart"]


def was_firing(state: AlertStateRow) -> bool:
    if state.state == State.FIRING:
        return True
    before = state.data.get("before_error")
    return state.state == State.ERROR and isinstance(before, dict) and before.get("state") == State.FIRING


def alert_details(
    rule: AlertRule,
    scope: str,
    obs: Observation | None,
    snap: Snapshot,
    at: str,
    *,
    postback_delay_minutes: int = 0,
    chart: bool = True,
) -> dict[str, Any]:
    """What the messages about the alert say (``alerts.details``): ``kind``, ``rule_name``, ``scope``,
    ``campaign_id``/``campaign`` (campaign scopes), ``timezone``, ``text_args``/``note``/``value`` of
    the latest observation, ``fired_args`` (the text_args when it fired), ``updated_at``; ``closed``
    when it was closed because its rule was switched off; ``chart`` (:mod:`alerts.charts`) for a
    metric kind while the scope fires or has not resolved yet — unless ``chart`` is false: then the
    caller adds it with :func:`with_chart` when it writes the details (a steady tick of a firing
    alert writes nothing, so it draws nothing)."""
    out: dict[str, Any] = {"kind": rule.kind, "rule_name": rule.name, "scope": scope, "updated_at": at}
    if snap.within is not None:  # numbers over a buyer scope's campaigns only (alerts.audience)
        out["within"] = snap.within.to_json()
    kind, _, ident = scope.partition(":")
    if kind == "campaign" and ident.isdigit():
        out["campaign_id"] = int(ident)
        out["campaign"] = snap.name_of(int(ident))
    out["timezone"] = snap.timezone
    if obs is not None:
        out.update(text_args=obs.text_args, note=obs.note, value=obs.value)
    if chart:
        with_chart(out, rule, scope, obs, snap, postback_delay_minutes=postback_delay_minutes)
    return out


def with_chart(
    details: dict[str, Any],
    rule: AlertRule,
    scope: str,
    obs: Observation | None,
    snap: Snapshot,
    *,
    postback_delay_minutes: int = 0,
) -> dict[str, Any]:
    """``details`` (of :func:`alert_details`) with the scope's chart added when it needs one."""
    if needs_chart(obs):
        chart = _chart(rule, scope, snap, postback_delay_minutes)
        if chart is not None:
            details["chart"] = chart
    return details


def _chart(rule: AlertRule, scope: str, snap: Snapshot, delay_minutes: int) -> dict[str, Any] | None:
    try:
        params = parse_params(rule.kind, rule.params)
    except (KeyError, ValidationError):
        return None
    kind, _, ident = scope.partition(":")
    campaign_id = int(ident) if kind == "campaign" and ident.isdigit() else rule.campaign_id
    declared = KINDS.get(rule.kind)
    delay = timedelta(minutes=delay_minutes) if declared is not None and declared.conversion_based else None
    return chart_of(rule.kind, params, snap, campaign_id, delay=delay or timedelta(0))
