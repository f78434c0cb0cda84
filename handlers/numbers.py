"""Numbers the way each language writes them — one place for tables, alerts, cards and hints.

Russian: ``1 529`` (a thin no-break space, U+202F, between thousands) and ``12,5``;
English: ``1,529`` and ``12.5``. Pure functions (unit-tested), built on babel's CLDR data.

Fluent does the same for a number passed to a message (``{ $count }``; the translation core
applies :func:`thin_groups`), and the message still picks the right plural form (``1 клик``,
``2 клика``, ``5 кликов``). Pass numbers to messages as numbers, not as text.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_decimal

__all__ = [
    "THIN",
    "as_number",
    "integer",
    "money",
    "money_delta",
    "number",
    "percent",
    "signed",
    "thin_groups",
]

THIN = "\u202f"
"""The thousands separator in Russian text: a narrow no-break space."""
_GROUP = {"ru": THIN, "en": ","}


def _lang(lang: str | None) -> str:
    return "ru" if (lang or "").lower().startswith("ru") else "en"


def as_number(value: Any) -> float | None:
    """``value`` as a finite float (Keitaro sends numbers as strings too), else None."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number_ = float(value)
    except (TypeError, ValueError):
        return None
    return number_ if math.isfinite(number_) else None


def _format(value: float | Decimal, lang: str, pattern: str) -> str:
    text = format_decimal(value, pattern, locale=lang)
    return text.replace("\u00a0", _GROUP[lang]) if lang == "ru" else text


def number(value: Any, lang: str | None, *, places: int | None = None, min_places: int = 0) -> str:
    """``value`` with the language's separators: ``places`` fixes the decimals (rounded),
    otherwise up to 6 decimals are shown as needed, at least ``min_places``. Not a number → ``—``."""
    found = as_number(value)
    if found is None:
        return "—"
    code = _lang(lang)
    if places is not None:
        pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    else:
        pattern = "#,##0." + "0" * min_places + "#" * max(6 - min_places, 0)
    try:
        exact = Decimal(str(value).strip()) if isinstance(value, str | Decimal) else Decimal(repr(found))
    except InvalidOperation:
        exact = Decimal(repr(found))
    if places is not None:  # half up, as people round (babel alone rounds half to even)
        exact = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = _format(exact, code, pattern)
    return "0" if text in {"-0", "-0,0", "-0.0"} and places in (None, 0) else text


def integer(value: Any, lang: str | None) -> str:
    """A count: ``1 529`` / ``1,529``."""
    return number(value, lang, places=0)


def money(value: Any, currency: Any, lang: str | None) -> str:
    """``1 234,50 USD`` / ``1,234.50 USD``: two decimals (more when less than a cent is at stake,
    none from 100 000 up); no currency → the amount alone."""
    found = as_number(value)
    if found is None:
        amount = "—" if value not in (None, "") else number(0, lang, places=2)
    elif found != 0 and abs(found) < 0.01:
        amount = number(value, lang)
    elif abs(found) >= 100_000:
        amount = number(found, lang, places=0)
    else:
        amount = number(found, lang, places=2)
    cur = str(currency or "").strip()
    return f"{amount} {cur}" if cur else amount


def signed(value: Any, lang: str | None, *, places: int | None = None) -> str:
    """``+12,5`` / ``−3`` (a real minus sign); zero has no sign."""
    found = as_number(value)
    if found is None:
        return "—"
    text = number(abs(found), lang, places=places)
    if text.strip("0,.") == "":
        return text
    return ("+" if found > 0 else "−") + text


def money_delta(now: Any, before: Any, currency: Any, lang: str | None) -> str:
    """How an amount changed: ``+120,00 USD``; with the currency when there is one."""
    a, b = as_number(now), as_number(before)
    if a is None or b is None:
        return "—"
    change = a - b
    places = 0 if abs(change) >= 100_000 else 2
    text = signed(change, lang, places=places)
    cur = str(currency or "").strip()
    return f"{text} {cur}" if cur else text


def percent(value: Any, lang: str | None, *, places: int = 1) -> str:
    """``12,3%`` / ``12.3%`` (the value is already in percent)."""
    found = as_number(value)
    return "—" if found is None else number(found, lang, places=places) + "%"


_DIGIT_GROUP = re.compile(r"(?<=\d)\u00a0(?=\d{3}(?!\d))")


def thin_groups(text: str) -> str:
    """Russian text from Fluent (babel writes ``1\u00a0529``) with thin spaces between thousands."""
    return _DIGIT_GROUP.sub(THIN, text) if "\u00a0" in text else text
