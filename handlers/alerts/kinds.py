"""How each rule kind is asked for and shown: the steps of the guided flow (which params, in which
unit), reading what a person typed (``90m``, ``2h``, ``50%``, ``×2``, ``1,5``) and explaining what
the params model refuses, in the person's language. Pure (unit-tested)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from alerts.model import Kind
from alerts.rules import KINDS, defaults, parse_params
from handlers.trackers.validation import InputError

Tr = Callable[..., str]

# units: int · num (a plain number) · money · pct (a percent as stored: ROI/CR/share)
#        share (a 0..1 ratio shown as % of the usual) · times (a ratio ≥ 1 shown as ×N)
#        minutes · hours (whole units) · duration (seconds) · bool


@dataclass(frozen=True, slots=True)
class Step:
    name: str  # the params field
    unit: str


def _s(name: str, unit: str) -> Step:
    return Step(name, unit)


FOR = _s("for_seconds", "duration")

STEPS: dict[str, tuple[Step, ...]] = {
    Kind.TRACKER_DOWN: (_s("failures", "int"),),
    Kind.NO_CONVERSIONS: (_s("hours", "hours"), _s("baseline_days", "int"), FOR),
    Kind.TRAFFIC_DROP: (
        _s("window_minutes", "minutes"),
        _s("fire_ratio", "share"),
        _s("resolve_ratio", "share"),
        _s("min_baseline_clicks", "int"),
        FOR,
    ),
    Kind.TRAFFIC_SPIKE: (
        _s("window_minutes", "minutes"),
        _s("fire_ratio", "times"),
        _s("resolve_ratio", "times"),
        _s("min_clicks", "int"),
        FOR,
    ),
    Kind.ROI_BELOW: (
        _s("window_hours", "hours"),
        _s("fire_below", "pct"),
        _s("resolve_above", "pct"),
        _s("min_cost", "money"),
        FOR,
    ),
    Kind.CR_BELOW: (
        _s("window_hours", "hours"),
        _s("fire_below", "pct"),
        _s("resolve_above", "pct"),
        _s("min_clicks", "int"),
        FOR,
    ),
    Kind.REJECTED_SHARE: (
        _s("window_hours", "hours"),
        _s("fire_above", "pct"),
        _s("resolve_below", "pct"),
        _s("min_conversions", "int"),
        FOR,
    ),
    Kind.POSTBACK_PROBLEMS: (_s("window_minutes", "minutes"), _s("fire_at", "int"), FOR),
    Kind.OBJECT_CHANGED: (_s("campaigns", "bool"), _s("flows", "bool"), _s("offer_caps", "bool")),
}

# kinds that can watch one campaign (the others watch the tracker as a whole)
CAMPAIGN_KINDS = frozenset(
    {
        Kind.NO_CONVERSIONS,
        Kind.TRAFFIC_DROP,
        Kind.TRAFFIC_SPIKE,
        Kind.ROI_BELOW,
        Kind.CR_BELOW,
        Kind.REJECTED_SHARE,
        Kind.OBJECT_CHANGED,
    }
)

# hysteresis: (fire field, resolve field, the resolve value must be "above" / "below" the fire one)
PAIRS: dict[str, tuple[str, str, str]] = {
    Kind.TRAFFIC_DROP: ("fire_ratio", "resolve_ratio", "above"),
    Kind.TRAFFIC_SPIKE: ("fire_ratio", "resolve_ratio", "below"),
    Kind.ROI_BELOW: ("fire_below", "resolve_above", "above"),
    Kind.CR_BELOW: ("fire_below", "resolve_above", "above"),
    Kind.REJECTED_SHARE: ("fire_above", "resolve_below", "below"),
    Kind.POSTBACK_PROBLEMS: ("fire_at", "resolve_at", "below"),
}

KIND_ORDER: tuple[str, ...] = tuple(k.value for k in Kind)


def steps_of(kind: str) -> tuple[Step, ...]:
    return STEPS.get(kind, ())


def step_of(kind: str, name: str) -> Step | None:
    return next((s for s in steps_of(kind) if s.name == name), None)


def unit_of(kind: str, name: str) -> str:
    step = step_of(kind, name)
    if step is not None:
        return step.unit
    return "duration" if name == "for_seconds" else "num"


def full_params(kind: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The rule's params over the kind's defaults (every field present)."""
    base = defaults(kind) if kind in KINDS else {}
    return {**base, **dict(params or {})}


# ---------------------------------------------------------------- showing values


def _g(value: float, digits: int = 2) -> str:
    if value == int(value):
        return str(int(value))
    return f"{round(value, digits):g}"


def fmt_duration(tr: Tr, seconds: float) -> str:
    """``45 s``, ``15 min``, ``1 h 30 min``, ``2 d 3 h`` (in the language of ``tr``)."""
    total = round(seconds)
    if total <= 0:
        return tr("alerts-u-none")
    days, rest = divmod(total, 86400) if total >= 2 * 86400 else (0, total)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(f"{days} {tr('alerts-u-d')}")
    if hours:
        parts.append(f"{hours} {tr('alerts-u-h')}")
    if minutes and not days:
        parts.append(f"{minutes} {tr('alerts-u-min')}")
    if secs and not (days or hours):
        parts.append(f"{secs} {tr('alerts-u-s')}")
    return " ".join(parts) if parts else f"0 {tr('alerts-u-min')}"


def fmt_value(tr: Tr, unit: str, value: Any) -> str:
    if value is None:
        return "—"
    if unit == "bool":
        return tr("alerts-on") if value else tr("alerts-off")
    number = float(value)
    if unit == "pct":
        return f"{_g(number)}%"
    if unit == "share":
        return f"{_g(number * 100, 1)}%"
    if unit == "times":
        return f"×{_g(number)}"
    if unit == "minutes":
        return fmt_duration(tr, number * 60)
    if unit == "hours":
        return fmt_duration(tr, number * 3600)
    if unit == "duration":
        return fmt_duration(tr, number)
    return _g(number)


def fmt_param(tr: Tr, kind: str, name: str, value: Any) -> str:
    return fmt_value(tr, unit_of(kind, name), value)


# ---------------------------------------------------------------- reading input

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-zа-яё]*)", re.IGNORECASE)
_UNIT_SECONDS = (
    ("d", 86400), ("д", 86400), ("h", 3600), ("ч", 3600), ("m", 60), ("м", 60), ("s", 1), ("с", 1),
)  # fmt: skip
_YES = {"yes", "y", "on", "1", "true", "да", "вкл", "д", "+"}
_NO = {"no", "n", "off", "0", "false", "нет", "выкл", "н", "-"}


def _number(text: str) -> float:
    clean = text.strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(clean):
        raise InputError("alerts-err-number", value=text.strip()[:40])
    value = float(clean.replace(",", "."))
    if not math.isfinite(value):
        raise InputError("alerts-err-number", value=text.strip()[:40])
    return value


def _whole(value: float, text: str) -> int:
    if value != int(value):
        raise InputError("alerts-err-whole", value=text.strip()[:40])
    return int(value)


def parse_duration(raw: str, default_unit: int) -> float:
    """Seconds in ``raw``: ``90`` (in ``default_unit`` seconds), ``30m``, ``1.5h``, ``1h 30m``,
    ``2 ч``, ``45 сек``, ``1d``."""
    text = raw.strip().lower()
    if not text:
        raise InputError("alerts-err-duration", value=raw[:40])
    pos, total, found = 0, 0.0, False
    for match in _DURATION.finditer(text):
        if text[pos : match.start()].strip(" ,+"):
            raise InputError("alerts-err-duration", value=raw.strip()[:40])
        pos = match.end()
        amount, word = float(match.group(1).replace(",", ".")), match.group(2)
        if not word:
            seconds = default_unit
        else:
            seconds = next((s for prefix, s in _UNIT_SECONDS if word.startswith(prefix)), 0)
            if not seconds:
                raise InputError("alerts-err-duration", value=raw.strip()[:40])
        total += amount * seconds
        found = True
    if not found or text[pos:].strip(" ,"):
        raise InputError("alerts-err-duration", value=raw.strip()[:40])
    return total


def parse_input(unit: str, raw: str) -> Any:
    """The value of a field typed as ``raw`` (raises :class:`InputError` with a locale key)."""
    text = raw.strip()
    if unit == "bool":
        word = text.lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise InputError("alerts-err-bool")
    if unit == "duration":
        return round(parse_duration(text, 60))
    if unit == "minutes":
        seconds = parse_duration(text, 60)
        return _whole(seconds / 60, text)
    if unit == "hours":
        seconds = parse_duration(text, 3600)
        return _whole(seconds / 3600, text)
    if unit in ("pct", "share"):
        percent = text.endswith("%")
        number = _number(text.rstrip("%").strip())
        if unit == "pct":
            return number
        return number / 100 if percent or number > 1 else number
    if unit == "times":
        clean = text.lower().lstrip("x×х* ").strip()
        if clean.endswith("%"):
            return _number(clean.rstrip("%")) / 100
        return _number(clean)
    number = _number(text)
    if unit == "int":
        return _whole(number, text)
    return number


# ---------------------------------------------------------------- validating


def _limit_error(tr: Tr, kind: str, name: str, error: Mapping[str, Any]) -> InputError:
    unit = unit_of(kind, name)
    ctx = error.get("ctx") or {}
    label = tr(f"alerts-p-{name}")
    kinds = {
        "greater_than_equal": ("alerts-err-min", "ge"),
        "greater_than": ("alerts-err-above", "gt"),
        "less_than_equal": ("alerts-err-max", "le"),
        "less_than": ("alerts-err-below", "lt"),
    }
    found = kinds.get(str(error.get("type")))
    if found is not None and found[1] in ctx:
        return InputError(found[0], field=label, limit=fmt_value(tr, unit, ctx[found[1]]))
    if str(error.get("type", "")).startswith("int"):
        return InputError("alerts-err-whole", value=str(error.get("input", ""))[:40])
    return InputError("alerts-err-invalid", field=label)


def accept(
    tr: Tr,
    kind: str,
    params: Mapping[str, Any],
    name: str,
    value: Any,
    *,
    later: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """``params`` with ``name`` set to ``value``, validated by the kind's params model (raises
    :class:`InputError` saying what is wrong and what to send instead).

    A conflict with a hysteresis partner listed in ``later`` (a step still to come in the guided
    flow) is let through: that step asks for a matching value."""
    candidate = {**full_params(kind, params), name: value}
    try:
        parse_params(kind, candidate)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        own = [e for e in errors if tuple(e.get("loc") or ()) == (name,)]
        if own:
            raise _limit_error(tr, kind, name, own[0]) from None
        other = [e for e in errors if e.get("loc")]
        if other:  # another field was bad already (an old rule): say which
            raise _limit_error(tr, kind, str(other[0]["loc"][0]), other[0]) from None
        pair = PAIRS.get(kind)
        if pair is not None and name in pair[:2] and (set(pair[:2]) - {name}) & later:
            return candidate
        raise _model_error(tr, kind, candidate, name) from None
    return candidate


def _model_error(tr: Tr, kind: str, params: Mapping[str, Any], name: str) -> InputError:
    if kind == Kind.NO_CONVERSIONS:
        return InputError("alerts-err-baseline")
    if kind == Kind.OBJECT_CHANGED:
        return InputError("alerts-err-watch-one")
    pair = PAIRS.get(kind)
    if pair is None or name not in pair[:2]:
        return InputError("alerts-err-invalid", field=tr(f"alerts-p-{name}"))
    fire, resolve, direction = pair
    other = resolve if name == fire else fire
    # the resolve value must be `direction` the fire value; the fire value the opposite way
    must = direction if name == resolve else ("below" if direction == "above" else "above")
    return InputError(
        f"alerts-err-pair-{must}",
        field=tr(f"alerts-p-{name}"),
        other=tr(f"alerts-p-{other}"),
        value=fmt_param(tr, kind, other, params[other]),
    )


def validate(kind: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The full, valid params (``None`` when the model refuses them)."""
    try:
        return parse_params(kind, full_params(kind, params)).model_dump()
    except (KeyError, ValidationError):
        return None


__all__ = [
    "CAMPAIGN_KINDS",
    "KIND_ORDER",
    "PAIRS",
    "STEPS",
    "Step",
    "accept",
    "fmt_duration",
    "fmt_param",
    "fmt_value",
    "full_params",
    "parse_duration",
    "parse_input",
    "step_of",
    "steps_of",
    "unit_of",
    "validate",
]
