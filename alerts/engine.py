"""The alert engine: every tick, per tracker with enabled rules one snapshot, every rule evaluated,
the state machine run per identity, alerts and states persisted, notifications queued.

Order per identity (what makes a crash-and-retry safe): open/update/resolve the alert row → queue
its notifications (each with a dedup key, so a repeated tick queues nothing twice) → mark it
notified → save the state row. A tick that dies midway is redone by the next one.

Trackers run concurrently (bounded) with a time limit each; one failing tracker never stops the
others. A tracker whose stored API key does not decrypt (``SECRET_KEY`` changed) is skipped: its
owner is told once per stored copy (a dedup key), the log says it once per process.

A muted rule (``muted_until`` in the future) is evaluated and keeps its state and alerts,
but queues nothing. Open alerts of rules that were switched off are closed quietly (their
messages lose their buttons).

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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from alerts.audience import Subject, subject_of
from alerts.automation import Automator
from alerts.charts import chart_rows
from alerts.context import AlertsContext
from alerts.details import alert_details as _details
from alerts.details import was_firing as _was_firing
from alerts.escalation import run_escalations
from alerts.leader import Leader, LeaseLost
from alerts.machine import Decision, EventType, RuleMeta, step
from alerts.model import State
from alerts.outbox import enqueue_many, notice
from alerts.payloads import AlertEditPayload, AlertPayload, TextPayload
from alerts.routing import recipients, scoped
from alerts.rules import KINDS, Observation, evaluate_rule, failure_for, fixed_scopes, needs_of, parse_params
from alerts.snapshot import Snapshot, take_snapshot
from storage import Tracker
from storage.alerts import Alert, AlertRule, AlertStateRow, from_iso, to_iso
from storage.scope import Scope
from storage.trackers import TrackerSecretUnreadable

__all__ = ["AlertEngine", "TickReport"]

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    trackers: int = 0
    failed: list[int] = field(default_factory=list)  # trackers whose tick raised
    unreadable: list[int] = field(default_factory=list)  # skipped: their API key does not decrypt
    queued: int = 0  # notifications queued (dedup hits included)


class AlertEngine:
    def __init__(
        self,
        ctx: AlertsContext,
        *,
        concurrency: int = 8,
        tracker_timeout: float | None = None,
        leader: Leader | None = None,
    ) -> None:
        self.leader = leader  # several processes: only the lease's holder ticks (alerts.leader)
        self.ctx = leader.fenced(ctx) if leader is not None else ctx  # its writes fenced by the lease
        self.concurrency = max(1, concurrency)
        self.tracker_timeout = tracker_timeout
        self._unreadable_logged: set[str] = set()  # fingerprints of keys already logged
        self.automator = Automator(self.ctx)  # rules' actions on their alerts (alerts.automation)

    # ------------------------------------------------------------ loop

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
                    await self._key_unreadable(err)
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
            await self._close_orphans({r.id for rules in grouped.values() for r in rules}, now)
        except LeaseLost:
            raise
        except Exception:
            log.exception("alerts: closing alerts of switched-off rules failed")
        await self._escalate(now)
        return report

    async def _key_unreadable(self, err: TrackerSecretUnreadable) -> None:
        """The tracker is skipped; its owner hears it once (per stored copy of the key)."""
        if err.fingerprint not in self._unreadable_logged:
            self._unreadable_logged.add(err.fingerprint)
            log.warning("alerts: tracker %s skipped: its stored API key does not decrypt", err.tracker_id)
        try:
            text = TextPayload(key="alerts-tracker-key-unreadable", args={"tracker": err.tracker_name})
            dedup = f"tracker:{err.tracker_id}:key-unreadable:{err.fingerprint}"
            await enqueue_many(self.ctx, [notice(err.owner_id, text, dedup_key=dedup)])
        except Exception:
            log.exception("alerts: could not tell the owner of tracker %s", err.tracker_id)

    async def _escalate(self, now: datetime) -> None:
        try:
            await run_escalations(self.ctx, now)
        except LeaseLost:
            raise
        except Exception:
            log.exception("alerts: escalation failed")

    # ------------------------------------------------------------ preview

    async def preview(self, rule: AlertRule) -> list[Observation]:
        """Evaluate ``rule`` now without changing anything (the rule need not be saved: id 0).
        When the tracker call fails: one observation with note ``error:<code>`` and the failure
        in ``text_args``."""
        tracker = await self._tracker([rule])
        if tracker is None:
            raise LookupError(f"tracker {rule.tracker_id} not found")
        delay = self.ctx.settings.postback_delay_minutes
        tracker = replace(tracker, scope=await self._creator_scope(rule))  # its maker's campaigns only
        snap = await self._snapshot(tracker, [rule], self.ctx.now())
        states = {s.scope: s for s in await self.ctx.alerts.states_of(rule.id)} if rule.id else {}
        observations = evaluate_rule(rule, snap, postback_delay_minutes=delay, previous=states)
        if observations is None:
            failure = failure_for(KINDS[rule.kind], snap)
            assert failure is not None
            return [Observation(None, False, False, f"error:{failure.code}", failure.args(), "")]
        return observations

    # ------------------------------------------------------------ one tracker

    async def _tracker(self, rules: Sequence[AlertRule]) -> Tracker | None:
        return await self.ctx.trackers.find(rules[0].tracker_id)

    async def _snapshot(self, tracker: Tracker, rules: Sequence[AlertRule], now: datetime) -> Snapshot:
        needs = needs_of(rules, postback_delay_minutes=self.ctx.settings.postback_delay_minutes)
        return await take_snapshot(self.ctx.clients.for_tracker(tracker), tracker, needs, now=now)

    async def _tracker_tick(self, tracker_id: int, rules: list[AlertRule], now: datetime) -> int:
        tracker = await self._tracker(rules)
        if tracker is None:
            log.warning("alerts: tracker %s of rules %s not found", tracker_id, [r.id for r in rules])
            return 0
        by_scope: dict[Scope | None, list[AlertRule]] = {}  # a scoped member's rules see their campaigns
        for rule in rules:
            by_scope.setdefault(await self._creator_scope(rule), []).append(rule)
        open_alerts = {(a.rule_id, a.scope): a for a in await self.ctx.alerts.list_open([tracker_id])}
        queued = 0
        down = False  # the tracker's API failed this tick: no automatic write
        for scope, scoped_rules in by_scope.items():
            snap = await self._snapshot(replace(tracker, scope=scope), scoped_rules, now)
            down = down or snap.failure is not None
            for rule in scoped_rules:
                try:
                    queued += await self._rule_tick(rule, snap, open_alerts, now)
                except LeaseLost:
                    raise
                except Exception:
                    log.exception("alerts: rule %s failed this tick", rule.id)
        await self.automator.tick(tracker, rules, down=down, now=now)
        return queued

    async def _creator_scope(self, rule: AlertRule) -> Scope | None:
        """The buyer scope of the member who made the rule (None: the owner or an unscoped member)."""
        member = await self.ctx.members.member(rule.tracker_id, rule.owner_id) if self.ctx.members else None
        return member.scope if member is not None else None

    async def _rule_tick(
        self, rule: AlertRule, snap: Snapshot, open_alerts: dict[tuple[int, str], Alert], now: datetime
    ) -> int:
        kind = KINDS.get(rule.kind)
        if kind is None:
            log.warning("alerts: rule %s has an unknown kind %r", rule.id, rule.kind)
            return 0
        try:
            for_seconds = float(parse_params(rule.kind, rule.params).for_seconds)
        except ValueError:
            for_seconds = 0.0
        meta = RuleMeta(rule.severity, for_seconds, kind.worse, kind.metric)
        repo, settings = self.ctx.alerts, self.ctx.settings
        states = {s.scope: s for s in await repo.states_of(rule.id)}
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
            queued += await self._apply(
                rule, scope, decision, alert=alert, obs=obs, snap=snap, muted=muted, now=now
            )
            if scope in stale and decision.state.state == State.OK and not decision.events:
                await repo.delete_state(rule.id, scope)
            elif decision.state != prev:
                await repo.save_state(decision.state)
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
    ) -> int:
        repo = self.ctx.alerts
        at = to_iso(now)
        details = _details(
            rule, scope, obs, snap, at, postback_delay_minutes=self.ctx.settings.postback_delay_minutes
        )
        alert_id = decision.alert_id
        if decision.open:
            details["fired_args"] = details.get("text_args", {})  # what it was when it fired: kept
            opened = await repo.open_alert(rule.id, scope, rule.tracker_id, rule.severity, at,
                                           decision.value, details)  # fmt: skip
            opened = await self.automator.on_open(rule, opened, now)  # its message says what it will do
            alert, alert_id = opened, opened.id
        elif alert is not None and alert_id is not None and alert.resolved_at is None:
            changes = dict(decision.changes)
            if obs is not None and (changes or decision.events or decision.resolve):
                changes["details"] = {**alert.details, **details}
            if changes:
                await repo.update_alert(alert_id, **changes)
        if alert is None or alert_id is None:
            return 0
        if decision.resolve:
            last = decision.value if decision.value is not None else alert.last_value
            await repo.resolve(alert_id, at, last)
        queued = 0
        for event in decision.events:
            if not muted or event == EventType.EDIT:  # muted: nothing is said, messages still follow
                queued += await self._notify(
                    event,
                    alert_id,
                    severity=alert.severity,
                    tracker_id=rule.tracker_id,
                    decision=decision,
                    now=now,
                    subject=subject_of(rule.kind, scope, details),  # details["within"]: the maker's scope
                )
        if decision.after_notify:
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
        routed = await recipients(ctx, tracker_id, severity, now=now)
        routed = await scoped(ctx, tracker_id, severity, routed, subject, now=now)  # buyer scopes
        chats = {r.chat_id: r.silent for r in routed}
        unrouted = {r.chat_id for r in routed if r.unrouted}
        if event == EventType.RESOLVE:  # whoever got a message about it hears that it is over
            for chat_id, _message_id in await ctx.alerts.messages_of(alert_id):
                chats.setdefault(chat_id, True)
        name = f"repeat:{decision.repeat_number}" if event == EventType.REPEAT else event.value
        # one transaction for the whole fan-out: a thousand chats are one write, not a thousand
        rows = [
            notice(
                chat_id,
                AlertPayload(alert_id=alert_id, event=event.value, unrouted=chat_id in unrouted),
                silent=silent,
                dedup_key=f"alert:{alert_id}:{name}:{chat_id}",
            )
            for chat_id, silent in chats.items()
        ]  # fmt: skip
        rows += await chart_rows(ctx, rows)  # each alert row's chart right after it (issue 19)
        await enqueue_many(ctx, rows)
        return len(chats)

    async def _close_orphans(self, enabled: set[int], now: datetime) -> None:
        """Quietly close open alerts of rules that were switched off (their buttons go)."""
        repo = self.ctx.alerts
        for alert in await repo.list_open():
            if alert.rule_id in enabled:
                continue
            at = to_iso(now)
            await repo.update_alert(alert.id, details={**alert.details, "closed": "rule_disabled"})
            await repo.resolve(alert.id, at, alert.last_value)
            edit = AlertEditPayload(alert_id=alert.id)
            await enqueue_many(self.ctx, [
                notice(chat_id, edit, dedup_key=f"alert:{alert.id}:closed:{chat_id}")
                for chat_id, _message_id in await repo.messages_of(alert.id)
            ])  # fmt: skip
            state = await repo.get_state(alert.rule_id, alert.scope)
            if state is not None:
                await repo.save_state(AlertStateRow(alert.rule_id, alert.scope, State.OK.value, at,
                                                    0, state.last_value, state.note, {}))  # fmt: skip
