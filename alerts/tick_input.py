"""What one tracker's tick reads before its rules run: the buyer scope each rule's maker sees
(looked up once per maker) and one snapshot per scope (:mod:`alerts.snapshot`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from alerts.context import AlertsContext
from alerts.rules import needs_of
from alerts.snapshot import Snapshot, take_snapshot
from storage import Tracker
from storage.alerts import AlertRule
from storage.scope import Scope

__all__ = ["creator_scope", "snapshot", "snapshots"]


async def creator_scope(ctx: AlertsContext, rule: AlertRule) -> Scope | None:
    """The buyer scope of the member who made the rule (None: the owner or an unscoped member)."""
    member = await ctx.members.member(rule.tracker_id, rule.owner_id) if ctx.members else None
    return member.scope if member is not None else None


async def snapshot(
    ctx: AlertsContext, tracker: Tracker, rules: Sequence[AlertRule], now: datetime
) -> Snapshot:
    needs = needs_of(rules, postback_delay_minutes=ctx.settings.postback_delay_minutes)
    return await take_snapshot(ctx.clients.for_tracker(tracker), tracker, needs, now=now)


async def snapshots(
    ctx: AlertsContext, tracker: Tracker, rules: Sequence[AlertRule], now: datetime
) -> list[tuple[Snapshot, AlertRule]]:
    """Each rule with the snapshot it judges: a scoped member's rules see their campaigns only, one
    snapshot per distinct scope (in the order the rules come)."""
    by_scope: dict[Scope | None, list[AlertRule]] = {}
    makers: dict[int, Scope | None] = {}
    for rule in rules:
        if rule.owner_id not in makers:
            makers[rule.owner_id] = await creator_scope(ctx, rule)
        by_scope.setdefault(makers[rule.owner_id], []).append(rule)
    out: list[tuple[Snapshot, AlertRule]] = []
    for scope, scoped_rules in by_scope.items():
        snap = await snapshot(ctx, replace(tracker, scope=scope), scoped_rules, now)
        out += [(snap, rule) for rule in scoped_rules]
    return out
