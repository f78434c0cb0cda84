"""Shared pieces of the Telegram UI: translated dialog text, escaping, error sentences."""

from __future__ import annotations

import asyncio
import contextvars
import html
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.entities import NewMessage, OldMessage
from aiogram_dialog.api.protocols import DialogProtocol
from aiogram_dialog.manager.message_manager import MessageManager, _combine
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Select
from aiogram_dialog.widgets.text import Format, Text
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from keitaro import errors as kerr
from services.access import Action, last_refusal
from storage import Tracker

_log = logging.getLogger(__name__)
DRAIN_SECONDS = 10.0  # at shutdown, for the old messages' buttons still being taken off


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


_ANSWERED: OrderedDict[str, None] = OrderedDict()


async def toast(query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
    """Answer a button press with a short text; aiogram-dialog then skips its own empty answer."""
    await query.answer(text, show_alert=alert)
    _ANSWERED[query.id] = None
    while len(_ANSWERED) > 1000:
        _ANSWERED.popitem(last=False)


class DialogMessageManager(MessageManager):
    """aiogram-dialog's message manager, minus the second answer to a press we already answered,
    and answering first: when a new message replaces one with buttons (a command typed while a
    list is on screen), the new message is sent, and the old one's buttons are taken off by a
    background task (:meth:`drain` waits for them at shutdown): the user waits for one Bot API
    call, and neither this update nor the next one of the chat waits for the second. Only a show
    that works on that same old message (a stale press on it) waits for its removal first, so
    the two never overtake each other. A removal that fails is logged (the new message is out)."""

    def __init__(self) -> None:
        super().__init__()
        self._removing: dict[tuple[int, int], asyncio.Task[None]] = {}

    async def show_message(
        self, bot: Bot, new_message: NewMessage, old_message: OldMessage | None
    ) -> OldMessage:
        if old_message is not None:
            pending = self._removing.get((old_message.chat.id, old_message.message_id))
            if pending is not None:
                await asyncio.wait([pending])
        if (
            old_message is not None
            and new_message.show_mode is ShowMode.SEND
            and not self.had_reply_keyboard(old_message)
        ):
            sent = await self.send_message(bot, new_message)
            self._remove_later(bot, old_message)
            return _combine(new_message, sent)
        return await super().show_message(bot, new_message, old_message)

    def _remove_later(self, bot: Bot, old_message: OldMessage) -> None:
        key = (old_message.chat.id, old_message.message_id)
        # a context of its own: the removal belongs to no update (nothing of this one's dialog
        # data is saved before it, and it holds no lock of the chat)
        task = asyncio.get_running_loop().create_task(
            self._remove(bot, old_message), context=contextvars.Context()
        )
        self._removing[key] = task
        task.add_done_callback(lambda t: self._forget(key, t))

    def _forget(self, key: tuple[int, int], task: asyncio.Task[None]) -> None:
        if self._removing.get(key) is task:
            del self._removing[key]

    async def _remove(self, bot: Bot, old_message: OldMessage) -> None:
        try:
            await self.remove_inline_kbd(bot, old_message)
        except Exception:
            _log.warning("could not take the buttons off an old message", exc_info=True)

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Wait (at most ``timeout`` s) for the buttons being taken off."""
        if self._removing:
            await asyncio.wait(list(self._removing.values()), timeout=timeout)

    async def drain_at_shutdown(self) -> None:
        """The dispatcher's shutdown hook (after the updates in flight: registered after theirs)."""
        await self.drain()

    async def answer_callback(self, bot: Bot, callback_query: CallbackQuery) -> None:
        if _ANSWERED.pop(callback_query.id, 1) is None:
            return
        await super().answer_callback(bot, callback_query)


async def delete_secret_message(message: Message) -> bool:
    """Delete a user's message that carries a secret (API key, postback URL) at once."""
    try:
        await message.delete()
    except Exception:  # the secret is still never stored or logged; the user is told to delete it
        logging.getLogger(__name__).warning("could not delete a message carrying a secret", exc_info=True)
        return False
    return True


def esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def app_of(manager: DialogManager) -> AppContext:
    app: AppContext = manager.middleware_data["app"]
    return app


def user_id_of(manager: DialogManager) -> int:
    """The Telegram id of whoever caused the current event (the owner for every lookup)."""
    return int(manager.middleware_data["event_from_user"].id)


async def active_tracker_or_say(
    message: Message, app: AppContext, i18n: I18nContext, action: Action = Action.VIEW
) -> Tracker | None:
    """The sender's active tracker for a command, if they may do ``action`` on it; without one, the
    command answers how to add one."""
    assert message.from_user is not None
    tracker = await app.access.active(message.from_user.id, action)
    if tracker is None:
        why = last_refusal()
        await message.answer(refused(i18n) if why and why.role else i18n.get("res-no-tracker"))
    return tracker


def refused(i18n: I18nContext, fallback: str = "tracker-gone") -> str:
    """Why the access decision just said no, in the person's words: their role does not allow it
    (it was lowered, or never did), else ``fallback`` (the tracker is gone or no longer theirs)."""
    why = last_refusal()
    if why is not None and why.role is not None:
        return i18n.get(
            "access-role-refused", tracker=why.tracker_name or "", role=i18n.get(f"role-{why.role}")
        )
    return i18n.get(fallback)


async def dialog_tracker(manager: DialogManager, action: Action = Action.VIEW) -> Tracker | None:
    """The tracker the dialog is about (``dialog_data["tracker_id"]``), if the person may do
    ``action`` on it — asked every time: a forged or stale id finds nothing."""
    tracker_id = manager.dialog_data.get("tracker_id")
    if tracker_id is None:
        return None
    return await app_of(manager).access.tracker(user_id_of(manager), int(tracker_id), action)


async def dialog_tracker_or_say(
    manager: DialogManager, event: Message | CallbackQuery, action: Action
) -> Tracker | None:
    """:func:`dialog_tracker`, and when it finds nothing the refusal said where the person acted (a
    pop-up for a press, a message for typed text)."""
    tracker = await dialog_tracker(manager, action)
    if tracker is None:
        text = refused(i18n_of(manager))
        if isinstance(event, CallbackQuery):
            await toast(event, text, alert=True)
        else:
            await event.answer(text)
    return tracker


def add_notice(manager: DialogManager, key: str, **args: Any) -> None:
    """A line shown once above the next screen (the result of the last action)."""
    lines = manager.dialog_data.setdefault("notice", [])
    lines.append({"key": key, "args": {k: v for k, v in args.items() if v is not None}})


def i18n_of(manager: DialogManager) -> I18nContext:
    i18n: I18nContext = manager.middleware_data["i18n"]
    return i18n


class T(Text):
    """A dialog text from the locale files.

    ``T("btn-back")`` passes every plain value the window getter returned (str, int, float, Html) to
    Fluent; ``T("tz-ask", name="tracker_name")`` renames, ``n=lambda d: ...`` computes.
    """

    def __init__(self, key: str, when: WhenCondition = None, **args: str | Callable[[dict[str, Any]], Any]):
        super().__init__(when=when)
        self.key = key
        self.args = args

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        params: dict[str, Any] = {
            k: v for k, v in data.items() if isinstance(v, str | int | float) and not isinstance(v, bool)
        }
        for name, source in self.args.items():
            params[name] = source(data) if callable(source) else data.get(source)
        return i18n_of(manager).get(self.key, **{k: v for k, v in params.items() if v is not None})


class ErrorLine(Text):
    """The reason the last input was refused (``dialog_data["error"]``), above the re-asked question."""

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        error = manager.dialog_data.get("error") if manager.has_context() else None
        if not error:
            return ""
        return "⚠️ " + i18n_of(manager).get(error["key"], **error.get("args", {})) + "\n"


def set_error(manager: DialogManager, key: str, **args: Any) -> None:
    manager.dialog_data["error"] = {"key": key, "args": {k: v for k, v in args.items() if v is not None}}
    manager.show_mode = ShowMode.SEND


def clear_error(manager: DialogManager) -> None:
    manager.dialog_data.pop("error", None)


def keitaro_error_key(error: Exception) -> tuple[str, dict[str, str]]:
    """Locale key and arguments of the one-sentence explanation of a Keitaro failure."""
    if isinstance(error, kerr.KeitaroError):
        code = error.code
        if isinstance(error, kerr.NotJsonError) and error.looks_like_cloudflare:
            code = "cloudflare_1010" if error.cloudflare_code == 1010 else "cloudflare"
        if isinstance(error, kerr.ValidationError) and error.http_status == 422:
            code = "validation_422"  # a newer tracker's validation error: the sentence names 422
        return f"kerr-{code}", {"status": str(error.http_status or "")}
    return "kerr-unknown", {}


def keitaro_sentence(i18n: I18nContext, error: Exception, tracker: str) -> Html:
    """The one sentence (in the person's language) saying what went wrong with the tracker and what
    to do. A failure a handler does not answer itself gets it from ``bot/errors.py``."""
    key, args = keitaro_error_key(error)
    return Html(i18n.get(key, tracker=tracker, **args))


async def unexpected_input(message: Message, _widget: Any, manager: DialogManager) -> None:
    """A message where the current screen expects a button press: say so and show it again."""
    i18n = i18n_of(manager)
    key = "input-use-buttons" if message.text else "input-not-text"
    await message.answer(i18n.get(key))
    manager.show_mode = ShowMode.SEND


def pick(widget_id: str, items: str, on_click: Any) -> Select[str]:
    """Buttons from a getter's list of ``(label, id)`` pairs; ``on_click(query, widget, manager, id)``."""
    return Select(
        Format("{item[0]}"), id=widget_id, item_id_getter=lambda x: x[1], items=items, on_click=on_click
    )


def fallback_input() -> MessageInput:
    """Every dialog window ends with this, so no message in a flow is met with silence."""
    return MessageInput(unexpected_input)


__all__ = [
    "DialogMessageManager",
    "DialogProtocol",
    "ErrorLine",
    "Html",
    "T",
    "add_notice",
    "app_of",
    "clear_error",
    "delete_secret_message",
    "dialog_tracker",
    "esc",
    "fallback_input",
    "i18n_of",
    "keitaro_error_key",
    "keitaro_sentence",
    "pick",
    "set_error",
    "toast",
    "unexpected_input",
    "user_id_of",
]
