"""/unsubscribe: stop a tracker's notifications in this chat (a group: its admins only, and only the
trackers on which they are a manager or the owner — a group of a team is the team's room)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.input import DbInt
from handlers.oncall.common import GROUP_TYPES, is_chat_admin
from handlers.ui import refused
from services.access import Action
from storage.subscriptions import Subscription


class UnsubCb(CallbackData, prefix="unsub"):
    tracker_id: DbInt  # 0 = every tracker of this chat


async def cmd_unsubscribe(message: Message, bot: Bot, app: AppContext, i18n: I18nContext) -> None:
    assert message.from_user is not None
    chat = message.chat
    subs = await app.alerts.subscriptions.for_chat(chat.id)
    if not subs:
        await message.answer(i18n.get("unsub-none"))
        return
    if not await is_chat_admin(bot, chat, message.from_user.id):
        if app.refusals.allow(message.from_user.id):  # no flood of refusals into the group
            await message.answer(i18n.get("sub-not-admin"))
        return
    subs = await _theirs(app, message.from_user.id, message.chat.type, subs)
    if not subs:
        if app.refusals.allow(message.from_user.id):
            await message.answer(refused(i18n, "sub-not-admin"))
        return
    names = await app.alerts.oncall.tracker_names([s.tracker_id for s in subs])
    if len(subs) == 1:
        await app.alerts.subscriptions.unsubscribe(chat.id, subs[0].tracker_id)
        await message.answer(i18n.get("unsub-done", tracker=names.get(subs[0].tracker_id, "?")))
        return
    kb = InlineKeyboardBuilder()
    for sub in subs:
        kb.button(
            text="🔕 " + names.get(sub.tracker_id, "?"), callback_data=UnsubCb(tracker_id=sub.tracker_id)
        )
    kb.button(text=i18n.get("unsub-btn-all"), callback_data=UnsubCb(tracker_id=0))
    kb.adjust(1)
    await message.answer(i18n.get("unsub-which"), reply_markup=kb.as_markup())


async def on_unsub_button(
    query: CallbackQuery, callback_data: UnsubCb, bot: Bot, app: AppContext, i18n: I18nContext
) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    chat = query.message.chat
    if not await is_chat_admin(bot, chat, query.from_user.id):
        await query.answer(i18n.get("sub-not-admin-short"), show_alert=True)
        return
    subs = app.alerts.subscriptions
    active = [
        s.tracker_id for s in await _theirs(app, query.from_user.id, chat.type, await subs.for_chat(chat.id))
    ]
    chosen = active if callback_data.tracker_id == 0 else [t for t in active if t == callback_data.tracker_id]
    names = await app.alerts.oncall.tracker_names(chosen)
    for tracker_id in chosen:
        await subs.unsubscribe(chat.id, tracker_id)
    await query.answer()
    text = (
        i18n.get("unsub-done", tracker=", ".join(names.get(t, "?") for t in chosen))
        if chosen
        else i18n.get("unsub-none")
    )
    try:
        await query.message.edit_text(text)
    except TelegramBadRequest as error:  # pressed again (or forged) on a message that says it already
        if "not modified" not in error.message.lower():
            raise


async def _theirs(
    app: AppContext, user_id: int, chat_type: str, subs: list[Subscription]
) -> list[Subscription]:
    """The subscriptions the person may stop: all of their private chat's; in a group, those of
    trackers on which they may change subscriptions (:attr:`Action.ALERT_RULES`)."""
    if chat_type not in GROUP_TYPES:
        return subs
    return [
        s for s in subs if await app.access.tracker(user_id, s.tracker_id, Action.ALERT_RULES) is not None
    ]
