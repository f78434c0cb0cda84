"""What an alert says, in words: the sentence each rule kind describes itself with
(:attr:`alerts.kinds.base.RuleKind.describe`, data: a locale key and values with their units) put
into words, values the way each kind reads them, notes on a rule's state, and the translation
function the alert texts are made with. Nothing here knows a particular kind."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from alerts.kinds import KINDS
from alerts.kinds.base import Arg, Phrase, Sentence, Val, failure_phrase
from handlers.alerts.kinds import Tr, fmt_value
from handlers.ui import esc
from storage.alerts import AlertRule

__all__ = [
    "NOTES",
    "arg_text",
    "failure_text",
    "note_text",
    "sentence_text",
    "value_text",
    "what_happened",
]

NOTES = frozenset(
    {
        "not_enough_traffic", "not_enough_spend", "not_enough_conversions",
        "no_baseline", "no_data", "bad_params",
        "quiet_hours",  # issue 19: the heartbeat kind's silence at a time of day that is normally empty
    }
)  # fmt: skip
PLAIN_NUMBERS = frozenset({"int", "num"})


def _n(value: Any, digits: int = 2) -> int | float | str:
    """A count or amount as a number, for the message to write the language's way and to pick the
    plural form by (``1 клик``, ``21 клик``, ``501 клика``); not a number → ``—`` or as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return "—"
    rounded = round(number, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def value_text(tr: Tr, kind: str, value: float | None) -> str:
    """An alert's value the way its kind reads (``45%`` of the usual clicks, ``×2.4``, ``-12%`` ROI…)."""
    declared = KINDS.get(kind)
    return fmt_value(tr, declared.value_unit if declared is not None else "num", value)


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
    return str(arg_text(tr, failure_phrase(failure, code)))


def arg_text(tr: Tr, arg: Arg) -> str | int | float:
    """One argument of a sentence: a count as a number (the message picks the plural form), a value
    in its unit, a phrase, or a name as it is."""
    if isinstance(arg, Phrase):
        return tr(arg.key, **{k: arg_text(tr, v) for k, v in arg.args.items()})
    if isinstance(arg, Val):
        if arg.unit in PLAIN_NUMBERS:
            return _n(arg.value, arg.digits)
        try:
            return fmt_value(tr, arg.unit, arg.value)
        except (TypeError, ValueError):
            return _n(arg.value, arg.digits)
    return arg


def sentence_text(tr: Tr, sentence: Sentence) -> str:
    """The sentence, then its code lines (escaped) below it."""
    text = tr(sentence.key, **{k: arg_text(tr, v) for k, v in sentence.args.items()})
    if not sentence.code:
        return text
    return "\n".join([text, *(f"<code>{esc(line)}</code>" for line in sentence.code)])


def what_happened(tr: Tr, rule: AlertRule, details: Mapping[str, Any], value: float | None) -> str:
    """One sentence: what the rule saw, with the value and the threshold."""
    declared = KINDS.get(rule.kind)
    args: dict[str, Any] = dict(details.get("text_args") or {})
    if declared is None or not args:
        return tr("alerts-what-value", value=value_text(tr, rule.kind, value))
    return sentence_text(tr, declared.describe(args, declared.shown(rule.params), value))
