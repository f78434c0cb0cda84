"""What the bot checks before it takes an update, each failure said in one line.

* Telegram answers ``getMe`` with this token: an unreachable server (DNS, refused, timeout, TLS,
  5xx) is retried with a doubling wait, one log line per retry, then given up in one line naming
  the URL and ``TELEGRAM_API_URL``; a rejected token (401) is one line pointing to @BotFather.
* The database belongs to this bot (``meta.bot_id``, written at the first start).
* The secret key opens what the database holds (``meta.key_check``, written at the first start).
* In webhook mode the secret token: ``WEBHOOK_SECRET``, else derived from the secret key.

A failed check raises :class:`StartupError`; ``python -m bot`` prints its message and exits 1.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import User

from bot.settings import Settings, database_label
from storage import KeyCheck, MetaRepo, SecretBox, derive_token

log = logging.getLogger(__name__)

GET_ME_TIMEOUT = 10  # seconds per getMe attempt at start-up
WEBHOOK_TOKEN_PURPOSE = "telegram webhook secret_token v1"  # noqa: S105 - a label, not a secret
ACCEPT_NEW_SECRET_KEY = "--accept-new-secret-key"  # noqa: S105 - the flag's name
ACCEPT_NEW_BOT = "--accept-new-bot"


class StartupError(Exception):
    """A start-up check failed; the message is the one line the operator reads."""


@dataclass(frozen=True, slots=True)
class Accept:
    """What the operator said to accept at this start (command-line flags, never the environment:
    a flag is a decision for one start, a variable left set would hide the next accident)."""

    new_secret_key: bool = False
    new_bot: bool = False


# --- Telegram ----------------------------------------------------------------------------------


def _network_reason(exc: TelegramAPIError, timeout: float) -> str:
    cause = exc.__cause__
    if isinstance(exc, TelegramServerError | TelegramRetryAfter):
        return f"the server answered: {exc.message}"
    if isinstance(cause, asyncio.TimeoutError | TimeoutError) or "timeout" in exc.message.lower():
        return f"no answer within {timeout:g} s (timeout)"
    if isinstance(cause, aiohttp.ClientConnectorDNSError) or (
        isinstance(cause, aiohttp.ClientConnectorError) and isinstance(cause.os_error, socket.gaierror)
    ):
        return "the host name does not resolve (DNS)"
    if isinstance(cause, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError) or isinstance(
        getattr(cause, "os_error", None), ssl.SSLError
    ):
        return "the TLS connection failed (certificate or protocol)"
    if isinstance(cause, aiohttp.ClientConnectorError) and isinstance(cause.os_error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, aiohttp.ClientConnectorError):
        return f"cannot connect ({cause.os_error.strerror or type(cause.os_error).__name__})"
    return f"{type(cause).__name__ if cause else 'network error'}"


UNREACHABLE_HINT = (
    "Check this machine's network and DNS, or set TELEGRAM_API_URL to a Bot API server this machine "
    "can reach (a local Bot API server or a proxy)."
)


def unreachable(url: str, reason: str) -> str:
    return f"Telegram is unreachable at {url}: {reason}"


def token_rejected(url: str) -> str:
    return (
        f"Telegram ({url}) rejected BOT_TOKEN (401 Unauthorized): get a token from @BotFather "
        "(/newbot, or /token for an existing bot) and set BOT_TOKEN to it."
    )


async def get_me(
    bot: Bot,
    settings: Settings,
    *,
    retries: int | None = None,
    timeout: float = GET_ME_TIMEOUT,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> User:
    """``getMe``, retried while Telegram cannot be reached (``STARTUP_RETRIES`` times, waiting
    ``STARTUP_RETRY_SECONDS`` doubled each time); every failure that retrying cannot mend, and
    the last one, is a :class:`StartupError`."""
    url = settings.telegram_api_url
    tries = settings.startup_retries if retries is None else retries
    delay = settings.startup_retry_seconds
    attempt = 0
    while True:
        try:
            return await bot.get_me(request_timeout=int(max(timeout, 1)))
        except TelegramUnauthorizedError:
            raise StartupError(token_rejected(url)) from None
        except TelegramNotFound:
            raise StartupError(
                f"{url} answered 404 Not Found to getMe: BOT_TOKEN is malformed, or TELEGRAM_API_URL "
                "is not a Telegram Bot API server."
            ) from None
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as exc:
            problem = unreachable(url, _network_reason(exc, timeout))
            if attempt >= tries:
                raise StartupError(f"{problem}. {UNREACHABLE_HINT}") from None
            attempt += 1
            wait = max(delay, float(exc.retry_after)) if isinstance(exc, TelegramRetryAfter) else delay
            log.warning("%s; retry %d of %d in %g s", problem, attempt, tries, wait)
            await sleep(wait)
            delay *= 2
        except ClientDecodeError:
            raise StartupError(
                f"{url} did not answer getMe like a Telegram Bot API server: check TELEGRAM_API_URL."
            ) from None
        except TelegramAPIError as exc:
            raise StartupError(f"Telegram ({url}) refused getMe: {exc.message}") from None


# --- the database's bot and key ----------------------------------------------------------------


def another_bot(stored_id: int, me: User, database: object) -> str:
    name = f"@{me.username}" if me.username else "this bot"
    return (
        f"The database {database} was used with another Telegram bot (id {stored_id}), but BOT_TOKEN "
        f"belongs to {name} (id {me.id}). Use that bot's token, or another database for {name}, "
        f"or start once with {ACCEPT_NEW_BOT} to move the data to {name} (its users must open it and "
        "press Start; messages the old bot sent can no longer be edited)."
    )


async def check_bot(meta: MetaRepo, me: User, settings: Settings, *, accept: bool) -> None:
    """The database belongs to the bot of ``me`` (remembered at the first start)."""
    stored = await meta.bot_id()
    if stored == me.id:
        return
    if stored is not None and not accept:
        raise StartupError(another_bot(stored, me, database_label(settings)))
    if stored is not None:
        log.warning(
            "%s: the database of bot id %d now belongs to @%s (id %d), as %s asked",
            settings.database_path,
            stored,
            me.username,
            me.id,
            ACCEPT_NEW_BOT,
        )
    await meta.set_bot_id(me.id)


def key_mismatch(settings: Settings) -> str:
    db, key_file = database_label(settings), settings.key_file
    if settings.secret_key:
        problem = (
            f"SECRET_KEY does not match the key the data in {db} was saved with (SECRET_KEY as it was "
            f"then, or the key file {key_file} if SECRET_KEY was unset): set the old key back"
        )
    else:
        problem = (
            f"SECRET_KEY is unset and the key file {key_file} does not match the key the data in {db} "
            f"was saved with: put the old {key_file} back or set SECRET_KEY to the old key"
        )
    return (
        f"{problem}, or start once with {ACCEPT_NEW_SECRET_KEY} to continue: trackers whose keys can "
        "no longer be read will ask for their key again."
    )


async def check_secret_key(
    meta: MetaRepo, box: SecretBox, settings: Settings, *, accept: bool, write: bool = True
) -> KeyCheck:
    """The secret key opens the database's key check; a database without one gets it (silently)."""
    result = await meta.check_key(box)
    if result is KeyCheck.MISMATCH:
        if not accept:
            raise StartupError(key_mismatch(settings))
        if write:
            log.warning(
                "the secret key changed (%s): the key check of %s is rewritten with the new key; "
                "trackers whose keys were saved with the old one will ask for their key again",
                ACCEPT_NEW_SECRET_KEY,
                settings.database_path,
            )
    if result is not KeyCheck.MATCHES and write:
        await meta.write_key_check(box)
    return result


# --- the webhook's secret token ----------------------------------------------------------------


def webhook_secret(settings: Settings, key_material: str) -> tuple[str, str]:
    """The secret token Telegram must send with every webhook call, and where it came from.

    Unless ``WEBHOOK_SECRET`` is given it is derived from the secret key: stable across restarts and
    identical in every worker (nothing to store or share), unrelated to the key itself, and new
    whenever the secret key changes."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value(), "given by WEBHOOK_SECRET"
    return derive_token(key_material, WEBHOOK_TOKEN_PURPOSE), "derived from the secret key"
