"""Outer middlewares on every update: in-flight tracking, access check, the user's row, the team
chat an update comes from."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import Token
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TgUser
from aiogram_dialog.api.entities import DialogUpdate

from bot.i18n import EscapingFluentCore, language_from_telegram
from bot.settings import Settings
from handlers.context import AppContext
from handlers.trackers.join import JoinCb
from services.access import in_chat
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


JOIN_PREFIX = JoinCb.__prefix__ + JoinCb.__separator__  # the invitation's Join / No, thanks


class AccessMiddleware(BaseMiddleware):
    """ALLOWED_USER_IDS (when set) and ADMIN_IDS decide who may use the bot; so does a team: a
    member of any tracker is allowed, and ``/start <payload>`` (an invitation link) always reaches
    its handler (which checks the invitation; a bad one gets the same answer as an expired one).

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
        if user is None or self.settings.is_allowed(user.id) or await self._on_a_team(user.id, event, data):
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

    @staticmethod
    async def _on_a_team(user_id: int, event: TelegramObject, data: dict[str, Any]) -> bool:
        """A member of a tracker, or someone opening an invitation link (and pressing ✅ Join or
        ✖️ No, thanks under it: the join handler accepts that only with the link they opened)."""
        if isinstance(event, Update) and isinstance(event.message, Message):
            message = event.message
            words = (message.text or "").split()
            if message.chat.type == "private" and len(words) == 2 and words[0] == "/start":
                return True
        if isinstance(event, Update) and isinstance(event.callback_query, CallbackQuery):
            query = event.callback_query
            private = isinstance(query.message, Message) and query.message.chat.type == "private"
            if private and (query.data or "").startswith(JOIN_PREFIX):
                return True
        app: AppContext | None = data.get("app")
        return app is not None and bool(await app.members.memberships(user_id))


# what a stranger may still type in a team chat: nothing of the tracker's (/subscribe and
# /unsubscribe ask their own questions first — a group admin, a manager — and say no themselves)
OPEN_IN_ROOM = frozenset({"start", "help", "lang", "language", "cancel", "subscribe", "unsubscribe"})


def command_of(text: str | None) -> str | None:
    """``stats`` of ``/stats@my_bot 7d``; ``None`` for a text that is not a command."""
    if not text or not text.startswith("/"):
        return None
    return text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()


class UserMiddleware(BaseMiddleware):
    """Loads (or creates) the user's row: ``db_user`` for the language and role; and tells the
    access decision which group an update comes from (a group subscribed to a tracker is its team's
    room: commands there are about the room's tracker).

    In a team chat, a person who is not on the team of a tracker the group hears gets no data: their
    messages are dropped, and a command gets one short refusal at most (rate-limited per person,
    ``app.refusals``); /start, /help, /lang, /cancel still work (/subscribe, /unsubscribe refuse
    by themselves). Their button presses go on to the
    access decision (a bot admin or a rotation's person may answer an alert there)."""

    def __init__(self, app: AppContext) -> None:
        self.app = app

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is not None and not user.is_bot:
            data["db_user"] = await self.app.load_user(
                user.id, user.username, user.full_name, language_from_telegram(user)
            )
        chat = data.get("event_chat")
        group = chat.id if chat is not None and chat.type in ("group", "supergroup") else None
        token = in_chat(group)
        try:
            if group is not None and user is not None and await self._stranger(event, user, group):
                return None
            return await handler(event, data)
        finally:
            _reset_chat(token)

    async def _stranger(self, event: TelegramObject, user: TgUser, group: int) -> bool:
        """A message of someone not on the room's team (answered at most once in a while)."""
        if not isinstance(event, Update) or not isinstance(event.message, Message):
            return False
        command = command_of(event.message.text)
        if command in OPEN_IN_ROOM or await self.app.access.in_room(user.id, group) is not False:
            return False
        if command is not None and self.app.refusals.allow(user.id):
            db_user = await self.app.users.get(user.id)
            lang = (db_user.speaks if db_user else None) or language_from_telegram(user)
            await event.message.answer(self.app.texts.get("teamchat-not-member", lang))
        return True


def _reset_chat(token: Token[int | None]) -> None:
    try:
        token.var.reset(token)
    except ValueError:  # a token of another context (cannot happen in one task; never fatal)
        log.debug("group chat context not reset", exc_info=True)
