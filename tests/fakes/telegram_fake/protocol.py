"""The Bot API wire format: error answers, request parameters, reply-markup and uploaded-image rules."""

from __future__ import annotations

import json
import re
import struct
import zlib
from typing import Any

__all__ = [
    "ApiError",
    "Params",
    "bad_request",
    "decode_params",
    "image_size",
    "tiny_png",
    "validate_inline_keyboard",
]


class ApiError(Exception):
    """A Bot API error answer: HTTP status == error_code, plus description and optional parameters
    (``retry_after`` for 429, ``migrate_to_chat_id`` for a group that became a supergroup)."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        *,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        parameters: dict[str, Any] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


class Params:
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


def validate_inline_keyboard(data: dict[str, Any]) -> dict[str, Any]:
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


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) for PNG, a default size for other known image formats, None if not an image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith((b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return 320, 240
    return None
