"""The fake's records: messages as the user sees them, bot events, API calls, webhook pushes, users."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EVENT_KINDS",
    "BotEvent",
    "BotMessage",
    "Call",
    "ChatState",
    "CommandStore",
    "GroupBase",
    "UserBase",
    "UserMessage",
    "WebhookPush",
    "scope_key",
]

EVENT_KINDS = ("sent", "edited", "deleted", "document", "photo")


@dataclass
class Call:
    """One Bot API request as the fake saw it (params JSON-decoded where the field is not a string)."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float  # time.monotonic()
    status: int
    response: Any = None  # the result on success, the error description otherwise


@dataclass
class BotMessage:
    """A message in a private chat as the user sees it (bot's or the user's own, see ``from_bot``)."""

    message_id: int
    chat_id: int
    text: str
    html: str
    from_bot: bool
    reply_markup: dict[str, Any] | None = None
    deleted: bool = False
    edits: int = 0
    document: dict[str, Any] | None = None  # file_name, content, caption, file_id, mime_type, file_size
    photo: bytes | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    date: int = 0
    edit_date: int | None = None
    reply_keyboard: dict[str, Any] | None = None  # a non-inline reply_markup (keyboard/remove/force_reply)
    media: dict[str, Any] | None = field(default=None, repr=False)  # API JSON of the document / photo
    sender_id: int | None = None  # the user who wrote a message that is not the bot's (groups)

    def _inline_buttons(self) -> list[list[dict[str, Any]]]:
        if not self.reply_markup:
            return []
        rows: list[list[dict[str, Any]]] = self.reply_markup.get("inline_keyboard", [])
        return rows

    def buttons(self) -> list[list[str]]:
        return [[str(b.get("text", "")) for b in row] for row in self._inline_buttons()]

    def labels(self) -> list[str]:
        """Every button's text, row after row."""
        return [label for row in self.buttons() for label in row]

    def button_data(self, text: str) -> str | None:
        for row in self._inline_buttons():
            for button in row:
                if button.get("text") == text:
                    data = button.get("callback_data")
                    return str(data) if data is not None else None
        return None

    def describe(self) -> str:
        who = "bot" if self.from_bot else "user"
        extra = ""
        if self.document is not None:
            extra += f" document={self.document.get('file_name')!r}"
        if self.photo is not None:
            extra += f" photo={len(self.photo)}B"
        if self.reply_markup:
            extra += f" buttons={self.buttons()}"
        if self.deleted:
            extra += " (deleted)"
        return f"#{self.message_id} {who}: {self.text!r}{extra}"


@dataclass
class UserMessage:
    message_id: int
    chat_id: int
    text: str


@dataclass
class BotEvent:
    """Something the bot did in a chat; ``message`` is a snapshot taken at that moment."""

    kind: str  # "sent" | "edited" | "deleted" | "document" | "photo"
    chat_id: int
    message_id: int
    message: BotMessage
    at: float
    markup_only: bool = False  # editMessageReplyMarkup: the buttons changed, the text did not

    @property
    def text(self) -> str:
        return self.message.text

    def describe(self) -> str:
        return f"[{self.kind}] {self.message.describe()}"


@dataclass
class WebhookPush:
    """One attempt to deliver an update to the webhook (status None = connection error)."""

    update_id: int
    url: str
    status: int | None
    error: str | None
    at: float
    update: dict[str, Any] = field(repr=False, default_factory=dict)


def scope_key(scope: Any) -> str:
    """Canonical key of a BotCommandScope: "default" or compact sorted JSON."""
    if scope is None or scope == "" or scope == "default":
        return "default"
    if isinstance(scope, str):
        try:
            scope = json.loads(scope)
        except ValueError:
            return str(scope)
    if isinstance(scope, dict) and scope.get("type", "default") == "default" and len(scope) <= 1:
        return "default"
    return json.dumps(scope, sort_keys=True, separators=(",", ":"))


class CommandStore(dict[tuple[str, str], list[dict[str, Any]]]):
    """(scope, language_code) -> commands; lookups accept the scope as "default", a dict or any JSON."""

    @staticmethod
    def key(item: tuple[Any, str | None]) -> tuple[str, str]:
        scope, language = item
        return scope_key(scope), language or ""

    def __getitem__(self, item: tuple[Any, str | None]) -> list[dict[str, Any]]:
        return super().__getitem__(self.key(item))

    def __contains__(self, item: object) -> bool:
        return isinstance(item, tuple) and len(item) == 2 and super().__contains__(self.key(item))

    def get(self, item: tuple[Any, str | None], default: Any = None) -> Any:
        return super().get(self.key(item), default)


class UserBase:
    """A Telegram user with its private chat (chat id == user id)."""

    def __init__(
        self, user_id: int, *, first_name: str, language_code: str | None, username: str | None
    ) -> None:
        self.id = user_id
        self.chat_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.blocked = False
        self.known = False  # True once the user wrote to the bot; before that sends fail "chat not found"

    def user_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code is not None:
            data["language_code"] = self.language_code
        return data

    def chat_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data


class GroupBase(UserBase):
    """A group (or supergroup) the bot is a member of; its chat id is negative. The bot can send and
    edit there; ``blocked`` means the bot was removed (403), ``migrated_to`` that the group became a
    supergroup (sends answer 400 with ``migrate_to_chat_id``)."""

    def __init__(self, chat_id: int, *, title: str, supergroup: bool = False) -> None:
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        super().__init__(chat_id, first_name=title, language_code=None, username=None)
        self.title = title
        self.type = "supergroup" if supergroup else "group"
        self.known = True  # the bot was added to it
        self.migrated_to: int | None = None

    def user_json(self) -> dict[str, Any]:
        raise AssertionError("a group is not a user")

    def chat_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title}


@dataclass
class ChatState:
    chat_id: int
    next_message_id: int = 1
    messages: dict[int, BotMessage] = field(default_factory=dict)
    events: list[BotEvent] = field(default_factory=list)
