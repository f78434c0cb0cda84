"""Last router: anything no feature took gets an answer, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext


async def unknown_message(message: Message, i18n: I18nContext) -> None:
    if message.text and message.text.startswith("/"):
        await message.answer(i18n.get("unknown-command"))
    else:
        await message.answer(i18n.get("unknown-message"))


async def stale_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("stale-button"), show_alert=True)


def build_router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_message)
    router.callback_query.register(stale_button)
    return router
