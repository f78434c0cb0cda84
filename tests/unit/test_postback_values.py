from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.input import InputError, parse_amount
from handlers.postback.values import (
    clean_click_id,
    clean_currency,
    clean_status,
    new_tid,
    params_from,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12.5", "12.5"),
        ("12,5", "12.5"),
        ("12", "12"),
        (" 0.10 ", "0.1"),
        ("1 000", "1000"),
        ("0", "0"),
        ("999999.9999", "999999.9999"),
    ],
)
def test_amounts_accepted(raw: str, value: str) -> None:
    assert parse_amount(raw) == value


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("abc", "pb-err-amount-nan"),
        ("", "pb-err-amount-nan"),
        ("-1", "pb-err-amount-negative"),
        ("1e9", "pb-err-amount-absurd"),
        ("NaN", "pb-err-amount-nan"),
        ("inf", "pb-err-amount-nan"),
        ("1.23456", "pb-err-amount-precision"),
        ("1,2,3", "pb-err-amount-nan"),
    ],
)
def test_amounts_refused_with_a_reason(raw: str, key: str) -> None:
    with pytest.raises(InputError) as err:
        parse_amount(raw)
    assert err.value.key == key


def test_click_ids() -> None:
    assert clean_click_id("  3a9f-1c.x:y~z_ ") == "3a9f-1c.x:y~z_"
    for raw, key in (
        ("", "pb-err-click-empty"),
        ("a b", "pb-err-click-spaces"),
        ("x" * 101, "pb-err-click-long"),
        ("a/b", "pb-err-click-chars"),
        ("a&b=c", "pb-err-click-chars"),
    ):
        with pytest.raises(InputError) as err:
            clean_click_id(raw)
        assert err.value.key == key


def test_currency_and_status() -> None:
    assert clean_currency(" gbp ") == "GBP"
    with pytest.raises(InputError, match="pb-err-currency-unknown"):
        clean_currency("XYZ")
    with pytest.raises(InputError, match="pb-err-currency-format"):
        clean_currency("US")
    assert clean_status("SALE") == "sale"
    with pytest.raises(InputError):
        clean_status("won")


def test_tid_is_unique_per_millisecond_and_params_follow_the_values() -> None:
    assert new_tid(datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=UTC)) == "test-1700000000123"
    assert new_tid(datetime(2031, 2, 28, 23, 59, 58, tzinfo=UTC)) == "test-1930089598000"
    params = params_from(
        {
            "click_id": "c1",
            "status": "sale",
            "payout": "12.5",
            "cost": None,
            "currency": "EUR",
            "tid": "t1",
            "sub_id_1": "s",
        }
    )
    assert params.query() == [
        ("subid", "c1"),
        ("status", "sale"),
        ("payout", "12.5"),
        ("currency", "EUR"),
        ("tid", "t1"),
        ("sub_id_1", "s"),
    ]
    assert params_from({"click_id": "c1"}).query() == [("subid", "c1"), ("status", "lead")]


def test_amounts_and_recent_clicks_are_shown_the_way_people_read_them() -> None:
    from handlers.postback.getters import amount, click_button

    assert amount("12.5", "EUR", "ru") == "12,5 EUR"
    assert amount("12.5", "EUR", "en") == "12.5 EUR"
    assert amount(13.5, "USD", "ru") == "13,5 USD"
    assert amount("1529", None, "en") == "1,529"
    assert amount(None, "USD", "ru") == "—"
    click = {
        "sub_id": "3kq8a7b2c9d1e5",
        "when": "2026-12-04 03:12:44",
        "country": "DE",
        "campaign": "FB DE Nutra",
    }
    assert click_button(click) == "03:12 · DE · FB DE Nutra · 3kq8a7b2c9"
    assert click_button({"sub_id": "x1", "when": "", "country": "", "campaign": ""}) == "— · x1"
