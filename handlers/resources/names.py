"""Names, not ids, and words, not raw values, on cards and confirmations.

A card line whose value is a reference (``traffic_source_id: 3``) shows the referenced object's
name (``Facebook``): :class:`Names` fetches each kind's list at most once per render and keeps it
for that render only. A Keitaro enum value (``position``, ``active``) is shown in words through
the locale (``res-v-<label>-<value>``, ``res-state-<value>``); an unknown value is shown as it is.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram_i18n import I18nContext

from handlers.numbers import money
from handlers.resources.spec import Money
from keitaro import KeitaroClient
from keitaro import errors as kerr

log = logging.getLogger(__name__)

__all__ = ["REFERENCES", "Names", "shown"]

Lister = Callable[[KeitaroClient], Awaitable[Sequence[Any]]]

REFERENCES: dict[str, Lister] = {
    "campaigns": lambda c: c.campaigns.list(),
    "offers": lambda c: c.offers.list(),
    "landing_pages": lambda c: c.landing_pages.list(),
    "affiliate_networks": lambda c: c.affiliate_networks.list(),
    "traffic_sources": lambda c: c.traffic_sources.list(),
    "campaign_groups": lambda c: c.groups.list(type="campaigns"),
}
"""What a reference can point to: the kind → how to list the tracker's objects of that kind."""


def _plain(value: Any) -> str:
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, list) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return ", ".join(f"#{ident} {suffix}" for ident, suffix in value)  # flow shares: #3 70%
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(getattr(value, "value", value))


def shown(value: Any) -> str:
    """A value as plain text, without names or words (the audit log keeps these)."""
    return _plain(value)


class Names:
    """Names of the objects one render refers to; each kind is listed at most once."""

    def __init__(self, client: KeitaroClient, i18n: I18nContext) -> None:
        self._client = client
        self._i18n = i18n
        self._known: dict[str, dict[str, str]] = {}

    @property
    def lang(self) -> str:
        return str(self._i18n.locale)

    def statuses(self, values: Sequence[Any]) -> str:
        """Conversion statuses in words: «продажа (sale), лид (lead)»; none → «все»."""
        known = ("lead", "sale", "rejected", "rebill")
        texts = [self._i18n.get("tr-status-" + str(v)) if str(v) in known else str(v) for v in values]
        return ", ".join(texts) or self._i18n.get("res-statuses-all")

    async def name(self, ref: str, ident: Any) -> str:
        """The name of object ``ident`` of kind ``ref`` (``#3`` when the tracker has none)."""
        if ident in (None, "", 0):
            return "—"
        if ref not in self._known:
            try:
                items = await REFERENCES[ref](self._client)
                self._known[ref] = {str(x.id): str(getattr(x, "name", "") or "") for x in items}
            except kerr.KeitaroError:
                log.info("names of %s unavailable", ref, exc_info=True)
                self._known[ref] = {}
        return self._known[ref].get(str(ident)) or f"#{ident}"

    def word(self, label: str, value: Any, words: Sequence[str]) -> str:
        """``position`` → «по позиции» when ``value`` is one of ``words``; else the value itself."""
        raw = str(getattr(value, "value", value))
        if label == "state" and raw in ("active", "disabled", "archived"):
            return self._i18n.get("res-v-state-" + raw)
        return self._i18n.get(f"res-v-{label}-{raw}") if raw in words else raw

    async def show(self, label: str, value: Any, *, ref: str | None = None, words: Sequence[str] = ()) -> str:
        """The value of a card line or of one side of a change, as the person reads it (not escaped)."""
        if value is None or value in ("", []):
            return "—"
        if isinstance(value, Money):
            amount = money(value.amount, value.currency, self.lang)
            return f"{value.note} {amount}".strip()
        if ref is not None:
            if isinstance(value, list | tuple):
                parts = [f"{await self.name(ref, ident)} {suffix}".strip() for ident, suffix in value]
                return ", ".join(parts) or "—"
            return await self.name(ref, value)
        if words or label == "state":
            if isinstance(value, list | tuple):
                return ", ".join(self.word(label, v, words) for v in value)
            return self.word(label, value, words)
        return _plain(value)
