"""The daily digest: once a day, at the chat's chosen time in the tracker's zone, queue
a :class:`~alerts.payloads.DigestPayload` of yesterday for every subscription with a digest
time. ``digest_log`` keeps it to one per chat, tracker and day (also across restarts); the numbers
are fetched when the message is rendered (``handlers/oncall/render.py``).

The digest covers every campaign of the tracker (its totals, best and worst campaigns, every
alert), so a chat limited by a buyer scope (``alerts.audience``) gets a one-line note instead that
says so and points to /stats, which shows their own campaigns.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from alerts.audience import Audience
from alerts.context import AlertsContext
from alerts.oncall import parse_hhmm, zone
from alerts.outbox import enqueue
from alerts.payloads import DigestPayload, Payload, TextPayload
from alerts.routing import silent_for

__all__ = ["run_digests"]

log = logging.getLogger(__name__)


async def run_digests(ctx: AlertsContext, now: datetime) -> int:
    """Queue the digests whose time has come today; returns how many were queued."""
    queued = 0
    for due in await ctx.oncall.digests_configured():
        try:
            at = parse_hhmm(due.digest_time)
        except ValueError:
            continue
        local = now.astimezone(zone(due.timezone))
        if local.time().replace(tzinfo=None) < at:
            continue
        yesterday = local.date() - timedelta(days=1)  # the digest tells of yesterday
        day = yesterday.isoformat()
        if await ctx.oncall.digest_sent(due.chat_id, due.tracker_id, day):
            continue
        payload: Payload = DigestPayload(tracker_id=due.tracker_id, day=yesterday)
        if await Audience(ctx, due.tracker_id).scope_of(due.chat_id) is not None:
            tracker = await ctx.trackers.find(due.tracker_id)
            name = tracker.name if tracker is not None else ""
            payload = TextPayload(key="scope-digest-left-out", args={"tracker": name})
        await enqueue(
            ctx,
            due.chat_id,
            payload,
            silent=await silent_for(ctx, due.chat_id, due.chat_type != "private", now),
            dedup_key=f"digest:{due.chat_id}:{due.tracker_id}:{day}",
        )
        if await ctx.oncall.mark_digest(due.chat_id, due.tracker_id, day):
            queued += 1
            log.info("digest of %s queued for chat %s (tracker %s)", day, due.chat_id, due.tracker_id)
    return queued
