"""The error handlers of the dispatcher, one place for what a feature does not answer itself:

* a Keitaro failure (:class:`keitaro.errors.KeitaroError`) that a handler lets through gets the one
  sentence saying what happened and what to do, named after the tracker the screen is about — the
  features answer it themselves only where they have something more specific to say;
* a tracker's stored secret that does not decrypt (:class:`storage.TrackerSecretUnreadable`: the
  ``SECRET_KEY`` changed, or the row was damaged) gets "enter this tracker's key (postback URL)
  again", naming the tracker, with the button that opens entering it (never an error id);
* a button of a screen that no longer exists gets "this menu is closed" (so does a list's button
  whose item id is not one the bot could have shown: ``handlers.input.StaleButton``, and a button
  whose value a check refused: buttons carry only values the bot chose, so it was forged);
* an :class:`handlers.input.InputError` a handler let through (typed input a check refused) gets its
  sentence;
* anything else: a short apology with an error id for the user, the traceback in the log.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from aiogram import Dispatcher
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, InlineKeyboardMarkup, Update
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.i18n import EscapingFluentCore, language_from_telegram
from handlers.context import AppContext
from handlers.input import InputError, StaleButton
from handlers.trackers.reenter import unreadable_message
from handlers.ui import keitaro_error_key
from keitaro.errors import KeitaroError
from services.access import Action
from storage import TrackerSecretUnreadable

log = logging.getLogger("bot.errors")

Tr = Callable[..., str]


def register_error_handlers(dp: Dispatcher, core: EscapingFluentCore, default_language: str) -> None:
    def translator(data: dict[str, Any]) -> Tr:
        i18n = data.get("i18n")
        if i18n is not None:
            return lambda key, **kw: str(i18n.get(key, **kw))
        lang = language_from_telegram(data.get("event_from_user")) or default_language
        return lambda key, **kw: core.get(key, lang, **kw)

    async def on_keitaro_error(event: ErrorEvent, **data: Any) -> bool:
        error = event.exception
        assert isinstance(error, KeitaroError)
        log.info("Keitaro call failed in update %s: %s", event.update.update_id, error.code)
        key, args = keitaro_error_key(error)
        tr = translator(data)
        await _tell(event.update, tr(key, tracker=await _tracker_name(data), **args))
        return True

    async def on_unreadable_secret(event: ErrorEvent, **data: Any) -> bool:
        error = event.exception
        assert isinstance(error, TrackerSecretUnreadable)
        log.warning("tracker %s: its stored %s does not decrypt", error.tracker_id, error.secret)
        user = data.get("event_from_user")
        text, markup = unreadable_message(translator(data), error, user.id if user is not None else 0)
        await _tell(event.update, text, markup=markup)
        return True

    async def on_error(event: ErrorEvent, **data: Any) -> bool:
        update, tr = event.update, translator(data)
        if isinstance(event.exception, UnknownIntent | OutdatedIntent | UnknownState | StaleButton):
            # a button of a screen that no longer exists (closed, cancelled, or from before an update)
            log.info("outdated dialog button: %s", type(event.exception).__name__)
            await _tell(update, tr("stale-button"), alert=True)
            return True
        if isinstance(event.exception, InputError):
            # a check refused a value no handler expected to be refused
            log.info("input refused outside its step: %s", event.exception.key)
            if update.callback_query is not None:
                await _tell(update, tr("stale-button"), alert=True)
            else:
                await _tell(update, tr(event.exception.key, **event.exception.args_))
            return True
        error_id = secrets.token_hex(4)
        log.error("unhandled error %s in update %s", error_id, update.update_id, exc_info=event.exception)
        await _tell(update, tr("error-unexpected", error_id=error_id))
        return True

    dp.errors.register(on_keitaro_error, ExceptionTypeFilter(KeitaroError))
    dp.errors.register(on_unreadable_secret, ExceptionTypeFilter(TrackerSecretUnreadable))
    dp.errors.register(on_error)


async def _tracker_name(data: dict[str, Any]) -> str:
    """The tracker the screen is about (the open dialog's), else the person's active one."""
    app: AppContext | None = data.get("app")
    user = data.get("event_from_user")
    if app is None or user is None:
        return ""
    try:
        manager: DialogManager | None = data.get("dialog_manager")
        tracker_id = (
            manager.dialog_data.get("tracker_id") if manager is not None and manager.has_context() else None
        )
        tracker = None
        if isinstance(tracker_id, int):
            tracker = await app.access.tracker(user.id, tracker_id, Action.VIEW)
        tracker = tracker or await app.access.active(user.id, Action.VIEW)
    except Exception:  # naming the tracker is a nicety: the sentence goes out anyway
        log.warning("could not name the tracker of a failed Keitaro call", exc_info=True)
        return ""
    return tracker.name if tracker is not None else ""


async def _tell(
    update: Update, text: str, *, alert: bool = False, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Say ``text`` where the update came from: a pressed button's chat (the press answered), or
    the chat of a message."""
    query = update.callback_query
    if query is not None:
        if alert:
            await _safe(query.answer(text, show_alert=True))
            return
        await _safe(query.answer())
        if query.message is not None and query.bot is not None:
            await _safe(query.bot.send_message(query.message.chat.id, text, reply_markup=markup))
    elif update.message is not None:
        await _safe(update.message.answer(text, reply_markup=markup))


async def _safe(awaitable: Any) -> None:
    try:
        await awaitable
    except Exception:  # reporting an error must never raise another
        log.warning("could not tell the user about an error", exc_info=True)
