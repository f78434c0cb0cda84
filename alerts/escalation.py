"""Escalation of critical alerts nobody acknowledged (run every tick by the engine).

A critical alert of a tracker with an on-call rotation first goes to the person on duty only
(``alerts.routing``). If it is neither acknowledged, snoozed nor resolved ``escalate_minutes``
after it opened, step 1 tells the team chat and the backup; then up to ``max_repeats`` repeats,
each ``escalate_minutes`` after the last, go to them and to the person on duty again. Without a
team chat and a backup, step 1 goes to the tracker's subscribed chats instead (those the on-call
routing skipped).

The step and the time of the next one are stored on the alert (``escalation_step``,
``escalate_at``; ``escalate_at`` NULL after the last step), so a restart continues where it was.
Every message has the dedup key ``alert:{id}:esc:{step}:{chat}``: a tick repeated after a crash
queues nothing twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from alerts.audience import Audience, alert_subject
from alerts.charts import chart_rows
from alerts.context import AlertsContext
from alerts.maintenance import covered
from alerts.model import severity_rank
from alerts.oncall import on_duty
from alerts.outbox import enqueue_many, notice
from alerts.payloads import AlertGroupPayload, AlertPayload
from storage.alert_groups import AlertGroupRepo
from storage.oncall import EscalationCandidate, Rotation
from storage.outbox import format_ts, parse_ts

__all__ = ["escalation_targets", "run_escalations"]

log = logging.getLogger(__name__)


async def escalation_targets(ctx: AlertsContext, rotation: Rotation, step: int, now: datetime) -> list[int]:
    """The chats of escalation step ``step`` (1 = the first escalation)."""
    targets: list[int] = []
    if step >= 2:  # repeats remind the person on duty too
        shift = on_duty(rotation, now)
        if shift is not None:
            targets.append(shift.person)
    if rotation.team_chat_id is not None:
        targets.append(rotation.team_chat_id)
    if rotation.backup_id is not None:
        targets.append(rotation.backup_id)
    if rotation.team_chat_id is None and rotation.backup_id is None:
        subs = await ctx.subscriptions.for_tracker(rotation.tracker_id)
        targets += [s.chat_id for s in subs if severity_rank(s.min_severity) <= severity_rank("critical")]
    return list(dict.fromkeys(targets))


def _due(alert: EscalationCandidate, rotation: Rotation) -> datetime | None:
    """When the next step is due (None: no further step)."""
    if alert.escalate_at is not None:
        return parse_ts(alert.escalate_at)
    if alert.escalation_step > 0:
        return None  # the last step was taken
    return parse_ts(alert.opened_at) + timedelta(minutes=rotation.escalate_minutes)


async def run_escalations(ctx: AlertsContext, now: datetime) -> None:
    rotations: dict[int, Rotation | None] = {}
    for alert in await ctx.oncall.escalation_candidates():
        if alert.tracker_id not in rotations:
            rotations[alert.tracker_id] = await ctx.oncall.get(alert.tracker_id)
        rotation = rotations[alert.tracker_id]
        if rotation is None or not rotation.people:
            continue  # nobody on duty: the alert went to every subscribed chat at once
        if alert.snoozed_until is not None and parse_ts(alert.snoozed_until) > now:
            continue  # somebody is on it; escalation resumes when the snooze ends
        due = _due(alert, rotation)
        if due is None or now < due:
            continue
        last_step = 1 + max(0, rotation.max_repeats)
        step = alert.escalation_step + 1
        if step > last_step:
            await ctx.oncall.set_escalation(alert.alert_id, alert.escalation_step, None)
            continue
        full = await ctx.alerts.get_alert(alert.alert_id)
        rule = await ctx.alerts.get_rule(full.rule_id) if full is not None else None
        if rule is not None and rule.muted_until is not None and parse_ts(rule.muted_until) > now:
            continue  # its rule is muted: nothing is said about it (resumes when the mute ends)
        if full is not None and rule is not None and (await covered(ctx, rule, now))(full.scope):
            continue  # a maintenance window covers it (alerts.maintenance): resumes after it
        audience, subject = Audience(ctx, alert.tracker_id), alert_subject(full) if full else None
        groups = AlertGroupRepo(ctx.alerts.db)
        group_id = await groups.group_of(alert.alert_id)
        told = 0
        for chat_id in await escalation_targets(ctx, rotation, step, now):
            if subject is None or not await audience.may_see(chat_id, subject):
                continue  # a buyer scope that does not cover it (alerts.audience)
            if group_id is not None:  # a storm's alerts escalate as one message per step and chat
                await groups.join(group_id, {alert.alert_id: [chat_id]})  # listed there from now on
                grouped = AlertGroupPayload(group_id=group_id, event="escalate")
                await enqueue_many(
                    ctx, [notice(chat_id, grouped, dedup_key=f"group:{group_id}:esc:{step}:{chat_id}")]
                )
            else:
                payload = AlertPayload(alert_id=alert.alert_id, event="escalate")
                rows = [notice(chat_id, payload, dedup_key=f"alert:{alert.alert_id}:esc:{step}:{chat_id}")]
                await enqueue_many(ctx, rows + await chart_rows(ctx, rows))  # its chart after it (issue 19)
            told += 1
        await ctx.alerts.events.record(
            alert.alert_id,
            "escalated",
            at=format_ts(now),
            detail={"step": step, "chats": told},
            dedup=f"esc:{step}",
        )
        following = now + timedelta(minutes=max(1, rotation.escalate_minutes))
        await ctx.oncall.set_escalation(
            alert.alert_id, step, format_ts(following) if step < last_step else None
        )
        log.info("alert %s escalated (step %s of %s)", alert.alert_id, step, last_step)
