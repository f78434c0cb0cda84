"""What an alert says, in words: the sentence of each rule kind (value and threshold, the failure
of a tracker that is down), values the way each kind reads them, notes on a rule's state, and the
translation function the alert texts are made with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from alerts.model import Kind
from handlers.alerts.kinds import Tr, fmt_value, full_params
from handlers.ui import Html, esc
from storage.alerts import AlertRule

__all__ = [
    "FAILURES",
    "NOTES",
    "VALUE_UNIT",
    "failure_text",
    "note_text",
    "safe",
    "translator",
    "value_text",
    "what_happened",
]

VALUE_UNIT = {
    Kind.TRACKER_DOWN: "int",
    Kind.NO_CONVERSIONS: "num",
    Kind.TRAFFIC_DROP: "share",
    Kind.TRAFFIC_SPIKE: "times",
    Kind.ROI_BELOW: "pct",
    Kind.CR_BELOW: "pct",
    Kind.REJECTED_SHARE: "pct",
    Kind.POSTBACK_PROBLEMS: "int",
    Kind.OBJECT_CHANGED: "num",
}
FAILURES = frozenset(
    {"cloudflare", "html", "5xx", "401", "402", "403", "timeout", "refused", "dns", "tls", "network"}
)
OBJECT_STATES = frozenset({"active", "disabled", "archived", "deleted"})
NOTES = frozenset(
    {
        "not_enough_traffic", "not_enough_spend", "not_enough_conversions",
        "no_baseline", "no_data", "bad_params",
    }
)  # fmt: skip
EXAMPLES_MAX = 3


def translator(core: Any, language: str) -> Tr:
    """``tr(key, **args)`` in ``language``; see :func:`safe`."""
    return safe(lambda key, **args: core.get(key, language, **args))


def safe(get: Callable[..., str]) -> Tr:
    """A translation function whose results are :class:`Html`: plain string arguments are escaped
    by the core, while a text made by another ``tr`` call can be passed on without being escaped
    twice. (Concatenations are plain strings again: wrap them in ``Html`` when they are safe.)"""

    def tr(key: str, **args: Any) -> str:
        return Html(get(key, **{k: v for k, v in args.items() if v is not None}))

    return tr


def _n(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number == int(number):
        return str(int(number))
    return f"{round(number, digits):g}"


def value_text(tr: Tr, kind: str, value: float | None) -> str:
    """An alert's value the way its kind reads (``45%`` of the usual clicks, ``×2.4``, ``-12%`` ROI…)."""
    return fmt_value(tr, VALUE_UNIT.get(kind, "num"), value)


def note_text(tr: Tr, note: str | None, args: Mapping[str, Any] | None = None) -> str:
    """A rule state's note in words (``not enough traffic to judge`` …)."""
    if not note:
        return ""
    if note.startswith("error:"):
        failure = str((args or {}).get("failure") or note.partition(":")[2])
        return tr("alerts-note-error", failure=failure_text(tr, failure, note.partition(":")[2]))
    if note in NOTES:
        return tr(f"alerts-note-{note}")
    return tr("alerts-note-other", note=note)


def failure_text(tr: Tr, failure: str | None, code: str | None = None) -> str:
    if failure in FAILURES:
        return tr(f"alerts-fail-{failure}")
    return tr("alerts-fail-other", code=str(code or failure or "?"))


def what_happened(tr: Tr, rule: AlertRule, details: Mapping[str, Any], value: float | None) -> str:
    """One sentence: what the rule saw, with the value and the threshold."""
    kind = rule.kind
    params = full_params(kind, rule.params) if kind in VALUE_UNIT else dict(rule.params)
    args: dict[str, Any] = dict(details.get("text_args") or {})
    if not args:
        return tr("alerts-what-value", value=value_text(tr, kind, value))

    def window(name: str, unit: str) -> str:
        return fmt_value(tr, unit, args.get(name, params.get(name)))

    if kind == Kind.TRACKER_DOWN:
        return tr(
            "alerts-what-tracker_down",
            failures=_n(args.get("failures", value)),
            failure=failure_text(tr, args.get("failure"), args.get("code")),
        )
    if kind == Kind.NO_CONVERSIONS:
        return tr(
            "alerts-what-no_conversions",
            window=window("hours", "hours"),
            expected=_n(args.get("expected"), 1),
            clicks=_n(args.get("clicks")),
        )
    if kind in (Kind.TRAFFIC_DROP, Kind.TRAFFIC_SPIKE):
        ratio = args.get("ratio", value)
        unit = "share" if kind == Kind.TRAFFIC_DROP else "times"
        return tr(
            f"alerts-what-{kind}",
            clicks=_n(args.get("clicks")),
            window=window("window_minutes", "minutes"),
            ratio=fmt_value(tr, unit, ratio),
            baseline=_n(args.get("baseline"), 1),
            threshold=fmt_value(tr, unit, params.get("fire_ratio")),
        )
    if kind == Kind.ROI_BELOW:
        return tr(
            "alerts-what-roi_below",
            window=window("window_hours", "hours"),
            roi=fmt_value(tr, "pct", args.get("roi", value)),
            threshold=fmt_value(tr, "pct", args.get("threshold", params.get("fire_below"))),
            cost=_n(args.get("cost")),
            revenue=_n(args.get("revenue")),
        )
    if kind == Kind.CR_BELOW:
        return tr(
            "alerts-what-cr_below",
            window=window("window_hours", "hours"),
            cr=fmt_value(tr, "pct", args.get("cr", value)),
            threshold=fmt_value(tr, "pct", args.get("threshold", params.get("fire_below"))),
            conversions=_n(args.get("conversions")),
            clicks=_n(args.get("clicks")),
        )
    if kind == Kind.REJECTED_SHARE:
        return tr(
            "alerts-what-rejected_share",
            window=window("window_hours", "hours"),
            share=fmt_value(tr, "pct", args.get("share", value)),
            threshold=fmt_value(tr, "pct", args.get("threshold", params.get("fire_above"))),
            rejected=_n(args.get("rejected")),
            conversions=_n(args.get("conversions")),
        )
    if kind == Kind.POSTBACK_PROBLEMS:
        text = tr(
            "alerts-what-postback_problems",
            bad=_n(args.get("bad", value)),
            window=window("window_minutes", "minutes"),
            threshold=_n(args.get("threshold", params.get("fire_at"))),
        )
        examples = [str(x) for x in (args.get("examples") or []) if x][:EXAMPLES_MAX]
        return "\n".join([text, *(f"<code>{esc(x[:120])}</code>" for x in examples)])
    if kind == Kind.OBJECT_CHANGED:
        obj = str(args.get("object") or "campaign")
        if obj == "offer":
            return tr(
                "alerts-what-offer-cap",
                name=str(args.get("name") or f"#{args.get('id', '?')}"),
                conversions=_n(args.get("conversions", value)),
                cap=_n(args.get("cap")),
            )
        state, was = str(args.get("state") or ""), str(args.get("was") or "")
        return tr(
            "alerts-what-object-flow" if obj == "flow" else "alerts-what-object-campaign",
            name=str(args.get("name") or f"#{args.get('id', '?')}"),
            state=tr(f"alerts-obj-{state}") if state in OBJECT_STATES else state or "—",
            was=tr(f"alerts-obj-{was}") if was in OBJECT_STATES else was or "—",
        )
    return tr("alerts-what-value", value=value_text(tr, kind, value))
