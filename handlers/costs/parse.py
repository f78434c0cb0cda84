"""Reading ad-network spend for /costs: a CSV file (a header row; ``,`` or ``;`` between cells; ``.``
or ``,`` before the decimals) or one typed line (``12 2026-12-01 150.40 USD``, ``FB US Nutra
01.12–03.12 450 USD``). Pure functions (unit-tested).

Two steps, both collect every problem with its line number instead of stopping at the first:

1. :func:`parse_csv` / :func:`parse_line` read the cells: the campaign as typed, a day or a range of
   days, the amount and the currency code;
2. :func:`resolve` finds each campaign among the tracker's (an id, or an exact name that only one
   campaign has) and refuses a second row for the same campaign on a day an earlier row already has.

A problem is a :class:`Problem` (a line number and locale keys with their arguments), never text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from handlers.input import InputError, parse_amount
from handlers.periods import parse_day
from handlers.postback.values import ISO_CURRENCIES

__all__ = [
    "MAX_BYTES",
    "MAX_RANGE_DAYS",
    "MAX_ROWS",
    "Entry",
    "FileError",
    "Parsed",
    "Problem",
    "Row",
    "parse_csv",
    "parse_dates",
    "parse_line",
    "resolve",
]

MAX_BYTES = 1_000_000
MAX_ROWS = 5000
MAX_RANGE_DAYS = 92
NAME_MAX = 200

_COLUMNS: dict[str, tuple[str, ...]] = {
    "campaign": ("campaign", "campaign_id", "campaign id", "campaign_name", "id", "name", "кампания"),
    "date": ("date", "dates", "day", "period", "range", "дата", "даты", "период"),
    "cost": ("cost", "spend", "amount", "sum", "расход", "сумма", "стоимость"),
    "currency": ("currency", "валюта"),
}
_DATE = r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}(?:\.\d{2}(?:\d{2})?)?)"
_RANGE = re.compile(rf"^({_DATE})\s*(?:–|—|-|\.\.)\s*({_DATE})$")
_SEPARATORS = ("–", "—", "-", "..")


class FileError(ValueError):
    """The file as a whole cannot be read (locale key and arguments)."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    reasons: tuple[tuple[str, dict[str, Any]], ...]


@dataclass(frozen=True, slots=True)
class Row:
    """One line as read: the campaign as typed, the days (inclusive), amount and currency."""

    line: int
    campaign: str
    start: date
    end: date
    cost: Decimal
    currency: str


@dataclass(slots=True)
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Entry:
    """A row whose campaign was found: what one ``update_costs`` call writes."""

    line: int
    campaign_id: int
    campaign_name: str
    start: date
    end: date
    cost: Decimal
    currency: str

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line, "campaign_id": self.campaign_id, "name": self.campaign_name,
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "cost": str(self.cost), "currency": self.currency,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            int(data["line"]), int(data["campaign_id"]), str(data["name"]),
            date.fromisoformat(data["start"]), date.fromisoformat(data["end"]),
            Decimal(str(data["cost"])), str(data["currency"]),
        )  # fmt: skip

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- cells


def _one_date(text: str, today: date) -> date:
    try:
        return parse_day(text, today)
    except ValueError:
        raise InputError("costs-err-date", value=_short(text.strip())) from None


def parse_dates(raw: str, today: date) -> tuple[date, date]:
    """``2026-12-01``, ``01.12.2026``, ``01.12`` or a range of two of them (``–``, ``—``, ``-``,
    ``..`` between). Refuses a day after ``today`` (the tracker's), a range backwards or longer than
    :data:`MAX_RANGE_DAYS`."""
    text = raw.strip()
    if not text:
        raise InputError("costs-err-date-missing")
    found = _RANGE.match(text)
    if found:
        start, end = _one_date(found.group(1), today), _one_date(found.group(2), today)
    elif re.fullmatch(_DATE, text):
        start = end = _one_date(text, today)
    else:
        raise InputError("costs-err-date", value=_short(text))
    if end < start:
        raise InputError("costs-err-range-backwards", value=_short(text))
    if end > today:
        raise InputError("costs-err-date-future", value=_short(text))
    days = (end - start).days + 1
    if days > MAX_RANGE_DAYS:
        raise InputError("costs-err-range-long", days=days, max=MAX_RANGE_DAYS)
    return start, end


def _amount(raw: str) -> Decimal:
    if not raw.strip():
        raise InputError("costs-err-amount-missing")
    try:
        return Decimal(parse_amount(raw))
    except InputError as err:
        key = err.key.replace("pb-err-amount", "costs-err-amount")
        raise InputError(key, value=_short(raw), **err.args_) from None


def _currency(raw: str) -> str:
    code = raw.strip().upper()
    if not code:
        raise InputError("costs-err-currency-missing")
    if code not in ISO_CURRENCIES:
        raise InputError("costs-err-currency", value=_short(raw.strip(), 12))
    return code


def _row(line: int, cells: tuple[str, str, str, str], today: date) -> Row | Problem:
    campaign, dates, amount, currency = cells
    reasons: list[tuple[str, dict[str, Any]]] = []
    name = " ".join(campaign.split())
    if not name:
        reasons.append(("costs-err-campaign-missing", {}))
    elif len(name) > NAME_MAX:
        reasons.append(("costs-err-campaign-long", {"max": NAME_MAX}))
    values: list[Any] = []
    for check, raw in ((lambda r: parse_dates(r, today), dates), (_amount, amount), (_currency, currency)):
        try:
            values.append(check(raw))
        except InputError as err:
            reasons.append((err.key, dict(err.args_)))
    if reasons:
        return Problem(line, tuple(reasons))
    (start, end), cost, code = values
    return Row(line, name, start, end, cost, code)


def _add(parsed: Parsed, item: Row | Problem) -> None:
    if isinstance(item, Row):
        parsed.rows.append(item)
    else:
        parsed.problems.append(item)


# ---------------------------------------------------------------- one typed line


def parse_line(text: str, today: date) -> Parsed:
    """``<campaign id or name> <day or range> <amount> <currency>`` (the name may hold spaces; a
    range may be written with spaces around its dash)."""
    parsed = Parsed()
    lines = [x for x in text.strip().splitlines() if x.strip()]
    if len(lines) != 1:
        raise FileError("costs-err-one-line")
    tokens = lines[0].split()
    if len(tokens) < 4:
        parsed.problems.append(Problem(1, (("costs-err-line-short", {}),)))
        return parsed
    if len(tokens) >= 6 and tokens[-4] in _SEPARATORS:
        dates, campaign = " ".join(tokens[-5:-2]), tokens[:-5]
    else:
        dates, campaign = tokens[-3], tokens[:-3]
    _add(parsed, _row(1, (" ".join(campaign), dates, tokens[-2], tokens[-1]), today))
    return parsed


# ---------------------------------------------------------------- a CSV file


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise FileError("costs-err-file-big", mb=MAX_BYTES // 1_000_000)
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("costs-err-file-encoding")


def _columns(header: Sequence[str]) -> dict[str, int]:
    names = [" ".join(h.strip().lower().split()) for h in header]
    found: dict[str, int] = {}
    for column, aliases in _COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases and column not in found:
                found[column] = index
                break
    missing = [c for c in _COLUMNS if c not in found]
    if missing:
        raise FileError("costs-err-header", missing=", ".join(missing))
    return found


def parse_csv(data: bytes, today: date) -> Parsed:
    """Every data row of the file (header on the first line; empty lines skipped)."""
    text = _decode(data)
    first = next((x for x in text.splitlines() if x.strip()), "")
    if not first:
        raise FileError("costs-err-file-empty")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    parsed = Parsed()
    count = 0
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            columns = _columns(header)
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileError("costs-err-file-rows", rows=MAX_ROWS)
        value = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        _add(
            parsed,
            _row(
                reader.line_num, (value["campaign"], value["date"], value["cost"], value["currency"]), today
            ),
        )
    if count == 0:
        raise FileError("costs-err-file-empty")
    return parsed


# ---------------------------------------------------------------- campaigns


def _campaign(
    typed: str, by_id: dict[int, str], by_name: dict[str, list[int]], *, scoped: bool
) -> tuple[int | None, tuple[str, dict[str, Any]] | None]:
    """The campaign id of ``typed`` (``12``, ``#12`` or an exact name), or why there is none."""
    ref = typed.removeprefix("#").strip()
    ids = by_name.get(typed, [])
    if ref.isdigit() and len(ref) <= 18:
        if int(ref) in by_id:
            return int(ref), None
        if len(ids) == 1:  # a campaign named with digits only
            return ids[0], None
        key = "costs-err-campaign-scope" if scoped else "costs-err-campaign-id"
        return None, (key, {"id": int(ref)})
    if len(ids) == 1:
        return ids[0], None
    if ids:
        found = ", ".join(f"#{i}" for i in sorted(ids))
        return None, (
            "costs-err-campaign-ambiguous",
            {"name": _short(typed), "count": len(ids), "ids": found},
        )
    key = "costs-err-campaign-name-scope" if scoped else "costs-err-campaign-name"
    return None, (key, {"name": _short(typed)})


def resolve(
    parsed: Parsed, campaigns: Iterable[tuple[int, str]], *, scoped: bool = False
) -> tuple[list[Entry], list[Problem]]:
    """Each row's campaign among ``campaigns`` (id, name) — the ones the person may see; a second
    row for a campaign on a day it already has is refused. ``scoped``: the person sees only their
    campaigns, so an id not found is said to be outside them."""
    by_id: dict[int, str] = {}
    by_name: dict[str, list[int]] = {}
    for known, name in campaigns:
        by_id[known] = name
        by_name.setdefault(" ".join(str(name).split()), []).append(known)
    entries: list[Entry] = []
    problems = list(parsed.problems)
    taken: dict[tuple[int, date], int] = {}
    for row in parsed.rows:
        campaign_id, reason = _campaign(row.campaign, by_id, by_name, scoped=scoped)
        if campaign_id is None:
            problems.append(Problem(row.line, (reason or ("costs-err-campaign-missing", {}),)))
            continue
        entry = Entry(row.line, campaign_id, by_id[campaign_id], row.start, row.end, row.cost, row.currency)
        clash = next((taken[(campaign_id, d)] for d in entry.days() if (campaign_id, d) in taken), None)
        if clash is not None:
            problems.append(Problem(row.line, (("costs-err-overlap", {"other": clash}),)))
            continue
        for day in entry.days():
            taken[(campaign_id, day)] = row.line
        entries.append(entry)
    problems.sort(key=lambda p: p.line)
    return entries, problems
