"""Showing secrets (API keys, postback keys) without revealing them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

__all__ = ["mask_in_data", "mask_in_text", "mask_log_line", "mask_secret"]

_ELLIPSIS = "…"
_HIDDEN = "•••"


def mask_secret(s: str) -> str:
    """``abcd…wxyz`` for 12+ characters, ``…yz`` for 4-11, ``•••`` for anything shorter."""
    if len(s) >= 12:
        return f"{s[:4]}{_ELLIPSIS}{s[-4:]}"
    if len(s) >= 4:
        return f"{_ELLIPSIS}{s[-2:]}"
    return _HIDDEN


def mask_in_text(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret (and of its URL-encoded form) with its mask.

    Longer secrets are replaced first so that a secret containing another one is not half-masked.
    Empty secrets are ignored.
    """
    variants: dict[str, str] = {}
    for secret in secrets:
        if not secret:
            continue
        masked = mask_secret(secret)
        variants.setdefault(secret, masked)
        encoded = quote(secret, safe="")
        if encoded != secret:
            variants.setdefault(encoded, masked)
    for needle in sorted(variants, key=len, reverse=True):
        text = text.replace(needle, variants[needle])
    return text


def mask_in_data(data: Any, secrets: Iterable[str]) -> Any:
    """:func:`mask_in_text` for parsed JSON (strings, lists, dicts); returned unchanged when no
    secret occurs in it."""
    wanted = [s for s in secrets if s]
    if data is None or not wanted:
        return data
    if isinstance(data, str):
        return mask_in_text(data, wanted)
    dumped = json.dumps(data, ensure_ascii=False, default=str)
    if not any(s in dumped or quote(s, safe="") in dumped for s in wanted):
        return data
    masked = mask_in_text(dumped, wanted)
    try:
        return json.loads(masked)
    except ValueError:
        return masked


# The key segment of a postback path: "/KEY/postback" alone or inside a full URL, also URL-encoded
# ("%2FKEY%2Fpostback"). The slash before the key must not be the second slash of "//host".
_POSTBACK_PATH_RE = re.compile(r"(?<!/)(/)([^/\s?#&'\"<>]+)(/postback)(?![\w-])", re.IGNORECASE)
_POSTBACK_ENCODED_RE = re.compile(r"(?<!%2F)(%2F)([^%/\s?#&'\"<>]+)(%2Fpostback)(?![\w-])", re.IGNORECASE)
# "api_key=…", "key=…", "token=…" … as query parameters (also with an encoded "=")
_SECRET_PARAM_RE = re.compile(
    r"(?<![\w.-])((?:api[_-]?key|apikey|key|token|access[_-]?token|secret|password|passwd|pwd)(?:=|%3D))"
    r"([^&\s'\"<>#]+)",
    re.IGNORECASE,
)
# "Api-Key: …" headers and "api_key": "…" in JSON
_SECRET_HEADER_RE = re.compile(
    r"((?<![\w-])(?:api[_-]?key|x-api-key)['\"]?\s*:\s*['\"]?)([^'\"\s,;}&]+)", re.IGNORECASE
)
_BEARER_RE = re.compile(r"(\bbearer\s+)([^'\"\s,;}&]+)", re.IGNORECASE)


def _mask_value(value: str) -> str:
    if _ELLIPSIS in value or _HIDDEN in value:  # masked already
        return value
    if value.startswith("{") and value.endswith("}"):  # a macro such as {key}, not a value
        return value
    return mask_secret(value)


def mask_log_line(text: str) -> str:
    """A tracker log line (or any text with URLs) with its secrets masked: the postback key in
    ``/KEY/postback`` paths and URLs (plain or URL-encoded), ``api_key=``/``key=``/``token=``…
    query values, ``Api-Key:`` headers and bearer tokens. Everything else is left as it is."""

    def keep_ends(match: re.Match[str]) -> str:
        return match.group(1) + _mask_value(match.group(2)) + (match.group(3) if match.re.groups > 2 else "")

    for pattern in (_POSTBACK_PATH_RE, _POSTBACK_ENCODED_RE, _SECRET_PARAM_RE, _SECRET_HEADER_RE, _BEARER_RE):
        text = pattern.sub(keep_ends, text)
    return text
