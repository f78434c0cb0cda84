"""Secrets typed into the chat: a postback URL (adding a tracker, changing it, the postback test)
and an API key (adding a tracker, replacing its key).

Whatever the outcome, the secret is handed to the log redactor and the message is deleted at once,
before anything else happens; nothing secret enters dialog data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiogram.types import Message
from aiogram_dialog import DialogManager

from handlers.input import InputError
from handlers.ui import (
    app_of,
    delete_secret_message,
    i18n_of,
    keitaro_sentence,
    set_error,
    user_id_of,
)
from keitaro import ConnectionCheck
from keitaro import errors as kerr
from keitaro.netguard import ensure_public_host
from keitaro.urls import InvalidUrlError, PostbackUrl, parse_postback_url
from storage import Tracker

__all__ = [
    "CheckedKey",
    "KeyMessage",
    "address_refusal",
    "clean_api_key",
    "receive_postback_url",
    "save_postback_url",
]

log = logging.getLogger(__name__)

KEY_MIN, KEY_MAX = 8, 200
_KEY_RE = re.compile(r"^[A-Za-z0-9_\-.:=+/]+$")


# ---------------------------------------------------------------- addresses typed by a user


async def address_refusal(manager: DialogManager, url: str) -> tuple[str, dict[str, str]] | None:
    """Why the host of ``url`` (an admin or postback URL being typed) may not be used — ``("private",
    {})`` or ``("dns", {"host": …})`` — or ``None`` when it may. The rules of the network guard
    (:mod:`keitaro.netguard`), unless ALLOW_PRIVATE_TRACKER_ADDRESSES is on."""
    if app_of(manager).clients.allow_private:
        return None
    parts = urlsplit(url)
    try:
        await ensure_public_host(parts.hostname or "", parts.port)
    except kerr.PrivateAddressError:
        return "private", {}
    except kerr.DnsError:
        return "dns", {"host": parts.hostname or ""}
    return None


# ---------------------------------------------------------------- postback URL


async def receive_postback_url(
    message: Message, manager: DialogManager, *, wrong_format: str
) -> tuple[PostbackUrl | None, bool]:
    """The postback URL in ``message`` and whether the message could be deleted. ``None`` when it is
    not one, or its host is private or does not resolve: then the error line says why
    (``wrong_format`` for a text that is not a postback URL) and the question is asked again."""
    parsed: PostbackUrl | None = None
    error: tuple[str, dict[str, str]] | None = None
    try:
        parsed = parse_postback_url((message.text or "").strip())
    except InvalidUrlError as err:
        error = ("pb-err-ip_spelling" if err.reason == "ip_spelling" else wrong_format), {}
    if parsed is not None:
        app_of(manager).remember_secret(parsed.key)
    deleted = await delete_secret_message(message)
    if parsed is not None:
        refusal = await address_refusal(manager, parsed.base_url)
        if refusal is not None:
            log.info("postback URL refused: %s address", refusal[0])
            parsed, error = None, (f"pb-err-{refusal[0]}", refusal[1])
    if error is not None:
        set_error(manager, error[0], **error[1])
    return parsed, deleted


async def save_postback_url(manager: DialogManager, tracker: Tracker, postback: PostbackUrl) -> None:
    """Store a saved tracker's postback URL (encrypted) and audit the change."""
    app, owner = app_of(manager), user_id_of(manager)
    await app.trackers.set_postback_url(owner, tracker.id, postback.url)
    await app.audit.record(owner, "tracker.postback_url", tracker_id=tracker.id)


# ---------------------------------------------------------------- API key


def clean_api_key(raw: str) -> str:
    key = raw.strip()
    if any(ch.isspace() for ch in key):
        raise InputError("key-err-spaces")
    if not KEY_MIN <= len(key) <= KEY_MAX or not _KEY_RE.match(key):
        raise InputError("key-err-format")
    return key


@dataclass(frozen=True, slots=True)
class CheckedKey:
    """A key the tracker accepted: what it answered, and the "checking…" message to confirm in."""

    key: str
    check: ConnectionCheck
    timezone: str | None
    status: Message


class KeyMessage:
    """An API key typed into the chat: :meth:`take` it (remembered, message deleted), :meth:`check` it
    against the tracker (the user sees "checking…", then the refusal in one sentence), save it, then
    :meth:`confirm` in the same message."""

    def __init__(self, message: Message, manager: DialogManager, raw: str, deleted: bool) -> None:
        self.message, self.manager, self.raw = message, manager, raw
        self.note = i18n_of(manager).get("key-deleted" if deleted else "key-not-deleted")

    @classmethod
    async def take(cls, message: Message, manager: DialogManager) -> KeyMessage:
        raw = message.text or ""
        app_of(manager).remember_secret(raw.strip())
        return cls(message, manager, raw, await delete_secret_message(message))

    async def check(
        self, *, tracker: str, admin_url: str, refused: str, with_timezone: bool = False
    ) -> CheckedKey | None:
        """The key when its format is right and the tracker accepts it (and the tracker's time zone
        when asked); otherwise ``None`` and the dialog shows why (``refused``: the error line after
        a refusal by the tracker)."""
        app, i18n = app_of(self.manager), i18n_of(self.manager)
        try:
            key = clean_api_key(self.raw)
        except InputError as err:
            await self.message.answer(self.note)
            set_error(self.manager, err.key)
            return None
        status = await self.message.answer(self.note + "\n" + i18n.get("key-checking", tracker=tracker))
        try:
            async with app.clients.probe(admin_url, key) as client:
                check = await client.check_connection()
                timezone = await client.guess_timezone() if with_timezone else None
        except kerr.KeitaroError as err:
            log.info("tracker key check failed: %s", err.code)
            await status.edit_text(self.note + "\n❌ " + keitaro_sentence(i18n, err, tracker))
            set_error(self.manager, refused)
            return None
        return CheckedKey(key, check, timezone, status)

    async def confirm(self, checked: CheckedKey, *, tracker: str) -> None:
        """The key is saved: "checking…" becomes "works: N campaigns in M ms"."""
        text = i18n_of(self.manager).get(
            "key-ok", tracker=tracker, count=checked.check.campaigns, ms=round(checked.check.elapsed_ms)
        )
        await checked.status.edit_text(self.note + "\n" + text)
