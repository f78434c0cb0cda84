"""The tracker's own lists a step picks from (domains, traffic sources, groups, networks, offers,
landings), read once per wizard through the person's client (a scoped buyer sees their campaign
groups only) and kept as ``[id, name]`` pairs in ``dialog_data["lists"]``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram_dialog import DialogManager

from keitaro import KeitaroClient

LIST_MAX = 100

Loader = Callable[[KeitaroClient], Awaitable[list[Any]]]

LOADERS: dict[str, Loader] = {
    "domains": lambda c: c.domains.list(),
    "traffic_sources": lambda c: c.traffic_sources.list(),
    "campaign_groups": lambda c: c.groups.list(type="campaigns"),
    "offer_groups": lambda c: c.groups.list(type="offers"),
    "affiliate_networks": lambda c: c.affiliate_networks.list(),
    "offers": lambda c: c.offers.list(),
    "landing_pages": lambda c: c.landing_pages.list(),
}


async def load(manager: DialogManager, client: KeitaroClient, source: str) -> list[list[Any]]:
    """``[[id, name], ...]`` of ``source`` (read from the tracker the first time; KeitaroError)."""
    cache: dict[str, list[list[Any]]] = manager.dialog_data.setdefault("lists", {})
    if source not in cache:
        items = await LOADERS[source](client)
        cache[source] = [
            [int(x.id), str(getattr(x, "name", "") or f"#{x.id}")]
            for x in items
            if _state(x) not in ("deleted", "archived")
        ][:LIST_MAX]
    return cache[source]


def _state(item: Any) -> str:
    state = getattr(item, "state", None)
    return str(getattr(state, "value", state) or "active").lower()


def cached(manager: DialogManager, source: str) -> list[list[Any]]:
    lists: dict[str, list[list[Any]]] = manager.dialog_data.get("lists") or {}
    return lists.get(source) or []
