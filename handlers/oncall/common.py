"""What the on-call screens share: the hook URL, who is a group's admin, names of people."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Chat, Message
from aiogram_dialog import DialogManager

from handlers.context import AppContext
from handlers.ui import dialog_tracker, esc, i18n_of, refused, toast, user_id_of
from services.access import Action
from storage import Tracker

log = logging.getLogger(__name__)

GROUP_TYPES = ("group", "supergroup")
ADMIN_STATUSES = ("creator", "administrator")
SEVERITY_ORDER = ("critical", "warning", "info")


def hooks_base_url(app: AppContext) -> str:
    """The public origin of the bot's HTTP server (known once the server listens)."""
    return app.hooks_base_url().rstrip("/")


def conversions_url(app: AppContext, secret: str, query: str) -> str:
    return f"{hooks_base_url(app)}/hooks/conversions/{secret}?{query}"


async def is_chat_admin(bot: Bot, chat: Chat, user_id: int) -> bool:
    """A private chat is its person's own; in a group the person must be its creator or an admin
    (asked from Telegram every time, never remembered)."""
    if chat.type == "private":
        return chat.id == user_id
    if chat.type not in GROUP_TYPES:
        return False
    try:
        member = await bot.get_chat_member(chat.id, user_id)
    except TelegramAPIError:
        log.info("getChatMember failed for chat %s", chat.id, exc_info=True)
        return False
    return member.status in ADMIN_STATUSES


def person_label(user_id: int, usernames: dict[int, str | None]) -> str:
    """``@alice`` for a person the bot knows by username, else ``id 12345`` (escaped HTML)."""
    name = usernames.get(user_id)
    return esc(f"@{name}") if name else f"id <code>{user_id}</code>"


def chat_data(chat: Chat) -> dict[str, Any]:
    """What the /subscribe dialog keeps of the chat it runs in."""
    return {"chat_id": chat.id, "chat_type": chat.type, "title": chat.title}


async def may_change(query: CallbackQuery | Message, manager: DialogManager) -> Tracker | None:
    """The dialog's tracker, if the person still owns it and (in a group) is still an admin there."""
    i18n = i18n_of(manager)
    chat: Chat = manager.middleware_data["event_chat"]
    if chat.id != manager.dialog_data.get("chat_id"):
        return None
    if not await is_chat_admin(manager.middleware_data["bot"], chat, user_id_of(manager)):
        if isinstance(query, CallbackQuery):
            await toast(query, i18n.get("sub-not-admin-short"), alert=True)
        return None
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if tracker is None and isinstance(query, CallbackQuery):
        await toast(query, refused(i18n, "sub-tracker-gone"), alert=True)
    return tracker
