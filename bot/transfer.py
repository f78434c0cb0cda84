"""The database commands of ``python -m bot``: ``migrate``, and ``copy-from-sqlite`` (an SQLite
deployment moved to PostgreSQL).

Both speak of the database by its URL with the password masked (``postgresql://bot:***@host/db``),
never the password; a failure is one line (``Cannot migrate: …``, ``Cannot copy: …``) and exit
code 1, never a traceback. The table copy itself is :mod:`storage.transfer`; this module finds the
databases from the settings, checks the secret key and says what happened.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import sys
from pathlib import Path

from bot.logsetup import redactor
from bot.settings import Settings, database_label, masked_url, url_passwords
from services.clock import system_clock
from storage import Database, KeyCheck, MetaRepo, SecretBox
from storage.connect import open_database
from storage.migrations import MIGRATIONS
from storage.pg import PgDatabase
from storage.transfer import (
    CONNECT_TIMEOUT,
    CopyResult,
    TransferError,
    copy_sqlite_to_postgres,
    database_errors,
    stored_version,
)

__all__ = [
    "copy_from_sqlite",
    "database_label",
    "masked_url",
    "migrate",
    "problem",
    "remember_secrets",
    "scrub",
]

LATEST = len(MIGRATIONS)


# --- saying which database, without its password ---------------------------------------------------


def remember_secrets(settings: Settings) -> None:
    """The database URL and its password never appear in a log line (bot.logsetup)."""
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        redactor.add(url)
        for password in url_passwords(url):
            redactor.add(password)


def scrub(text: str, settings: Settings) -> str:
    """``text`` with the database URL's password masked wherever it appears."""
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        text = text.replace(url, masked_url(url))
        for password in sorted(url_passwords(url), key=len, reverse=True):
            text = text.replace(password, "***")
    return text


def problem(exc: BaseException) -> str:
    """What went wrong reaching or using a database, in words (the server's own message kept)."""
    state = getattr(exc, "sqlstate", None)
    if state in ("28P01", "28000"):
        return f"the server refused the login ({exc}): check the user and password in DATABASE_URL"
    if state == "3D000":
        return f"{exc}: create it (createdb) or correct the database's name in DATABASE_URL"
    if state == "42501":
        return f"{exc}: the user of DATABASE_URL needs the right to create tables in that database"
    if isinstance(exc, TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:g} s (timeout): check the host and port"
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve (DNS)"
    if isinstance(exc, ConnectionRefusedError) or "Connect call failed" in str(exc):
        return "connection refused: is the server running, and on that host and port?"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# --- migrate --------------------------------------------------------------------------------------


async def migrate(settings: Settings) -> int:
    """Apply pending migrations to the configured database; one line either way."""
    remember_secrets(settings)
    url = settings.database_url.get_secret_value() if settings.database_url else None
    label = database_label(settings)
    try:
        before = await stored_version(url, settings.database_path)
        _not_newer(label, before)
        db = open_database(url, settings.database_path, clock=system_clock)
        try:
            await db.open()
            after = await db.schema_version()
        finally:
            await db.close()
    except TransferError as exc:
        print(f"Cannot migrate: {scrub(str(exc), settings)}", file=sys.stderr)
        return 1
    except database_errors(url) as exc:
        print(f"Cannot migrate: {label}: {scrub(problem(exc), settings)}", file=sys.stderr)
        return 1
    if before is None:
        state = "created now"
    elif before == after:
        state = "already up to date"
    else:
        state = f"{after - before} migration{'s' if after - before != 1 else ''} applied"
    print(f"Database {label}: schema version {before or 0} → {after} ({state})", flush=True)
    return 0


def _not_newer(label: str, version: int | None) -> None:
    if version is not None and version > LATEST:
        raise TransferError(
            f"{label} is at schema version {version}, newer than this bot knows ({LATEST}): "
            "run the newer version of the bot"
        )


# --- copy-from-sqlite -----------------------------------------------------------------------------


async def copy_from_sqlite(settings: Settings, source: Path) -> int:
    """Copy the SQLite deployment ``source`` into the (empty) PostgreSQL database of DATABASE_URL."""
    remember_secrets(settings)
    try:
        lines = await _copy(settings, source)
    except TransferError as exc:
        print(f"Cannot copy: {scrub(str(exc), settings)}", file=sys.stderr)
        return 1
    for line in lines:
        print(line, flush=True)
    return 0


async def _copy(settings: Settings, path: Path) -> list[str]:
    if settings.database_url is None:
        raise TransferError(
            "DATABASE_URL is not set: set it to the PostgreSQL database to copy into (an empty one), "
            "e.g. DATABASE_URL=postgresql://bot:PASSWORD@localhost:5432/bot"
        )
    url = settings.database_url.get_secret_value()
    label = masked_url(url)
    version = await _source_version(path)
    try:
        target_before = await stored_version(url, settings.database_path)
    except database_errors(url) as exc:
        raise TransferError(f"PostgreSQL at {label}: {problem(exc)}") from None
    _not_newer(label, target_before)

    lines = [f"Source: {path} (schema version {version})"]
    db = Database(path, clock=system_clock)
    target = open_database(url, settings.database_path, clock=system_clock)
    assert isinstance(target, PgDatabase)
    try:
        try:
            await db.open()  # brings an older file to this bot's schema, as a start of the bot would
            lines.append(await _key_opens(settings, db, path))
        except database_errors(None) as exc:
            raise TransferError(f"the SQLite file {path}: {problem(exc)}") from None
        try:
            await target.open()  # migrates the target first
            lines.append(
                f"Target: {label} (schema version {target_before or 0} → {await target.schema_version()})"
            )
            result = await copy_sqlite_to_postgres(db, target)
        except sqlite3.Error as exc:  # reading the source (PostgreSQL's errors are not these)
            raise TransferError(f"the SQLite file {path}: {problem(exc)}") from None
        except database_errors(url) as exc:
            raise TransferError(f"PostgreSQL at {label}: {problem(exc)}") from None
    finally:
        await db.close()
        await target.close()
    return lines + _summary(result, path)


async def _source_version(path: Path) -> int:
    if not await asyncio.to_thread(path.exists):
        raise TransferError(
            f"{path} does not exist: give the SQLite file of the deployment to copy (its DATABASE_PATH, "
            "data/bot.sqlite3 by default)"
        )
    try:
        version = await stored_version(None, path) or 0
    except database_errors(None) as exc:
        raise TransferError(f"{path} cannot be read as an SQLite database: {problem(exc)}") from None
    if version == 0:
        raise TransferError(
            f"{path} holds no data of this bot (its schema version is 0): is it the right file?"
        )
    _not_newer(str(path), version)
    return version


def _configured_key(settings: Settings) -> tuple[str | None, str]:
    """The key the bot will use (SECRET_KEY, else the key file), without generating one."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value(), "SECRET_KEY"
    if settings.key_file.exists():
        return settings.key_file.read_text(encoding="ascii").strip(), f"the key file {settings.key_file}"
    return None, f"SECRET_KEY (unset; no key file {settings.key_file} either)"


async def _key_opens(settings: Settings, db: Database, path: Path) -> str:
    """The secret key the bot will run with opens what the SQLite file holds; else why not."""
    key, source = _configured_key(settings)
    meta = MetaRepo(db)
    if key is None:
        encrypted = await meta.has_key_check() or await db.fetch_value("SELECT 1 FROM trackers LIMIT 1")
        if encrypted:
            raise TransferError(
                f"no secret key: {source}, and {path} holds encrypted keys. Set SECRET_KEY to the key "
                "that deployment used (when it ran without SECRET_KEY, the content of "
                f"{path.parent / 'secret.key'})"
            )
        return "Secret key: none set, and the SQLite file holds nothing encrypted"
    result = await meta.check_key(SecretBox(key))
    if result is KeyCheck.MISMATCH:
        raise TransferError(
            f"{source} does not open the data in {path} (its key check does not decrypt): set SECRET_KEY to "
            f"the key that deployment used (when it ran without SECRET_KEY, the content of "
            f"{path.parent / 'secret.key'}). If that key is lost, start the bot on the SQLite file once with "
            "--accept-new-secret-key (trackers will ask for their keys again), then copy"
        )
    line = f"Secret key: {source} opens the data"
    if result is KeyCheck.ABSENT:
        line = f"Secret key: {source}; the SQLite file has no key check yet (the first start writes it)"
    if settings.secret_key is None:
        line += "; every worker needs this key: set SECRET_KEY to it, or copy the key file to each machine"
    return line


def _summary(result: CopyResult, path: Path) -> list[str]:
    width = max((len(t) for t in result.counts), default=0)
    tables = len(result.counts)
    lines = [f"Copied {result.total} rows of {tables} tables in one transaction:"]
    lines += [f"  {table:<{width}}  {count}" for table, count in result.counts.items()]
    lines.append(
        "New ids continue after the copied ones. Start the bot with DATABASE_URL set and the same "
        f"secret key; {path} is not needed by it any more (keep it until all runs well)."
    )
    return lines
