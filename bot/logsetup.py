"""Logging with secret redaction.

Redaction happens when a log record is *created* (a record factory), so it covers every
handler — ours, pytest's caplog, anything a library adds — and the formatted traceback too.
Known secrets (the bot token, every tracker key the process has seen) are replaced by their
masked form; patterns catch the shapes we know (bot tokens, ``Api-Key`` headers, the key
segment of a Keitaro postback URL) even when the exact value was never registered.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections import OrderedDict
from typing import IO, Any

from keitaro.masking import mask_secret

_BOT_TOKEN_RE = re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}")
_API_KEY_RE = re.compile(r"(?i)(api[-_]?key['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}&]{4,})")
_BEARER_RE = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?bearer\s+)([^'\"\s,}]{4,})")
# the key segment of a postback URL, with or without the scheme and host ("/KEY/postback")
_POSTBACK_RE = re.compile(r"((?:https?://[^/\s'\"]+)?/)([A-Za-z0-9]{4,})(/postback\b)")

_MAX_SECRETS = 10_000


class Redactor:
    """Process-wide set of secrets that must never appear in a log line."""

    def __init__(self) -> None:
        self._secrets: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, secret: str | None) -> None:
        if not secret or len(secret) < 4:
            return
        with self._lock:
            self._secrets[secret] = mask_secret(secret)
            self._secrets.move_to_end(secret)
            while len(self._secrets) > _MAX_SECRETS:
                self._secrets.popitem(last=False)

    def redact(self, text: str) -> str:
        with self._lock:
            items = list(self._secrets.items())
        # longest first, so a secret that contains another is replaced whole
        for secret, masked in sorted(items, key=lambda kv: -len(kv[0])):
            if secret in text:
                text = text.replace(secret, masked)
        text = _BOT_TOKEN_RE.sub(lambda m: mask_secret(m.group(0)), text)
        text = _API_KEY_RE.sub(lambda m: m.group(1) + mask_secret(m.group(2)), text)
        text = _BEARER_RE.sub(lambda m: m.group(1) + mask_secret(m.group(2)), text)
        return _POSTBACK_RE.sub(lambda m: m.group(1) + mask_secret(m.group(2)) + m.group(3), text)


redactor = Redactor()

_installed = False


def _install_record_factory() -> None:
    global _installed  # noqa: PLW0603 - installed once per process
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redactor.redact(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redactor.redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
        if record.stack_info:
            record.stack_info = redactor.redact(record.stack_info)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def setup_logging(level: str = "INFO", *, stream: IO[str] | None = None) -> None:
    """Configure the root logger once: redaction, one stream handler, quiet chatty libraries."""
    _install_record_factory()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_keitaro_bot", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._keitaro_bot = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    # httpx/httpcore log every URL at INFO/DEBUG; an incoming-postback URL carries the postback
    # key. The record factory masks it anyway, but there is no reason to log them at all.
    for name in ("httpx", "httpcore", "aiosqlite"):
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))


def install_redaction() -> None:
    """For tests and embedders that configure handlers themselves."""
    _install_record_factory()
