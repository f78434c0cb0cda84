"""Fake Telegram for end-to-end tests: a real Bot API HTTP server plus a driver that acts as the user.

    async with running_fake_telegram() as tg:
        bot = Bot(tg.token, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.url)))
        ...  # run the real Dispatcher polling ``bot``
        alice = tg.user(1001, language_code="ru")
        await alice.send("/start")
        menu = await alice.expect("Main menu")
        await alice.press("Settings")
        await alice.expect("Settings", kind="edited")

The server itself (protocol, validation, chat state) lives in the ``tests/fakes/telegram_fake/`` package.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from tests.fakes.telegram_fake.html import HtmlParseError, parse_html, utf16_len
from tests.fakes.telegram_fake.models import (
    EVENT_KINDS,
    BotEvent,
    BotMessage,
    Call,
    CommandStore,
    GroupBase,
    UserBase,
    UserMessage,
    WebhookPush,
)
from tests.fakes.telegram_fake.protocol import ApiError, tiny_png
from tests.fakes.telegram_fake.server import DEFAULT_TOKEN, FakeTelegramServer

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotEvent",
    "BotMessage",
    "Call",
    "CommandStore",
    "FakeMember",
    "FakeTelegram",
    "FakeUser",
    "GroupBase",
    "HtmlParseError",
    "UserMessage",
    "WebhookPush",
    "parse_html",
    "running_fake_telegram",
    "tiny_png",
    "utf16_len",
]


class FakeUser(UserBase):
    """A human in a private chat with the bot. Obtain it with ``FakeTelegram.user(id)``."""

    def __init__(
        self,
        server: FakeTelegram,
        user_id: int,
        *,
        first_name: str,
        language_code: str | None,
        username: str | None,
    ) -> None:
        super().__init__(user_id, first_name=first_name, language_code=language_code, username=username)
        self._server = server
        self._cursor = 0  # index into ``events`` of the next event ``expect`` looks at

    # ----------------------------------------------------------------- acting

    async def send(self, text: str) -> UserMessage:
        """Write ``text`` to the bot (``/command args`` carries a bot_command entity)."""
        return self._server.user_wrote(self, text)

    async def reply(self, to: BotMessage | UserMessage | int, text: str) -> UserMessage:
        """Write ``text`` as a reply to a message of this chat (Telegram's "Reply"): the update
        carries ``reply_to_message`` as the message is now."""
        message_id = to if isinstance(to, int) else to.message_id
        return self._server.user_wrote(self, text, reply_to=message_id)

    async def send_photo(self, content: bytes | None = None, *, caption: str | None = None) -> UserMessage:
        """Send a photo (a small PNG unless ``content`` is given) with an optional caption."""
        return self._server.user_sent_media(self, "photo", content or tiny_png(), "photo.png", caption)

    async def send_document(
        self, content: bytes, file_name: str = "file.txt", *, caption: str | None = None
    ) -> UserMessage:
        """Send a file as a document with an optional caption."""
        return self._server.user_sent_media(self, "document", content, file_name, caption)

    async def press(self, button: str, *, message: BotMessage | None = None) -> str:
        """Press an inline button; return the callback query id.

        The button is looked up by exact text, then by a text containing ``button``, then by
        callback_data -- in the keyboard of ``message`` exactly as passed (a snapshot from
        ``expect`` is the keyboard as the user saw it then, so a stale button can be pressed, like a
        quick tap before an edit arrives), or else in the newest bot message of this chat that has
        an inline keyboard and is not deleted.  The callback carries the message's current state.
        """
        chat = self._server._chat(self.chat_id)
        if message is not None:
            current = chat.messages.get(message.message_id)
            if current is None or current.deleted:
                raise AssertionError(f"message #{message.message_id} is not on the screen:\n{self.screen()}")
            shown = message if isinstance(message, BotMessage) else current
        else:
            keyboards = [m for m in chat.messages.values() if m.from_bot and not m.deleted and m.buttons()]
            if not keyboards:
                raise AssertionError(f"no bot message with an inline keyboard:\n{self.screen()}")
            current = shown = keyboards[-1]
        rows = shown.reply_markup.get("inline_keyboard", []) if shown.reply_markup else []
        flat: list[dict[str, Any]] = [b for row in rows for b in row]
        found = (
            next((b for b in flat if b.get("text") == button), None)
            or next((b for b in flat if button in str(b.get("text", ""))), None)
            or next((b for b in flat if b.get("callback_data") == button), None)
        )
        if found is None:
            raise AssertionError(
                f"no button {button!r} in message #{shown.message_id} {shown.text!r}; "
                f"available: {shown.buttons()}"
            )
        data = found.get("callback_data")
        if data is None:
            raise AssertionError(f"button {found.get('text')!r} is not a callback button: {found}")
        return self._server.user_pressed(self, current, str(data))

    # ----------------------------------------------------------------- observing

    @property
    def events(self) -> list[BotEvent]:
        return self._server._chat(self.chat_id).events

    def messages(self) -> list[BotMessage]:
        """The chat as the user sees it now (live objects, oldest first, deleted ones left out)."""
        chat = self._server._chat(self.chat_id)
        return [m for _, m in sorted(chat.messages.items()) if not m.deleted]

    def last_bot_message(self) -> BotMessage | None:
        bot_messages = [m for m in self.messages() if m.from_bot]
        return bot_messages[-1] if bot_messages else None

    def in_group(self, group: GroupBase, *, status: str = "member") -> FakeMember:
        """This person in ``group`` with ``status`` (creator, administrator, member) for getChatMember."""
        self._server.set_member(group.id, self.id, status)
        return FakeMember(self._server, self, group)

    def skip_seen(self) -> None:
        """Move ``expect``'s cursor past every event so far (the next ``expect`` sees new ones only)."""
        self._cursor = len(self.events)

    def screen(self) -> str:
        lines = [f"  {m.describe()}" for m in self.messages()]
        return "\n".join(lines) if lines else "  (empty chat)"

    async def expect(
        self,
        contains: str | None = None,
        *,
        timeout: float = 10,
        kind: str | None = None,
    ) -> BotMessage:
        """Wait for the next bot event after the cursor whose text (caption, file name) contains ``contains``.

        Returns a snapshot of the message as of that event and moves the cursor past it (events
        skipped on the way are consumed). An edit of the buttons alone (editMessageReplyMarkup)
        shows no new text, so it never matches ``contains``: the bot may take an old message's
        buttons off after it sent the new one.  ``kind``: "sent" | "edited" | "document" | "photo"
        (None = any of them).
        """
        if kind is not None and (kind not in EVENT_KINDS or kind == "deleted"):
            raise ValueError(f"kind must be one of sent/edited/document/photo, not {kind!r}")
        start = self._cursor

        def probe() -> BotMessage | None:
            events = self.events
            for index in range(self._cursor, len(events)):
                event = events[index]
                if event.kind == "deleted" or (kind is not None and event.kind != kind):
                    continue
                if event.markup_only and contains is not None:
                    continue
                haystacks = [event.message.text]
                if event.message.document is not None:
                    haystacks.append(str(event.message.document.get("file_name", "")))
                if contains is None or any(contains in h for h in haystacks):
                    self._cursor = index + 1
                    return event.message
            return None

        found = await self._server._wait_for(probe, timeout)
        if found is None:
            seen = "\n".join(f"  {e.describe()}" for e in self.events[start:]) or "  (none)"
            what = f"{kind or 'bot'} message" + (f" containing {contains!r}" if contains is not None else "")
            raise AssertionError(
                f"user {self.id}: no {what} within {timeout}s.\n"
                f"Events since the cursor:\n{seen}\nScreen now:\n{self.screen()}"
            )
        return found

    async def expect_deleted(self, message_id: int, *, timeout: float = 10) -> None:
        chat = self._server._chat(self.chat_id)

        def probe() -> bool | None:
            msg = chat.messages.get(message_id)
            return True if msg is not None and msg.deleted else None

        if await self._server._wait_for(probe, timeout) is None:
            raise AssertionError(
                f"user {self.id}: message #{message_id} was not deleted within {timeout}s.\n"
                f"Screen now:\n{self.screen()}"
            )

    async def callback_answer(
        self,
        callback_id: str,
        *,
        timeout: float = 10,
    ) -> dict[str, Any]:
        """The answerCallbackQuery params (text, show_alert, ...) the bot gave to that query."""
        answers = self._server.callback_answers
        found = await self._server._wait_for(lambda: answers.get(callback_id), timeout)
        if found is None:
            raise AssertionError(f"callback query {callback_id} was not answered within {timeout}s")
        return found


class FakeMember(FakeUser):
    """A person in a group chat: ``send``/``press`` act in the group as that person, ``expect`` reads
    the group's messages (with a cursor of its own). Obtain it with ``FakeUser.in_group(group)``."""

    def __init__(self, server: FakeTelegram, user: FakeUser, group: GroupBase) -> None:
        super().__init__(
            server,
            user.id,
            first_name=user.first_name,
            language_code=user.language_code,
            username=user.username,
        )
        self.user = user
        self.group = group
        self.chat_id = group.id

    @property
    def status(self) -> str:
        return self._server.chat_members.get((self.group.id, self.id), "left")

    @status.setter
    def status(self, value: str) -> None:
        self._server.set_member(self.group.id, self.id, value)


class FakeTelegram(FakeTelegramServer):
    """A fake Telegram Bot API server on 127.0.0.1 with test-side controls; see the module docstring."""

    def user(
        self,
        user_id: int,
        *,
        first_name: str = "Test",
        language_code: str | None = "en",
        username: str | None = None,
    ) -> FakeUser:
        """The user with that id (created on first use; later calls return the same object)."""
        existing = self._users.get(user_id)
        if existing is not None:
            assert isinstance(existing, FakeUser)
            return existing
        created = FakeUser(
            self, user_id, first_name=first_name, language_code=language_code, username=username
        )
        self._users[user_id] = created
        return created


@asynccontextmanager
async def running_fake_telegram(
    token: str = DEFAULT_TOKEN, *, host: str = "127.0.0.1"
) -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token, host=host)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


class FastSession(AiohttpSession):
    """aiogram's AiohttpSession without the 250 ms TLS grace sleep in close() (the fake is plain HTTP)."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def fake_bot(fake: FakeTelegram, token: str | None = None, *, html: bool = False) -> Bot:
    """An aiogram Bot talking to ``fake`` (HTML parse mode by default when ``html``)."""
    return Bot(
        token or fake.token,
        session=FastSession(api=TelegramAPIServer.from_base(fake.url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML) if html else None,
    )
