"""Automations: a rule's action on its alert (issue 17) — the engine's half.

A rule may carry an action (``action_kind``: ``pause_campaign``) in one of three modes:

* ``propose`` — nothing happens here; the alert's message carries "⏸ Pause now", one tap away
  from the usual safe-write confirmation card (handlers/alerts/buttons.py);
* ``auto`` — when the alert opens, the write is scheduled ``action_delay_minutes`` later; each tick
  refreshes the countdown in the message; an ack or "▶️ Keep running" cancels it; at the deadline
  the campaign is paused with the client of the rule's maker's view of the tracker (a scoped buyer's
  rule touches their campaigns only), if the maker still may switch campaigns (``Action.TOGGLE``);
* ``dry_run`` — logs and says in the message what it would have done; writes nothing.

Guards of the automatic write: never while the tracker's API fails (the snapshot of this tick
failed: the message says it waits), never twice for one alert (``auto_done_at`` claimed in one
statement before the write), never while the rule is muted (nobody would be told), at most
:attr:`AlertSettings.automation_per_hour` per tracker per hour (beyond it the message proposes
instead and says why). Each write is audited in the maker's name
as ``automation.pause`` with the rule's name and the alert; ↩️ Undo from the message reverses it.

The alert's ``automation`` JSON: ``status`` — ``scheduled`` · ``waiting`` (tracker down) · ``done``
(``undo``: what to restore) · ``undone`` · ``cancelled`` (``reason``: ``ack`` | ``keep``; ``by``) ·
``dry_run`` · ``limited`` · ``refused`` (``reason``: ``role`` | ``read_only`` | ``scope``) · ``skipped``
(``reason``: ``not_active``) · ``failed`` (``code``); ``left``: the minutes the message last showed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from alerts.automation_offers import plan_share_zero
from alerts.automation_offers import write as write_shares
from alerts.context import AlertsContext
from alerts.outbox import enqueue_many, notice
from alerts.payloads import AlertEditPayload
from keitaro import KeitaroClient
from keitaro import errors as kerr
from services.access import Access, Action
from services.scope import OutOfScopeError
from storage import Tracker
from storage.alerts import Alert, AlertRule, from_iso, to_iso
from storage.audit import AuditRepo

__all__ = [
    "ACTION_KINDS",
    "FINAL",
    "MODES",
    "Automator",
    "RuleAction",
    "action_of",
    "campaign_in",
    "minutes_left",
    "target_of",
]

log = logging.getLogger(__name__)

ACTION_KINDS = ("pause_campaign", "offer_share_zero")
MODES = ("propose", "auto", "dry_run")
FINAL = frozenset({"done", "undone", "cancelled", "dry_run", "skipped", "failed"})
"""Statuses after which the engine does nothing more about the alert."""


@dataclass(frozen=True, slots=True)
class RuleAction:
    kind: str
    mode: str
    delay_minutes: int = 0


def action_of(rule: AlertRule) -> RuleAction | None:
    if rule.action_kind not in ACTION_KINDS or rule.action_mode not in MODES:
        return None
    assert rule.action_kind is not None and rule.action_mode is not None
    return RuleAction(rule.action_kind, rule.action_mode, max(0, rule.action_delay_minutes))


def target_of(alert: Alert, rule: AlertRule) -> int | None:
    """What the rule's action is about: the alert's campaign (a pause), or its offer (``offer:N``)."""
    if rule.action_kind == "offer_share_zero":
        kind, _, ident = alert.scope.partition(":")
        return int(ident) if kind == "offer" and ident.isdigit() else None
    return campaign_in(alert, rule)


def campaign_in(alert: Alert, rule: AlertRule) -> int | None:
    """The campaign the alert is about (its scope, its details, else the rule's campaign)."""
    kind, _, ident = alert.scope.partition(":")
    if kind == "campaign" and ident.isdigit():
        return int(ident)
    cid = alert.details.get("campaign_id")
    if isinstance(cid, int) and not isinstance(cid, bool) and cid > 0:
        return cid
    return rule.campaign_id


def minutes_left(alert: Alert, now: datetime) -> int:
    """Whole minutes (rounded up) until the automatic write is due; 0 when due."""
    if alert.auto_scheduled_at is None:
        return 0
    return max(0, math.ceil((from_iso(alert.auto_scheduled_at) - now).total_seconds() / 60))


class Automator:
    """Runs the automations of a tracker's open alerts once per engine tick."""

    def __init__(self, ctx: AlertsContext) -> None:
        self.ctx = ctx
        self.audit = AuditRepo(ctx.alerts.db)
        self.access = (
            Access(ctx.trackers, ctx.oncall, ctx.subscriptions, ctx.alerts, frozenset(), members=ctx.members)
            if ctx.members is not None
            else None
        )

    # ------------------------------------------------------------ on open

    def opening(self, rule: AlertRule, alert: Alert, now: datetime) -> tuple[str | None, dict[str, Any]]:
        """What a newly opened alert's automation starts as: ``(scheduled_at, automation)``."""
        action = action_of(rule)
        if action is None or action.mode == "propose" or target_of(alert, rule) is None:
            return None, {}
        if action.mode == "dry_run":
            log.info(
                "automation (dry run): rule %s would %s %s for alert %s",
                rule.id, action.kind, target_of(alert, rule), alert.id,
            )  # fmt: skip
            return None, {"status": "dry_run"}
        due = now + timedelta(minutes=action.delay_minutes)
        return to_iso(due), {"status": "scheduled", "left": action.delay_minutes}

    async def on_open(self, rule: AlertRule, alert: Alert, now: datetime) -> Alert:
        """Stamp a new alert's automation before its first message is queued (the message says it)."""
        if alert.automation or alert.auto_scheduled_at is not None:
            return alert
        at, automation = self.opening(rule, alert, now)
        if not automation:
            return alert
        await self.ctx.alerts.automation.schedule(alert.id, at, automation)
        alert.auto_scheduled_at, alert.automation = at, automation
        return alert

    # ------------------------------------------------------------ every tick

    async def tick(self, tracker: Tracker, rules: list[AlertRule], *, down: bool, now: datetime) -> int:
        """Move every open alert of these rules along; the messages to edit are queued. Returns how
        many alerts changed."""
        by_id = {r.id: r for r in rules if action_of(r) is not None}
        if not by_id:
            return 0
        changed = 0
        for alert in await self.ctx.alerts.list_open([tracker.id]):
            rule = by_id.get(alert.rule_id)
            if rule is None:
                continue
            try:
                if await self.step(tracker, rule, alert, down=down, now=now):
                    changed += 1
                    await self._edit(alert.id)
            except Exception:
                log.exception("automation: alert %s failed this tick", alert.id)
        return changed

    async def step(
        self, tracker: Tracker, rule: AlertRule, alert: Alert, *, down: bool, now: datetime
    ) -> bool:
        """One alert, one tick: True when its automation changed (its messages need an edit)."""
        action = action_of(rule)
        if action is None or action.mode != "auto" or target_of(alert, rule) is None:
            return False
        auto = dict(alert.automation)
        status = auto.get("status")
        if alert.auto_done_at is not None or status in FINAL or status in ("limited", "refused"):
            return False
        repo = self.ctx.alerts.automation
        if status is None:  # an alert opened before the rule had its action: start the clock now
            at, auto = self.opening(rule, alert, now)
            await repo.schedule(alert.id, at, auto)
            return True
        if alert.acked_by is not None:
            await repo.note(
                alert.id, {"status": "cancelled", "reason": "ack", "by": alert.acked_by_name or ""}
            )
            return True
        left = minutes_left(alert, now)
        if left > 0:
            if auto.get("left") == left and status == "scheduled":
                return False
            await repo.note(alert.id, {**auto, "status": "scheduled", "left": left})
            return True
        if rule.muted_until is not None and from_iso(rule.muted_until) > now:
            return False  # a muted rule tells nobody: it does not write either (until unmuted)
        if down:
            if status == "waiting":
                return False
            await repo.note(alert.id, {**auto, "status": "waiting", "left": 0})
            return True
        return await self._pause(tracker, rule, alert, now)

    async def _pause(self, tracker: Tracker, rule: AlertRule, alert: Alert, now: datetime) -> bool:
        repo = self.ctx.alerts.automation
        target = target_of(alert, rule)
        assert target is not None
        maker = await self._maker_view(tracker, rule)
        if maker is None or maker.read_only:
            reason = "role" if maker is None else "read_only"
            await repo.note(alert.id, {"status": "refused", "reason": reason})
            return True
        client = self.ctx.clients.for_tracker(maker)
        try:
            prepared = await self._prepare(client, rule, target)
        except (kerr.NotFoundError, OutOfScopeError):
            await repo.note(alert.id, {"status": "refused", "reason": "scope"})  # not the maker's object
            return True
        except kerr.KeitaroError:
            return False  # the tracker failed just now: the next tick tries again
        if isinstance(prepared, str):
            await repo.note(alert.id, {"status": "skipped", "reason": prepared})
            return True
        limit = self.ctx.settings.automation_per_hour
        if await repo.done_since(tracker.id, to_iso(now - timedelta(hours=1))) >= limit:
            await repo.note(alert.id, {"status": "limited", "limit": limit})
            log.warning("automation: tracker %s reached %s automatic writes this hour", tracker.id, limit)
            return True
        if not await repo.claim(alert.id, to_iso(now)):
            return False  # made already (never twice)
        action = "automation.pause" if rule.action_kind == "pause_campaign" else "automation.offer_share_zero"
        resource = "campaigns" if rule.action_kind == "pause_campaign" else "offers"
        name = alert.details.get("campaign") or (alert.details.get("text_args") or {}).get("name")
        details = {"rule": rule.name, "rule_id": rule.id, "alert": alert.id, "resource": resource,
                   "id": target, "name": name}  # fmt: skip
        try:
            undo = await prepared()
        except kerr.KeitaroError as err:
            await self.audit.record(rule.owner_id, action, tracker_id=tracker.id,
                                    result=f"error:{err.code}", **details)  # fmt: skip
            await repo.note(alert.id, {"status": "failed", "code": err.code})
            await self.ctx.alerts.events.record(
                alert.id,
                "action",
                at=to_iso(now),
                detail={"what": "auto_failed", "campaign": name, "code": err.code},
            )
            return True
        await self.audit.record(rule.owner_id, action, tracker_id=tracker.id, result="ok", **details)
        await repo.note(alert.id, {"status": "done", "undo": undo})
        what = "auto_pause" if rule.action_kind == "pause_campaign" else "auto_offer"
        await self.ctx.alerts.events.record(
            alert.id, "action", at=to_iso(now), detail={"what": what, "campaign": name}
        )
        return True

    async def _prepare(
        self, client: KeitaroClient, rule: AlertRule, target: int
    ) -> str | Callable[[], Awaitable[dict[str, Any]]]:
        """The write, ready to make (it returns the undo data), or why there is nothing to do."""
        if rule.action_kind == "offer_share_zero":
            before, after = await plan_share_zero(client, target)
            if not after:
                return "no_flows"

            async def share_zero() -> dict[str, Any]:
                await write_shares(client, after)
                return {"resource": "streams", "id": target, "flows": before}

            return share_zero
        campaign = await client.campaigns.get(target)
        if not campaign.is_active:
            return "not_active"

        async def pause() -> dict[str, Any]:
            await client.campaigns.disable(target)
            return {"resource": "campaigns", "id": target, "state": "active"}

        return pause

    async def _maker_view(self, tracker: Tracker, rule: AlertRule) -> Tracker | None:
        """The tracker as the rule's maker sees it, if they still may switch its campaigns."""
        if self.access is None:
            return tracker if tracker.owner_id == rule.owner_id else None
        return await self.access.tracker(rule.owner_id, tracker.id, Action.TOGGLE)

    async def _edit(self, alert_id: int) -> None:
        edit = AlertEditPayload(alert_id=alert_id)
        messages = await self.ctx.alerts.messages_of(alert_id)
        chats = {chat_id for chat_id, _ in messages}
        # a message still on its way may have been drawn before this change: edit it once sent
        chats.update(await self.ctx.outbox.pending_alert_chats(alert_id))
        await enqueue_many(self.ctx, [notice(chat_id, edit) for chat_id in sorted(chats)])
