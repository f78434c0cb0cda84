"""Texts of the /alerts screens: open alerts, rule lines and cards, rule states with their notes,
and the preview of a rule (what it sees now). Every value is escaped by the translation core or
by :func:`handlers.ui.esc`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from alerts.kinds import KINDS
from alerts.model import State
from handlers.alerts.actions import rule_action_line
from handlers.alerts.common import FOREVER, is_muted, is_snoozed, until_text
from handlers.alerts.kinds import Tr, fmt_age, fmt_duration, fmt_param, full_params, steps_of
from handlers.alerts.render import SEVERITY_ICON, note_text, rule_title, value_text, what_happened
from handlers.ui import Html, esc
from storage.alerts import Alert, AlertRule, AlertStateRow, from_iso

__all__ = [
    "open_alert_line",
    "param_line",
    "preview_text",
    "rule_card",
    "rule_line",
    "scope_name",
    "state_summary",
]

STATES_SHOWN = 8
PREVIEW_SHOWN = 8
# a rule's state has marks of its own: the severity uses 🔴 🟠 🔵
STATE_ICON = {State.OK: "🟢", State.PENDING: "⏳", State.FIRING: "🔥", State.ERROR: "⚠️"}


def campaign_from_name(name: str) -> str | None:
    """Rules made here are named "<kind> · <campaign>"."""
    _, sep, campaign = name.partition(" · ")
    return campaign if sep and campaign else None


def scope_name(tr: Tr, rule: AlertRule, campaign: str | None = None) -> str:
    if rule.campaign_id is not None:
        name = campaign or campaign_from_name(rule.name) or f"#{rule.campaign_id}"
        return tr("alerts-scope-campaign", name=name)
    params = full_params(rule.kind, rule.params)
    if "per_campaign" not in params:
        return tr("alerts-scope-tracker")
    return tr("alerts-scope-each") if params["per_campaign"] else tr("alerts-scope-sum")


def _scope_label(tr: Tr, scope: str, names: dict[str, str]) -> str:
    if not scope:
        return tr("alerts-scope-tracker")
    if scope in names:
        return Html(esc(names[scope]))
    kind, _, ident = scope.partition(":")
    if kind in ("campaign", "flow", "offer", "source"):  # source: the heartbeat kind's traffic sources
        return tr(f"alerts-scope-{kind}-id", id=ident)
    return Html(esc(scope))


def state_summary(tr: Tr, rule: AlertRule, states: Sequence[AlertStateRow], now: datetime) -> str:
    """One line: the worst state of the rule's scopes, and why it cannot judge when it cannot."""
    if not rule.enabled:
        return tr("alerts-st-disabled")
    if not states:
        return tr("alerts-st-new")
    counts = {s: sum(1 for x in states if x.state == s) for s in State}
    if counts[State.FIRING]:
        head = tr("alerts-st-firing", count=counts[State.FIRING])
    elif counts[State.ERROR]:
        bad = next(x for x in states if x.state == State.ERROR)
        head = tr("alerts-st-error", why=note_text(tr, bad.note))
    elif counts[State.PENDING]:
        head = tr("alerts-st-pending", count=counts[State.PENDING])
    else:
        head = tr("alerts-st-ok")
    notes = [x.note for x in states if x.note and not x.note.startswith("error:")]
    if notes and not counts[State.ERROR]:
        if len(states) == 1:
            head = Html(head + " · " + note_text(tr, notes[0]))
        else:
            more = tr("alerts-st-notes", count=len(notes), total=len(states), note=note_text(tr, notes[0]))
            head = Html(head + " · " + more)
    return head


def rule_line(tr: Tr, rule: AlertRule, states: Sequence[AlertStateRow], now: datetime, tz: str) -> str:
    icon = SEVERITY_ICON.get(rule.severity, "⚪")
    flags = ""
    if not rule.enabled:
        flags += " · " + tr("alerts-flag-off")
    if is_muted(rule, now):
        flags += " · " + _muted_flag(tr, rule, now, tz)
    flags = Html(flags)
    return tr(
        "alerts-rule-line",
        icon=icon,
        title=rule_title(tr, rule),
        scope=scope_name(tr, rule),
        severity=tr(f"alerts-sev-{rule.severity}"),
        flags=flags,
        state=state_summary(tr, rule, states, now),
    )


def _muted_flag(tr: Tr, rule: AlertRule, now: datetime, tz: str) -> str:
    if rule.muted_until is None or rule.muted_until >= FOREVER:
        return tr("alerts-flag-muted-forever")
    return tr("alerts-flag-muted", until=until_text(tr, rule.muted_until, tz, now))


def open_alert_line(tr: Tr, alert: Alert, rule: AlertRule, now: datetime, tz: str) -> str:
    campaign = alert.details.get("campaign") or (alert.details.get("text_args") or {}).get("name")
    extra = ""
    if alert.acked_at is not None:
        extra += " · " + tr("alerts-open-acked", name=alert.acked_by_name or "?")
    if is_snoozed(alert, now):
        assert alert.snoozed_until is not None
        extra += " · " + tr("alerts-open-snoozed", until=until_text(tr, alert.snoozed_until, tz, now))
    extra = Html(extra)
    declared = KINDS.get(rule.kind)
    return tr(
        "alerts-open-line" if declared is None or declared.shows_value else "alerts-open-line-plain",
        icon=SEVERITY_ICON.get(alert.severity, "⚪"),
        name=rule.name,
        where=f" · {campaign}" if campaign else "",
        age=fmt_age(tr, (now - from_iso(alert.opened_at)).total_seconds()),
        value=value_text(tr, rule.kind, alert.last_value),
        extra=extra,
    )


def rule_card(
    tr: Tr,
    rule: AlertRule,
    states: Sequence[AlertStateRow],
    alerts: Sequence[Alert],
    *,
    now: datetime,
    tz: str,
    campaign: str | None = None,
) -> str:
    params = full_params(rule.kind, rule.params)
    lines = [
        tr("alerts-card-head", name=rule.name),
        tr(
            "alerts-card-kind",
            kind=tr(f"alerts-kind-{rule.kind}"),
            about=tr(f"alerts-kind-{rule.kind}-about"),
        ),
        tr("alerts-card-scope", scope=scope_name(tr, rule, campaign)),
        tr("alerts-card-severity", severity=tr(f"alerts-sev-{rule.severity}")),
    ]
    action = rule_action_line(tr, rule)
    if action is not None:
        lines.append(action)
    if not rule.enabled:
        lines.append(tr("alerts-card-disabled"))
    if is_muted(rule, now):
        lines.append(tr("alerts-card-muted", what=_muted_flag(tr, rule, now, tz)))
    values = [param_line(tr, rule.kind, step.name, params.get(step.name)) for step in steps_of(rule.kind)]
    if values:
        lines += ["", *values]
    lines += ["", tr("alerts-card-state", state=state_summary(tr, rule, states, now))]
    names = {a.scope: str(a.details.get("campaign") or "") for a in alerts if a.details.get("campaign")}
    names |= {s.scope: str(s.data["name"]) for s in states if s.data.get("name")}
    if len(states) > 1 or (states and states[0].scope):
        for state in sorted(states, key=_severity_of_state)[:STATES_SHOWN]:
            lines.append(_state_line(tr, rule, state, names))
        if len(states) > STATES_SHOWN:
            lines.append(tr("alerts-more", count=len(states) - STATES_SHOWN))
    for alert in alerts:
        lines.append(open_alert_line(tr, alert, rule, now, tz))
    return "\n".join(lines)


def param_line(tr: Tr, kind: str, name: str, value: Any) -> str:
    return f"{tr(f'alerts-p-{name}')}: <b>{esc(fmt_param(tr, kind, name, value))}</b>"


def _severity_of_state(state: AlertStateRow) -> int:
    order = [State.FIRING, State.ERROR, State.PENDING, State.OK]
    return order.index(State(state.state)) if state.state in State._value2member_map_ else len(order)


def _state_line(tr: Tr, rule: AlertRule, state: AlertStateRow, names: dict[str, str]) -> str:
    icon = STATE_ICON.get(State(state.state), "⚪") if state.state in State._value2member_map_ else "⚪"
    note = note_text(tr, state.note)
    scope = _scope_label(tr, state.scope, names)
    if state.last_value is None or not _valued(rule):
        return tr("alerts-state-line-plain", icon=icon, scope=scope, note=Html(f" — {note}") if note else "")
    return tr(
        "alerts-state-line",
        icon=icon,
        scope=scope,
        value=value_text(tr, rule.kind, state.last_value),
        note=Html(f" · {note}") if note else "",
    )


def preview_text(tr: Tr, rule: AlertRule, observations: Sequence[Any]) -> str:
    """What the rule sees now: per scope its value and whether it would fire (``for`` aside)."""
    if not observations:
        return tr("alerts-prev-nothing")
    lines = [tr("alerts-prev-title")]
    if len(observations) == 1:
        obs = observations[0]
        if not (obs.note or "").startswith("error:") and obs.text_args:
            lines.append(what_happened(tr, rule, {"text_args": obs.text_args}, obs.value))
    ordered = sorted(observations, key=lambda o: (not o.firing, bool(o.note), o.scope))
    for obs in ordered[:PREVIEW_SHOWN]:
        args = obs.text_args or {}
        label = args.get("campaign") or args.get("name")
        scope = Html(esc(label)) if label else _scope_label(tr, obs.scope, {})
        if obs.note:
            status = note_text(tr, obs.note, args)
        elif obs.firing:
            status = tr("alerts-prev-fire")
        else:
            status = tr("alerts-prev-ok")
        if obs.value is None or not _valued(rule):
            lines.append(tr("alerts-prev-line-plain", scope=scope, status=status))
        else:
            value = value_text(tr, rule.kind, obs.value)
            lines.append(tr("alerts-prev-line", scope=scope, value=value, status=status))
    if len(observations) > PREVIEW_SHOWN:
        lines.append(tr("alerts-more", count=len(observations) - PREVIEW_SHOWN))
    firing = sum(1 for o in observations if o.firing and not o.note)
    if firing and params_for(rule) > 0:
        lines.append(tr("alerts-prev-for", duration=fmt_duration(tr, params_for(rule))))
    return "\n".join(lines)


def _valued(rule: AlertRule) -> bool:
    """The rule's value means something to a person (not a count of failed checks)."""
    declared = KINDS.get(rule.kind)
    return declared is None or declared.shows_value


def params_for(rule: AlertRule) -> float:
    return float(full_params(rule.kind, rule.params).get("for_seconds") or 0)
