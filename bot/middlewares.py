"""Outer middlewares on every update: in-flight tracking, access check, the user's row."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TgUser
from aiogram_dialog.api.entities import DialogUpdate

from bot.i18n import EscapingFluentCore, language_from_telegram
from bot.settings import Settings
from handlers.context import AppContext
from services.ratelimit import RateLimiter

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """Counts updates being handled so shutdown can wait for them instead of cutting them off."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class DialogUpdateIsolation(BaseMiddleware):
    """Background updates of aiogram-dialog (``manager.bg().update(...)``, e.g. the postback
    verification's progress) take the same per-user lock as the user's own updates.

    Without it a background update can load the dialog context while a button press is being
    handled and save it back afterwards, undoing the press (seen: the result screen jumping back
    to the summary). aiogram's FSM middleware does not lock these synthetic updates itself.
    """

    def __init__(self, isolation: BaseEventIsolation) -> None:
        self.isolation = isolation

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, DialogUpdate) or "state" in data:
            return await handler(event, data)
        update = event.aiogd_update
        bot: Bot = data["bot"]
        key = StorageKey(
            bot_id=bot.id,
            chat_id=update.chat.id,
            user_id=update.from_user.id,
            thread_id=update.thread_id,
            business_connection_id=update.business_connection_id,
        )
        async with self.isolation.lock(key):
            return await handler(event, data)


class AccessMiddleware(BaseMiddleware):
    """ALLOWED_USER_IDS (when set) and ADMIN_IDS decide who may use the bot.

    Anyone else gets a refusal that shows their Telegram id, and nothing else happens. The
    refusals to one person are rate-limited (``refusals``: two, then one a minute; silence in
    between), so nobody can make the bot flood a chat by sending it commands. A button press is
    always answered (the popup is seen only by the person who pressed, and ends the spinner).
    """

    def __init__(self, settings: Settings, core: EscapingFluentCore, refusals: RateLimiter) -> None:
        self.settings = settings
        self.core = core
        self.refusals = refusals

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is None or self.settings.is_allowed(user.id):
            return await handler(event, data)
        log.info("refused update from user %s (not in ALLOWED_USER_IDS)", user.id)
        lang = language_from_telegram(user) or self.settings.default_language
        text = self.core.get("access-denied", lang, user_id=str(user.id))
        if isinstance(event, Update):
            if isinstance(event.message, Message):
                message = event.message
                wanted = message.chat.type == "private" or (message.text or "").startswith("/")
                if wanted and self.refusals.allow(user.id):  # in groups only commands get the refusal
                    await message.answer(text)
            elif isinstance(event.callback_query, CallbackQuery):
                await event.callback_query.answer(self.core.get("access-denied-short", lang), show_alert=True)
        return None


class UserMiddleware(BaseMiddleware):
    """Loads (or creates) the user's row: ``db_user`` for the language and role."""

    def __init__(self, app: AppContext) -> None:
        self.app = app

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is not None and not user.is_bot:
            data["db_user"] = await self.app.load_user(
                user.id, user.username, user.full_name, language_from_telegram(user)
            )
        return await handler(event, data)
