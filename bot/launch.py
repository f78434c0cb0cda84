"""The commands of ``python -m bot``: ``run`` (the bot), ``check`` (one line per start-up check),
``migrate`` and ``copy-from-sqlite`` (bot/transfer.py).

Every start-up failure is one line (``Cannot start: …``) and exit code 1, never a traceback: a
traceback is for bugs, not for a wrong token or an unreachable server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import User

from bot.app import BotApp
from bot.logsetup import redactor
from bot.scaleout import CANNOT_START, worker_index
from bot.session import BotSession
from bot.settings import Settings
from bot.startup import (
    Accept,
    StartupError,
    another_bot,
    check_secret_key,
    get_me,
    key_mismatch,
)
from bot.transfer import copy_from_sqlite, database_label, migrate, problem, remember_secrets, scrub
from bot.workers import serve, supervise
from services.clock import system_clock
from storage import KeyCheck, MetaRepo, SecretBox, load_or_create_key
from storage.connect import open_database
from storage.transfer import database_errors, stored_version

__all__ = ["check", "main", "run"]

OK, FAIL = "✓", "✗"


def main(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "check":
        return asyncio.run(check(settings))
    if args.command == "migrate":
        return asyncio.run(migrate(settings))
    if args.command == "copy-from-sqlite":
        return asyncio.run(copy_from_sqlite(settings, Path(args.path)))
    return run(settings, Accept(new_secret_key=args.accept_new_secret_key, new_bot=args.accept_new_bot))


def run(settings: Settings, accept: Accept) -> int:
    worker = worker_index()  # set when this process is one of WORKERS (bot/workers.py)
    if settings.workers > 1 and worker is None:
        return supervise(settings, accept)
    app = BotApp(settings, freeze_startup_heap=True, accept=accept, worker=worker or 0)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(app.run() if worker is None else serve(app))
    except StartupError as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 1 if worker is None else CANNOT_START
    return 0


class _Report:
    def __init__(self) -> None:
        self.failed = False

    def say(self, ok: bool, text: str) -> None:
        self.failed |= not ok
        print(f"{OK if ok else FAIL} {text}", flush=True)


async def check(settings: Settings) -> int:
    """getMe, the database, the bot it belongs to, the secret key: one line each; 0 when all pass."""
    report = _Report()
    redactor.add(settings.bot_token.get_secret_value())
    remember_secrets(settings)
    me = await _check_telegram(settings, report)
    url = settings.database_url.get_secret_value() if settings.database_url else None
    where = database_label(settings)  # the URL with its password masked, or the file
    db = open_database(url, settings.database_path, clock=system_clock)
    try:
        before = await stored_version(url, settings.database_path)
        await db.open()
        version = await db.schema_version()
    except database_errors(url) as exc:
        await db.close()
        report.say(False, f"Database: {where} cannot be opened: {scrub(problem(exc), settings)}")
        return 1
    try:
        if not before:
            state = "created now"
        elif before < version:
            state = f"migrated now from version {before}"
        else:
            state = "schema up to date"
        report.say(True, f"Database: {where} ({state}, version {version})")
        meta = MetaRepo(db)
        if me is not None:
            await _check_bot(settings, meta, me, report, where)
        await _check_key(settings, meta, report)
    finally:
        await db.close()
    if settings.webhook_url:
        given = settings.webhook_secret is not None
        source = "given by WEBHOOK_SECRET" if given else "derived from the secret key"
        report.say(True, f"Webhook: {settings.webhook_url}, secret token {source}")
    return 1 if report.failed else 0


async def _check_telegram(settings: Settings, report: _Report) -> User | None:
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=BotSession(api=TelegramAPIServer.from_base(settings.telegram_api_url)),
    )
    try:
        me = await get_me(bot, settings, retries=0)
    except StartupError as exc:
        text = str(exc)
        report.say(False, text if text.startswith("Telegram") else f"Telegram: {text}")
        return None
    finally:
        await bot.session.close()
    report.say(
        True,
        f"Telegram: BOT_TOKEN is the token of @{me.username} (id {me.id}), at {settings.telegram_api_url}",
    )
    return me


async def _check_bot(settings: Settings, meta: MetaRepo, me: User, report: _Report, where: str) -> None:
    stored = await meta.bot_id()
    if stored is None:
        report.say(
            True, f"Bot: the database is not tied to a bot yet; the first run ties it to @{me.username}"
        )
    elif stored == me.id:
        report.say(True, f"Bot: the database belongs to @{me.username}")
    else:
        report.say(False, f"Bot: {another_bot(stored, me, where)}")


async def _check_key(settings: Settings, meta: MetaRepo, report: _Report) -> None:
    given = settings.secret_key.get_secret_value() if settings.secret_key else None
    if given is None and not settings.key_file.exists():
        if await meta.has_key_check():
            report.say(False, f"Secret key: {key_mismatch(settings)}")
        else:
            report.say(
                True, f"Secret key: none yet; the first run generates {settings.key_file} (back it up)"
            )
        return
    source = "SECRET_KEY" if given else f"the key file {settings.key_file}"
    try:
        box = SecretBox(load_or_create_key(given, settings.key_file))
        result = await check_secret_key(meta, box, settings, accept=False, write=False)
    except (StartupError, ValueError, OSError) as exc:
        report.say(False, f"Secret key: {exc}")
        return
    if result is KeyCheck.MATCHES:
        report.say(True, f"Secret key: {source} opens the data saved in the database")
    else:
        report.say(True, f"Secret key: {source}; the database has no key check yet, the next run writes it")
