"""Conversion pushes: Keitaro calls the tracker's secret webhook URL (a campaign S2S postback) and
every chat subscribed to that tracker with conversion pushes on gets a short message.

A burst is one message: the first conversion queues an outbox row per chat that waits
``conversion_batch_seconds`` (its ``not_before``); conversions arriving meanwhile are added to that
row's items. The row is in the database before Keitaro gets its answer, so a restart loses nothing.
A chat limited by a buyer scope gets only the conversions of its campaigns (``alerts.audience``).
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from alerts.audience import Audience
from alerts.context import AlertsContext
from alerts.outbox import notice, wakeup
from alerts.payloads import ConversionsPayload
from alerts.routing import silent_for

__all__ = ["FIELDS", "MACROS", "accept", "item_from", "postback_query"]

MAX_ITEMS = 50  # per message; a longer burst continues in the next message
MAX_VALUE = 80

# item field → (query parameter names accepted, in order; the Keitaro macro we put in the URL)
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "status": (("status",), "{status}"),
    "revenue": (("revenue", "payout", "profit"), "{revenue}"),
    "currency": (("currency",), "{currency}"),
    "campaign": (("campaign", "campaign_name"), "{campaign_name}"),
    "campaign_id": (("campaign_id",), "{campaign_id}"),
    "offer": (("offer", "offer_name"), "{offer_name}"),
    "offer_id": (("offer_id",), "{offer_id}"),
    "country": (("country", "country_code"), "{country}"),
    "subid": (("subid", "sub_id"), "{subid}"),
    "tid": (("tid",), "{tid}"),
}
MACROS = {field: macro for field, (_names, macro) in FIELDS.items()}
_MACRO_LEFT = re.compile(r"^\{[A-Za-z0-9_:,.\- ]*\}$")  # a macro Keitaro did not substitute


def postback_query() -> str:
    """The query string of the URL to paste into Keitaro (``status={status}&…``)."""
    return "&".join(f"{names[0]}={macro}" for names, macro in FIELDS.values())


def item_from(params: Mapping[str, str], now: datetime) -> dict[str, Any] | None:
    """One conversion from the request parameters (None when it carries none of our fields)."""
    item: dict[str, Any] = {}
    for field, (names, _macro) in FIELDS.items():
        for name in names:
            raw = params.get(name)
            if raw is None:
                continue
            value = " ".join(str(raw).split())[:MAX_VALUE]
            if value and not _MACRO_LEFT.match(value):
                item[field] = value
                break
    if not item:
        return None
    item["at"] = now.isoformat(timespec="seconds")
    return item


_locks: dict[tuple[int, int], asyncio.Lock] = {}


def _lock(ctx: AlertsContext, tracker_id: int) -> asyncio.Lock:
    key = (id(ctx.outbox), tracker_id)
    lock = _locks.get(key)
    if lock is None:
        lock = _locks[key] = asyncio.Lock()
    return lock


async def accept(ctx: AlertsContext, tracker_id: int, params: Mapping[str, str]) -> int:
    """Queue one conversion for every chat of the tracker with conversion pushes on.

    Returns how many chats it was queued for (0 when nobody listens or the request had no data).
    """
    now = ctx.now()
    item = item_from(params, now)
    if item is None:
        return 0
    window = max(0.0, float(ctx.settings.conversion_batch_seconds))
    margin = timedelta(seconds=min(0.25, window / 4))
    chats = [s for s in await ctx.subscriptions.for_tracker(tracker_id) if s.conversions]
    audience = Audience(ctx, tracker_id)  # a buyer scope hears of its own campaigns only
    queued = 0
    async with _lock(ctx, tracker_id):
        for sub in chats:
            items = await audience.items_for(sub.chat_id, [item])
            if not items:
                continue
            prefix = f"conv:{tracker_id}:{sub.chat_id}:"
            if window > 0 and await ctx.webhooks.merge_into_batch(
                sub.chat_id, prefix, items, open_after=now + margin, max_items=MAX_ITEMS
            ):
                queued += 1
                continue
            row = notice(
                sub.chat_id,
                ConversionsPayload(tracker_id=tracker_id, items=items),
                silent=await silent_for(ctx, sub.chat_id, sub.is_group, now),
                dedup_key=prefix + uuid.uuid4().hex,
                not_before=now + timedelta(seconds=window),
            )
            if await ctx.outbox.enqueue_many([row]):
                queued += 1
    if queued:
        wakeup(ctx).set()
    return queued
