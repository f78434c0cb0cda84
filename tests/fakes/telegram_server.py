"""Fake Telegram Bot API server: the HTTP protocol, Telegram's validation rules and the chat state.

The test-side driver (``FakeTelegram``, ``FakeUser``) lives in ``tests/fakes/telegram.py``; import the
public names from there.  This module speaks the Bot API exactly the way aiogram's ``AiohttpSession``
uses it: ``POST /bot{token}/{method}`` with urlencoded or multipart bodies whose complex fields are JSON
strings, answered with ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., ...}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import mimetypes
import re
import socket
import struct
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotEvent",
    "BotMessage",
    "Call",
    "CommandStore",
    "FakeTelegramServer",
    "HtmlParseError",
    "UserBase",
    "UserMessage",
    "WebhookPush",
    "parse_html",
    "tiny_png",
    "utf16_len",
]

DEFAULT_TOKEN = "123456789:AAtest-token-for-the-fake-server-0001"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT = 4096
MAX_CAPTION = 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current message content and reply markup of the message"
)
EVENT_KINDS = ("sent", "edited", "deleted", "document", "photo")

T = TypeVar("T")


# --------------------------------------------------------------------------- errors and helpers


class ApiError(Exception):
    """A Bot API error answer: HTTP status == error_code, plus description and optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- HTML (parse_mode=HTML)


class HtmlParseError(ValueError):
    pass


_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,31}));")
_ATTR_NAME_RE = re.compile(r"[A-Za-z_][-A-Za-z0-9_:.]*")
_UNQUOTED_RE = re.compile(r"[^\s>]+")


@dataclass
class _OpenTag:
    name: str
    offset: int
    attrs: dict[str, str]
    language: str | None = None


def _decode_entities(source: str, base: int, full: str) -> str:
    """Unescape ``source`` (a part of ``full`` starting at ``base``) strictly: a bare ``&`` is an error."""
    out: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch != "&":
            out.append(ch)
            i += 1
            continue
        pos = len(full[: base + i].encode())
        m = _ENTITY_RE.match(source, i)
        if m is None:
            raise HtmlParseError(f"bare '&' at byte offset {pos}; escape it as &amp;")
        dec, hexa, name = m.groups()
        if name is not None:
            if name not in _NAMED_ENTITIES:
                raise HtmlParseError(f'unsupported HTML entity "&{name};" at byte offset {pos}')
            out.append(_NAMED_ENTITIES[name])
        else:
            code = int(dec) if dec is not None else int(hexa, 16)
            if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise HtmlParseError(f"invalid numeric HTML entity at byte offset {pos}")
            out.append(chr(code))
        i = m.end()
    return "".join(out)


def _parse_start_tag(source: str, begin: int) -> tuple[str, dict[str, str], int]:
    """Parse ``<name attr="v" ...>`` starting at ``begin``; return (name, attrs, index after '>')."""
    n = len(source)
    pos = len(source[:begin].encode())
    j = begin + 1
    while j < n and not source[j].isspace() and source[j] != ">":
        j += 1
    if j >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
    name = source[begin + 1 : j].lower()
    if name not in _TAG_ENTITY:
        raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {pos}')
    attrs: dict[str, str] = {}
    k = j
    while True:
        while k < n and source[k].isspace():
            k += 1
        if k >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
        if source[k] == ">":
            return name, attrs, k + 1
        m = _ATTR_NAME_RE.match(source, k)
        if m is None:
            raise HtmlParseError(f'Expected an attribute name in the tag "{name}" at byte offset {pos}')
        attr = m.group(0).lower()
        k = m.end()
        while k < n and source[k].isspace():
            k += 1
        value = ""
        if k < n and source[k] == "=":
            k += 1
            while k < n and source[k].isspace():
                k += 1
            if k >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
            if source[k] in "\"'":
                end = source.find(source[k], k + 1)
                if end < 0:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
                value = _decode_entities(source[k + 1 : end], k + 1, source)
                k = end + 1
            else:
                um = _UNQUOTED_RE.match(source, k)
                if um is None:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {pos}")
                value = _decode_entities(um.group(0), k, source)
                k = um.end()
        attrs[attr] = value


def _validate_tag(name: str, attrs: dict[str, str], pos: int) -> None:
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" (byte offset {pos})')
    if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise HtmlParseError(f'Tag "tg-emoji" must have a numeric "emoji-id" attribute (byte offset {pos})')


def _close_tag(tag: _OpenTag, end: int, stack: list[_OpenTag]) -> dict[str, Any] | None:
    if tag.name == "code" and stack and stack[-1].name == "pre":
        stack[-1].language = stack[-1].language or tag.language  # <pre><code class="language-x">
        return None
    length = end - tag.offset
    if length <= 0:
        return None
    entity: dict[str, Any] = {"type": _TAG_ENTITY[tag.name], "offset": tag.offset, "length": length}
    if tag.name == "a":
        href = tag.attrs.get("href", "")
        if not href:
            return None
        entity["url"] = href
    elif tag.name == "pre" and tag.language:
        entity["language"] = tag.language
    elif tag.name == "blockquote" and "expandable" in tag.attrs:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    return entity


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram trims leading/trailing whitespace of message texts; entities are clipped accordingly."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    out: list[dict[str, Any]] = []
    for ent in entities:
        start = max(ent["offset"] - lead, 0)
        stop = min(ent["offset"] + ent["length"] - lead, total)
        if stop > start:
            out.append({**ent, "offset": start, "length": stop - start})
    return stripped, out


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into (plain text, entities) or raise HtmlParseError.

    Stricter than Telegram in one respect: a bare ``&`` that does not start one of the entities
    ``&lt; &gt; &amp; &quot; &#N; &#xN;`` is an error (Telegram would silently keep it as text).
    """
    out: list[str] = []
    offset = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            m = _ENTITY_RE.match(source, i)
            chunk = _decode_entities(m.group(0) if m else source[i], i, source)
            out.append(chunk)
            offset += utf16_len(chunk)
            i = m.end() if m else i + 1
            continue
        if ch != "<":
            out.append(ch)
            offset += 2 if ord(ch) > 0xFFFF else 1
            i += 1
            continue
        pos = len(source[:i].encode())
        if i + 1 < n and source[i + 1] == "/":
            j = source.find(">", i)
            if j < 0:
                raise HtmlParseError(f"Unclosed end tag at byte offset {pos}")
            name = source[i + 2 : j].strip().lower()
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {pos}")
            top = stack.pop()
            if name != top.name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {pos}, expected "</{top.name}>", found "</{name}>"'
                )
            entity = _close_tag(top, offset, stack)
            if entity is not None:
                entities.append(entity)
            i = j + 1
            continue
        name, attrs, i = _parse_start_tag(source, i)
        _validate_tag(name, attrs, pos)
        tag = _OpenTag(name=name, offset=offset, attrs=attrs)
        cls = attrs.get("class", "")
        if name == "code" and cls.startswith("language-") and len(cls) > len("language-"):
            tag.language = cls[len("language-") :]
        stack.append(tag)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _strip("".join(out), entities)


# --------------------------------------------------------------------------- records


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

    def _inline_buttons(self) -> list[list[dict[str, Any]]]:
        if not self.reply_markup:
            return []
        rows: list[list[dict[str, Any]]] = self.reply_markup.get("inline_keyboard", [])
        return rows

    def buttons(self) -> list[list[str]]:
        return [[str(b.get("text", "")) for b in row] for row in self._inline_buttons()]

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


@dataclass
class ChatState:
    chat_id: int
    next_message_id: int = 1
    messages: dict[int, BotMessage] = field(default_factory=dict)
    events: list[BotEvent] = field(default_factory=list)


class _Params:
    def __init__(self, raw: dict[str, str], files: dict[str, bytes], filenames: dict[str, str]) -> None:
        self.raw = raw
        self.files = files
        self.filenames = filenames

    def get_str(self, key: str) -> str | None:
        return self.raw.get(key)

    def get_int(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"wrong parameter {key}: integer expected") from None

    def get_bool(self, key: str) -> bool:
        return (self.raw.get(key) or "").lower() in ("true", "1")

    def get_json(self, key: str) -> Any:
        value = self.raw.get(key)
        if value is None or value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {key} JSON object") from None


# Fields whose value is a string even when it looks like JSON (e.g. text "123").
_STRING_FIELDS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "url", "secret_token", "language_code",
        "action", "document", "photo", "thumbnail", "inline_message_id", "ip_address", "certificate",
        "business_connection_id", "message_effect_id", "method",
    }
)  # fmt: skip


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _STRING_FIELDS:
            out[key] = value
            continue
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip
_URL_RE = re.compile(r"^(?:(?:https?|tg|ton)://\S+|[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?)$", re.IGNORECASE)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def _validate_inline_keyboard(data: dict[str, Any]) -> dict[str, Any]:
    rows = data.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('can\'t parse inline keyboard button: "inline_keyboard" must be an Array of Arrays')
    count = 0
    for row in rows:
        for button in row:
            if not isinstance(button, dict):
                raise bad_request("can't parse inline keyboard button: button must be an Object")
            text = button.get("text")
            if not isinstance(text, str) or not text.strip():
                raise bad_request("BUTTON_TEXT_INVALID")
            actions = [key for key in _BUTTON_ACTIONS if button.get(key) not in (None, False)]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            if len(actions) > 1:
                raise bad_request(
                    f"can't parse inline keyboard button: exactly one optional field must be used: {actions}"
                )
            if "callback_data" in actions:
                cb = button["callback_data"]
                if not isinstance(cb, str) or not 1 <= len(cb.encode()) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in actions and (not isinstance(button["url"], str) or not _URL_RE.match(button["url"])):
                raise bad_request("BUTTON_URL_INVALID")
            count += 1
    if count > 100:
        raise bad_request("reply markup is too long")
    return {"inline_keyboard": rows}


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG of the given size (black pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) for PNG, a default size for other known image formats, None if not an image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith((b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return 320, 240
    return None


_METHODS = (
    "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "setMyCommands",
    "getMyCommands", "deleteMyCommands", "sendMessage", "editMessageText", "editMessageReplyMarkup",
    "deleteMessage", "answerCallbackQuery", "sendDocument", "sendPhoto", "sendChatAction", "getChat",
)  # fmt: skip
_CANONICAL = {name.lower(): name for name in _METHODS}


# --------------------------------------------------------------------------- the server


class FakeTelegramServer:
    """The Bot API server and its state; see ``tests/fakes/telegram.py`` for the user-facing driver."""

    bot_username = "keitaro_test_bot"
    bot_first_name = "Keitaro Bot"
    webhook_max_attempts = 6  # deliveries per update before it is dropped
    webhook_retry_delay = 0.05  # first back-off between webhook attempts, doubled each time

    def __init__(self, token: str = DEFAULT_TOKEN, *, host: str = "127.0.0.1") -> None:
        self.token = token
        self.host = host
        self.bot_id = int(token.split(":", 1)[0])
        self.port = 0
        self.calls: list[Call] = []
        self.commands = CommandStore()
        self.webhook: dict[str, Any] | None = None
        self.pushes: list[WebhookPush] = []
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self._users: dict[int, UserBase] = {}
        self._chats: dict[int, ChatState] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 700_000_001
        self._allowed_updates: frozenset[str] | None = None
        self._failures: dict[str, list[ApiError]] = {}
        self._open_callbacks: set[str] = set()
        self._returned_calls: set[int] = set()
        self._files: dict[str, tuple[bytes, str]] = {}
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(1)
        self._pollers = 0
        self._poll_generation = 0
        self._webhook_error: tuple[int, str] | None = None
        self._changed = asyncio.Event()
        self._stopped = asyncio.Event()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._handlers: dict[str, Callable[[_Params], Awaitable[Any]]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
            "getchat": self._get_chat,
        }

    # ----------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("the fake Telegram server is not started")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("already started")
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=2.0, access_log=None)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(runner, sock).start()
        self._runner = runner
        self._client = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Wake every parked getUpdates (they answer ``[]``), stop webhook delivery, close the server."""
        if self._stopping:
            return
        self._stopping = True
        self._stopped.set()
        self._bump()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

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

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        queue = self._failures.setdefault(method.lower(), [])
        queue.extend(ApiError(status, description, retry_after) for _ in range(times))

    async def wait_idle(self, timeout: float = 10) -> None:
        """Wait until every queued update was confirmed by getUpdates or delivered to the webhook."""
        if await self._wait_for(lambda: True if not self._updates else None, timeout) is None:
            raise AssertionError(f"updates still pending after {timeout}s: {self._updates}")

    async def wait_polling(self, timeout: float = 10) -> None:
        """Wait until a getUpdates long poll is parked waiting for updates (the bot is listening)."""
        if await self._wait_for(lambda: True if self._pollers > 0 else None, timeout) is None:
            raise AssertionError(f"no getUpdates long poll within {timeout}s")

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self._updates)

    # ----------------------------------------------------------------- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        m = re.fullmatch(r"/bot([^/]+)/([^/]+)", request.path)
        if m is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        token, method = m.groups()
        raw: dict[str, str] = dict(request.query)
        files: dict[str, bytes] = {}
        filenames: dict[str, str] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    raw.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        files[key] = value.file.read()
                        filenames[key] = value.filename
                    elif isinstance(value, bytes | bytearray):
                        raw[key] = bytes(value).decode()
                    else:
                        raw[key] = str(value)
        status, payload = await self._execute(token, method, _Params(raw, files, filenames))
        return web.json_response(payload, status=status)

    async def _execute(self, token: str, method: str, params: _Params) -> tuple[int, dict[str, Any]]:
        method = _CANONICAL.get(method.lower(), method)
        response: Any
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            queue = self._failures.get(method.lower())
            if queue:
                raise queue.pop(0)
            handler = self._handlers.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
            status, payload, response = 200, {"ok": True, "result": result}, result
        except ApiError as error:
            status, payload, response = error.status, error.payload(), error.description
        self.calls.append(
            Call(method, decode_params(params.raw), dict(params.files), time.monotonic(), status, response)
        )
        self._bump()
        return status, payload

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

    def _resolve_chat(self, params: _Params, *, check_blocked: bool = True) -> tuple[UserBase, ChatState]:
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
        if check_blocked and user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return user, self._chat(chat_id)

    def _new_message(self, chat: ChatState, **fields: Any) -> BotMessage:
        msg = BotMessage(
            message_id=chat.next_message_id, chat_id=chat.chat_id, date=int(time.time()), **fields
        )
        chat.next_message_id += 1
        chat.messages[msg.message_id] = msg
        return msg

    def _record(self, chat: ChatState, kind: str, msg: BotMessage) -> None:
        chat.events.append(BotEvent(kind, chat.chat_id, msg.message_id, copy.deepcopy(msg), time.monotonic()))
        self._bump()

    def _message_json(self, msg: BotMessage) -> dict[str, Any]:
        user = self._users[msg.chat_id]
        data: dict[str, Any] = {
            "message_id": msg.message_id,
            "from": self._bot_user_json() if msg.from_bot else user.user_json(),
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

    def user_wrote(self, user: UserBase, text: str) -> UserMessage:
        """Queue a ``message`` update from ``user`` (the test-side ``FakeUser.send``)."""
        user.known = True
        chat = self._chat(user.chat_id)
        entities: list[dict[str, Any]] = []
        command = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
        if command is not None:
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))})
        msg = self._new_message(chat, text=text, html=text, from_bot=False, entities=entities)
        self._queue_update("message", self._message_json(msg))
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
            width, height = _image_size(content) or (1, 1)
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

    # ----------------------------------------------------------------- text & markup

    def _parse_text(
        self, params: _Params, key: str, entities_key: str
    ) -> tuple[str, str, list[dict[str, Any]]]:
        """(raw, plain, entities) of a text/caption field according to parse_mode."""
        raw = params.get_str(key) or ""
        mode = (params.get_str("parse_mode") or "").lower()
        if mode == "html":
            try:
                plain, entities = parse_html(raw)
            except HtmlParseError as error:
                raise bad_request(f"can't parse entities: {error}") from None
        elif mode:
            raise bad_request(f"unsupported parse_mode {mode!r} (the fake Telegram implements HTML only)")
        else:
            given = params.get_json(entities_key)
            plain, entities = _strip(raw, given if isinstance(given, list) else [])
        return raw, plain, entities

    def _message_text(self, params: _Params) -> tuple[str, str, list[dict[str, Any]]]:
        raw, plain, entities = self._parse_text(params, "text", "entities")
        if not plain:
            raise bad_request("message text is empty")
        if len(plain) > MAX_TEXT:
            raise bad_request("message is too long")
        return raw, plain, entities

    def _caption(self, params: _Params) -> tuple[str, str, list[dict[str, Any]]]:
        raw, plain, entities = self._parse_text(params, "caption", "caption_entities")
        if len(plain) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return raw, plain, entities

    def _markup(
        self, params: _Params, *, inline_only: bool = False
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(inline keyboard, other reply markup) from the reply_markup field."""
        raw = params.get_str("reply_markup")
        if not raw:
            return None, None
        try:
            data = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
        if not isinstance(data, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in data:
            return _validate_inline_keyboard(data), None
        if inline_only:
            raise bad_request("inline keyboard expected")
        if not any(k in data for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise bad_request("can't parse reply keyboard markup JSON object")
        return None, data

    def _find_message(self, chat: ChatState, params: _Params, missing: str) -> BotMessage:
        if params.get_str("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        msg = chat.messages.get(message_id)
        if msg is None or msg.deleted:
            raise bad_request(missing)
        return msg

    def _input_file(self, params: _Params, key: str, prefix: str) -> tuple[bytes, str, str, str]:
        """(content, file name, file_id, file_unique_id) of an uploaded or re-sent file."""
        ref = params.get_str(key)
        if ref is None and key in params.files:
            content, name = params.files[key], params.filenames.get(key) or key
        elif not ref:
            raise bad_request(f"there is no {key} in the request")
        elif ref.startswith("attach://"):
            part = ref[len("attach://") :]
            if part not in params.files:
                raise bad_request(f"there is no {key} in the request (part {part!r} missing)")
            content, name = params.files[part], params.filenames.get(part) or part
        elif ref in self._files:
            content, name = self._files[ref]
            return content, name, ref, "AgAD" + ref[-12:]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return content, name, *self._new_file(content, name, prefix)

    def _new_file(self, content: bytes, name: str, prefix: str) -> tuple[str, str]:
        """Store a file; return its (file_id, file_unique_id)."""
        n = next(self._file_seq)
        file_id = f"{prefix}AgADAgADfake{n:08d}"
        self._files[file_id] = (content, name)
        return file_id, "AgAD" + file_id[-12:]

    # ----------------------------------------------------------------- methods

    async def _get_me(self, params: _Params) -> dict[str, Any]:
        return {
            **self._bot_user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: _Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get_int("offset")
        limit = min(max(params.get_int("limit") or 100, 1), 100)
        timeout = max(params.get_int("timeout") or 0, 0)
        self._set_allowed_updates(params.get_json("allowed_updates"))
        if offset is not None and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset is not None and offset < 0:
            self._updates = self._updates[offset:]
        self._bump()
        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        parked = False
        try:
            while True:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                if self.webhook is not None:
                    raise ApiError(409, "Conflict: terminated by setWebhook request")
                self._drop_disallowed()
                remaining = deadline - loop.time()
                if self._updates or self._stopping or remaining <= 0:
                    return copy.deepcopy(self._updates[:limit])
                if not parked:
                    parked = True
                    self._pollers += 1
                    self._bump()
                await self._wait_change(remaining)
        finally:
            if parked:
                self._pollers -= 1

    async def _set_webhook(self, params: _Params) -> bool:
        url = params.get_str("url") or ""
        if not url:
            return await self._delete_webhook(params)
        secret = params.get_str("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("secret token contains unallowed characters")
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        self._set_allowed_updates(params.get_json("allowed_updates"))
        self.webhook = {k: v for k, v in decode_params(params.raw).items() if k != "drop_pending_updates"}
        self._webhook_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._webhook_loop())
        self._bump()
        return True

    async def _delete_webhook(self, params: _Params) -> bool:
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        self.webhook = None
        self._bump()
        return True

    async def _get_webhook_info(self, params: _Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook is not None:
            info["url"] = self.webhook["url"]
            info["max_connections"] = int(self.webhook.get("max_connections") or 40)
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    def _commands_key(self, params: _Params) -> tuple[str, str]:
        language = params.get_str("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("LANG_CODE_INVALID")
        return scope_key(params.get_json("scope")), language

    async def _set_my_commands(self, params: _Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: _Params) -> list[dict[str, Any]]:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: _Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _send_message(self, params: _Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        raw, plain, entities = self._message_text(params)
        inline, other = self._markup(params)
        msg = self._new_message(
            chat,
            text=plain,
            html=raw,
            from_bot=True,
            entities=entities,
            reply_markup=inline,
            reply_keyboard=other,
        )
        self._record(chat, "sent", msg)
        return self._message_json(msg)

    async def _edit_message_text(self, params: _Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        msg = self._find_message(chat, params, "message to edit not found")
        if not msg.from_bot:
            raise bad_request("message can't be edited")
        if msg.media is not None:
            raise bad_request("there is no text in the message to edit")
        raw, plain, entities = self._message_text(params)
        inline, _ = self._markup(params, inline_only=True)
        if plain == msg.text and entities == msg.entities and inline == msg.reply_markup:
            raise bad_request(NOT_MODIFIED)
        msg.text, msg.html, msg.entities, msg.reply_markup = plain, raw, entities, inline
        msg.edits += 1
        msg.edit_date = int(time.time())
        self._record(chat, "edited", msg)
        return self._message_json(msg)

    async def _edit_message_reply_markup(self, params: _Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        msg = self._find_message(chat, params, "message to edit not found")
        if not msg.from_bot:
            raise bad_request("message can't be edited")
        inline, _ = self._markup(params, inline_only=True)
        if inline == msg.reply_markup or (not inline and not msg.reply_markup):
            raise bad_request(NOT_MODIFIED)
        msg.reply_markup = inline
        msg.edits += 1
        msg.edit_date = int(time.time())
        self._record(chat, "edited", msg)
        return self._message_json(msg)

    async def _delete_message(self, params: _Params) -> bool:
        _user, chat = self._resolve_chat(params)
        msg = self._find_message(chat, params, "message to delete not found")
        msg.deleted = True
        self._record(chat, "deleted", msg)
        return True

    async def _answer_callback_query(self, params: _Params) -> bool:
        query_id = params.get_str("callback_query_id") or ""
        if query_id not in self._open_callbacks:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        answer = decode_params(params.raw)
        if len(str(answer.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_callbacks.discard(query_id)
        answer.setdefault("show_alert", False)
        self.callback_answers[query_id] = answer
        return True

    async def _send_document(self, params: _Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        content, name, file_id, unique_id = self._input_file(params, "document", "BQAC")
        if not content:
            raise bad_request("file must be non-empty")
        raw, plain, entities = self._caption(params)
        inline, other = self._markup(params)
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        meta = {"file_id": file_id, "file_unique_id": unique_id, "file_name": name, "mime_type": mime,
                "file_size": len(content)}  # fmt: skip
        msg = self._new_message(
            chat, text=plain, html=raw, from_bot=True, entities=entities, reply_markup=inline,
            reply_keyboard=other, media={"document": meta},
            document={"file_name": name, "content": content, "caption": plain, "file_id": file_id,
                      "mime_type": mime, "file_size": len(content)},
        )  # fmt: skip
        self._record(chat, "document", msg)
        return self._message_json(msg)

    async def _send_photo(self, params: _Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        content, _name, file_id, unique_id = self._input_file(params, "photo", "AgAC")
        size = _image_size(content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        raw, plain, entities = self._caption(params)
        inline, other = self._markup(params)
        sizes = [{"file_id": file_id, "file_unique_id": unique_id, "width": size[0], "height": size[1],
                  "file_size": len(content)}]  # fmt: skip
        msg = self._new_message(
            chat, text=plain, html=raw, from_bot=True, entities=entities, reply_markup=inline,
            reply_keyboard=other, media={"photo": sizes}, photo=content,
        )  # fmt: skip
        self._record(chat, "photo", msg)
        return self._message_json(msg)

    async def _send_chat_action(self, params: _Params) -> bool:
        self._resolve_chat(params)
        if params.get_str("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _get_chat(self, params: _Params) -> dict[str, Any]:
        user, _chat = self._resolve_chat(params, check_blocked=False)
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            True,
        )
        return {
            **user.chat_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    # ----------------------------------------------------------------- webhook push mode

    async def _webhook_loop(self) -> None:
        while not self._stopping and self.webhook is not None:
            self._drop_disallowed()
            if not self._updates:
                await self._wait_change(None)
                continue
            update = self._updates[0]
            if await self._deliver(update, self.webhook) and self._updates and self._updates[0] is update:
                self._updates.pop(0)
                self._bump()

    async def _deliver(self, update: dict[str, Any], hook: dict[str, Any]) -> bool:
        """Push one update with retries; True when it is done with (delivered or given up)."""
        assert self._client is not None
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers[SECRET_HEADER] = str(hook["secret_token"])
        delay = self.webhook_retry_delay
        for attempt in range(self.webhook_max_attempts):
            if self._stopping or self.webhook is not hook:
                return False
            status: int | None = None
            error: str | None = None
            reply: dict[str, str] | None = None
            files: dict[str, bytes] = {}
            filenames: dict[str, str] = {}
            try:
                async with self._client.post(
                    str(hook["url"]),
                    data=json.dumps(update),
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=10),
                ) as resp:
                    status = resp.status
                    if 200 <= status < 300:
                        reply = await self._read_webhook_reply(resp, files, filenames)
                    else:
                        error = f"Wrong response from the webhook: {status} {resp.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Connection failed: {type(exc).__name__}: {exc}"
            self.pushes.append(
                WebhookPush(update["update_id"], str(hook["url"]), status, error, time.monotonic(), update)
            )
            self._bump()
            if error is None:
                if reply and reply.get("method"):
                    await self._execute(self.token, reply.pop("method"), _Params(reply, files, filenames))
                return True
            self._webhook_error = (int(time.time()), error)
            if attempt + 1 < self.webhook_max_attempts:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), delay)
                delay *= 2
        return True

    @staticmethod
    async def _read_webhook_reply(
        resp: aiohttp.ClientResponse, files: dict[str, bytes], filenames: dict[str, str]
    ) -> dict[str, str] | None:
        """A method call returned in the webhook response body (JSON or multipart like aiogram sends)."""
        if resp.content_type == "application/json":
            body = await resp.json()
            if isinstance(body, dict) and body.get("method"):
                return {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            return None
        if resp.content_type != "multipart/form-data":
            return None
        reply: dict[str, str] = {}
        reader = aiohttp.MultipartReader.from_response(resp)
        while (part := await reader.next()) is not None:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = await part.read(decode=True)
            if part.filename:
                files[part.name] = bytes(data)
                filenames[part.name] = part.filename
            else:
                reply[part.name] = bytes(data).decode()
        return reply
