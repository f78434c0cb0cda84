"""What the engine writes about an alert (``alerts.details``) and reads back from a state row."""

from __future__ import annotations

from typing import Any

from alerts.model import State
from alerts.rules import Observation
from alerts.snapshot import Snapshot
from storage.alerts import AlertRule, AlertStateRow

__all__ = ["alert_details", "was_firing"]


def was_firing(state: AlertStateRow) -> bool:
    if state.state == State.FIRING:
        return True
    before = state.data.get("before_error")
    return state.state == State.ERROR and isinstance(before, dict) and before.get("state") == State.FIRING


def alert_details(
    rule: AlertRule, scope: str, obs: Observation | None, snap: Snapshot, at: str
) -> dict[str, Any]:
    """What the messages about the alert say (``alerts.details``): ``kind``, ``rule_name``, ``scope``,
    ``campaign_id``/``campaign`` (campaign scopes), ``timezone``, ``text_args``/``note``/``value`` of
    the latest observation, ``fired_args`` (the text_args when it fired), ``updated_at``; ``closed``
    when it was closed because its rule was switched off."""
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
    return out
