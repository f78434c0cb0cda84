"""📜 Timeline under an alert message (open or resolved): the alert's timeline as a new message in the
chat (the newest events, ◀️ Earlier / Later ▶️ in place), and once it is resolved the post-mortem as
text or as a file (``alert-<id>-postmortem.md``). Every press asks again whether the presser may read
the alert (:func:`~handlers.alerts.timeline_text.reader_tracker`); texts are in the chat's language.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from handlers.alerts.kinds import Tr
from handlers.alerts.render import rule_title
from handlers.alerts.timeline_keys import FILE, PAGE, TEXT, VIEW, TimelineCb
from handlers.alerts.timeline_text import (
    Incident,
    load_incident,
    plain,
    postmortem_lines,
    reader_tracker,
    timeline_page,
)
from handlers.context import AppContext
from handlers.notices import chat_language, translator

log = logging.getLogger(__name__)

__all__ = ["build_router", "chunks", "send_postmortem", "timeline_keyboard"]

LIMIT = 3900  # below Telegram's 4096 (with room for the line that says the rest is in the file)
TEXT_PARTS = 3  # the post-mortem as text: at most this many messages
_PARTIAL = re.compile(r"&[#a-zA-Z0-9]*$")  # an HTML entity the cut went through


def timeline_keyboard(tr: Tr, inc: Incident, page: int, pages: int) -> InlineKeyboardMarkup | None:
    kb = InlineKeyboardBuilder()
    sizes: list[int] = []
    if page < pages - 1:
        kb.button(text=tr("tl-btn-earlier"), callback_data=TimelineCb(a=PAGE, id=inc.alert.id, p=page + 1))
    if page > 0:
        kb.button(text=tr("tl-btn-later"), callback_data=TimelineCb(a=PAGE, id=inc.alert.id, p=page - 1))
    if pages > 1:
        sizes.append(int(page < pages - 1) + int(page > 0))
    if inc.alert.resolved_at is not None:
        kb.button(text=tr("tl-btn-pm-text"), callback_data=TimelineCb(a=TEXT, id=inc.alert.id))
        kb.button(text=tr("tl-btn-pm-file"), callback_data=TimelineCb(a=FILE, id=inc.alert.id))
        sizes += [1, 1]
    if not sizes:
        return None
    kb.adjust(*sizes)
    return kb.as_markup()


def chunks(lines: list[str], limit: int = LIMIT) -> list[str]:
    """Whole lines into messages of at most ``limit`` characters (a longer line is cut)."""
    parts: list[str] = []
    current = ""
    for whole in lines:
        line = whole if len(whole) <= limit else _PARTIAL.sub("", whole[: limit - 1]) + "…"
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        parts.append(current)
    return parts


async def on_timeline(
    query: CallbackQuery, callback_data: TimelineCb, *, app: AppContext, i18n: I18nContext, bot: Bot
) -> None:
    user, message = query.from_user, query.message
    chat_id = message.chat.id if message is not None else user.id
    inc = await load_incident(app, callback_data.id)
    if inc is None:
        await query.answer(i18n.get("tl-gone"), show_alert=True)
        return
    if await reader_tracker(app, user.id, inc.alert, inc.rule, chat_id) is None:
        await query.answer(i18n.get("tl-not-allowed"), show_alert=True)
        return
    tr = translator(app.texts, await chat_language(app, chat_id, i18n.locale))
    now = app.clock()
    action = callback_data.a
    if action in (VIEW, PAGE):
        text, page, pages = timeline_page(tr, inc, now, callback_data.p)
        markup = timeline_keyboard(tr, inc, page, pages)
        await query.answer()
        if action == PAGE and message is not None:
            try:
                await bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=message.message_id, reply_markup=markup
                )
            except TelegramBadRequest as error:
                if "not modified" not in error.message.lower():
                    raise
            return
        await bot.send_message(chat_id, text, reply_markup=markup)
        return
    if inc.alert.resolved_at is None:
        await query.answer(i18n.get("tl-pm-resolved-only"), show_alert=True)
        return
    await query.answer()
    await send_postmortem(bot, chat_id, tr, inc, now, as_file=action == FILE)


async def send_postmortem(
    bot: Bot, chat_id: int, tr: Tr, inc: Incident, now: datetime, *, as_file: bool
) -> None:
    """The resolved alert's post-mortem to the chat: as messages, or as a Markdown/plain-text file."""
    lines = postmortem_lines(tr, inc, now)
    if not as_file:
        parts = chunks(lines)
        if len(parts) > TEXT_PARTS:  # a long incident: the rest is in the file
            cut = tr("tl-pm-cut")
            parts = [*parts[: TEXT_PARTS - 1], *chunks([parts[TEXT_PARTS - 1], cut], LIMIT + len(cut) + 1)]
        for part in parts:
            await bot.send_message(chat_id, part)
        return
    content = plain("\n".join(lines)).encode()
    document = BufferedInputFile(content, filename=f"alert-{inc.alert.id}-postmortem.md")
    caption = tr("tl-pm-file-caption", rule=rule_title(tr, inc.rule))
    await bot.send_document(chat_id, document, caption=caption)


def build_router() -> Router:
    router = Router(name="alert-timeline")
    router.callback_query.register(on_timeline, TimelineCb.filter(F.a.in_({VIEW, PAGE, TEXT, FILE})))
    return router
