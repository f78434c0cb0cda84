"""What typed input is checked with, in every feature: :class:`InputError` (a locale key and its
arguments, shown to the user as one sentence) and the checks several features share. Pure
functions (unit-tested)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["AMOUNT_MAX", "InputError", "parse_amount"]

AMOUNT_MAX = Decimal("1000000")


class InputError(ValueError):
    """A user input problem; ``key`` is the locale key of the reason, ``args`` its arguments."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def parse_amount(raw: str) -> str:
    """``12.5``, ``12,5``, ``12`` → a canonical decimal string; refuses words, negatives, absurd values."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if text.count(",") == 1 and "." not in text:
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
        raise InputError("pb-err-amount-absurd", max=str(AMOUNT_MAX))
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise InputError("pb-err-amount-precision")
    normal = value.normalize()
    return f"{normal:f}"
