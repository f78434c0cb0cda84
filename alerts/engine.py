"""The alert engine: every tick, per tracker with enabled rules one snapshot, every rule evaluated,
the state machine run per identity, alerts and states persisted, notifications queued.

Order per identity (what makes a crash-and-retry safe): open/update/resolve the alert row → queue
its notifications (each with a dedup key, so a repeated tick queues nothing twice) → mark it
notified → save the state row (the tracker's states: one transaction after its last rule,
:mod:`alerts.tick_states`); a new fire waits for the tracker's other rules (a storm is one message,
:mod:`alerts.storms`), its state saved first: unmarked, it is told at the next tick.

Trackers run concurrently (bounded) with a time limit each; one failing tracker never stops the
others. A tracker whose stored API key does not decrypt (``SECRET_KEY`` changed) is skipped: its
owner is told once per stored copy (a dedup key), the log says it once per process.

A muted rule (``muted_until`` in the future) is evaluated and keeps its state and alerts,
but queues nothing. Fires of one tracker's tick are told together, grouped when several fire
(:mod:`alerts.storms`: grouping, grouped resolutions, one reminder per group, the metric rules of a
tracker that is down inhibited). Open alerts of rules that were switched off are closed quietly
(their messages lose their buttons).

Several processes on one database (PostgreSQL): every one runs the loop, only the holder of the
lease ``alert-engine`` ticks, and the engine's writes are fenced by it (:mod:`alerts.leader`): a
process that lost the lease cannot commit a transition, so a hand-over is a crash of the old holder
at some point of the order above, which the next tick (the new holder's) redoes.

Dedup keys: ``alert:{id}:fire:{chat}``, ``alert:{id}:repeat:{n}:{chat}``,
``alert:{id}:resolve:{chat}``, ``alert:{id}:closed:{chat}`` (the edit after a resolve).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime

from alerts import rules as R
from alerts.audience import Subject, subject_of
from alerts.automation import Automator
from alerts.charts import chart_rows
from alerts.chores import TickReport, close_orphans, key_unreadable
from alerts.context import AlertsContext
from alerts.details import alert_details as _details
from alerts.details import was_firing as _was_firing
from alerts.details import with_chart
from alerts.escalation import run_escalations
from alerts.leader import Leader, LeaseLost
from alerts.machine import Decision, EventType, RuleMeta, step
from alerts.maintenance import Window, cover_of, run_maintenance, running
from alerts.model import State
from alerts.outbox import NewRow, enqueue_many, notice
from alerts.payloads import AlertEditPayload, AlertPayload
from alerts.routing import Recipient, recipients, scoped
from alerts.rules import KINDS, Observation, evaluate_rule, failure_for, fixed_scopes
from alerts.snapshot import Snapshot
from alerts.storms import DOWN_KIND, Fired, Io, TickBatch, flush, groups_of
from alerts.tick_input import creator_scope, snapshot, snapshots
from alerts.tick_states import StateBook
from storage.alerts import Alert, AlertRule, AlertStateRow, from_iso, to_iso
from storage.trackers import TrackerSecretUnreadable

__all__ = ["AlertEngine", "TickReport"]

log = logging.getLogger(__name__)


class AlertEngine:
    def __init__(
        self,
        ctx: AlertsContext,
        *,
        concurrency: int = 8,
        tracker_timeout: float | None = None,
        leader: Leader | None = None,
        on_tick: Callable[[datetime], Awaitable[None]] | None = None,
    ) -> None:
        self.on_tick = on_tick  # after each completed tick of the loop, with its time (heartbeat_ping)
        self.leader = leader  # several processes: only the lease's holder ticks (alerts.leader)
        self.ctx = leader.fenced(ctx) if leader is not None else ctx  # its writes fenced by the lease
        self.concurrency = max(1, concurrency)
        self.tracker_timeout = tracker_timeout
        self._unreadable_logged: set[str] = set()  # fingerprints of keys already logged
        self.automator = Automator(self.ctx)  # rules' actions on their alerts (alerts.automation)

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every ``settings.interval_seconds`` until ``stop`` is set. A tick that runs long
        skips the ticks it overlapped (no pile-up) and the rhythm stays on the original grid.

        With a :class:`~alerts.leader.Leader` (several processes on one database) only while this
        process holds the engine's lease: it waits for the lease, ticks at once when it gets it,
        stops the tick in progress when it loses it, and gives it up after a graceful stop (not when
        cancelled: that is a crash, and a successor takes over once the lease runs out)."""
        if self.leader is None:
            await self._ticks(stop)
        else:
            await self.leader.lead(stop, self._ticks)

    async def _ticks(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        interval = max(0.01, float(self.ctx.settings.interval_seconds))
        due = loop.time()
        while not stop.is_set():
            try:
                await self.tick()
                if self.on_tick is not None:
                    await self.on_tick(self.ctx.now())
            except LeaseLost as lost:
                log.warning("alert tick abandoned: %s", lost)
                return
            except Exception:
                log.exception("alert tick failed")
            due += interval
            now = loop.time()
            if due <= now:
                due += ((now - due) // interval + 1) * interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), due - now)

    async def tick(self) -> TickReport:
        now = self.ctx.now()
        grouped = await self.ctx.alerts.all_enabled()
        report = TickReport(trackers=len(grouped))
        gate = asyncio.Semaphore(self.concurrency)
        limit = self.tracker_timeout or max(60.0, 3 * float(self.ctx.settings.interval_seconds))

        async def one(tracker_id: int, rules: list[AlertRule]) -> None:
            async with gate:
                try:
                    async with asyncio.timeout(limit):
                        report.queued += await self._tracker_tick(tracker_id, rules, now)
                except LeaseLost:
                    raise  # the whole tick stops: another process leads now
                except TrackerSecretUnreadable as err:
                    report.unreadable.append(tracker_id)
                    await key_unreadable(self.ctx, err, self._unreadable_logged, self._enqueue)
                except Exception:
                    log.exception("alerts: tracker %s failed this tick", tracker_id)
                    report.failed.append(tracker_id)

        try:
            async with asyncio.TaskGroup() as group:  # a lost lease stops every tracker's tick
                for tracker_id, rules in grouped.items():
                    group.create_task(one(tracker_id, rules))
        except ExceptionGroup as errors:
            lost = errors.subgroup(LeaseLost)
            if lost is None:
                raise
            raise LeaseLost(str(lost.exceptions[0])) from None
        try:
            await close_orphans(
                self.ctx, {r.id for rules in grouped.values() for r in rules}, now, self._enqueue
            )
        except LeaseLost:
            raise
        except Exception:
            log.exception("alerts: closing alerts of switched-off rules failed")
        await self._chores(now)
        return report

    async def _chores(self, now: datetime) -> None:
        """Escalations, then maintenance windows' starts and ends; one failing never stops the other."""
        for chore in (run_escalations, run_maintenance):
            try:
                await chore(self.ctx, now)
            except LeaseLost:
                raise
            except Exception:
                log.exception("alerts: %s failed", chore.__name__)

    async def preview(self, rule: AlertRule) -> list[Observation]:
        """Evaluate ``rule`` now without changing anything (the rule need not be saved: id 0).
        When the tracker call fails: one observation with note ``error:<code>`` and the failure
        in ``text_args``."""
        tracker = await self.ctx.trackers.find(rule.tracker_id)
        if tracker is None:
            raise LookupError(f"tracker {rule.tracker_id} not found")
        tracker = replace(tracker, scope=await creator_scope(self.ctx, rule))  # its maker's campaigns only
        snap = await snapshot(self.ctx, tracker, [rule], self.ctx.now())
        states = {s.scope: s for s in await self.ctx.alerts.states_of(rule.id)} if rule.id else {}
        delay = self.ctx.settings.postback_delay_minutes
        return R.observe(rule, snap, postback_delay_minutes=delay, previous=states)

    # ------------------------------------------------------------ one tracker

    async def _tracker_tick(self, tracker_id: int, rules: list[AlertRule], now: datetime) -> int:
        tracker = await self.ctx.trackers.find(tracker_id)
        if tracker is None:
            log.warning("alerts: tracker %s of rules %s not found", tracker_id, [r.id for r in rules])
            return 0
        book = await StateBook.read(self.ctx.alerts, rules)  # one read, one write (alerts.tick_states)
        open_alerts = {(a.rule_id, a.scope): a for a in await self.ctx.alerts.list_open([tracker_id])}
        queued, down = 0, False  # down: the tracker's API failed this tick: no automatic write
        windows = await running(self.ctx, tracker_id, now)  # maintenance: read once per tracker tick
        snaps = await snapshots(self.ctx, tracker, rules, now)  # a scoped member's rules: their campaigns
        down = any(snap.failure is not None for snap, _rule in snaps)
        # the tracker's health first: while it is down its metric rules are inhibited (alerts.storms)
        metric = {r.id for r in rules if r.kind in KINDS and KINDS[r.kind].metric}
        batch = TickBatch(tracker_id, metric_rules=len(metric))
        for first in (True, False):
            for snap, rule in snaps:
                if (rule.id in metric) == first:
                    continue
                try:
                    queued += await self._rule_tick(
                        rule, snap, open_alerts, now, batch, windows=windows, book=book
                    )
                except LeaseLost:
                    raise
                except Exception:
                    log.exception("alerts: rule %s failed this tick", rule.id)
            if first:
                downs = {r.id for r in rules if r.kind == DOWN_KIND}
                # (the open alerts read above are still the open ones unless the first pass changed them)
                still = (
                    await self.ctx.alerts.list_open([tracker_id]) if batch.changed else open_alerts.values()
                )
                batch.inhibited = any(a.rule_id in downs for a in still)
        await book.write(self.ctx.alerts)  # before the held fires are told
        io = Io(self._single, self._route, self._enqueue)
        queued += await flush(self.ctx, batch, now, window=self.ctx.settings.group_window_seconds, io=io)
        await self.automator.tick(tracker, rules, down=down, now=now)
        return queued

    async def _enqueue(self, rows: Sequence[NewRow]) -> int:  # a storm's rows, charts after single alerts
        return await enqueue_many(self.ctx, [*rows, *await chart_rows(self.ctx, rows)])

    async def _single(self, fired: Fired) -> int:
        alert = fired.alert
        decision = Decision(AlertStateRow(alert.rule_id, alert.scope, State.FIRING.value, alert.opened_at))
        return await self._notify(EventType.FIRE, alert.id, severity=alert.severity,
                                  tracker_id=alert.tracker_id, decision=decision, now=self.ctx.now(),
                                  subject=fired.subject)  # fmt: skip

    async def _route(
        self, tracker_id: int, severity: str, subject: Subject, now: datetime
    ) -> list[Recipient]:
        routed = await recipients(self.ctx, tracker_id, severity, now=now)
        return await scoped(self.ctx, tracker_id, severity, routed, subject, now=now)  # buyer scopes

    async def _rule_tick(self, rule: AlertRule, snap: Snapshot, open_alerts: dict[tuple[int, str], Alert],
                         now: datetime, batch: TickBatch, *, windows: Sequence[Window],
                         book: StateBook) -> int:  # fmt: skip
        kind = KINDS.get(rule.kind)
        if kind is None:
            log.warning("alerts: rule %s has an unknown kind %r", rule.id, rule.kind)
            return 0
        try:
            for_seconds = float(R.parse_params(rule.kind, rule.params).for_seconds)
        except ValueError:
            for_seconds = 0.0
        meta = RuleMeta(rule.severity, for_seconds, kind.worse, kind.metric)
        repo, settings = self.ctx.alerts, self.ctx.settings
        states = book.of(rule.id)
        known = set(states) | {scope for (rule_id, scope) in open_alerts if rule_id == rule.id}
        observations = evaluate_rule(
            rule, snap, postback_delay_minutes=settings.postback_delay_minutes, previous=states
        )
        failure = failure_for(kind, snap) if kind.metric else snap.failure
        scopes: dict[str, Observation | None] = {}
        stale: set[str] = set()
        if observations is None:
            scopes = dict.fromkeys(sorted(known | set(fixed_scopes(rule))))
        else:
            scopes = {o.scope: o for o in observations}
            stale = known - set(scopes)
            for scope in sorted(stale):  # nothing to say about it any more (e.g. no traffic at all)
                scopes[scope] = Observation(None, False, True, "no_data", {}, scope)
        muted = rule.muted_until is not None and from_iso(rule.muted_until) > now
        maintenance = cover_of(windows, rule)  # a running maintenance window: like muted, per scope
        queued = 0
        for scope, obs in scopes.items():
            prev = states.get(scope)
            alert = open_alerts.get((rule.id, scope))
            if alert is None and prev is not None and _was_firing(prev):
                alert = await repo.last_alert(rule.id, scope)
            decision = step(
                meta, rule.id, scope, prev=prev, obs=obs, alert=alert, now=now,
                failed=failure.code if failure is not None else None,
                repeat_seconds=settings.repeat_seconds,
            )  # fmt: skip
            quiet = muted or maintenance(scope)
            queued += await self._apply(
                rule, scope, decision, alert=alert, obs=obs, snap=snap, muted=quiet, now=now, batch=batch
            )
            if scope in stale and decision.state.state == State.OK and not decision.events:
                book.delete(rule.id, scope)
            elif decision.state != prev:
                book.save(decision.state)
        return queued

    # ------------------------------------------------------------ persistence and notifications

    async def _apply(
        self,
        rule: AlertRule,
        scope: str,
        decision: Decision,
        *,
        alert: Alert | None,
        obs: Observation | None,
        snap: Snapshot,
        muted: bool,
        now: datetime,
        batch: TickBatch | None = None,
    ) -> int:
        repo = self.ctx.alerts
        at = to_iso(now)
        delay = self.ctx.settings.postback_delay_minutes  # the chart: only into details written
        details = _details(rule, scope, obs, snap, at, postback_delay_minutes=delay, chart=False)
        alert_id = decision.alert_id
        if decision.open:
            with_chart(details, rule, scope, obs, snap, postback_delay_minutes=delay)
            details["fired_args"] = details.get("text_args", {})  # what it was when it fired: kept
            if rule.kind == DOWN_KIND and batch is not None:
                details["inhibits"] = batch.metric_rules  # its message says how many rules it pauses
            opened = await repo.open_alert(rule.id, scope, rule.tracker_id, rule.severity, at,
                                           decision.value, details)  # fmt: skip
            if batch is not None:
                batch.changed = True
            opened = await self.automator.on_open(rule, opened, now)  # its message says what it will do
            alert, alert_id = opened, opened.id
        elif alert is not None and alert_id is not None and alert.resolved_at is None:
            changes = dict(decision.changes)
            if obs is not None and (changes or decision.events or decision.resolve):
                drawn = with_chart(details, rule, scope, obs, snap, postback_delay_minutes=delay)
                changes["details"] = {**alert.details, **drawn}
            if changes:
                await repo.update_alert(alert_id, **changes)
        if alert is None or alert_id is None:
            return 0
        if decision.resolve:
            last = decision.value if decision.value is not None else alert.last_value
            await repo.resolve(alert_id, at, last)
            if batch is not None:
                batch.changed = True
        queued = 0
        declared = KINDS.get(rule.kind)
        inhibited = batch is not None and batch.inhibited and declared is not None and declared.metric
        subject = subject_of(rule.kind, scope, details)  # details["within"]: the maker's scope
        events = decision.events
        group_id = None  # a grouped alert's resolve and repeat are the group's (alerts.storms)
        if batch is not None and (EventType.RESOLVE in events or EventType.REPEAT in events):
            group_id = await groups_of(self.ctx).group_of(alert_id)
        # a fire waits for the tick's grouping decision (alerts.storms.flush); a rule's action: never
        hold, held = batch is not None and not decision.resolve and not rule.action_kind, False
        for event in events:
            if (muted or inhibited) and event != EventType.EDIT:
                continue  # muted or inhibited: nothing is said, messages still follow
            if event == EventType.FIRE and hold and batch is not None:
                batch.fires.append(Fired(alert, subject, dict(decision.after_notify)))
                held = True
            elif group_id is not None and batch is not None and event == EventType.RESOLVE:
                batch.resolved.setdefault(group_id, []).append(alert_id)
            elif group_id is not None and batch is not None and event == EventType.REPEAT:
                batch.repeats.add(group_id)
            else:
                queued += await self._notify(event, alert_id, severity=alert.severity,
                                             tracker_id=rule.tracker_id, decision=decision, now=now,
                                             subject=subject)  # fmt: skip
        # held: written once told; inhibited: a new alert stays unconfirmed, told when the tracker is back
        if decision.after_notify and not held and not (inhibited and EventType.FIRE in events):
            await repo.update_alert(alert_id, **decision.after_notify)
        return queued

    async def _notify(
        self,
        event: EventType,
        alert_id: int,
        *,
        severity: str,
        tracker_id: int,
        decision: Decision,
        now: datetime,
        subject: Subject,
    ) -> int:
        ctx = self.ctx
        closing = EventType.RESOLVE in decision.events
        if event == EventType.EDIT:
            edit = AlertEditPayload(alert_id=alert_id)
            messages = await ctx.alerts.messages_of(alert_id)
            await enqueue_many(ctx, [
                notice(chat_id, edit, dedup_key=f"alert:{alert_id}:closed:{chat_id}" if closing else None)
                for chat_id, _message_id in messages
            ])  # fmt: skip
            return len(messages)
        routed = await self._route(tracker_id, severity, subject, now)
        chats = {r.chat_id: r.silent for r in routed}
        unrouted = {r.chat_id for r in routed if r.unrouted}
        if event == EventType.RESOLVE:  # whoever got a message about it hears that it is over
            for chat_id, _message_id in await ctx.alerts.messages_of(alert_id):
                chats.setdefault(chat_id, True)
        name = f"repeat:{decision.repeat_number}" if event == EventType.REPEAT else event.value
        ev = event.value  # (one transaction for the whole fan-out: a thousand chats are one write)
        rows = [notice(chat_id, AlertPayload(alert_id=alert_id, event=ev, unrouted=chat_id in unrouted),
                       silent=silent, dedup_key=f"alert:{alert_id}:{name}:{chat_id}")
                for chat_id, silent in chats.items()]  # fmt: skip
        rows += await chart_rows(ctx, rows)  # each alert row's chart right after it (issue 19)
        await enqueue_many(ctx, rows)
        return len(chats)
