"""How any rule kind is asked for and shown, from its declaration (:mod:`alerts.kinds`): the kinds
offered and their steps, values shown in their unit, reading what a person typed (``90m``, ``2h``,
``50%``, ``×2``, ``1,5``) and explaining what the params model refuses — a hysteresis pair, the
kind's own reason — in the person's language. Pure (unit-tested); nothing here knows a kind."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from alerts.kinds import KINDS, RuleKind
from alerts.kinds.base import Step
from alerts.rules import defaults, parse_params
from handlers.input import INT64_MAX, InputError, echo
from handlers.numbers import integer, money, number

Tr = Callable[..., str]

# the units a value is typed and shown in: alerts.kinds.base.Unit


def offered() -> list[RuleKind[Any]]:
    """The kinds a new rule is made from, in the order they are offered."""
    return sorted(KINDS.values(), key=lambda k: (k.order, k.name))


def kind_names() -> list[str]:
    return [k.name for k in offered()]


def one_campaign(kind: str) -> bool:
    """The kind may watch one campaign (the others watch the tracker as a whole)."""
    declared = KINDS.get(kind)
    return declared is not None and declared.one_campaign


def steps_of(kind: str) -> tuple[Step, ...]:
    declared = KINDS.get(kind)
    return declared.steps if declared is not None else ()


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


def lang_of(tr: Tr) -> str:
    """The language ``tr`` writes in (``ru`` / ``en``): numbers are written its way."""
    try:
        return "ru" if str(tr("alerts-lang")).strip() == "ru" else "en"
    except KeyError:
        return "en"


def _g(value: float, lang: str, digits: int = 2) -> str:
    """``1 529``, ``12,5`` (ru) / ``1,529``, ``12.5`` (en): at most ``digits`` decimals."""
    rounded = round(value, digits)
    return integer(rounded, lang) if rounded == int(rounded) else number(rounded, lang)


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


def fmt_age(tr: Tr, seconds: float) -> str:
    """How long something has lasted, in whole minutes (at least one): alert messages show no
    seconds, and never "at once"."""
    return fmt_duration(tr, max(1, round(max(0.0, seconds) / 60)) * 60)


def fmt_value(tr: Tr, unit: str, value: Any) -> str:
    if value is None:
        return "—"
    if unit == "bool":
        return tr("alerts-on") if value else tr("alerts-off")
    number_ = float(value)
    lang = lang_of(tr)
    if unit == "pct":
        return f"{_g(number_, lang)}%"
    if unit == "share":
        return f"{_g(number_ * 100, lang, 1)}%"
    if unit == "times":
        return f"×{_g(number_, lang)}"
    if unit == "money":
        return money(number_, None, lang)
    if unit == "minutes":
        return fmt_duration(tr, number_ * 60)
    if unit == "hours":
        return fmt_duration(tr, number_ * 3600)
    if unit == "duration":
        return fmt_duration(tr, number_)
    return _g(number_, lang)


def fmt_param(tr: Tr, kind: str, name: str, value: Any) -> str:
    return fmt_value(tr, unit_of(kind, name), value)


# ---------------------------------------------------------------- reading input

DURATION_MAX = 366 * 86400  # no window or delay is longer than a year (9×400 is not a duration)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-zа-яё]*)", re.IGNORECASE)
_UNIT_SECONDS = (
    ("d", 86400), ("д", 86400), ("h", 3600), ("ч", 3600), ("m", 60), ("м", 60), ("s", 1), ("с", 1),
)  # fmt: skip
_YES = {"yes", "y", "on", "1", "true", "да", "вкл", "д", "+"}
_NO = {"no", "n", "off", "0", "false", "нет", "откл", "выкл", "н", "-"}


def _number(text: str) -> float:
    clean = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("−", "-")
    if not _NUMBER.match(clean):
        raise InputError("alerts-err-number", value=echo(text))
    value = float(clean.replace(",", "."))
    if not math.isfinite(value):
        raise InputError("alerts-err-number", value=echo(text))
    return value


def _whole(value: float, text: str) -> int:
    if not math.isfinite(value) or abs(value) > INT64_MAX or value != int(value):
        raise InputError("alerts-err-whole", value=echo(text))
    return int(value)


def parse_duration(raw: str, default_unit: int) -> float:
    """Seconds in ``raw``: ``90`` (in ``default_unit`` seconds), ``30m``, ``1.5h``, ``1h 30m``,
    ``2 ч``, ``45 сек``, ``1d``."""
    text = raw.strip().lower()
    if not text:
        raise InputError("alerts-err-duration", value=echo(raw))
    pos, total, found = 0, 0.0, False
    for match in _DURATION.finditer(text):
        if text[pos : match.start()].strip(" ,+"):
            raise InputError("alerts-err-duration", value=echo(raw))
        pos = match.end()
        amount, word = float(match.group(1).replace(",", ".")), match.group(2)
        if not word:
            seconds = default_unit
        else:
            seconds = next((s for prefix, s in _UNIT_SECONDS if word.startswith(prefix)), 0)
            if not seconds:
                raise InputError("alerts-err-duration", value=echo(raw))
        total += amount * seconds
        found = True
    if not found or text[pos:].strip(" ,") or not math.isfinite(total) or total > DURATION_MAX:
        raise InputError("alerts-err-duration", value=echo(raw))
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
        return InputError("alerts-err-whole", value=echo(error.get("input", "")))
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
        pair = KINDS[kind].pair
        partners = {pair.fire, pair.resolve} if pair is not None else set()
        if name in partners and (partners - {name}) & later:
            return candidate
        raise _model_error(tr, kind, candidate, name) from None
    return candidate


def _model_error(tr: Tr, kind: str, params: Mapping[str, Any], name: str) -> InputError:
    """Why the model refuses values that are each fine: the hysteresis pair the field is in, else the
    kind's own reason (``model_error``), else "not allowed"."""
    declared = KINDS[kind]
    pair = declared.pair
    if pair is not None and name in (pair.fire, pair.resolve):
        other = pair.resolve if name == pair.fire else pair.fire
        # the resolve value must be `resolve_is` the fire value; the fire value the opposite way
        opposite = "below" if pair.resolve_is == "above" else "above"
        must = pair.resolve_is if name == pair.resolve else opposite
        return InputError(
            f"alerts-err-pair-{must}",
            field=tr(f"alerts-p-{name}"),
            other=tr(f"alerts-p-{other}"),
            value=fmt_param(tr, kind, other, params[other]),
        )
    if declared.model_error is not None:
        return InputError(declared.model_error)
    return InputError("alerts-err-invalid", field=tr(f"alerts-p-{name}"))


def validate(kind: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The full, valid params (``None`` when the model refuses them)."""
    try:
        return parse_params(kind, full_params(kind, params)).model_dump()
    except (KeyError, ValidationError):
        return None


__all__ = [
    "Step",
    "accept",
    "fmt_age",
    "fmt_duration",
    "fmt_param",
    "fmt_value",
    "full_params",
    "kind_names",
    "lang_of",
    "offered",
    "one_campaign",
    "parse_duration",
    "parse_input",
    "step_of",
    "steps_of",
    "unit_of",
    "validate",
]
