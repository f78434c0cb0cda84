"""Numbers are written the way each language writes them, in Python-built text and in messages."""

from __future__ import annotations

import pytest

import bot.i18n
from bot.i18n import build_core
from handlers.numbers import THIN, integer, money, money_delta, number, percent, signed, thin_groups


@pytest.mark.parametrize(
    ("value", "ru", "en"),
    [
        (1529, f"1{THIN}529", "1,529"),
        (12.5, "12,5", "12.5"),
        (1234567.25, f"1{THIN}234{THIN}567,25", "1,234,567.25"),
        ("0.1", "0,1", "0.1"),
        (-0.0, "0", "0"),
        (None, "—", "—"),
        ("abc", "—", "—"),
        (float("nan"), "—", "—"),
    ],
)
def test_number(value: object, ru: str, en: str) -> None:
    assert number(value, "ru") == ru
    assert number(value, "en") == en


def test_fixed_places_round_half_up() -> None:
    assert number(2.675, "en", places=2) == "2.68"  # the float is 2.67499…; people mean 2.675
    assert number(0.125, "ru", places=2) == "0,13"
    assert integer(1529.5, "ru") == f"1{THIN}530"


def test_money() -> None:
    assert money(1234.5, "USD", "ru") == f"1{THIN}234,50 USD"
    assert money(1234.5, "USD", "en") == "1,234.50 USD"
    assert money(0.004, "EUR", "en") == "0.004 EUR"  # less than a cent is not rounded to 0.00
    assert money(123456.7, None, "en") == "123,457"
    assert money(None, "USD", "ru") == "0,00 USD"


def test_signs_and_deltas() -> None:
    assert signed(-3.25, "ru", places=1) == "−3,3"
    assert signed(4, "en") == "+4"
    assert signed(0, "en") == "0"
    assert money_delta(-10, 5, "EUR", "ru") == "−15,00 EUR"
    assert money_delta(120, -256.5, "", "en") == "+376.50"
    assert money_delta(None, 1, "USD", "en") == "—"
    assert percent(12.345, "ru") == "12,3%"


def test_messages_write_numbers_in_the_language_and_keep_plurals() -> None:
    core = build_core("en")
    assert f"1{THIN}529 кампаний" in core.get("key-ok", "ru", tracker="T", count=1529, ms=12.5)
    assert "12,5 мс" in core.get("key-ok", "ru", tracker="T", count=1529, ms=12.5)
    assert "1,529 campaigns" in core.get("key-ok", "en", tracker="T", count=1529, ms=12.5)
    assert thin_groups("1\u00a0529 и 2\u00a0кампании") == f"1{THIN}529 и 2\u00a0кампании"


def test_a_count_passed_as_text_is_caught() -> None:
    core = build_core("en")
    assert bot.i18n.STRICT_COUNTS  # tests/conftest.py
    with pytest.raises(TypeError, match=r"\$count is a count passed as text"):
        core.get("key-ok", "ru", tracker="T", count="1 529", ms=1)
