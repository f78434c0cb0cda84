"""Maintenance windows in the engine (issue 19, part 3).

* :func:`running` and :func:`cover_of` — the tracker's running windows (read once per tracker per
  tick) and which scopes of a rule they silence (:func:`covered`: both for one rule). The engine
  treats those scopes like a muted rule: evaluated, state and alert rows kept, nothing queued.
* :func:`held` — an open alert a running window covers: its escalation waits
  (``alerts.escalation`` checks the same with the alert and rule it has read).
* :func:`run_maintenance` — called every tick (after the rules): announces a window's start in the
  tracker's subscribed chats (the owner's private chat when none is), and its end with what happened
  during it: the alerts of the covered rules that opened in it (suppressed) and those of them still
  open at the end (still firing). Dedup keys ``maint:{id}:{occurrence}:start:{chat}`` and
  ``…:end:{chat}``, so a repeated tick queues nothing twice.

Order per occurrence (crash-safe like the engine's): its row → the start notices → the start
marked; at the end: the count → the end notices → the end marked. An occurrence that came and went
while the engine was not ticking is not announced at all.

Occurrences (:func:`occurrence_at`): a once window is one occurrence (key ``once``) that ends at its
end or when it is cancelled; a daily one starts at ``HH:MM`` local time of each day (key: that local
date) and lasts ``length_minutes`` of real time, from the day it was made (an occurrence running
when it was made counts) until it is cancelled. Local times come from zoneinfo, so a start on a day
the clocks change still starts at that wall-clock time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from alerts.audience import Audience, Subject
from alerts.context import AlertsContext
from alerts.leader import LeaseLost
from alerts.oncall import parse_hhmm, zone
from alerts.outbox import enqueue_many, notice
from alerts.payloads import TextPayload
from storage.alerts import AlertRule
from storage.maintenance import MaintenanceRepo, Occurrence, Window
from storage.timefmt import from_iso, to_iso

__all__ = [
    "Span",
    "Window",
    "cover_of",
    "covered",
    "covers",
    "daily_span",
    "held",
    "next_span",
    "occurrence_at",
    "repo_of",
    "run_maintenance",
    "running",
    "summary",
]

log = logging.getLogger(__name__)

Cover = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class Span:
    key: str
    starts: datetime  # UTC
    ends: datetime


def repo_of(ctx: AlertsContext) -> MaintenanceRepo:
    """The windows over the engine's database (its fenced view when several processes run)."""
    return MaintenanceRepo(ctx.alerts.db)


# ------------------------------------------------------------------ occurrences (pure)


def daily_span(day: date, start: time, length: timedelta, tz_name: str) -> Span:
    """The occurrence of a daily window that starts on local ``day``."""
    local = datetime.combine(day, start, tzinfo=zone(tz_name))
    starts = local.astimezone(UTC)
    return Span(day.isoformat(), starts, starts + length)


def _daily_parts(window: Window) -> tuple[time, timedelta]:
    assert window.daily_start is not None
    return parse_hhmm(window.daily_start), timedelta(minutes=int(window.length_minutes or 0))


def occurrence_at(window: Window, now: datetime) -> Span | None:
    """The occurrence of ``window`` running at ``now`` (None: none is)."""
    if window.cancelled_at is not None and from_iso(window.cancelled_at) <= now:
        return None
    if not window.daily:
        assert window.starts_at is not None and window.ends_at is not None
        starts, ends = from_iso(window.starts_at), from_iso(window.ends_at)
        return Span("once", starts, ends) if starts <= now < ends else None
    start, length = _daily_parts(window)
    made = from_iso(window.created_at)
    today = now.astimezone(zone(window.timezone)).date()
    for day in (today - timedelta(days=1), today):
        span = daily_span(day, start, length, window.timezone)
        if span.starts <= now < span.ends and span.ends > made:
            return span
    return None


def next_span(window: Window, now: datetime) -> Span | None:
    """The running occurrence, else the next one (None: the window is over)."""
    running = occurrence_at(window, now)
    if running is not None or window.cancelled_at is not None:
        return running
    if not window.daily:
        assert window.starts_at is not None and window.ends_at is not None
        starts, ends = from_iso(window.starts_at), from_iso(window.ends_at)
        return Span("once", starts, ends) if now < starts else None
    start, length = _daily_parts(window)
    today = now.astimezone(zone(window.timezone)).date()
    for offset in range(3):
        span = daily_span(today + timedelta(days=offset), start, length, window.timezone)
        if span.starts > now:
            return span
    return None  # pragma: no cover -- a day always has a next start


def covers(window: Window, rule: AlertRule, scope: str) -> bool:
    """Does ``window`` cover the rule's identity ``scope`` (when it runs)?"""
    if window.tracker_id != rule.tracker_id:
        return False
    if window.target == "tracker":
        return True
    if window.target == "rule":
        return window.rule_id == rule.id
    if window.target == "campaign" and window.campaign_id is not None:
        return rule.campaign_id == window.campaign_id or scope == f"campaign:{window.campaign_id}"
    return False


# ------------------------------------------------------------------ the engine's hooks


async def running(ctx: AlertsContext, tracker_id: int, now: datetime) -> list[Window]:
    """The tracker's windows running at ``now`` (read once per tracker per tick by the engine)."""
    try:
        windows = await repo_of(ctx).current(tracker_id, to_iso(now))
    except LeaseLost:
        raise
    except Exception:  # a broken window never stops an alert
        log.exception("alerts: maintenance windows of tracker %s unreadable", tracker_id)
        return []
    return [w for w in windows if occurrence_at(w, now) is not None]


def cover_of(windows: Sequence[Window], rule: AlertRule) -> Cover:
    """Which scopes of ``rule`` the running ``windows`` silence: ``cover(scope)`` → bool."""
    return lambda scope: any(covers(w, rule, scope) for w in windows)


async def covered(ctx: AlertsContext, rule: AlertRule, now: datetime) -> Cover:
    """Which scopes of ``rule`` a running window silences now: ``cover(scope)`` → bool."""
    return cover_of(await running(ctx, rule.tracker_id, now), rule)


async def held(ctx: AlertsContext, alert_id: int, now: datetime) -> bool:
    """Is the open alert covered by a running window (its escalation waits, as its messages do)?"""
    alert = await ctx.alerts.get_alert(alert_id)
    rule = await ctx.alerts.get_rule(alert.rule_id) if alert is not None else None
    if alert is None or rule is None:
        return False
    return (await covered(ctx, rule, now))(alert.scope)


async def run_maintenance(ctx: AlertsContext, now: datetime) -> None:
    """Announce the starts and ends due at ``now`` (never raises but for a lost lease)."""
    try:
        await _ends(ctx, now)
        await _starts(ctx, now)
    except LeaseLost:
        raise
    except Exception:
        log.exception("alerts: maintenance announcements failed")


def _subject(window: Window) -> Subject:
    if window.target == "tracker":
        return Subject(public=True)
    return Subject(campaign_id=window.campaign_id)


async def _chats(ctx: AlertsContext, window: Window) -> list[int]:
    """The tracker's subscribed chats that may read about the window; the owner's private chat when
    no chat is subscribed (as :func:`alerts.routing.recipients` does for an alert)."""
    audience = Audience(ctx, window.tracker_id)
    subject = _subject(window)
    chats = []
    for sub in await ctx.subscriptions.for_tracker(window.tracker_id):
        if sub.chat_id not in chats and await audience.may_see(sub.chat_id, subject):
            chats.append(sub.chat_id)
    if not chats:
        tracker = await ctx.trackers.find(window.tracker_id)
        if tracker is not None:
            chats.append(tracker.owner_id)
    return chats


def _local(moment: datetime, tz_name: str, *, with_date: bool) -> str:
    local = moment.astimezone(zone(tz_name))
    return local.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


async def _base_args(ctx: AlertsContext, window: Window) -> dict[str, str | int | float]:
    tracker = await ctx.trackers.find(window.tracker_id)
    return {
        "tracker": tracker.name if tracker is not None else str(window.tracker_id),
        "target": window.target,
        "what": window.label,  # the locale core escapes every value
        "tz": window.timezone,
        "daily": "yes" if window.daily else "no",
    }


async def _starts(ctx: AlertsContext, now: datetime) -> None:
    repo = repo_of(ctx)
    for window in await repo.all_current(to_iso(now)):
        span = occurrence_at(window, now)
        if span is None:
            continue
        occ = await repo.begin(window.id, span.key, to_iso(span.starts), to_iso(span.ends))
        if occ.start_announced_at is not None:
            continue
        args = await _base_args(ctx, window)
        args["until"] = _local(span.ends, window.timezone, with_date=span.ends - now > timedelta(hours=20))
        text = TextPayload(key="maint-started", args=args)
        await enqueue_many(ctx, [
            notice(chat, text, silent=True, dedup_key=f"maint:{window.id}:{span.key}:start:{chat}")
            for chat in await _chats(ctx, window)
        ])  # fmt: skip
        await repo.mark_started(window.id, span.key, to_iso(now))
        log.info("maintenance window %s (%s) started", window.id, span.key)


def _end_of(occ: Occurrence, window: Window) -> datetime:
    ends = from_iso(occ.ends_at)
    if window.cancelled_at is not None:
        ends = min(ends, from_iso(window.cancelled_at))
    return ends


async def summary(ctx: AlertsContext, window: Window, since: datetime, until: datetime) -> tuple[int, int]:
    """(suppressed, still firing): the alerts of the covered rules that opened in ``[since, until)``,
    and those of the covered rules open now."""
    rules = {r.id: r for r in await ctx.alerts.list_for_tracker(window.tracker_id)}

    def inside(rule_id: int, scope: str) -> bool:
        rule = rules.get(rule_id)
        return rule is not None and covers(window, rule, scope)

    opened = await repo_of(ctx).alerts_opened(window.tracker_id, to_iso(since), to_iso(until))
    suppressed = sum(1 for a in opened if inside(a.rule_id, a.scope))
    still = sum(1 for a in await ctx.alerts.list_open([window.tracker_id]) if inside(a.rule_id, a.scope))
    return suppressed, still


async def _ends(ctx: AlertsContext, now: datetime) -> None:
    repo = repo_of(ctx)
    for occ in await repo.running():
        window = await repo.get_window(occ.window_id)
        if window is None:
            continue
        ends = _end_of(occ, window)
        if now < ends:
            continue
        suppressed, still = await summary(ctx, window, from_iso(occ.starts_at), ends)
        args = await _base_args(ctx, window)
        args |= {
            "suppressed": suppressed,
            "firing": still,
            "cancelled": "yes" if ends < from_iso(occ.ends_at) else "no",
        }
        text = TextPayload(key="maint-ended", args=args)
        await enqueue_many(ctx, [
            notice(chat, text, silent=True, dedup_key=f"maint:{window.id}:{occ.key}:end:{chat}")
            for chat in await _chats(ctx, window)
        ])  # fmt: skip
        await repo.finish(window.id, occ.key, to_iso(now), suppressed=suppressed, still_firing=still)
        log.info(
            "maintenance window %s (%s) ended: %s suppressed, %s firing",
            window.id,
            occ.key,
            suppressed,
            still,
        )
