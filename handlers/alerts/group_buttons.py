"""Storms (issue 19): the buttons of an alert group's message -- ✅ Ack all, 💤 All 1 h / 4 h,
📋 Show all (every alert of the message, each with its own ✅ and 💤), ⬅️ Back.

Every press is checked again like a single alert's buttons (``handlers.alerts.buttons``): the group
still exists, the presser may answer the tracker's alerts (``Action.RESPOND``, from this chat), and
it acts only on the alerts this chat's message lists (a chat never lists an alert it would not have
heard alone). The pressed message is edited in place at once; the group's messages in other chats
through the outbox (``AlertGroupEditPayload``, one row per chat).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery
from aiogram_i18n import I18nContext

from alerts.outbox import enqueue_many, notice
from alerts.payloads import AlertEditPayload, AlertGroupEditPayload
from handlers.alerts.buttons import presser_name
from handlers.alerts.common import clock, until_text
from handlers.alerts.groups import (
    ACK_ALL,
    ACK_ONE,
    BACK,
    GROUP_ACTIONS,
    SHOW_ALL,
    SNOOZE_1H,
    SNOOZE_4H,
    SNOOZE_ONE,
    GroupCb,
    group_repo,
    ordered,
    render_group,
)
from handlers.context import AppContext
from handlers.notices import chat_language, translator
from handlers.ui import refused
from services.access import Action, Place
from storage.alerts import Alert, to_iso

__all__ = ["build_router"]

log = logging.getLogger(__name__)

SNOOZES = {SNOOZE_1H: timedelta(hours=1), SNOOZE_4H: timedelta(hours=4), SNOOZE_ONE: timedelta(hours=1)}


async def _show(
    app: AppContext, bot: Bot, i18n: I18nContext, group_id: int, pressed: tuple[int, int] | None, *, view: str
) -> None:
    """Re-render the pressed message in place (``view``: main or all)."""
    if pressed is None:
        return
    language = await chat_language(app, pressed[0], i18n.locale)
    tr = translator(app.texts, language)
    rendered = await render_group(app, tr, group_id, pressed[0], "edit", view=view)
    try:
        if rendered is None:
            await bot.edit_message_reply_markup(chat_id=pressed[0], message_id=pressed[1], reply_markup=None)
        else:
            text, markup = rendered
            await bot.edit_message_text(
                text=text, chat_id=pressed[0], message_id=pressed[1], reply_markup=markup
            )
    except TelegramBadRequest as error:
        if "not modified" not in error.message.lower():
            log.info("group message %s in chat %s not edited: %s", pressed[1], pressed[0], error.message)
    except TelegramAPIError:
        log.warning("group message %s in chat %s not edited", pressed[1], pressed[0], exc_info=True)


async def _others(app: AppContext, group_id: int, changed: list[Alert], chat_id: int) -> None:
    """Queue an edit of the group's message in every other chat that lists a changed alert."""
    repo = group_repo(app)
    ids = {a.id for a in changed}
    rows = []
    for other in await repo.chats(group_id):
        if other == chat_id or await repo.message(group_id, other) is None:
            continue
        if ids & {a.id for a in await repo.alerts_for(group_id, other)}:
            rows.append(notice(other, AlertGroupEditPayload(group_id=group_id)))
    for alert in changed:  # a chat that heard only this alert of the group has its own message
        messages = await app.alerts.alerts.messages_of(alert.id)
        if messages:
            rows.append(notice(messages[0][0], AlertEditPayload(alert_id=alert.id)))  # one pass: all
    if rows:
        await enqueue_many(app.alerts, rows)


async def on_group_button(
    query: CallbackQuery, callback_data: GroupCb, *, app: AppContext, i18n: I18nContext, bot: Bot
) -> None:
    user = query.from_user
    message = query.message
    chat_id = message.chat.id if message is not None else user.id
    pressed = (message.chat.id, message.message_id) if message is not None else None
    repo = group_repo(app)
    group = await repo.get(callback_data.id)
    listed = ordered(await repo.alerts_for(group.id, chat_id)) if group is not None else []
    if group is None or not listed:
        await query.answer(i18n.get("storms-gone"), show_alert=True)
        if pressed is not None:
            await _show(app, bot, i18n, callback_data.id, pressed, view="main")
        return
    tracker = await app.access.tracker(
        user.id, group.tracker_id, Action.RESPOND, where=Place(chat_id, group_id=group.id)
    )
    if tracker is None:
        await query.answer(refused(i18n, "alerts-not-allowed"), show_alert=True)
        return
    tz, now = tracker.timezone, app.clock()
    action = callback_data.a
    open_ = [a for a in listed if a.resolved_at is None]
    if not open_:
        at = clock(max(a.resolved_at or a.opened_at for a in listed), tz, now)
        await query.answer(i18n.get("storms-already-resolved", at=at, tz=tz), show_alert=True)
        await _show(app, bot, i18n, group.id, pressed, view="main")
        return
    if action in (SHOW_ALL, BACK):
        await query.answer()
        await _show(app, bot, i18n, group.id, pressed, view="all" if action == SHOW_ALL else "main")
        return
    targets = open_
    if action in (ACK_ONE, SNOOZE_ONE):
        targets = [a for a in open_ if a.id == callback_data.al]
        if not targets:
            await query.answer(i18n.get("storms-not-listed"), show_alert=True)
            await _show(app, bot, i18n, group.id, pressed, view="all")
            return
    changed: list[Alert] = []
    if action in (ACK_ALL, ACK_ONE):
        for alert in targets:
            if alert.acked_by is not None:
                continue
            after = await app.alerts.alerts.ack(alert.id, user.id, presser_name(user), to_iso(now))
            if after is not None and after.acked_by == user.id:
                changed.append(after)
                rule = await app.alerts.alerts.get_rule(alert.rule_id)
                name = rule.name if rule is not None else str(alert.rule_id)
                await app.audit.record(user.id, "alert.ack", tracker_id=group.tracker_id, rule=name)
        await query.answer(i18n.get("storms-acked", count=len(changed)))
    elif action in SNOOZES:
        until = now + SNOOZES[action]
        for alert in targets:
            if await app.alerts.alerts.snooze(alert.id, to_iso(until)):
                changed.append(alert)
                rule = await app.alerts.alerts.get_rule(alert.rule_id)
                name = rule.name if rule is not None else str(alert.rule_id)
                await app.audit.record(
                    user.id, "alert.snooze", tracker_id=group.tracker_id, rule=name, until=to_iso(until)
                )
        words = until_text(i18n.get, until, tz, now)
        await query.answer(i18n.get("storms-snoozed", count=len(changed), until=words, tz=tz))
    else:
        await query.answer(i18n.get("stale-button"), show_alert=True)
        return
    await _show(app, bot, i18n, group.id, pressed, view="all" if action in (ACK_ONE, SNOOZE_ONE) else "main")
    if changed:
        await _others(app, group.id, changed, chat_id)


def build_router() -> Router:
    router = Router(name="alert-group-buttons")
    router.callback_query.register(on_group_button, GroupCb.filter(F.a.in_(GROUP_ACTIONS)))
    return router
