"""How tall a bot message is on a phone, and an opt-in log of every screen the tests produce.

A phone shows about :data:`PROSE_WIDTH` characters of proportional text per line in a message
bubble and :data:`MONO_WIDTH` of monospace (``<pre>``); a longer line wraps. A screen should fit
above its buttons: :data:`MAX_LINES` lines.

``SCREEN_LOG=<file>`` makes the fake Telegram server append every message it shows (sent or
edited) to ``<file>`` as JSON lines — how the longest screens were found (see the README of tests).
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from typing import Any

__all__ = ["MAX_LINES", "MONO_WIDTH", "PROSE_WIDTH", "log_screen", "visual_lines"]

PROSE_WIDTH = 38
MONO_WIDTH = 34
MAX_LINES = 30

_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _wrapped(text: str, width: int) -> int:
    return sum(max(1, math.ceil(len(line) / width)) for line in text.split("\n"))


def visual_lines(markup: str) -> int:
    """Lines the message's text takes on a phone (HTML markup as the bot sent it)."""
    total = 0
    rest = markup
    for found in _PRE.finditer(markup):
        total += _wrapped(html.unescape(_TAG.sub("", found.group(1))).strip("\n"), MONO_WIDTH)
    rest = _PRE.sub("\n", markup)
    prose = html.unescape(_TAG.sub("", rest)).strip("\n")
    if prose:
        total += _wrapped(re.sub(r"\n{3,}", "\n\n", prose), PROSE_WIDTH)
    return total


def log_screen(kind: str, markup: str, reply_markup: dict[str, Any] | None) -> None:
    path = os.environ.get("SCREEN_LOG")
    if not path or not markup:
        return
    rows = len((reply_markup or {}).get("inline_keyboard", []))
    entry = {
        "test": os.environ.get("PYTEST_CURRENT_TEST", ""),
        "kind": kind,
        "lines": visual_lines(markup),
        "button_rows": rows,
        "html": markup,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
