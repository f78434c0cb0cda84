"""The one CSV writer of every file the bot sends (report rows, conversions, clicks). Pure functions
(unit-tested).

UTF-8 with a byte-order mark (so spreadsheet programs read Cyrillic right), lines ending in CRLF.
A text cell never becomes a spreadsheet formula: one that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return gets a leading apostrophe (values such as sub_id come from traffic, i.e.
from anybody). Numbers are written as plain digits and are never prefixed: pass them as numbers
(``int``, ``float``, ``Decimal``), not as text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

__all__ = ["FORMULA_START", "Cell", "csv_bytes", "formula_safe", "plain_number"]

Cell = str | int | float | Decimal | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula."""


def formula_safe(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet could run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def plain_number(value: Any) -> str:
    """A number as plain digits for files: ``45.0`` → ``45``, ``22.5`` → ``22.5``, no grouping;
    empty for a missing value; anything that is not a number is returned as text."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(value, Decimal):
        return f"{value:f}" if value.is_finite() else ""
    return str(value)


def _cell(value: Cell) -> str:
    if value is None or isinstance(value, int | float | Decimal):
        return plain_number(value)
    return formula_safe(str(value))  # text, and anything else written as text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The file: ``header``, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_safe(name) for name in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
