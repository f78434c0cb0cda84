"""Showing secrets (API keys, postback keys) without revealing them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

__all__ = ["mask_in_data", "mask_in_text", "mask_secret"]

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
