"""The fake's state: users and their chats, message ids, recorded calls and the update queue.

``ServerState`` is the base of ``FakeTelegramServer``; every change calls ``_bump`` so that waiters
(``_wait_for``, long polls, the webhook loop) re-check their condition.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import mimetypes
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tests.fakes.telegram_fake.html import utf16_len
from tests.fakes.telegram_fake.models import (
    BotEvent,
    BotMessage,
    Call,
    ChatState,
    CommandStore,
    GroupBase,
    UserBase,
    UserMessage,
)
from tests.fakes.telegram_fake.protocol import ApiError, Params, bad_request, image_size
from tests.screens import log_screen

__all__ = ["ServerState"]

T = TypeVar("T")

_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ServerState:
    """Chats, users, calls and pending updates, plus the waiting primitives built on them."""

    bot_username = "keitaro_test_bot"
    bot_first_name = "Keitaro Bot"

    def __init__(self, token: str) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.calls: list[Call] = []
        self.commands = CommandStore()
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self._users: dict[int, UserBase] = {}
        self.chat_members: dict[tuple[int, int], str] = {}  # (group, user) -> creator/administrator/...
        self._chats: dict[int, ChatState] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 700_000_001
        self._allowed_updates: frozenset[str] | None = None
        self._open_callbacks: set[str] = set()
        self._returned_calls: set[int] = set()
        self._files: dict[str, tuple[bytes, str]] = {}
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(1)
        self._changed = asyncio.Event()
        self._stopped = asyncio.Event()
        self._stopping = False

    # ----------------------------------------------------------------- waiting

    def _bump(self) -> None:
        """Signal every waiter that the state changed."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def _wait_change(self, within: float | None) -> None:
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), within)

    async def _wait_for(self, probe: Callable[[], T | None], within: float) -> T | None:
        """Re-evaluate ``probe`` on every state change until it returns non-None or time runs out."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            result = probe()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                return None
            await self._wait_change(remaining)

    # ----------------------------------------------------------------- test-side controls

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    async def wait_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = 10,
    ) -> Call:
        """The first call of ``method`` matching ``predicate`` not returned by an earlier wait_call."""

        def probe() -> Call | None:
            for index, call in enumerate(self.calls):
                if index in self._returned_calls or call.method.lower() != method.lower():
                    continue
                if predicate is None or predicate(call):
                    self._returned_calls.add(index)
                    return call
            return None

        found = await self._wait_for(probe, timeout)
        if found is None:
            seen = "\n".join(f"  {c.method} {c.status} {c.params}" for c in self.calls[-20:])
            raise AssertionError(f"no matching {method} call within {timeout}s; last calls:\n{seen}")
        return found

    async def wait_idle(self, timeout: float = 10) -> None:
        """Wait until every queued update was confirmed by getUpdates or delivered to the webhook."""
        if await self._wait_for(lambda: True if not self._updates else None, timeout) is None:
            raise AssertionError(f"updates still pending after {timeout}s: {self._updates}")

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self._updates)

    def group(self, chat_id: int, *, title: str = "Team", supergroup: bool = False) -> GroupBase:
        """A group the bot is a member of (created on first use; chat ids of groups are negative)."""
        existing = self._users.get(chat_id)
        if existing is not None:
            assert isinstance(existing, GroupBase), f"chat {chat_id} is not a group"
            return existing
        created = GroupBase(chat_id, title=title, supergroup=supergroup)
        self._users[chat_id] = created
        return created

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """A person's status in a group for getChatMember: creator, administrator, member, left, kicked."""
        self.chat_members[(chat_id, user_id)] = status

    def migrate_group(self, chat_id: int, new_chat_id: int) -> GroupBase:
        """Upgrade a group to a supergroup with a new id: sends to the old id then answer 400 with
        ``migrate_to_chat_id``. Returns the supergroup."""
        old = self.group(chat_id)
        new = self.group(new_chat_id, title=old.title, supergroup=True)
        old.migrated_to = new_chat_id
        return new

    def bot_messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in a chat (private or group) as they are now, oldest first, deleted left out."""
        chat = self._chat(chat_id)
        return [m for _, m in sorted(chat.messages.items()) if m.from_bot and not m.deleted]

    # ----------------------------------------------------------------- state helpers

    def _bot_user_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _chat(self, chat_id: int) -> ChatState:
        return self._chats.setdefault(chat_id, ChatState(chat_id))

    def _resolve_chat(self, params: Params, *, check_blocked: bool = True) -> tuple[UserBase, ChatState]:
        raw = params.get_str("chat_id")
        if not raw:
            raise bad_request("chat_id is empty")
        try:
            chat_id = int(raw)
        except ValueError:
            raise bad_request("chat not found") from None
        user = self._users.get(chat_id)
        if user is None or not user.known:
            raise bad_request("chat not found")
        if isinstance(user, GroupBase):
            if user.migrated_to is not None:
                raise ApiError(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    migrate_to_chat_id=user.migrated_to,
                )
            if check_blocked and user.blocked:
                raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        elif check_blocked and user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return user, self._chat(chat_id)

    def _new_message(self, chat: ChatState, **fields: Any) -> BotMessage:
        msg = BotMessage(
            message_id=chat.next_message_id, chat_id=chat.chat_id, date=int(time.time()), **fields
        )
        chat.next_message_id += 1
        chat.messages[msg.message_id] = msg
        return msg

    def _record(self, chat: ChatState, kind: str, msg: BotMessage, *, markup_only: bool = False) -> None:
        chat.events.append(
            BotEvent(kind, chat.chat_id, msg.message_id, copy.deepcopy(msg), time.monotonic(), markup_only)
        )
        if not markup_only:
            log_screen(kind, msg.html, msg.reply_markup)
        self._bump()

    def _message_json(self, msg: BotMessage) -> dict[str, Any]:
        user = self._users[msg.chat_id]
        sender = self._users[msg.sender_id] if msg.sender_id is not None else user
        data: dict[str, Any] = {
            "message_id": msg.message_id,
            "from": self._bot_user_json() if msg.from_bot else sender.user_json(),
            "chat": user.chat_json(),
            "date": msg.date,
        }
        if msg.edit_date is not None:
            data["edit_date"] = msg.edit_date
        if msg.media is not None:
            data.update(msg.media)
            if msg.text:
                data["caption"] = msg.text
                if msg.entities:
                    data["caption_entities"] = msg.entities
        else:
            data["text"] = msg.text
            if msg.entities:
                data["entities"] = msg.entities
        if msg.reply_markup is not None and msg.reply_markup.get("inline_keyboard"):
            data["reply_markup"] = msg.reply_markup
        return data

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> int:
        if self._stopping:
            raise RuntimeError("the fake Telegram server is stopped")
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": update_id, kind: payload})
        self._bump()
        return update_id

    def _drop_disallowed(self) -> None:
        def allowed(update: dict[str, Any]) -> bool:
            kind = next(k for k in update if k != "update_id")
            if self._allowed_updates is None:
                return kind not in _DEFAULT_EXCLUDED_UPDATES
            return kind in self._allowed_updates

        kept = [u for u in self._updates if allowed(u)]
        if len(kept) != len(self._updates):
            self._updates = kept
            self._bump()

    def _set_allowed_updates(self, value: Any) -> None:
        if isinstance(value, list):
            self._allowed_updates = frozenset(str(v) for v in value) or None

    def user_wrote(self, user: UserBase, text: str, *, reply_to: int | None = None) -> UserMessage:
        """Queue a ``message`` update from ``user`` (the test-side ``FakeUser.send``); ``reply_to``: the
        id of the message in that chat it replies to (``FakeUser.reply``)."""
        user.known = True
        chat = self._chat(user.chat_id)
        entities: list[dict[str, Any]] = []
        command = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
        if command is not None:
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))})
        replied = chat.messages.get(reply_to) if reply_to is not None else None
        if reply_to is not None and (replied is None or replied.deleted):
            raise AssertionError(f"message #{reply_to} is not in chat {chat.chat_id}: nothing to reply to")
        msg = self._new_message(
            chat, text=text, html=text, from_bot=False, entities=entities, sender_id=user.id
        )
        update = self._message_json(msg)
        if replied is not None:
            update["reply_to_message"] = self._message_json(replied)
        self._queue_update("message", update)
        return UserMessage(msg.message_id, chat.chat_id, text)

    def user_sent_media(
        self, user: UserBase, kind: str, content: bytes, file_name: str, caption: str | None
    ) -> UserMessage:
        """Queue a ``message`` update with a photo or document from ``user``."""
        user.known = True
        chat = self._chat(user.chat_id)
        mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        file_id, unique_id = self._new_file(content, file_name, "AgAC" if kind == "photo" else "BQAC")
        fields: dict[str, Any]
        if kind == "photo":
            width, height = image_size(content) or (1, 1)
            size: dict[str, Any] = {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "width": width,
                "height": height,
            }
            fields = {"photo": content, "media": {"photo": [{**size, "file_size": len(content)}]}}
        else:
            meta: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique_id, "file_name": file_name}
            meta |= {"mime_type": mime, "file_size": len(content)}
            document: dict[str, Any] = {"file_name": file_name, "content": content, "caption": caption or ""}
            document |= {"file_id": file_id, "mime_type": mime, "file_size": len(content)}
            fields = {"document": document, "media": {"document": meta}}
        text = caption or ""
        msg = self._new_message(chat, text=text, html=text, from_bot=False, **fields)
        self._queue_update("message", self._message_json(msg))
        return UserMessage(msg.message_id, chat.chat_id, text)

    def user_pressed(self, user: UserBase, msg: BotMessage, data: str) -> str:
        """Queue a ``callback_query`` update for ``msg``; return the query id."""
        user.known = True
        query_id = str(4_200_000_000_000_000 + next(self._callback_seq))
        self._open_callbacks.add(query_id)
        payload = {
            "id": query_id,
            "from": user.user_json(),
            "message": self._message_json(msg),
            "chat_instance": str(-(8_000_000_000_000_000 + user.chat_id)),
            "data": data,
        }
        self._queue_update("callback_query", payload)
        return query_id

    def _new_file(self, content: bytes, name: str, prefix: str) -> tuple[str, str]:
        """Store a file; return its (file_id, file_unique_id)."""
        n = next(self._file_seq)
        file_id = f"{prefix}AgADAgADfake{n:08d}"
        self._files[file_id] = (content, name)
        return file_id, "AgAD" + file_id[-12:]
