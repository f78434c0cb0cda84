"""An alert's first line in plain words (issue 19): what is wrong and how bad, and where —
"🔴 Clicks −64% vs usual · US Nutra Push", "🟠 ROI -35% (below -20%) · Main", "🔴 Tracker
unreachable: timeout". :func:`headline` is the alert message's first line, and reusable wherever an
alert takes one line (lists, groups).

Per kind: a ``charts-what-<kind>`` text (``bot/locales/*/charts.ftl``) and the arguments it takes
from the latest observation (:data:`_ARGS`); a kind without one says its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from alerts.kinds import KINDS
from handlers.alerts.common import campaign_of
from handlers.alerts.kinds import Tr, fmt_value
from handlers.alerts.sentences import failure_text
from storage.alerts import Alert, AlertRule

__all__ = ["SEVERITY_ICON", "headline", "what_is_wrong"]

SEVERITY_ICON = {"critical": "🔴", "warning": "🟠", "info": "🔵"}

Value = float | None
Args = Callable[[Tr, Mapping[str, Any], Mapping[str, Any], Value], dict[str, Any] | None]


def _change(
    tr: Tr, args: Mapping[str, Any], params: Mapping[str, Any], value: Value
) -> dict[str, Any] | None:
    ratio = args.get("ratio", value)
    if ratio is None:
        return None
    change = round((float(ratio) - 1) * 100)
    text = fmt_value(tr, "pct", abs(change))
    return {"change": ("+" if change > 0 else "−" if change < 0 else "±") + text}


def _pct(name: str, threshold: str) -> Args:
    def args_of(tr: Tr, args: Mapping[str, Any], params: Mapping[str, Any], value: Value) -> dict[str, Any]:
        return {
            name: fmt_value(tr, "pct", args.get(name, value)),
            "threshold": fmt_value(tr, "pct", args.get("threshold", params.get(threshold))),
        }

    return args_of


def _hours(tr: Tr, args: Mapping[str, Any], params: Mapping[str, Any], value: Value) -> dict[str, Any]:
    return {"window": fmt_value(tr, "hours", args.get("hours", params.get("hours", 3)))}


def _failure(tr: Tr, args: Mapping[str, Any], params: Mapping[str, Any], value: Value) -> dict[str, Any]:
    return {"failure": failure_text(tr, args.get("failure"), args.get("code"))}


def _silence(tr: Tr, args: Mapping[str, Any], params: Mapping[str, Any], value: Value) -> dict[str, Any]:
    minutes = args.get("silence_minutes", params.get("silence_minutes", 60))
    postbacks = "yes" if params.get("postbacks") else "no"
    return {"window": fmt_value(tr, "minutes", minutes), "postbacks": postbacks}


_ARGS: dict[str, Args] = {
    "traffic_drop": _change,
    "traffic_spike": _change,
    "no_conversions": _hours,
    "roi_below": _pct("roi", "fire_below"),
    "cr_below": _pct("cr", "fire_below"),
    "rejected_share": _pct("share", "fire_above"),
    "tracker_down": _failure,
    "heartbeat": _silence,
}


def what_is_wrong(tr: Tr, rule: AlertRule, alert: Alert) -> str:
    """What is wrong and how bad, in a few words (no icon, no place)."""
    declared = KINDS.get(rule.kind)
    params = declared.shown(rule.params).model_dump() if declared is not None else dict(rule.params)
    args = alert.details.get("text_args") or alert.details.get("fired_args") or {}
    make = _ARGS.get(rule.kind)
    values = None
    if make is not None:
        try:
            values = make(tr, args, params, alert.last_value)
        except (TypeError, ValueError):
            values = None
    if values is None:
        return tr(f"alerts-kind-{rule.kind}") if declared is not None else rule.name
    return tr(f"charts-what-{rule.kind}", **values)


def headline(tr: Tr, rule: AlertRule, alert: Alert, *, tracker: str | None = None) -> str:
    """The alert's first line: severity icon, what is wrong and how bad, and where (the campaign,
    else ``tracker`` when given; the tracker's own failures name no place)."""
    icon = SEVERITY_ICON.get(alert.severity, "⚪")
    what = what_is_wrong(tr, rule, alert)
    where: str | None = None
    cid = campaign_of(alert, rule)
    if cid is not None:
        args = alert.details.get("text_args") or {}
        where = str(alert.details.get("campaign") or args.get("campaign") or f"#{cid}")
    elif tracker and (KINDS.get(rule.kind) is None or KINDS[rule.kind].tools == "report"):
        where = tracker
    if where is None:
        return tr("charts-head-alone", icon=icon, what=what)
    return tr("charts-head", icon=icon, what=what, where=where)
