"""Who gets an alert of a tracker, and whether it arrives with a sound.

* Every active subscription of the tracker whose minimum severity is at or below the alert's.
* Warnings and info arrive silently; critical alerts with a sound.
* Quiet hours of a person silence what goes to their private chat — except critical alerts, which
  break through (warnings and info are silent anyway; quiet hours matter for conversion pushes and
  digests, see :func:`silent_for`).
* A critical alert of a tracker with an on-call rotation goes first to the person on duty only (in
  private); the team chat and the backup hear of it through escalation (``alerts.escalation``)
  if nobody acknowledges it in time.
* A member with a buyer scope hears only of their campaigns (``alerts.audience``): a critical alert
  the person on duty may not read goes the usual way to the subscribed chats instead.
* An alert never goes nowhere: when no chat is subscribed to the tracker and nobody on duty takes
  it, it goes to the tracker owner's private chat (``unrouted``: the message says how to route
  them). A chat subscribed with a higher minimum severity is a choice someone made, and is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from alerts.audience import Audience, Subject
from alerts.context import AlertsContext
from alerts.model import Severity, severity_rank
from alerts.oncall import in_quiet_hours, on_duty
from storage.oncall import QuietHours, Rotation
from storage.subscriptions import Subscription

__all__ = [
    "Recipient",
    "Route",
    "is_quiet",
    "on_duty_now",
    "recipients",
    "route_of",
    "scoped",
    "silent_for",
]


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    silent: bool
    unrouted: bool = False  # nobody is set to hear the tracker: the owner's private chat by default


@dataclass(frozen=True, slots=True)
class Route:
    """Where a tracker's alerts go now: its subscribed chats and its rotation; with neither, to the
    owner's private chat by default (``unrouted``)."""

    owner_id: int
    chats: tuple[Subscription, ...]
    rotation: Rotation | None

    @property
    def unrouted(self) -> bool:
        return not self.chats and (self.rotation is None or not self.rotation.people)


async def route_of(ctx: AlertsContext, tracker_id: int, owner_id: int) -> Route:
    chats = tuple(await ctx.subscriptions.for_tracker(tracker_id))
    return Route(owner_id, chats, await ctx.oncall.get(tracker_id))


def is_quiet(quiet: QuietHours | None, now: datetime) -> bool:
    if quiet is None:
        return False
    try:
        return in_quiet_hours(now, starts=quiet.starts, ends=quiet.ends, tz=quiet.timezone)
    except ValueError:  # a malformed stored span never blocks an alert
        return False


async def on_duty_now(ctx: AlertsContext, tracker_id: int, now: datetime) -> int | None:
    """The Telegram id of the person on duty for the tracker (None without a rotation)."""
    rotation = await ctx.oncall.get(tracker_id)
    if rotation is None:
        return None
    shift = on_duty(rotation, now)
    return None if shift is None else shift.person


async def recipients(
    ctx: AlertsContext, tracker_id: int, severity: str, *, now: datetime, subject: Subject | None = None
) -> list[Recipient]:
    """Who hears an alert of ``severity`` about ``subject`` (None: no scope is asked)."""
    audience = Audience(ctx, tracker_id)

    async def allowed(chat_id: int) -> bool:
        return subject is None or await audience.may_see(chat_id, subject)

    critical = severity == Severity.CRITICAL
    if critical:
        person = await on_duty_now(ctx, tracker_id, now)
        if person is not None and await allowed(person):
            return [Recipient(chat_id=person, silent=False)]
    rank = severity_rank(severity)
    out: list[Recipient] = []
    seen: set[int] = set()
    subscriptions = await ctx.subscriptions.for_tracker(tracker_id)
    if not subscriptions:
        tracker = await ctx.trackers.find(tracker_id)
        if tracker is None:
            return []
        return [Recipient(chat_id=tracker.owner_id, silent=not critical, unrouted=True)]
    hidden = False  # a chat left out only because its scope does not cover the subject
    for sub in subscriptions:
        if severity_rank(sub.min_severity) > rank or sub.chat_id in seen:
            continue
        if not await allowed(sub.chat_id):
            hidden = True
            continue
        seen.add(sub.chat_id)
        # warnings and info are always silent, so quiet hours change nothing for alerts: a critical
        # one breaks through them, and the rest never rings anyway (quiet hours do silence
        # conversion pushes and digests, see ``silent_for``)
        out.append(Recipient(chat_id=sub.chat_id, silent=not critical))
    if not out and hidden:  # every chat that wanted it may not read it: the owner hears it
        tracker = await ctx.trackers.find(tracker_id)
        if tracker is not None:
            return [Recipient(chat_id=tracker.owner_id, silent=not critical, unrouted=True)]
    return out


async def scoped(
    ctx: AlertsContext,
    tracker_id: int,
    severity: str,
    routed: list[Recipient],
    subject: Subject,
    *,
    now: datetime,
) -> list[Recipient]:
    """``routed`` without the chats whose buyer scope does not cover ``subject``; when that leaves
    nobody, the routing again with the scope asked (the subscribed chats past a scoped person on
    duty; the owner when no subscribed chat may read it)."""
    audience = Audience(ctx, tracker_id)
    kept = [r for r in routed if await audience.may_see(r.chat_id, subject)]
    if kept or not routed:
        return kept
    return await recipients(ctx, tracker_id, severity, now=now, subject=subject)


async def silent_for(ctx: AlertsContext, chat_id: int, is_group: bool, now: datetime) -> bool:
    """Whether a non-alert notification (conversions, digest) to this chat should be silent: a
    private chat whose person is in their quiet hours."""
    if is_group:
        return False
    return is_quiet(await ctx.quiet.get(chat_id), now)
