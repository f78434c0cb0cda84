"""The buttons under an alert message: Ack, Snooze 1 h / 4 h / until 09:00, Open report (or, for a
tracker that is down and for postback problems, 🔌 Check the connection and 📜 the postback log),
Disable campaign, Mute this rule.

Every press is checked again: the alert and its rule still exist, the presser may act on them
(the access decision, ``Action.RESPOND``) and the alert is still open — a press on a resolved alert
says when it resolved and takes the buttons away. Everything lives in SQLite, so presses work the
same after a restart. After a change every message about the alert is edited: the pressed one at
once, the others through the outbox (``alert_edit``).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, User
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from alerts.kinds import KINDS
from alerts.outbox import enqueue
from alerts.payloads import AlertEditPayload
from handlers.alerts import callbacks as cb
from handlers.alerts.automation import keep_running, undo_pause
from handlers.alerts.chart import fit_caption
from handlers.alerts.common import FOREVER, campaign_of, clock, next_morning, until_text
from handlers.alerts.kinds import full_params
from handlers.alerts.render import can_pause, render_alert
from handlers.alerts.timeline_keys import from_alert
from handlers.context import AppContext
from handlers.notices import chat_language, translator
from handlers.reports.dialog import open_stats
from handlers.resources import writes
from handlers.states import LogsSG, ResourcesSG
from handlers.ui import keitaro_sentence, refused
from keitaro import errors as kerr
from services.access import Action, Place
from storage.alerts import Alert, AlertRule, to_iso

log = logging.getLogger(__name__)

__all__ = ["build_router", "presser_name", "refresh_alert", "report_setup"]

SNOOZES = {cb.SNOOZE_1H: timedelta(hours=1), cb.SNOOZE_4H: timedelta(hours=4)}
MUTES = {cb.MUTE_1H: timedelta(hours=1), cb.MUTE_24H: timedelta(hours=24)}


def presser_name(user: User) -> str:
    return user.full_name or (f"@{user.username}" if user.username else str(user.id))


def report_setup(rule: AlertRule, alert: Alert | None) -> dict[str, Any]:
    """The /stats setup that shows what the alert is about: its campaign by hour (or every campaign),
    over today (windows up to a day) or the last 7 days."""
    params = full_params(rule.kind, rule.params)
    hours = params.get("window_hours") or params.get("hours") or (params.get("window_minutes") or 0) / 60
    cid = campaign_of(alert, rule)
    setup: dict[str, Any] = {
        "range": "today" if float(hours or 0) <= 24 else "last_7_days",
        "group": "hour" if cid is not None else "campaign",
    }
    kind = KINDS.get(rule.kind)
    if kind is not None and kind.report_metrics:
        setup["metrics"] = list(kind.report_metrics)
    if cid is not None:
        label = (alert.details.get("campaign") if alert is not None else None) or f"#{cid}"
        setup["filters"] = {"campaign_id": [{"id": cid, "label": str(label)}]}
    return setup


# ---------------------------------------------------------------- editing the messages


async def _edit(bot: Bot, chat_id: int, message_id: int, rendered: Any) -> None:
    try:
        if rendered is None:
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        else:
            text, markup = rendered
            try:
                await bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
                )
            except TelegramBadRequest as error:  # the alert went out with its chart (issue 19)
                if "no text in the message" not in error.message.lower():
                    raise
                await bot.edit_message_caption(
                    chat_id=chat_id, message_id=message_id, caption=fit_caption(text), reply_markup=markup
                )
    except TelegramBadRequest as error:
        if "not modified" not in error.message.lower():
            log.info("alert message %s in chat %s not edited: %s", message_id, chat_id, error.message)
    except TelegramAPIError:
        log.warning("alert message %s in chat %s not edited", message_id, chat_id, exc_info=True)


async def refresh_alert(
    app: AppContext,
    bot: Bot,
    i18n: I18nContext,
    alert_id: int,
    *,
    pressed: tuple[int, int] | None = None,
    menu: bool = False,
    everywhere: bool = True,
) -> None:
    """Re-render the pressed message now (``menu``: with the mute choices) and, ``everywhere``,
    every other message of the alert (through the outbox: one ``alert_edit`` row covers them all)."""
    if pressed is not None:
        language = await chat_language(app, pressed[0], i18n.locale)
        rendered = await render_alert(app, translator(app.texts, language), alert_id, "edit", menu=menu)
        await _edit(bot, pressed[0], pressed[1], rendered)
    if not everywhere:
        return
    messages = await app.alerts.alerts.messages_of(alert_id)
    others = [m for m in messages if m != pressed]
    if others:
        await enqueue(app.alerts, others[0][0], AlertEditPayload(alert_id=alert_id))


# ---------------------------------------------------------------- the press


async def on_alert_button(
    query: CallbackQuery,
    callback_data: cb.AlertCb,
    *,
    app: AppContext,
    i18n: I18nContext,
    bot: Bot,
    dialog_manager: DialogManager,
) -> None:
    repo = app.alerts.alerts
    user = query.from_user
    message = query.message
    chat_id = message.chat.id if message is not None else user.id
    pressed = (message.chat.id, message.message_id) if message is not None else None
    alert = await repo.get_alert(callback_data.id)
    rule = await repo.get_rule(alert.rule_id) if alert is not None else None
    if alert is None or rule is None:
        await query.answer(i18n.get("alerts-gone"), show_alert=True)
        if pressed is not None:
            await _edit(bot, pressed[0], pressed[1], None)
        return
    where = Place(chat_id, alert_id=alert.id)
    tracker = await app.access.tracker(user.id, rule.tracker_id, Action.RESPOND, where=where)
    if tracker is None:  # a member's role that cannot answer alerts is told so
        await query.answer(refused(i18n, "alerts-not-allowed"), show_alert=True)
        return
    tz = tracker.timezone
    now = app.clock()
    if alert.resolved_at is not None:
        at = clock(alert.resolved_at, tz, now)
        await query.answer(i18n.get("alerts-already-resolved", at=at, tz=tz), show_alert=True)
        await refresh_alert(app, bot, i18n, alert.id, pressed=pressed, everywhere=False)
        return
    action = callback_data.a
    if action == cb.ACK:
        if alert.acked_by is None:
            alert = await repo.ack(alert.id, user.id, presser_name(user), to_iso(now)) or alert
            if alert.acked_by == user.id:
                await app.audit.record(user.id, "alert.ack", tracker_id=rule.tracker_id, rule=rule.name)
                await repo.events.record(
                    alert.id, "acked", at=to_iso(now), actor_id=user.id, actor_name=alert.acked_by_name
                )
        if alert.acked_by == user.id:
            await query.answer(i18n.get("alerts-acked"))
        else:
            await query.answer(i18n.get("alerts-acked-already", name=alert.acked_by_name or "?"))
        await refresh_alert(app, bot, i18n, alert.id, pressed=pressed)
    elif action in SNOOZES or action == cb.SNOOZE_MORNING:
        until = now + SNOOZES[action] if action in SNOOZES else next_morning(now, tz)
        await repo.snooze(alert.id, to_iso(until))
        await repo.events.record(
            alert.id,
            "snoozed",
            at=to_iso(now),
            actor_id=user.id,
            actor_name=presser_name(user),
            detail={"until": to_iso(until)},
        )
        await app.audit.record(
            user.id, "alert.snooze", tracker_id=rule.tracker_id, rule=rule.name, until=to_iso(until)
        )
        await query.answer(i18n.get("alerts-snoozed", until=until_text(i18n.get, until, tz, now), tz=tz))
        await refresh_alert(app, bot, i18n, alert.id, pressed=pressed)
    elif action in (cb.MUTE_MENU, cb.BACK):
        await query.answer()
        await refresh_alert(
            app, bot, i18n, alert.id, pressed=pressed, menu=action == cb.MUTE_MENU, everywhere=False
        )
    elif action in MUTES or action in (cb.MUTE_FOREVER, cb.MUTE_OFF):
        await _mute(
            query, app=app, bot=bot, i18n=i18n, alert=alert, rule=rule, action=action, pressed=pressed, tz=tz
        )
    elif action in (cb.CHECK, cb.LOGS):
        await _tracker_tool(
            query, app=app, bot=bot, i18n=i18n, manager=dialog_manager, rule=rule, action=action, chat=chat_id
        )
    elif action in (cb.KEEP, cb.UNDO):
        if action == cb.KEEP:
            changed = await keep_running(query, app, i18n, alert=alert, rule=rule, name=presser_name(user))
        else:
            changed = await undo_pause(
                query, app, i18n, alert=alert, rule=rule, user=user, name=presser_name(user)
            )
        if changed:
            await refresh_alert(app, bot, i18n, alert.id, pressed=pressed)
    elif action in (cb.REPORT, cb.PAUSE):
        await _open(query, app=app, i18n=i18n, manager=dialog_manager, alert=alert, rule=rule, action=action)
    else:
        await query.answer(i18n.get("stale-button"), show_alert=True)


async def _mute(
    query: CallbackQuery,
    *,
    app: AppContext,
    bot: Bot,
    i18n: I18nContext,
    alert: Alert,
    rule: AlertRule,
    action: str,
    pressed: tuple[int, int] | None,
    tz: str,
) -> None:
    repo, now = app.alerts.alerts, app.clock()
    if action == cb.MUTE_OFF:
        await repo.mute(rule.id, None)
        await query.answer(i18n.get("alerts-unmuted", name=rule.name))
        until_iso = "off"
    elif action == cb.MUTE_FOREVER:
        await repo.mute(rule.id, FOREVER)
        await query.answer(i18n.get("alerts-muted-forever", name=rule.name))
        until_iso = FOREVER
    else:
        until = now + MUTES[action]
        until_iso = to_iso(until)
        await repo.mute(rule.id, until_iso)
        until_words = until_text(i18n.get, until, tz, now)
        await query.answer(i18n.get("alerts-muted", name=rule.name, until=until_words, tz=tz))
    await app.audit.record(
        query.from_user.id, "rule.mute", tracker_id=rule.tracker_id, rule=rule.name, until=until_iso
    )
    who = query.from_user
    await repo.events.record(
        alert.id,
        "unmuted" if action == cb.MUTE_OFF else "muted",
        at=to_iso(now),
        actor_id=who.id,
        actor_name=presser_name(who),
        detail={"until": until_iso},
    )
    for other in await repo.list_open([rule.tracker_id]):
        if other.rule_id == rule.id:
            here = pressed if other.id == alert.id else None
            await refresh_alert(app, bot, i18n, other.id, pressed=here)


async def _tracker_tool(
    query: CallbackQuery,
    *,
    app: AppContext,
    bot: Bot,
    i18n: I18nContext,
    manager: DialogManager,
    rule: AlertRule,
    action: str,
    chat: int,
) -> None:
    """🔌 Check: one authenticated call to the tracker now, the result as a message in the chat.
    📜 Logs: the tracker's received-postbacks log (/logs), made the presser's active tracker first."""
    tracker = await app.access.tracker(query.from_user.id, rule.tracker_id, Action.VIEW)
    if tracker is None:
        await query.answer(i18n.get("alerts-owner-only"), show_alert=True)
        return
    if action == cb.LOGS:
        active = await app.access.active(query.from_user.id, Action.VIEW)
        if active is None or active.id != tracker.id:
            if not await app.trackers.set_active(query.from_user.id, tracker.id):
                await query.answer(i18n.get("alerts-owner-only"), show_alert=True)
                return
            await query.answer(i18n.get("alerts-logs-switched", tracker=tracker.name))
        else:
            await query.answer()
        await manager.start(
            LogsSG.view,
            data={"type": "postbacks", "query": None},
            mode=StartMode.RESET_STACK,
            show_mode=ShowMode.SEND,
        )
        return
    await query.answer(i18n.get("alerts-checking"))
    try:
        check = await app.clients.for_tracker(tracker).check_connection()
    except kerr.KeitaroError as error:
        why = keitaro_sentence(i18n, error, tracker.name)
        text = i18n.get("alerts-check-failed", tracker=tracker.name) + "\n" + why
    else:
        text = i18n.get("alerts-check-ok", tracker=tracker.name, ms=round(check.elapsed_ms))
    await bot.send_message(chat, text)


async def _open(
    query: CallbackQuery,
    *,
    app: AppContext,
    i18n: I18nContext,
    manager: DialogManager,
    alert: Alert,
    rule: AlertRule,
    action: str,
) -> None:
    """Open report / Disable campaign: the report is for who may see the tracker's numbers, the pause
    for who may switch its campaigns (it goes through the same safe write as /campaigns)."""
    needed = Action.VIEW if action == cb.REPORT else Action.TOGGLE
    tracker = await app.access.tracker(query.from_user.id, rule.tracker_id, needed)
    if tracker is None:
        await query.answer(refused(i18n, "alerts-owner-only"), show_alert=True)
        return
    if action == cb.REPORT:
        await query.answer()
        await open_stats(manager, report_setup(rule, alert), tracker.id)
        return
    campaign_id = campaign_of(alert, rule)
    if campaign_id is None or not can_pause(alert, rule):
        await query.answer(i18n.get("alerts-no-campaign"), show_alert=True)
        return
    if tracker.read_only:
        await query.answer(i18n.get("res-read-only", tracker=tracker.name), show_alert=True)
        return
    await pause_campaign(query, manager, tracker_id=tracker.id, campaign_id=campaign_id, alert=alert)


async def pause_campaign(
    query: CallbackQuery,
    manager: DialogManager,
    tracker_id: int,
    campaign_id: int,
    alert: Alert | None = None,
) -> None:
    """The resources feature's safe write: the campaign's "disable" confirmation card (traffic of
    the last 24 hours, Undo for ten minutes) — nothing changes until the person confirms."""
    await manager.start(
        ResourcesSG.detail,
        data={"res": "campaigns", "parent": {}, "tracker_id": tracker_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.NO_UPDATE,
    )
    manager.dialog_data["item_id"] = campaign_id
    if alert is not None:  # what the card writes goes into the alert's timeline (issue 19)
        from_alert(manager, alert.id, campaign_id, str(alert.details.get("campaign") or f"#{campaign_id}"))
    await writes.on_action(query, None, manager, "disable")  # may answer the press itself
    with contextlib.suppress(TelegramBadRequest):
        await query.answer()
    manager.show_mode = ShowMode.SEND
    await manager.show()


def build_router() -> Router:
    router = Router(name="alert-buttons")
    router.callback_query.register(on_alert_button, cb.AlertCb.filter(F.a.in_(cb.ALERT_ACTIONS)))
    return router
