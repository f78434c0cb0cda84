"""Automations in an alert's message (issue 17): what the rule's action will do, does, did or
would have done (:mod:`alerts.automation` runs it), and its buttons — ⏸ Pause now (the existing
safe-write card, see :func:`handlers.alerts.buttons.pause_campaign`), ▶️ Keep running (cancels the
automatic pause) and ↩️ Undo (switches the paused campaign back on, in the presser's name)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.types import CallbackQuery, User
from aiogram_i18n import I18nContext

from alerts.automation import FINAL, action_of, minutes_left, target_of
from alerts.automation_offers import restore as restore_shares
from handlers.alerts.common import clock
from handlers.alerts.kinds import Tr
from handlers.context import AppContext
from handlers.ui import keitaro_sentence, refused
from keitaro import errors as kerr
from services.access import Action
from storage.alerts import Alert, AlertRule, to_iso

__all__ = ["automation_lines", "keep_running", "pause_label", "shows_keep", "shows_undo", "undo_pause"]

OFFER = "offer_share_zero"
PROPOSING = frozenset({None, "limited", "refused", "failed", "waiting", "scheduled"})
"""Statuses under which ⏸ Pause now stays offered (a person may always go first)."""


def _status(alert: Alert, rule: AlertRule) -> str | None:
    """The automation's status as the message shows it (an ack cancels a pending pause at once)."""
    status = alert.automation.get("status")
    action = action_of(rule)
    if action is not None and action.mode == "auto" and status is None and alert.auto_done_at is None:
        status = "scheduled"
    if status in ("scheduled", "waiting") and alert.acked_by is not None:
        return "cancelled"
    return status if isinstance(status, str) else None


def _campaign(alert: Alert, rule: AlertRule) -> str:
    """The name of what the action is about: the campaign, or the offer (``offer:N`` alerts)."""
    name = alert.details.get("campaign")
    if rule.action_kind == OFFER:
        name = (alert.details.get("text_args") or {}).get("name")
    return str(name) if name else f"#{target_of(alert, rule)}"


def automation_lines(tr: Tr, *, alert: Alert, rule: AlertRule, tz: str, now: datetime) -> list[str]:
    """The lines about the rule's action (none when it has none, or the alert names no campaign)."""
    action = action_of(rule)
    if action is None or target_of(alert, rule) is None:
        return []
    campaign, status = _campaign(alert, rule), _status(alert, rule)
    if action.kind == OFFER:  # the same sentences about an offer's share (auto-offer-*)
        return _lines(_offer_tr(tr), alert, rule, tz, now, campaign, status)
    return _lines(tr, alert, rule, tz, now, campaign, status)


def _offer_tr(tr: Tr) -> Tr:
    def offer(key: str, **args: Any) -> str:
        return tr(key.replace("auto-msg-", "auto-offer-", 1), **args)

    return offer


def _lines(  # noqa: PLR0917 -- one sentence per status
    tr: Tr, alert: Alert, rule: AlertRule, tz: str, now: datetime, campaign: str, status: str | None
) -> list[str]:
    action, auto = action_of(rule), alert.automation
    assert action is not None
    if status is None:
        return [tr("auto-msg-propose", campaign=campaign)] if action.mode == "propose" else []
    if status == "scheduled":
        return [tr("auto-msg-scheduled", campaign=campaign, minutes=max(1, minutes_left(alert, now)))]
    if status == "waiting":
        return [tr("auto-msg-waiting", campaign=campaign)]
    if status == "done":
        at = clock(alert.auto_done_at, tz, now) if alert.auto_done_at else "?"
        return [tr("auto-msg-done", campaign=campaign, rule=rule.name, at=at, tz=tz)]
    if status == "undone":
        return [tr("auto-msg-undone", campaign=campaign, name=str(auto.get("by") or "?"))]
    if status == "cancelled":
        who = str(auto.get("by") or alert.acked_by_name or "?")
        key = "auto-msg-cancelled-keep" if auto.get("reason") == "keep" else "auto-msg-cancelled-ack"
        return [tr(key, name=who)]
    if status == "dry_run":
        return [tr("auto-msg-dry-run", campaign=campaign)]
    if status == "limited":
        return [tr("auto-msg-limited", campaign=campaign, limit=int(auto.get("limit") or 0))]
    if status == "refused":
        reason = {"read_only": "read-only", "scope": "scope"}.get(str(auto.get("reason")), "role")
        return [tr(f"auto-msg-refused-{reason}", campaign=campaign)]
    if status == "skipped":
        return [tr("auto-msg-skipped", campaign=campaign)]
    if status == "failed":
        return [tr("auto-msg-failed", campaign=campaign, code=str(auto.get("code") or "?"))]
    return []


def pause_label(alert: Alert, rule: AlertRule) -> str | None:
    """The label key of the pause button: "⏸ Pause now" for a rule with an action (None: no button
    — the automation paused it already or it is over), the plain "Disable campaign" otherwise."""
    if action_of(rule) is None:
        return "alerts-btn-pause"
    if rule.action_kind == OFFER:
        return None
    return (
        "auto-btn-pause-now"
        if _status(alert, rule) in PROPOSING | {"cancelled", "dry_run", "undone"}
        else None
    )


def shows_keep(alert: Alert, rule: AlertRule) -> bool:
    return _status(alert, rule) in ("scheduled", "waiting")


def shows_undo(alert: Alert, rule: AlertRule) -> bool:
    return _status(alert, rule) == "done" and alert.auto_undone_at is None


# ---------------------------------------------------------------- the presses


async def keep_running(
    query: CallbackQuery, app: AppContext, i18n: I18nContext, *, alert: Alert, rule: AlertRule, name: str
) -> bool:
    """▶️ Keep running: no automatic pause for this alert. True when something changed."""
    if not shows_keep(alert, rule) or alert.automation.get("status") in FINAL:
        await query.answer(i18n.get("auto-keep-late"), show_alert=True)
        return False
    await app.alerts.alerts.automation.note(alert.id, {"status": "cancelled", "reason": "keep", "by": name})
    await app.alerts.alerts.events.record(
        alert.id,
        "action",
        at=to_iso(app.clock()),
        actor_id=query.from_user.id,
        actor_name=name,
        detail={"what": "keep"},
    )
    await app.audit.record(
        query.from_user.id, "automation.cancel", tracker_id=rule.tracker_id, rule=rule.name, alert=alert.id
    )
    await query.answer(i18n.get("auto-kept"))
    return True


async def undo_pause(
    query: CallbackQuery,
    app: AppContext,
    i18n: I18nContext,
    *,
    alert: Alert,
    rule: AlertRule,
    user: User,
    name: str,
) -> bool:
    """↩️ Undo: the paused campaign back on, for who may switch the tracker's campaigns."""
    undo: dict[str, Any] = alert.automation.get("undo") or {}
    if not shows_undo(alert, rule) or not isinstance(undo.get("id"), int):
        await query.answer(i18n.get("auto-undo-gone"), show_alert=True)
        return False
    tracker = await app.access.tracker(user.id, rule.tracker_id, Action.TOGGLE)
    if tracker is None:
        await query.answer(refused(i18n, "alerts-owner-only"), show_alert=True)
        return False
    campaign_id = int(undo["id"])
    client = app.clients.for_tracker(tracker)
    try:
        if undo.get("resource") == "streams":  # the offer's share back in every flow changed
            await restore_shares(client, undo.get("flows") or {})
        else:
            await client.campaigns.enable(campaign_id)
    except kerr.KeitaroError as err:
        await query.answer(keitaro_sentence(i18n, err, tracker.name)[:190], show_alert=True)
        return False
    state = {**alert.automation, "status": "undone", "by": name}
    if not await app.alerts.alerts.automation.undone(alert.id, to_iso(app.clock()), state):
        await query.answer(i18n.get("auto-undo-gone"), show_alert=True)
        return False
    offer = undo.get("resource") == "streams"
    await app.audit.record(
        user.id, "automation.undo_offer_share_zero" if offer else "automation.undo_pause",
        tracker_id=rule.tracker_id, rule=rule.name, alert=alert.id,
        resource="offers" if offer else "campaigns", id=campaign_id, result="ok",
    )  # fmt: skip
    await app.alerts.alerts.events.record(
        alert.id,
        "action",
        at=to_iso(app.clock()),
        actor_id=user.id,
        actor_name=name,
        detail={"what": "undo", "campaign": _campaign(alert, rule)},
    )
    key = "auto-undo-offer-done" if offer else "auto-undo-done"
    await query.answer(i18n.get(key, campaign=_campaign(alert, rule)))
    return True
