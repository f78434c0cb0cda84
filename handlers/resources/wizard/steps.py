"""What a guided creation is made of: its steps (each asked as typed text, one pick from a list, or
several picks) and the pure checks of what is typed. A :class:`Wizard` (campaign, flow, offer)
lists its steps in order, says which Keitaro fields each one fills (so a 406/422 answer is shown at
the step that caused it) and builds the request body from the draft's values."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.input import InputError, parse_amount, split_countries
from handlers.resources.parsers import clean_name, clean_url, clean_weight

Values = dict[str, Any]

TEXT, PICK, MULTI = "text", "pick", "multi"
ALIAS = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
COUNTRIES_MAX = 50


@dataclass(frozen=True)
class Step:
    """One question. ``kind``: TEXT (``parse`` turns the typed text into the value), PICK (one of
    ``choices`` — fixed Keitaro values shown in words ``wiz-v-<name>-<value>`` — or of the tracker's
    list ``source``), MULTI (several of ``source``). ``optional``: may be skipped (value None).
    ``asked``: whether the step applies to the draft so far. ``fields``: the Keitaro fields it fills.
    ``proposal``: a value offered as one tap (an alias from the name, an even split)."""

    name: str
    kind: str
    fields: tuple[str, ...] = ()
    parse: Callable[[str, Values], Any] | None = None
    choices: tuple[str, ...] = ()
    source: str | None = None
    optional: bool = False
    asked: Callable[[Values], bool] = lambda values: True
    proposal: Callable[[Values], str | None] = lambda values: None
    hint: bool = False  # the question has a second line (wiz-q-<wizard>-<step>-hint)


@dataclass(frozen=True)
class Wizard:
    key: str  # the resource: campaigns / streams / offers
    steps: tuple[Step, ...]
    body: Callable[[Values], dict[str, Any]]
    extra: dict[str, Any] = field(default_factory=dict)

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)

    def step_of_field(self, api_field: str) -> Step | None:
        return next((s for s in self.steps if api_field in s.fields), None)


# ---------------------------------------------------------------- checks of typed values


def name(raw: str, _values: Values) -> str:
    return clean_name(raw)


def alias(raw: str, _values: Values) -> str:
    text = raw.strip()
    if not ALIAS.match(text):
        raise InputError("wiz-err-alias")
    return text


def slug(text: str) -> str:
    """An alias proposed from a name: latin letters, digits and dashes, plus a short random tail."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]
    tail = secrets.token_hex(2)
    return f"{base}-{tail}" if base else f"campaign-{tail}"


def amount(raw: str, _values: Values) -> str:
    return parse_amount(raw)


def money(raw: str, _values: Values) -> list[str | None]:
    """``38``, ``38,5 USD``, ``USD 38.5`` → [amount, currency or None]."""
    parts = raw.replace("$", " USD ").replace("€", " EUR ").split()
    currency = [p.upper() for p in parts if p.isalpha()]
    number = " ".join(p for p in parts if not p.isalpha())
    if len(currency) > 1 or (currency and not re.fullmatch(r"[A-Z]{3}", currency[0])):
        raise InputError("wiz-err-currency")
    return [parse_amount(number), currency[0] if currency else None]


def url(raw: str, _values: Values) -> str:
    return clean_url(raw)


def countries(raw: str, _values: Values) -> list[str]:
    codes, bad = split_countries(raw)
    if not codes or bad or len(codes) > COUNTRIES_MAX:
        raise InputError("wiz-err-countries", bad=", ".join(bad[:5]) or "—")
    return list(dict.fromkeys(codes))


def weight(raw: str, _values: Values) -> int:
    return clean_weight(raw)


def position(raw: str, _values: Values) -> int:
    text = raw.strip()
    if not text.isdecimal() or not 1 <= int(text) <= 10000:
        raise InputError("wiz-err-position")
    return int(text)


def text(raw: str, _values: Values) -> str:
    value = raw.strip()
    if not value:
        raise InputError("res-err-empty")
    if len(value) > 4000:
        raise InputError("res-err-long", max=4000)
    return value


def even_split(n: int) -> list[int]:
    """Whole percents as even as they go, adding up to 100 (3 → 34 33 33)."""
    if n <= 0:
        return []
    base, rest = divmod(100, n)
    return [base + (1 if i < rest else 0) for i in range(n)]


def shares_of(picked_key: str) -> Callable[[str, Values], list[int]]:
    """Shares typed as ``50 30 20`` (one per picked item, in the order shown), adding up to 100."""

    def parse(raw: str, values: Values) -> list[int]:
        picked = values.get(picked_key) or []
        parts = raw.replace(",", " ").replace(";", " ").replace("%", " ").split()
        if not all(p.isdecimal() for p in parts) or len(parts) != len(picked):
            raise InputError("wiz-err-shares-count", n=len(picked))
        shares = [int(p) for p in parts]
        if sum(shares) != 100:
            raise InputError("wiz-err-shares-sum", total=sum(shares))
        return shares

    return parse


def split_proposal(picked_key: str) -> Callable[[Values], str | None]:
    def proposal(values: Values) -> str | None:
        return " ".join(str(s) for s in even_split(len(values.get(picked_key) or []))) or None

    return proposal


def links(values: Values, picked_key: str, shares_key: str, id_key: str) -> list[dict[str, Any]]:
    picked = [int(x) for x in values.get(picked_key) or []]
    shares = values.get(shares_key) or even_split(len(picked))
    return [{id_key: ref, "share": int(s), "state": "active"} for ref, s in zip(picked, shares, strict=False)]
