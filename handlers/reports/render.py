"""Report text for a phone: monospace tables at most :data:`WIDTH` columns wide, a totals row,
deltas against the previous period, and the CSV file's rows. Pure functions (unit-tested).

When the chosen metrics do not fit beside the row labels, the table is split into bands of
columns, each with the labels again — no line is ever wider than the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from handlers import numbers
from handlers.csv_writer import csv_bytes as write_csv
from handlers.reports.catalog import METRICS, Group
from handlers.ui import esc

__all__ = ["PAGE_ROWS", "WIDTH", "csv_bytes", "deltas_block", "fmt", "page_rows", "table"]

WIDTH = 34
MIN_LABEL = 10
PAGE_ROWS = 10
RULE = "─"


_num = numbers.as_number


def fmt(metric: str, value: Any, lang: str) -> str:
    """A value as the table shows it, the user's way (:mod:`handlers.numbers`): counts ``1 234`` /
    ``1,234``; money ``1 234,50`` / ``1,234.50`` (no cents from 100 000); percentages ``12,3`` /
    ``12.3``; EPC ``0,123`` / ``0.123``."""
    number = _num(value)
    if number is None:
        return "—"
    kind = METRICS[metric].kind
    if kind == "int":
        return numbers.integer(number, lang)
    if kind == "money":
        return numbers.number(number, lang, places=0 if abs(number) >= 100_000 else 2)
    if kind == "pct":
        return numbers.number(number, lang, places=1)
    return numbers.number(number, lang, places=3)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _bands(widths: list[int]) -> list[list[int]]:
    """Indexes of metric columns per band, so that each band leaves room for the labels."""
    bands: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        need = width + 1
        if bands[-1] and WIDTH - (used + need) < MIN_LABEL:
            bands.append([])
            used = 0
        bands[-1].append(index)
        used += need
    return bands


def _cells(
    rows: Sequence[dict[str, Any]],
    metrics: Sequence[str],
    headers: dict[str, str],
    totals: dict[str, Any] | None,
    lang: str,
) -> tuple[list[list[str]], list[str], list[int]]:
    apis = [METRICS[m].api for m in metrics]
    cells = [[fmt(m, row.get(a), lang) for m, a in zip(metrics, apis, strict=True)] for row in rows]
    total_cells = [fmt(m, (totals or {}).get(a), lang) for m, a in zip(metrics, apis, strict=True)]
    widths = [
        max(len(headers[m]), len(total_cells[i]), *(len(c[i]) for c in cells)) for i, m in enumerate(metrics)
    ]
    return cells, total_cells, widths


def page_rows(
    rows: Sequence[dict[str, Any]],
    metrics: Sequence[str],
    headers: dict[str, str],
    totals: dict[str, Any] | None,
    lang: str,
) -> int:
    """Rows per page: :data:`PAGE_ROWS` when the metrics fit one band; when the table is split into
    bands (each repeats the rows), fewer — so that a page with the comparison below it still fits
    a phone (tests/e2e/test_screen_sizes.py). Only each column's extreme rows are formatted (up to
    5,000 rows come back; the widest cell of a column is its largest or its most negative value)."""
    extremes: dict[int, dict[str, Any]] = {}
    for metric in metrics:
        api = METRICS[metric].api
        valued = [(v, i) for i, row in enumerate(rows) if (v := _num(row.get(api))) is not None]
        if valued:
            for _value, index in (min(valued), max(valued)):
                extremes[index] = rows[index]
    bands = len(_bands(_cells(list(extremes.values()), metrics, headers, totals, lang)[2]))
    return PAGE_ROWS if bands <= 1 else max(PAGE_ROWS // bands - 1, 3)


def table(
    rows: Sequence[dict[str, Any]],
    group: Group,
    metrics: Sequence[str],
    headers: dict[str, str],
    *,
    group_title: str,
    total_title: str,
    totals: dict[str, Any] | None,
    lang: str,
) -> str:
    """The ``<pre>`` block: for each band a header line, the rows, a rule and the totals row."""
    cells, total_cells, widths = _cells(rows, metrics, headers, totals, lang)
    labels = [group.label(row) for row in rows]
    blocks: list[str] = []
    for band in _bands(widths):
        label_width = max(WIDTH - sum(widths[i] + 1 for i in band), MIN_LABEL)
        cut = _distinct_labels(labels, rows, group, label_width)

        def line(label: str, values: list[str], band: list[int] = band, lw: int = label_width) -> str:
            return _cut(label, lw).ljust(lw) + "".join(" " + values[i].rjust(widths[i]) for i in band)

        out = [line(group_title, [headers[m] for m in metrics])]
        out += [line(label, values) for label, values in zip(cut, cells, strict=True)]
        if totals is not None:
            out.append(RULE * min(WIDTH, len(out[0])))
            out.append(line(total_title, total_cells))
        blocks.append("\n".join(out))
    return "<pre>" + esc("\n\n".join(blocks)) + "</pre>"


def _distinct_labels(
    labels: list[str], rows: Sequence[dict[str, Any]], group: Group, width: int
) -> list[str]:
    """Labels cut to ``width``; two different names that would look the same once cut (``Keto
    Slim…`` twice) get their id at the end instead (``Keto S… #12``)."""
    cut = [_cut(label, width) for label in labels]
    seen: dict[str, int] = {}
    for text in cut:
        seen[text] = seen.get(text, 0) + 1
    id_field = group.dimensions[0] if len(group.dimensions) > 1 else None
    for index, text in enumerate(cut):
        ident = rows[index].get(id_field) if id_field else None
        if seen[text] > 1 and ident not in (None, "", 0):
            suffix = f" #{ident}"
            cut[index] = _cut(labels[index], width - len(suffix)) + suffix
    return cut


def _delta(metric: str, now: float | None, before: float | None, pp: str, lang: str) -> str:
    """The change: points for rates (``+1,5 п.п.``); a percentage when both values have the same
    sign and the old one is not zero (``+12,3%``); otherwise the absolute change — money as
    ``+376,50`` (a percentage of a loss that became a profit means nothing), counts as ``new``."""
    if now is None or before is None:
        return "—"
    kind = METRICS[metric].kind
    if kind == "pct":
        diff = now - before
        return f"{numbers.signed(diff, lang, places=1)}{pp}" if abs(diff) >= 0.05 else "0"
    if before == 0 or (now < 0) != (before < 0):
        if kind in ("money", "rate"):
            return numbers.money_delta(now, before, None, lang) if now != before else "0"
        return "new" if now else "0"
    change = (now - before) / abs(before) * 100
    return f"{numbers.signed(change, lang, places=1)}%" if abs(change) >= 0.05 else "0%"


def deltas_block(
    metrics: Sequence[str],
    names: dict[str, str],
    totals: dict[str, Any],
    previous: dict[str, Any],
    *,
    heads: tuple[str, str, str],
    pp: str,
    new: str,
    lang: str = "en",
) -> str:
    """Totals now, in the previous period and the change: ``+12,3%`` (points for rates; the
    absolute change when the sign flips or the old value is zero — see :func:`_delta`)."""
    lines = []
    for metric in metrics:
        api = METRICS[metric].api
        now, before = _num(totals.get(api)), _num(previous.get(api))
        change = _delta(metric, now, before, pp, lang)
        change = new if change == "new" else change
        lines.append((names[metric], fmt(metric, now, lang), fmt(metric, before, lang), change))
    w1 = max(len(heads[0]), *(len(line[1]) for line in lines))
    w2 = max(len(heads[1]), *(len(line[2]) for line in lines))
    w3 = max(len(heads[2]), *(len(line[3]) for line in lines))
    label_width = max(WIDTH - (w1 + w2 + w3 + 3), 6)
    out = ["".ljust(label_width) + f" {heads[0].rjust(w1)} {heads[1].rjust(w2)} {heads[2].rjust(w3)}"]
    for name, value, before_text, change in lines:
        out.append(
            _cut(name, label_width).ljust(label_width)
            + f" {value.rjust(w1)} {before_text.rjust(w2)} {change.rjust(w3)}"
        )
    return "<pre>" + esc("\n".join(out)) + "</pre>"


def csv_bytes(rows: Sequence[dict[str, Any]], group: Group, metrics: Sequence[str]) -> bytes:
    """Every row with the group's dimensions and every chosen metric (Keitaro's names as headers);
    see :mod:`handlers.csv_writer` for the format."""
    apis = [METRICS[m].api for m in metrics]
    return write_csv(
        [*group.dimensions, *apis],
        (
            [
                *(row.get(d) for d in group.dimensions),
                *(_plain(m, row.get(a)) for m, a in zip(metrics, apis, strict=True)),
            ]
            for row in rows
        ),
    )


def _plain(metric: str, value: Any) -> int | Decimal | None:
    number = _num(value)
    if number is None:
        return None
    kind = METRICS[metric].kind
    if kind == "int":
        return round(number)
    return Decimal(f"{number:.4f}" if kind == "rate" else f"{number:.2f}")
