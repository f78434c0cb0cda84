"""``WORKERS=N`` in webhook mode: ``python -m bot`` becomes a supervisor of N worker processes.

Each worker is ``python -m bot`` again (the environment variable :data:`bot.scaleout.WORKER_ENV`
gives its number): a whole bot — its own database pool, Redis client, dispatcher and alert jobs —
listening on the same ``HTTP_HOST:HTTP_PORT`` with ``SO_REUSEPORT``, so the kernel spreads
Telegram's connections (and the conversion webhooks, and /healthz) between them. Processes, not
threads: the point is to use more than one core.

The supervisor first runs the start-up checks once (:func:`preflight`: the database opened and
migrated, the secret key — generated here if it must be, so the workers do not race to write the
key file — Telegram's ``getMe``, the bot the database belongs to, Redis), so a wrong setting is one
line and exit 1, not N. Then it starts the workers and:

* restarts a worker that dies (after 1 s, doubling up to 30 s while it keeps dying young);
* stops everything and exits 1 when a worker cannot start at the first start (its own ``Cannot
  start:`` line says why; it exits with :data:`bot.scaleout.CANNOT_START`); later, a worker that
  cannot start (the database down for a while) is started again like one that died;
* forwards SIGTERM and SIGINT to every worker, waits for them (each finishes the updates it is
  handling) and exits 0 once all have stopped.

Worker 0 calls ``setWebhook`` (the others would repeat the same call word for word; Telegram limits
how often it may be called). A worker stops by itself when its supervisor is gone (killed with
``-9``), so no orphan keeps the port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time

from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer

from bot.app import BotApp
from bot.logsetup import redactor
from bot.redis_state import connect
from bot.scaleout import CANNOT_START, WORKER_ENV, check_redis, open_database, refusal, secrets_of
from bot.session import BotSession
from bot.settings import Settings
from bot.startup import Accept, StartupError, check_bot, check_secret_key, get_me
from services.clock import system_clock
from storage import MetaRepo, SecretBox, load_or_create_key
from storage.connect import open_database as database_of

__all__ = ["Supervisor", "preflight", "serve", "supervise"]

log = logging.getLogger(__name__)

FIRST_RESTART_SECONDS = 1.0
MAX_RESTART_SECONDS = 30.0
YOUNG_SECONDS = 30.0  # a worker that dies younger than this waits longer before the next start
STOP_SECONDS = 60.0  # a worker's own shutdown: updates in flight (30 s), alert jobs (15 s), clean-up
PARENT_CHECK_SECONDS = 1.0


def supervise(settings: Settings, accept: Accept) -> int:
    """``python -m bot`` with ``WORKERS`` > 1: the checks, then the workers until a signal."""
    try:
        asyncio.run(preflight(settings, accept))
    except StartupError as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return asyncio.run(Supervisor(settings.workers).run())


async def preflight(settings: Settings, accept: Accept) -> None:
    """What every worker would check at its start, once, before any worker starts."""
    problem = refusal(settings)
    if problem:
        raise StartupError(problem)
    s = settings
    redactor.add(s.bot_token.get_secret_value())
    for url in (s.database_url, s.redis_url):
        for secret in secrets_of(url.get_secret_value() if url else None):
            redactor.add(secret)
    key = load_or_create_key(s.secret_key.get_secret_value() if s.secret_key else None, s.key_file)
    db = database_of(
        s.database_url.get_secret_value() if s.database_url else None, s.database_path, clock=system_clock
    )
    await open_database(db, s)
    try:
        meta = MetaRepo(db)
        await check_secret_key(meta, SecretBox(key), s, accept=accept.new_secret_key)
        bot = Bot(
            token=s.bot_token.get_secret_value(),
            session=BotSession(api=TelegramAPIServer.from_base(s.telegram_api_url)),
        )
        try:
            me = await get_me(bot, s)
        finally:
            await bot.session.close()
        await check_bot(meta, me, s, accept=accept.new_bot)
        if s.redis_url is not None:
            client = connect(s.redis_url.get_secret_value())
            try:
                await check_redis(client, s)
            finally:
                await client.aclose()
    finally:
        await db.close()
    log.info("checks passed: starting %d workers for @%s", s.workers, me.username)


class Supervisor:
    """Starts ``workers`` children, keeps them running, stops them on a signal."""

    def __init__(self, workers: int, *, command: list[str] | None = None) -> None:
        self.workers = workers
        self.command = command or [sys.executable, "-m", "bot"]
        self.procs: dict[int, asyncio.subprocess.Process] = {}
        self.failed = False
        self._stopping = asyncio.Event()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._stop, sig)
        slots = [asyncio.create_task(self._keep(index)) for index in range(self.workers)]
        await self._stopping.wait()
        _done, late = await asyncio.wait(slots, timeout=STOP_SECONDS)
        for index, proc in self.procs.items():
            if proc.returncode is None:
                log.warning(
                    "worker %d (pid %d) did not stop within %gs: killed", index, proc.pid, STOP_SECONDS
                )
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        if late:
            await asyncio.wait(late)
        return 1 if self.failed else 0

    def _stop(self, sig: int = signal.SIGTERM) -> None:
        if self._stopping.is_set():
            return
        log.info("stopping the %d workers (%s)", self.workers, signal.Signals(sig).name)
        self._stopping.set()
        for proc in self.procs.values():
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(sig)

    async def _keep(self, index: int) -> None:
        """One worker's slot: start it, and start it again whenever it dies, until stopping."""
        delay = FIRST_RESTART_SECONDS
        first = True
        while not self._stopping.is_set():
            started = time.monotonic()
            proc = await asyncio.create_subprocess_exec(
                *self.command,
                env={**os.environ, WORKER_ENV: str(index)},
                stdin=asyncio.subprocess.DEVNULL,
            )
            self.procs[index] = proc
            log.info("worker %d started (pid %d)", index, proc.pid)
            if self._stopping.is_set():  # the signal came while it was being started
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
            code = await proc.wait()
            if self._stopping.is_set():
                return
            lived = time.monotonic() - started
            if first and code == CANNOT_START:  # its "Cannot start: …" said why
                log.error("worker %d could not start: stopping every worker", index)
                self.failed = True
                self._stop()
                return
            first = False  # later a worker that cannot start (the database is down…) is retried
            wait = FIRST_RESTART_SECONDS if lived >= YOUNG_SECONDS else delay
            log.error("worker %d (pid %d) %s: starting it again in %gs", index, proc.pid, _ended(code), wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), wait)
            delay = min(wait * 2, MAX_RESTART_SECONDS)


def _ended(code: int) -> str:
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return "could not start" if code == CANNOT_START else f"exited with code {code}"


async def serve(app: BotApp) -> None:
    """A worker's life: the bot, stopped when the supervisor that started it is gone."""
    parent = os.getppid()
    tag = f"[worker {app.worker}] "
    for handler in logging.getLogger().handlers:
        if handler.formatter is not None and tag not in str(handler.formatter._fmt):
            handler.setFormatter(logging.Formatter(f"%(asctime)s %(levelname)s {tag}%(name)s: %(message)s"))
    running = asyncio.create_task(app.run())
    while not running.done():
        done, _ = await asyncio.wait({running}, timeout=PARENT_CHECK_SECONDS)
        if not done and os.getppid() != parent:
            log.error("the supervisor (pid %d) is gone: stopping", parent)
            await app.stop()
            break
    await running
