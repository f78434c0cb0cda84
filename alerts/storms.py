"""Storms become one message (issue 19, part 2): grouping and inhibition of a tracker's alerts.

Grouping
--------
The engine does not tell of a fired alert at once: it collects the fires of one tracker's tick
(:class:`TickBatch`) and :func:`flush` decides, after every rule of the tracker was evaluated:

* a group of the tracker opened within the grouping window (``ALERT_GROUP_WINDOW_SECONDS``, 60) and
  not resolved is still collecting: every fire joins it;
* else two or more fires in the tick open a new group (collecting for the window from now);
* else a single fire is today's single message.

A group's message lists, per chat, only the alerts that chat would have heard of alone (the usual
routing, buyer scopes included): the chats are the union of the alerts' recipients and
``alert_group_chats`` records which chat hears which alert. A chat that hears only one alert of the
group gets that alert's own message (and its own resolve), exactly as without grouping. A chat gets one
``AlertGroupPayload(group, "fire")`` (dedup ``group:{id}:fire:{chat}``); an alert joining a group
already told edits the message (``AlertGroupEditPayload``, one row per chat, behind the chat's
message in the chat's order, so the edit never overtakes it).

Crash safety keeps the engine's order: the alerts join the group (one transaction) → the group's
rows are queued (dedup keys) → the alerts are marked notified. A tick that dies midway leaves the
alerts unconfirmed, they fire again next tick, find their group and queue nothing twice.

Resolutions: a grouped alert that resolves sends no message of its own; the group's messages are
edited (its line marked resolved), and when the last alert of the group resolves, each chat gets
one ``AlertGroupPayload(group, "resolve")`` (dedup ``group:{id}:resolve:{chat}``) and the group's
message loses its buttons.

Alerts whose rule has an action (automations: its message shows what it did, with Keep/Undo) are
never grouped.

Repeats: at most one reminder per group. A grouped alert whose repeat falls due sends no repeat of
its own; the first time one does, the group is re-sent once (``AlertGroupPayload(group,
"repeat")``, dedup ``group:{id}:repeat:{chat}``), listing what is still open; later repeats of its
alerts are counted on the alerts but not sent (the message is there, and critical alerts escalate
through the on-call rotation as before).

What a group's message shows is refreshed when alerts join it, are acked, snoozed or resolve; a
grouped alert's value changing alone does not edit it (that would be an edit per tick). A snooze of
grouped alerts that runs out is their repeat: it is the group's reminder if the group had none.

Inhibition
----------
While a tracker's ``tracker_down`` alert is firing, its metric rules (kinds whose ``source`` is
``report``, ``logs`` or ``entities``: ``RuleKind.metric``) are inhibited: they are evaluated and keep
their state and alerts, like a muted rule, but say nothing; unlike a muted rule their new alerts stay
unconfirmed, so when the tracker is back the ones still firing are told then -- grouped, in one
message, instead of a second storm. The tracker-down alert records how many rules it pauses
(``details["inhibits"]``) and its message says so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from alerts.audience import Subject
from alerts.context import AlertsContext
from alerts.model import severity_rank
from alerts.outbox import NewRow, notice
from alerts.payloads import AlertGroupEditPayload, AlertGroupPayload, AlertPayload, Payload
from alerts.routing import Recipient
from storage.alert_groups import AlertGroupRepo, fire_key
from storage.alerts import Alert
from storage.timefmt import to_iso

__all__ = ["DOWN_KIND", "Fired", "Io", "TickBatch", "flush", "groups_of"]

DOWN_KIND = "tracker_down"


@dataclass(slots=True)
class Fired:
    """A fire the engine held back for the tick's grouping decision."""

    alert: Alert
    subject: Subject
    after_notify: dict[str, Any]  # what the engine writes to the alert once it was told


@dataclass(slots=True)
class TickBatch:
    """What one tracker's tick collects for :func:`flush`."""

    tracker_id: int
    inhibited: bool = False  # the tracker's tracker_down alert is firing: metric rules say nothing
    metric_rules: int = 0  # how many metric rules the tracker has (what tracker_down pauses)
    fires: list[Fired] = field(default_factory=list)
    resolved: dict[int, list[int]] = field(default_factory=dict)  # group -> its alerts resolved now
    repeats: set[int] = field(default_factory=set)  # groups one of whose alerts was due a repeat
    changed: bool = False  # an alert of the tracker was opened or resolved in this tick


def groups_of(ctx: AlertsContext) -> AlertGroupRepo:
    return AlertGroupRepo(ctx.alerts.db)


@dataclass(frozen=True, slots=True)
class Io:
    """How :func:`flush` tells things, given by the engine: a fire alone (today's single message),
    the routing of one alert (recipients, buyer scopes), and queuing rows (one transaction)."""

    single: Callable[[Fired], Awaitable[int]]
    route: Callable[[int, str, Subject, datetime], Awaitable[list[Recipient]]]
    enqueue: Callable[[Sequence[NewRow]], Awaitable[int]]


async def flush(ctx: AlertsContext, batch: TickBatch, now: datetime, *, window: float, io: Io) -> int:
    """Tell of the tick's fires (grouped or alone), grouped resolutions and reminders; how many rows
    were queued (dedup hits included)."""
    repo = groups_of(ctx)
    at = to_iso(now)
    queued = 0
    by_group: dict[int, list[Fired]] = {}
    fresh: list[Fired] = []
    for fired in batch.fires:
        known = await repo.group_of(fired.alert.id)  # a tick redone after a crash: its group again
        if known is not None:
            by_group.setdefault(known, []).append(fired)
        else:
            fresh.append(fired)
    if fresh:
        collecting = await repo.collecting(batch.tracker_id, at)
        if collecting is not None:
            by_group.setdefault(collecting.id, []).extend(fresh)
        elif len(fresh) >= 2:
            until = to_iso(now + timedelta(seconds=max(0.0, window)))
            group = await repo.create(batch.tracker_id, at, until)
            by_group[group.id] = fresh
        else:
            queued += await io.single(fresh[0])
            await _confirm(ctx, fresh)
    for group_id, fires in by_group.items():
        queued += await _join(io, repo, group_id, fires, now)
        await _confirm(ctx, fires)
    for group_id, alert_ids in batch.resolved.items():
        queued += await _resolved(io, repo, group_id, alert_ids, at)
    for group_id in batch.repeats - set(batch.resolved):
        queued += await _remind(io, repo, group_id, at)
    return queued


async def _confirm(ctx: AlertsContext, fires: Iterable[Fired]) -> None:
    for fired in fires:
        if fired.after_notify:
            await ctx.alerts.update_alert(fired.alert.id, **fired.after_notify)


async def _join(io: Io, repo: AlertGroupRepo, group_id: int, fires: list[Fired], now: datetime) -> int:
    """Put ``fires`` in the group and tell each chat: its group message (or, when it hears only one
    alert of the group, that alert's own message), or an edit of the group message it has."""
    before = {chat: len(await repo.alerts_for(group_id, chat)) for chat in await repo.chats(group_id)}
    hears: dict[int, list[int]] = {}
    routes: dict[int, list[tuple[Alert, Recipient]]] = {}
    for fired in fires:
        alert = fired.alert
        routed = await io.route(alert.tracker_id, alert.severity, fired.subject, now)
        hears[alert.id] = [r.chat_id for r in routed]
        for r in routed:
            routes.setdefault(r.chat_id, []).append((alert, r))
    await repo.join(group_id, hears)
    newest = max(f.alert.id for f in fires)
    rows: list[NewRow] = []
    for chat_id, told in sorted(routes.items()):
        had = before.get(chat_id, 0)
        if had + len(told) == 1:  # this chat hears one alert of the group: its own message, as today
            alert, r = told[0]
            single = AlertPayload(alert_id=alert.id, event="fire", unrouted=r.unrouted)
            rows.append(
                notice(chat_id, single, silent=r.silent, dedup_key=f"alert:{alert.id}:fire:{chat_id}")
            )
            continue
        loud = any(not r.silent for _, r in told)
        unrouted = all(r.unrouted for _, r in told)
        payload = AlertGroupPayload(group_id=group_id, event="fire", unrouted=unrouted)
        rows.append(notice(chat_id, payload, silent=not loud, dedup_key=fire_key(group_id, chat_id)))
        if had >= 2:  # its group message exists (or is queued before this row): edit it
            edit = AlertGroupEditPayload(group_id=group_id)
            rows.append(notice(chat_id, edit, dedup_key=f"group:{group_id}:join:{newest}:{chat_id}"))
    await io.enqueue(rows)
    return len(rows)


async def _resolved(io: Io, repo: AlertGroupRepo, group_id: int, alert_ids: list[int], at: str) -> int:
    """Alerts of the group resolved: a chat all of whose alerts of the group are over hears it once
    (one message); a chat with some still open sees its group message edited."""
    alerts = await repo.alerts(group_id)
    if alerts and all(a.resolved_at is not None for a in alerts):
        await repo.resolve(group_id, at)
    rows: list[NewRow] = []
    newest = max(alert_ids)
    for chat_id in await repo.chats(group_id):
        listed = await repo.alerts_for(group_id, chat_id)
        if not {a.id for a in listed} & set(alert_ids):
            continue
        if len(listed) == 1:  # it had the alert's own message: its own resolve (the engine edits it)
            over: Payload = AlertPayload(alert_id=listed[0].id, event="resolve")
            rows.append(
                notice(chat_id, over, silent=True, dedup_key=f"alert:{listed[0].id}:resolve:{chat_id}")
            )
            continue
        edit = AlertGroupEditPayload(group_id=group_id)
        if all(a.resolved_at is not None for a in listed):
            over = AlertGroupPayload(group_id=group_id, event="resolve")
            rows.append(notice(chat_id, over, silent=True, dedup_key=f"group:{group_id}:resolve:{chat_id}"))
            rows.append(notice(chat_id, edit, dedup_key=f"group:{group_id}:closed:{chat_id}"))  # no buttons
        else:
            rows.append(notice(chat_id, edit, dedup_key=f"group:{group_id}:resolved:{newest}:{chat_id}"))
    await io.enqueue(rows)
    return len(rows)


async def _remind(io: Io, repo: AlertGroupRepo, group_id: int, at: str) -> int:
    """The group's one reminder (nothing when it had it; a chat whose alerts are acked or over hears
    nothing)."""
    group = await repo.get(group_id)
    if group is None or group.resolved_at is not None or group.reminded_at is not None:
        return 0
    rows: list[NewRow] = []
    for chat_id in await repo.chats(group_id):
        listed = await repo.alerts_for(group_id, chat_id)
        open_ = [a for a in listed if a.resolved_at is None]
        if not any(a.acked_by is None for a in open_):
            continue
        critical = any(severity_rank(a.severity) >= 2 for a in open_)
        payload: Payload = AlertGroupPayload(group_id=group_id, event="repeat")
        if len(listed) == 1:
            payload = AlertPayload(alert_id=listed[0].id, event="repeat")
        rows.append(
            notice(chat_id, payload, silent=not critical, dedup_key=f"group:{group_id}:repeat:{chat_id}")
        )
    await io.enqueue(rows)
    await repo.remind(group_id, at)
    return len(rows)
