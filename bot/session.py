"""The bot's side of talking to the Bot API: aiogram's aiohttp session minus a per-call pydantic
class build (found by ``bench/``), with calls that carry no file sent as JSON (:class:`_JsonForm`),
and the two flushes that make a conversation step durable before the user sees it.

aiogram validates every Bot API answer with ``Response[<the method's result type>]``. pydantic
keeps parametrised generic models in a *weak* cache, so once the garbage collector has run the
class is gone and the next call builds it again: about 15 ms of CPU each time, more than
everything else an update costs. Holding one strong reference per result type keeps pydantic's
cache warm for the life of the process (a few dozen small classes).

Durability of conversation state (issue 14, defect 6): the FSM storage (``storage/fsm.py``)
keeps rows in memory and writes them behind. :class:`FlushBeforeSending` (a session request
middleware) awaits :meth:`SqliteStorage.flush` before every Bot API call except the few that
show a user nothing (:data:`SILENT_METHODS`: polling, webhook set-up, commands, reads), so the
dialog state written so far — by this update and by every other update in flight, one
transaction for all of them — is committed before a message showing it leaves; a ``kill -9``
after the user saw step N never restarts the conversation at step N-1. aiogram-dialog writes a
dialog's context (its current window) only after the handler, i.e. after the new window was
sent; so :class:`RememberDialog` (an inner middleware on every dialog event) keeps the update's
middleware data in a context variable, and :class:`FlushBeforeSending` first saves the update's
dialog context and stack exactly as aiogram-dialog's ``context_saver_middleware`` will (a second
identical save is free: the storage skips writes that change nothing). The stack's
``last_message_id`` is set after the send, so it may lag one message after a crash: the dialog
then sends a fresh message instead of editing the old one; the step itself is never behind.
:class:`FlushAfterUpdate` (an update outer middleware) flushes when the update's handler
returns, so a state change that
sends nothing (or answers through the webhook response) is written as promptly. A flush with
nothing pending costs no SQL and no await. When the disk refuses the write, the message is sent
anyway (the user is better served by an answer than by silence); the rows stay marked, the
error is logged, and the next flush retries.

With ``REDIS_URL`` the storage is ``bot.redis_state.SharedStorage``: each write is in Redis when
it returns, so nothing is ever pending and only the dialog saves before a send matter.
"""

from __future__ import annotations

import html
import json
import logging
import re
from contextvars import ContextVar
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import (
    AnswerCallbackQuery,
    Close,
    DeleteMyCommands,
    DeleteWebhook,
    GetChat,
    GetChatMember,
    GetFile,
    GetMe,
    GetMyCommands,
    GetUpdates,
    GetWebhookInfo,
    LogOut,
    Response,
    SetMyCommands,
    SetWebhook,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile, TelegramObject
from aiogram_dialog.api.entities.update_event import DIALOG_EVENT_NAME
from aiogram_dialog.api.internal.middleware import CONTEXT_KEY, STACK_KEY, STORAGE_KEY
from aiohttp import FormData
from aiohttp.payload import BytesPayload, Payload

from bot.middlewares import Handler

__all__ = [
    "SILENT_METHODS",
    "BotSession",
    "DurableStorage",
    "FlushAfterUpdate",
    "FlushBeforeSending",
    "RememberDialog",
    "make_replies_durable",
]

log = logging.getLogger(__name__)


class DurableStorage(Protocol):
    """What this module needs of the FSM storage: ``storage.fsm.SqliteStorage`` (write-behind) or
    ``bot.redis_state.SharedStorage`` (written through: never pending)."""

    @property
    def pending(self) -> bool: ...

    async def flush(self) -> None: ...


_PINNED: dict[Any, type] = {}
# the middleware data of the dialog event this task is handling (aiogram-dialog's keys in it)
_DIALOG_DATA: ContextVar[dict[str, Any] | None] = ContextVar("dialog_data", default=None)

# Bot API methods that show a user nothing: no flush before them (getUpdates above all — the
# long poll must not wait for the disk). Every other method may show a state and flushes first.
SILENT_METHODS: tuple[type[TelegramMethod[Any]], ...] = (
    GetUpdates,
    GetMe,
    GetChat,
    GetChatMember,
    GetFile,
    GetWebhookInfo,
    SetWebhook,
    DeleteWebhook,
    GetMyCommands,
    SetMyCommands,
    DeleteMyCommands,
    LogOut,
    Close,
)


class _JsonForm(FormData):
    """A Bot API call without files, sent as ``application/json`` (one of the four ways the Bot API
    takes parameters) instead of aiohttp's urlencoded form: the same string values (aiogram's
    ``prepare_value``: a JSON-serialized field stays a JSON string, which the Bot API reads the
    same way), encoded by one ``json.dumps`` in C instead of urllib's Python loop over every byte
    of the text (a /help reply: ~70 µs -> ~7 µs, and a third of the bytes)."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(quote_fields=False)
        self.fields = fields

    def __call__(self) -> Payload:
        body = json.dumps(self.fields, ensure_ascii=False, separators=(",", ":")).encode()
        return BytesPayload(body, content_type="application/json")


class BotSession(AiohttpSession):
    def build_form_data(self, bot: Bot, method: TelegramMethod[TelegramType]) -> FormData:
        files: dict[str, InputFile] = {}
        fields: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                fields[key] = prepared
        if files or not all(isinstance(v, str) for v in fields.values()):
            return super().build_form_data(bot, method)  # files: multipart, as aiogram does
        return _JsonForm(fields)

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _PINNED:
            _PINNED[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


async def _flush(storage: DurableStorage, when: str) -> None:
    try:
        await storage.flush()
    except Exception:  # logged by the storage too; the rows stay marked and are retried
        log.warning("dialog state not yet on disk %s; sending anyway, will retry", when)


POPUP_LIMIT = 200  # characters Telegram shows in a button's answer (a longer one is refused)
_TAG = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


def popup_text(text: str) -> str:
    """A button's answer is plain text: the HTML the bot's messages use (``<b>Main</b>``,
    ``&lt;``) is taken out, and a text over Telegram's limit is cut with an ellipsis instead of
    being refused."""
    plain = html.unescape(_TAG.sub("", text))
    return plain if len(plain) <= POPUP_LIMIT else plain[: POPUP_LIMIT - 1].rstrip() + "…"


class FlushBeforeSending(BaseRequestMiddleware):
    """Session request middleware: the dialog state written so far is committed before any Bot
    API call that may show it (everything but :data:`SILENT_METHODS`); a button's answer is made
    plain text on the way (:func:`popup_text`)."""

    def __init__(self, storage: DurableStorage) -> None:
        self.storage = storage

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, AnswerCallbackQuery) and method.text:
            method.text = popup_text(method.text)
        if not isinstance(method, SILENT_METHODS):
            await _save_dialog()
            if self.storage.pending:
                await _flush(self.storage, f"before {type(method).__name__}")
        return await make_request(bot, method)


async def _save_dialog() -> None:
    """Save the current update's dialog context and stack now, as aiogram-dialog does after the
    handler (its keys are popped then, so nothing is saved for an update that has finished)."""
    data = _DIALOG_DATA.get()
    if data is None:
        return
    proxy = data.get(STORAGE_KEY)
    if proxy is None:
        return
    context, stack = data.get(CONTEXT_KEY), data.get(STACK_KEY)
    if context is not None:
        await proxy.save_context(context)
    if stack is not None:
        await proxy.save_stack(stack)


class RememberDialog(BaseMiddleware):
    """Inner middleware on the dialog events: the handler's middleware data (with aiogram-dialog's
    storage proxy, context and stack) is what :class:`FlushBeforeSending` saves before a send."""

    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        token = _DIALOG_DATA.set(data)
        try:
            return await handler(event, data)
        finally:
            _DIALOG_DATA.reset(token)


class FlushAfterUpdate(BaseMiddleware):
    """Update outer middleware: what the update wrote is committed when its handler returns (a
    step that sends nothing, or answers in the webhook response, is not left to the timer)."""

    def __init__(self, storage: DurableStorage) -> None:
        self.storage = storage

    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            if self.storage.pending:
                await _flush(self.storage, "at the end of an update")


def make_replies_durable(dp: Dispatcher, bot: Bot, storage: DurableStorage) -> None:
    """Wire the three pieces (after ``setup_dialogs``, so :class:`RememberDialog` runs inside
    aiogram-dialog's middlewares and sees their data)."""
    bot.session.middleware(FlushBeforeSending(storage))
    dp.update.outer_middleware(FlushAfterUpdate(storage))
    remember = RememberDialog()
    for name in ("message", "business_message", "callback_query", "my_chat_member", "chat_join_request"):
        dp.observers[name].middleware(remember)
    dp.observers[DIALOG_EVENT_NAME].middleware(remember)
