"""The red-team's inputs of issue 14 (defect 5), each refused with a sentence instead of a crash."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.alerts.callbacks import AlertCb
from handlers.alerts.kinds import parse_input
from handlers.input import ECHO_MAX, InputError, StaleButton, bounded_int, echo, item_int, parse_json
from handlers.input_guard import without_lone_surrogates
from handlers.resources.botlist import parse_entry
from handlers.resources.parsers import clean_id, clean_weight, json_object, parse_shares
from handlers.traffic.common import parse_lookup
from tests.fuzz.strategies import hostile_text


@pytest.mark.parametrize("unit", ["duration", "minutes", "hours", "int", "pct"])
def test_nine_times_four_hundred_is_no_duration(unit: str) -> None:
    with pytest.raises(InputError):
        parse_input(unit, "9" * 400)


@pytest.mark.parametrize(
    "raw", ["[" * 5000 + "]" * 5000, '{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', '{"a": 1e999}',
            '{"a": 99999999999999999999}', '{"a": ' + "9" * 5000 + "}"],
)  # fmt: skip
def test_raw_json_edit_refuses_what_storage_cannot_keep(raw: str) -> None:
    with pytest.raises(InputError) as err:
        json_object(raw)
    assert err.value.key == "res-err-json"


def test_raw_json_still_takes_a_normal_object() -> None:
    assert json_object('{"name": "x", "weight": 1.5, "n": 9223372036854775807}') == {
        "name": "x",
        "weight": 1.5,
        "n": 9223372036854775807,
    }
    assert parse_json("[" * 20 + "]" * 20)


def test_callback_ids_beyond_sqlite_are_not_a_button() -> None:
    with pytest.raises(ValueError):
        AlertCb.unpack("alr:ack:99999999999999999999")
    with pytest.raises(ValueError):
        AlertCb.unpack("alr:ack:-9223372036854775809")
    assert AlertCb.unpack("alr:ack:9223372036854775807").id == 2**63 - 1


def test_bounded_int() -> None:
    assert bounded_int("42") == 42 and bounded_int(" -7 ") == -7
    for raw in ["99999999999999999999", "²", "١٢", "", "-", "1e3", "0x1"]:
        assert bounded_int(raw) is None, raw


@settings(max_examples=200, derandomize=True, deadline=None)
@given(hostile_text())
def test_an_echo_is_short_and_encodable(raw: str) -> None:
    shown = echo(raw)
    assert len(shown) <= ECHO_MAX
    shown.encode("utf-8")  # no lone surrogate left


@given(st.text(alphabet=st.characters(codec=None, categories=None), max_size=50))
@settings(derandomize=True, deadline=None)
def test_surrogates_replaced(raw: str) -> None:
    without_lone_surrogates(raw).encode("utf-8")


def test_a_list_item_id_is_an_int_or_a_stale_button() -> None:
    assert item_int("42") == 42 and item_int("9223372036854775807") == 2**63 - 1
    for raw in ["x", "99999999999999999999", "-9223372036854775809", "²", "٣", " 1", "1e3", ""]:
        with pytest.raises(StaleButton):
            item_int(raw)


def test_a_sub_id_number_of_four_thousand_digits_is_refused_with_a_short_field() -> None:
    with pytest.raises(InputError) as err:
        parse_lookup("sub_id_" + "9" * 4000 + "=x")
    assert err.value.key == "ck-err-n" and len(str(err.value.args_["field"])) <= 30


@pytest.mark.parametrize(
    ("parse", "raw"),
    [(clean_weight, "²"), (parse_shares, "²:100"), (parse_shares, "1:²"), (clean_id, "99999999999999999999"),
     (clean_id, "²"), (parse_entry, "1.2.3.²")],
)  # fmt: skip
def test_digits_that_are_no_number_are_refused(parse: Callable[[str], object], raw: str) -> None:
    """``"²".isdigit()`` is true but ``int("²")`` raises; twenty digits do not fit SQLite."""
    with pytest.raises(InputError):
        parse(raw)
