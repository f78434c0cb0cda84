"""What the generic resource browser needs to know about one Keitaro resource.

A resource is a :class:`ResourceSpec`: how to fetch a list (per filter, optionally under a
parent such as a campaign), how to fetch one item, how to label it, which fields its card shows
and which other resources it links to. :mod:`handlers.resources.declarations` has one short
declaration per resource; :mod:`handlers.resources.browser` serves them all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from keitaro import KeitaroClient

Fetch = Callable[[KeitaroClient, dict[str, Any], str], Awaitable[list[Any]]]
Get = Callable[[KeitaroClient, int, dict[str, Any]], Awaitable[Any]]  # (client, id, parent)

STATE_FILTERS = ("active", "disabled", "archived", "all")


def state_of(item: Any) -> str:
    """active | disabled | archived, from Keitaro's ``state`` (``deleted`` means archived)."""
    state = str(getattr(item, "state", "") or "active").lower()
    if state == "deleted":
        return "archived"
    return "disabled" if state == "disabled" else "active"


# (client, item, tracker time zone, now, the render's handlers.resources.names.Names) → [(locale key, args)]
CardExtra = Callable[[KeitaroClient, Any, str, datetime, Any], Awaitable[list[tuple[str, dict[str, Any]]]]]


@dataclass(frozen=True)
class Money:
    """An amount a card shows the user's way (``1 529,50 USD``), after an optional ``note`` (``CPC``)."""

    amount: Any
    currency: Any = None
    note: str = ""


@dataclass(frozen=True)
class Field:
    """A line of the card: ``label`` is a locale key suffix (``res-f-<label>``); ``value`` gets
    the shown value from the item (``None`` or ``""`` hides the line).

    ``ref``: the value is the id of an object of that kind (a key of
    :data:`handlers.resources.names.REFERENCES`) — or a list of ``(id, suffix)`` pairs — and the
    card shows its name. ``words``: the value is one of these Keitaro values and the card shows
    it in words (``res-v-<label>-<value>``; any other value is shown as it is)."""

    label: str
    value: Callable[[Any], Any]
    ref: str | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A button on the card that opens another resource's list under this item."""

    label: str  # locale key suffix: res-link-<label>
    resource: str
    parent: Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class ResourceSpec:
    key: str  # "campaigns"; the locale title is res-<key>
    fetch: Fetch  # (client, parent, filter) → items
    get: Get | None  # None: the items have no card of their own
    # the /command that opens the list (described by cmd-<command> in the locales); a resource
    # that ``needs_parent`` takes the parent's id after it (/streams 12; usage: res-<key>-usage)
    command: str | None = None
    aliases: tuple[str, ...] = ()  # more names of the /command (/streams for /flows)
    label: Callable[[Any], str] = lambda item: str(getattr(item, "name", "") or f"#{item.id}")
    fields: tuple[Field, ...] = ()
    links: tuple[Link, ...] = ()
    filters: tuple[str, ...] = STATE_FILTERS
    default_filter: str = "active"
    needs_parent: tuple[str, ...] = ()  # e.g. ("campaign_id",) for flows: its /command takes the id
    filter_of: Callable[[Any], str] = state_of  # which filter an item belongs to
    actions: tuple[Any, ...] = ()  # handlers.resources.actions.Action
    traffic_field: str | None = None  # report dimension for the "had traffic" warning
    # more card lines fetched live: (client, item, tracker time zone, now by the app's clock,
    # the render's Names: language, words and names) → [(locale key, args)]
    card_extra: CardExtra | None = None
    # creating: (client, parent, value) → new item; ``create_parse`` turns the typed text into the
    # value (default: a JSON object of the fields); None = the resource is not created from the bot
    create: Callable[[KeitaroClient, dict[str, Any], Any], Awaitable[Any]] | None = None
    create_parse: Callable[[str], Any] | None = None
    create_ask: str = "res-create-ask"
    extra: dict[str, Any] = field(default_factory=dict)

    def action(self, key: str) -> Any:
        return next((a for a in self.actions if a.key == key), None)

    def matches(self, item: Any, flt: str) -> bool:
        return flt == "all" or self.filter_of(item) == flt
