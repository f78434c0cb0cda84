"""The one CSV writer: spreadsheet formulas never run, numbers stay plain digits."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest

from handlers.csv_writer import csv_bytes, formula_safe, plain_number


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_that_could_be_a_formula_gets_an_apostrophe(start: str) -> None:
    text = start + "1+1"
    assert formula_safe(text) == "'" + text
    assert read(csv_bytes(["a"], [[text]]))[1] == ["'" + text]


@pytest.mark.parametrize("text", ["sub 1", "1-2", "a=b", "", "'=already", " =space first"])
def test_other_text_is_written_as_it_is(text: str) -> None:
    assert formula_safe(text) == text
    assert read(csv_bytes(["a"], [[text]]))[1] == [text]


def test_numeric_looking_text_is_still_text() -> None:
    """ "-12.5" typed by whoever sent the traffic is text: prefixed like any other."""
    assert read(csv_bytes(["a", "b"], [["-12.5", "+7 999"]]))[1] == ["'-12.5", "'+7 999"]


def test_numbers_are_plain_digits_and_never_prefixed() -> None:
    rows = [[-3, -2.5, Decimal("-1.50"), None, True, float("nan")]]
    assert read(csv_bytes(["a", "b", "c", "d", "e", "f"], rows))[1] == ["-3", "-2.5", "-1.50", "", "1", ""]


def test_anything_else_is_text() -> None:
    assert read(csv_bytes(["a"], [[["=x"]]]))[1] == ["['=x']"]  # type: ignore[list-item]


def test_the_file_format() -> None:
    data = csv_bytes(["id", "=name"], [[1, 'Кампания, "A"'], [2, "line\nbreak"]])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    text = data.decode("utf-8-sig")
    assert text.startswith('id,\'=name\r\n1,"Кампания, ""A"""\r\n')
    assert read(data) == [["id", "'=name"], ["1", 'Кампания, "A"'], ["2", "line\nbreak"]]
    assert csv_bytes(["a"], []).decode("utf-8-sig") == "a\r\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (45.0, "45"),
        (22.5, "22.5"),
        (0.0123, "0.0123"),
        (-3.1, "-3.1"),
        (7, "7"),
        (None, ""),
        ("", ""),
        (1e-9, "0"),
        (Decimal("12.50"), "12.50"),
        ("text", "text"),
    ],
)
def test_plain_number(value: Any, text: str) -> None:
    assert plain_number(value) == text
