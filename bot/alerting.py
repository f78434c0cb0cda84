"""Wiring of the alerting engine into the running bot: the context, the engine's tick loop, the
sender (outbox → Telegram through :class:`bot.transport.TelegramTransport`, messages rendered by
handlers in the chat's language), conversion webhooks on the HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

from aiogram import Bot

from alerts.context import AlertsContext, AlertSettings
from alerts.engine import AlertEngine
from alerts.sender import Sender
from bot.server import public_base_url
from bot.transport import TelegramTransport
from storage import Database
from storage.alerts import AlertRepo
from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo

if TYPE_CHECKING:
    from bot.settings import Settings
    from handlers.context import AppContext

log = logging.getLogger(__name__)

STOP_SECONDS = 15.0


class Alerting:
    """Builds the alerting context into ``AppContext`` and runs the engine and the sender."""

    def __init__(self, settings: Settings, db: Database, app: AppContext, core: Any, bot: Bot) -> None:
        self.settings, self.app, self.core, self.bot = settings, app, core, bot
        self.ctx = AlertsContext(
            trackers=app.trackers,
            users=app.users,
            alerts=AlertRepo(db),
            outbox=OutboxRepo(db),
            subscriptions=SubscriptionRepo(db),
            oncall=OncallRepo(db),
            quiet=QuietHoursRepo(db),
            webhooks=WebhookSecretRepo(db, app.trackers.box),
            client_for=app.client_for,
            settings=AlertSettings(interval_seconds=float(settings.alert_interval_seconds)),
            now=app.clock,
        )
        self.engine = AlertEngine(self.ctx)
        self.sender = Sender(self.ctx, TelegramTransport(bot, self.render))
        self.http_port: int | None = None
        app.alerts, app.engine, app.core = self.ctx, self.engine, core
        app.hooks_base_url = self.base_url
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def base_url(self) -> str:
        s = self.settings
        return public_base_url(s.webhook_url, s.http_host, self.http_port or s.http_port)

    async def language_of(self, chat_id: int) -> str:
        """A chat's language: the one stored with its subscription, else the user's own choice (a
        private chat's id is the user's id), else the default."""
        for sub in await self.ctx.subscriptions.for_chat(chat_id):
            if sub.language in ("en", "ru"):
                return str(sub.language)
        if chat_id > 0:
            user = await self.app.users.get(chat_id)
            if user is not None and user.language in ("en", "ru"):
                return user.language
        return self.settings.default_language

    async def render(self, chat_id: int, payload: dict[str, Any]) -> Any:
        from handlers.alerts.render import render

        return await render(self.app, chat_id, payload, await self.language_of(chat_id), core=self.core)

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._guard("engine", self.engine.run(self._stop))),
            loop.create_task(self._guard("sender", self.sender.run(self._stop))),
            loop.create_task(self._guard("digests", self._digests())),
        ]

    async def _digests(self) -> None:
        """The daily digests: checked every tick (each chat gets one per day, see alerts.digest)."""
        from alerts.digest import run_digests

        while not self._stop.is_set():
            try:
                await run_digests(self.ctx, self.ctx.now())
            except Exception:
                log.exception("daily digests failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.ctx.settings.interval_seconds)

    async def _guard(self, name: str, job: Any) -> None:
        try:
            await job
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("alerting %s stopped with an error", name)

    async def stop(self) -> None:
        self._stop.set()
        if not self._tasks:
            return
        _done, pending = await asyncio.wait(self._tasks, timeout=STOP_SECONDS)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
