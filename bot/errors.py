"""The one global error handler: an apology with an error id for the user, a traceback in the log."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from aiogram.types import ErrorEvent
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import EscapingFluentCore, language_from_telegram

log = logging.getLogger("bot.errors")


def make_error_handler(core: EscapingFluentCore, default_language: str) -> Any:
    async def on_error(event: ErrorEvent, **data: Any) -> bool:
        update = event.update
        i18n = data.get("i18n")
        user = data.get("event_from_user")
        if i18n is not None:

            def tr(key: str, **kw: Any) -> str:
                return str(i18n.get(key, **kw))
        else:
            lang = language_from_telegram(user) or default_language

            def tr(key: str, **kw: Any) -> str:
                return core.get(key, lang, **kw)

        query = update.callback_query
        if isinstance(event.exception, UnknownIntent | OutdatedIntent | UnknownState):
            # a button of a screen that no longer exists (closed, cancelled, or from before an update)
            log.info("outdated dialog button: %s", type(event.exception).__name__)
            if query is not None:
                await _safe(query.answer(tr("stale-button"), show_alert=True))
            elif update.message is not None:
                await _safe(update.message.answer(tr("stale-button")))
            return True

        error_id = secrets.token_hex(4)
        log.error("unhandled error %s in update %s", error_id, update.update_id, exc_info=event.exception)
        text = tr("error-unexpected", error_id=error_id)
        if query is not None:
            await _safe(query.answer())
            if query.message is not None:
                await _safe(query.bot.send_message(query.message.chat.id, text))  # type: ignore[union-attr]
        elif update.message is not None:
            await _safe(update.message.answer(text))
        return True

    return on_error


async def _safe(awaitable: Any) -> None:
    try:
        await awaitable
    except Exception:  # reporting an error must never raise another
        log.warning("could not tell the user about an error", exc_info=True)
