"""The alert engine's way out: :class:`alerts.model.Transport` over aiogram's ``Bot``.

``render`` turns (chat id, notification payload) into the message text (HTML) and its inline keyboard, in
that chat's language (``handlers/alerts/render.py``); ``None`` means there is nothing to say any more
(e.g. the alert was deleted), and nothing is sent. A ``WithPhoto`` result (an alert with its chart,
issue 19) goes out as a photo with the text as its caption; a message sent so is edited with
``editMessageCaption``. Telegram's answers become the engine's errors:

* 429 ``TelegramRetryAfter`` → :class:`~alerts.model.RetryAfter`
* 403 ``TelegramForbiddenError`` (blocked, kicked) and "chat not found" → :class:`~alerts.model.ChatGone`
* ``TelegramMigrateToChat`` (group → supergroup) → :class:`~alerts.model.ChatMigrated`
* "message is not modified" on an edit → success
* any other 400 → :class:`alerts.sender.Undeliverable` (retrying the same request cannot help)
* anything else (network, 5xx, unexpected answers) → :class:`~alerts.model.DeliveryError` (retried)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    AiogramError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, LinkPreviewOptions

from alerts.model import ChatGone, ChatMigrated, DeliveryError, RetryAfter
from alerts.payloads import AlertEditPayload, AlertGroupEditPayload, AlertPayload, Payload, PhotoMessageId
from alerts.sender import Undeliverable
from handlers.alerts.chart import WithPhoto, fit_caption

__all__ = ["Render", "TelegramTransport"]

Markup = InlineKeyboardMarkup | None
Render = Callable[[int, Payload], Awaitable[tuple[str, Markup] | None]]

_GONE = (
    "chat not found",
    "user not found",
    "peer_id_invalid",
    "bot was kicked",
    "bot is not a member",
    "user is deactivated",
    "have no rights to send",
    "not enough rights to send",
)
_NOT_MODIFIED = "message is not modified"
_NO_TEXT = "there is no text in the message to edit"


class TelegramTransport:
    """Sends and edits alert-engine messages with an aiogram ``Bot`` (HTML, no link previews)."""

    def __init__(self, bot: Bot, render: Render) -> None:
        self.bot = bot
        self.render = render

    async def send(self, chat_id: int, payload: Payload, *, silent: bool) -> int | None:
        """The new message's id: a :class:`~alerts.payloads.PhotoMessageId` for an alert message
        sent as its chart with the text as its caption (the renderer returned a ``WithPhoto``)."""
        return await self.deliver(chat_id, payload, await self.prepare(chat_id, payload), silent=silent)

    async def prepare(self, chat_id: int, payload: Payload) -> tuple[str, Markup] | None:
        """The rendered message (:class:`~alerts.model.StagedTransport`: made before the sender's
        overall turn, so the render does not hold a slot)."""
        return await self.render(chat_id, payload)

    async def deliver(
        self, chat_id: int, payload: Payload, rendered: tuple[str, Markup] | None, *, silent: bool
    ) -> int | None:
        """Send what :meth:`prepare` rendered (``None``: nothing)."""
        if rendered is None:
            return None
        text, markup = rendered
        png = rendered.png if isinstance(rendered, WithPhoto) else None
        try:
            if png is not None:
                message = await self.bot.send_photo(
                    chat_id,
                    BufferedInputFile(png, filename="chart.png"),
                    caption=fit_caption(text),
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    disable_notification=silent,
                )
                if isinstance(payload, AlertPayload):  # the alert's message carries its chart
                    return PhotoMessageId(message.message_id)
                return message.message_id
            message = await self.bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                disable_notification=silent,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except AiogramError as error:
            raise _translate(error) from error
        return message.message_id

    async def edit(
        self, chat_id: int, message_id: int, payload: AlertEditPayload | AlertGroupEditPayload
    ) -> None:
        """Re-render into the message: its text, or its caption (cut to fit at a line boundary)
        for a :class:`~alerts.payloads.PhotoMessageId` -- or for a message Telegram says has no
        text (a photo sent before the mark said so)."""
        rendered = await self.render(chat_id, payload)
        if rendered is None:
            return
        text, markup = rendered
        try:
            if isinstance(message_id, PhotoMessageId):
                await self._edit_caption(chat_id, int(message_id), text, markup)
                return
            try:
                await self.bot.edit_message_text(
                    text=text,
                    chat_id=chat_id,
                    message_id=message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
            except TelegramBadRequest as error:
                if _NO_TEXT not in error.message.lower():
                    raise
                await self._edit_caption(chat_id, message_id, text, markup)
        except TelegramBadRequest as error:
            if _NOT_MODIFIED in error.message.lower():
                return
            raise _translate(error) from error
        except AiogramError as error:
            raise _translate(error) from error

    async def _edit_caption(self, chat_id: int, message_id: int, text: str, markup: Markup) -> None:
        await self.bot.edit_message_caption(
            chat_id=chat_id,
            message_id=message_id,
            caption=fit_caption(text),
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )


def _translate(error: AiogramError) -> DeliveryError:
    """The engine's error for an aiogram exception."""
    description = str(getattr(error, "message", error))
    if isinstance(error, TelegramRetryAfter):
        return RetryAfter(float(error.retry_after))
    if isinstance(error, TelegramMigrateToChat):
        return ChatMigrated(int(error.migrate_to_chat_id))
    if isinstance(error, TelegramForbiddenError):
        return ChatGone(description)
    if isinstance(error, TelegramBadRequest | TelegramNotFound):
        if any(marker in description.lower() for marker in _GONE):
            return ChatGone(description)
        return Undeliverable(description)
    return DeliveryError(f"{type(error).__name__}: {description}")
