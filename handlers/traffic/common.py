"""Shared pieces of /conversions and /clicks: log columns, formatting of rows, typed values,
pickers of the tracker's campaigns and offers, and paging.

The formatting and parsing helpers are pure (unit-tested); every text they return is HTML with
each interpolated value escaped.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram_dialog import DialogManager

from handlers import numbers
from handlers.input import InputError
from handlers.ui import esc
from keitaro import KeitaroClient
from keitaro.models import ConversionStatus

__all__ = [
    "MAX_SUB_ID",
    "MAX_VALUE",
    "STATUSES",
    "Lookup",
    "clean_value",
    "entity_choices",
    "money",
    "new_stamp",
    "pages_of",
    "parse_lookup",
    "short",
    "status_text",
    "time_text",
]

STATUSES: tuple[str, ...] = tuple(s.value for s in ConversionStatus)
STATUS_MARKS = {"lead": "🕓", "sale": "🛒", "rejected": "❌", "rebill": "🔁"}
MAX_VALUE = 200
"""Longest typed value (a click ID, a sub_id_N value, a tid)."""
MAX_SUB_ID = 15
"""sub_id_1 … sub_id_15."""
PICK_LIMIT = 300
"""Most campaigns / offers a picker lists (newest ids first when there are more)."""


def short(text: Any, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (not escaped)."""
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[: max(limit - 1, 1)] + "…"


def money(value: Any, currency: Any, lang: str) -> str:
    """``45,00 USD`` / ``45.00 USD`` (two decimals, more when the amount is smaller than a cent; the
    user's separators, :func:`handlers.numbers.money`); not escaped. Text that is not a number is
    shown as it is."""
    if value in (None, "") or numbers.number(value, lang) != "—":
        return numbers.money(value or 0, currency, lang)
    cur = str(currency or "").strip()
    return f"{value} {cur}" if cur else str(value)


def time_text(value: Any, *, with_date: bool) -> str:
    """``2026-11-27 14:32:05`` → ``14:32:05`` (one-day ranges) or ``11-27 14:32`` (longer ones)."""
    text = str(value or "").strip()
    found = re.match(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}:\d{2})(:\d{2})?", text)
    if not found:
        return text
    if with_date:
        return f"{found.group(2)}-{found.group(3)} {found.group(4)}"
    return found.group(4) + (found.group(5) or "")


def status_text(status: Any, previous: Any, names: Mapping[str, str]) -> str:
    """``lead → sale`` when the conversion changed status, else the status (translated names)."""
    now = str(status or "")
    before = str(previous or "")
    shown = names.get(now, now)
    if before and before != now:
        return f"{names.get(before, before)} → {shown}"
    return shown


def conversion_line(row: Mapping[str, Any], names: Mapping[str, str], *, with_date: bool, lang: str) -> str:
    """One conversion of the list (HTML, three lines)."""
    status = str(row.get("status") or "")
    mark = STATUS_MARKS.get(status, "•")
    when = time_text(row.get("postback_datetime"), with_date=with_date)
    first = (
        f"{mark} <b>{esc(when)}</b> · {esc(status_text(status, row.get('previous_status'), names))}"
        f" · <b>{esc(money(row.get('revenue'), row.get('currency'), lang))}</b>"
    )
    where = [
        short(row.get("campaign"), 32),
        short(row.get("offer"), 32),
        str(row.get("country_code") or row.get("country") or ""),
    ]
    second = " · ".join(esc(x) for x in where if x)
    sub_id = str(row.get("sub_id") or "")
    third = f"<code>{esc(short(sub_id, 64))}</code>" if sub_id else ""
    return "\n".join(x for x in (first, second, third) if x)


def pages_of(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


def new_stamp() -> str:
    """A per-dialog prefix of loader keys: a new command always fetches fresh data."""
    return f"{time.time_ns():x}"


# ---------------------------------------------------------------- typed values


def clean_value(raw: str) -> str:
    """A typed filter value: one line, not empty, at most :data:`MAX_VALUE` characters."""
    value = raw.strip()
    if not value:
        raise InputError("tr-err-empty")
    if "\n" in value or "\r" in value:
        raise InputError("tr-err-line", value=short(value.splitlines()[0], 60))
    if len(value) > MAX_VALUE:
        raise InputError("tr-err-long", length=len(value), max=MAX_VALUE, value=short(value, 60))
    return value


@dataclass(frozen=True, slots=True)
class Lookup:
    """What /clicks searches: ``field`` (``sub_id`` = Keitaro's click ID, or ``sub_id_N``) = ``value``."""

    field: str
    value: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "value": self.value}


_FIELD = re.compile(r"^\s*(sub_?id(?:_?(\d+))?)\s*[=:]\s*(.*)$", re.IGNORECASE | re.DOTALL)
_OTHER_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z_]*\d*)\s*=(.*)$", re.DOTALL)


def parse_lookup(text: str, default_field: str = "sub_id") -> Lookup:
    """``3f9a8b`` → the click ID; ``sub_id_3=abc`` (also ``sub_id_3: abc``, ``sub_id=…``) → that
    field. A bare value searches ``default_field``. Raises :class:`InputError` (with the typed text
    in ``value``) for an empty or over-long value, a field outside sub_id_1…15 or another name."""
    raw = text.strip()
    echo = short(" ".join(raw.split()), 80)
    if not raw:
        raise InputError("tr-err-empty")
    field, value = default_field, raw
    found = _FIELD.match(raw)
    if found:
        number = found.group(2)
        if number is None:
            field = "sub_id"
        else:
            n = int(number)
            if not 1 <= n <= MAX_SUB_ID:
                raise InputError("ck-err-n", field=short(f"sub_id_{n}", 30), max=MAX_SUB_ID, value=echo)
            field = f"sub_id_{n}"
        value = found.group(3).strip()
        if not value:
            raise InputError("ck-err-no-value", field=field)
    else:
        other = _OTHER_FIELD.match(raw)
        if other:
            raise InputError("ck-err-field", field=short(other.group(1), 30), max=MAX_SUB_ID, value=echo)
    if "\n" in value or "\r" in value:
        raise InputError("tr-err-line", value=short(value.splitlines()[0], 60))
    if len(value) > MAX_VALUE:
        raise InputError("tr-err-long", length=len(value), max=MAX_VALUE, value=short(value, 60))
    return Lookup(field, value)


# ---------------------------------------------------------------- pickers


async def entity_choices(client: KeitaroClient, kind: str) -> list[tuple[str, str]]:
    """(label, id) of the tracker's campaigns or offers, by name (at most :data:`PICK_LIMIT`)."""
    items = await (client.campaigns.list() if kind == "campaign" else client.offers.list())
    live = [x for x in items if getattr(x, "state", None) not in ("deleted", "archived")]
    live.sort(key=lambda x: -int(x.id))
    chosen = live[:PICK_LIMIT]
    chosen.sort(key=lambda x: (str(x.name or "").lower(), int(x.id)))
    return [(short(x.name or f"#{x.id}", 48), str(x.id)) for x in chosen]


def remember_choices(manager: DialogManager, choices: list[tuple[str, str]]) -> None:
    """Keep what the picker showed: a press is only accepted for an id that was on the screen."""
    manager.dialog_data["choices"] = {item_id: label for label, item_id in choices}


def chosen_label(manager: DialogManager, item_id: str) -> str | None:
    choices = manager.dialog_data.get("choices") or {}
    label = choices.get(str(item_id))
    return str(label) if label is not None else None
