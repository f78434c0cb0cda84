"""Last router: anything no feature took gets an answer, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext


async def unknown_message(message: Message, i18n: I18nContext) -> None:
    if message.chat.type != "private" and not await _addressed_to_us(message):
        return  # a group's talk is not for the bot: only commands meant for it get an answer
    if message.text and message.text.startswith("/"):
        await message.answer(i18n.get("unknown-command"))
    else:
        await message.answer(i18n.get("unknown-message"))


async def _addressed_to_us(message: Message) -> bool:
    """A command in a group that names this bot (``/foo@ThisBot``); plain talk and commands for
    other bots are not."""
    text = message.text or ""
    if not text.startswith("/") or message.bot is None:
        return False
    command = text.split()[0]
    if "@" not in command:
        return False
    me = await message.bot.me()
    return command.split("@", 1)[1].lower() == (me.username or "").lower()


async def stale_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("stale-button"), show_alert=True)


def build_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message)
    router.callback_query.register(stale_button)
    return router
