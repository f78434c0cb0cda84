"""What typed input is checked with, in every feature: :class:`InputError` (a locale key and its
arguments, shown to the user as one sentence) and the checks several features share. Pure
functions (unit-tested)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field

__all__ = [
    "AMOUNT_MAX",
    "ECHO_MAX",
    "INT64_MAX",
    "INT64_MIN",
    "DbInt",
    "InputError",
    "StaleButton",
    "bounded_int",
    "echo",
    "item_int",
    "parse_amount",
    "parse_json",
]

AMOUNT_MAX = Decimal("1000000")


class InputError(ValueError):
    """A user input problem; ``key`` is the locale key of the reason, ``args`` its arguments."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def parse_amount(raw: str) -> str:
    """``12.5``, ``12,5``, ``12``, ``1 529,5``, ``1,529.50`` → a canonical decimal string; refuses
    words, negatives, absurd values."""
    text = "".join(raw.split()).replace("\u202f", "").replace("\u2009", "")
    if "," in text and "." in text and text.rindex(",") < text.index("."):
        text = text.replace(",", "")  # English thousands: 1,529.50
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError("pb-err-amount-nan") from None
    if not value.is_finite():
        raise InputError("pb-err-amount-nan")
    if value < 0:
        raise InputError("pb-err-amount-negative")
    if value > AMOUNT_MAX:
        raise InputError("pb-err-amount-absurd", max=int(AMOUNT_MAX))
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise InputError("pb-err-amount-precision")
    normal = value.normalize()
    return f"{normal:f}"


# ---------------------------------------------------------------- hostile input (issue 14)

ECHO_MAX = 60  # characters of a person's input repeated back in a sentence
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # what SQLite (and Keitaro's ids) can hold
# an integer of callback data: a forged one out of SQLite's range does not match the button's filter,
# so the press gets "this button no longer works" (handlers/fallback.py) instead of an OverflowError
DbInt = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
JSON_MAX_DEPTH = 20
JSON_MAX_CHARS = 20_000


_COUNTRY = re.compile(r"^[A-Z]{2}$")


def split_countries(raw: str) -> tuple[list[str], list[str]]:
    """``us, DE; br`` → (``["US", "DE", "BR"]`` in order without repeats, the items that are not a
    two-letter country code)."""
    codes = [c.upper() for c in re.split(r"[\s,;]+", raw.strip()) if c]
    return list(dict.fromkeys(codes)), [c for c in codes if not _COUNTRY.match(c)]


def echo(raw: object, limit: int = ECHO_MAX) -> str:
    """A person's input, safe to repeat back in a sentence: one line, no lone surrogates, at most
    ``limit`` characters (longer input ends with "…")."""
    text = " ".join(str(raw).split())
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded_int(raw: str, low: int = INT64_MIN, high: int = INT64_MAX) -> int | None:
    """``raw`` as an int when it is plain ASCII digits (an optional minus) within [low, high]."""
    text = raw.strip()
    body = text[1:] if text.startswith("-") else text
    if not body or len(body) > 19 or not body.isascii() or not body.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


class StaleButton(LookupError):
    """A pressed button's data is not what the bot showed (forged, or from a screen long gone): the
    error handler answers it like an outdated dialog button, "this button no longer works"."""


def item_int(item_id: str) -> int:
    """The id a list's button carries (aiogram-dialog's ``Select`` item id) as an int; a forged one
    (not digits, beyond SQLite's range) is a :class:`StaleButton`."""
    value = bounded_int(item_id)
    if value is None or item_id != item_id.strip():
        raise StaleButton(item_id[:64])
    return value


def _reject_constant(name: str) -> object:
    raise ValueError(f"not a JSON number: {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


def _bounded_json_int(text: str) -> int:
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("integer out of range")
    return value


def _depth(raw: str) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for ch in raw:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_json(raw: str) -> object:
    """Strict JSON as a person may type it: no NaN/Infinity, no number that does not fit (1e999,
    twenty-digit integers), at most ``JSON_MAX_DEPTH`` levels and ``JSON_MAX_CHARS`` characters.
    Raises ``ValueError`` for anything else."""
    if len(raw) > JSON_MAX_CHARS or _depth(raw) > JSON_MAX_DEPTH:
        raise ValueError("JSON too large or too deep")
    return json.loads(
        raw, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_bounded_json_int
    )
