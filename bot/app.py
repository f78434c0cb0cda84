"""Composition root: builds Bot, Dispatcher, middlewares, routers and services from Settings.

``python -m bot`` and the end-to-end tests use the same :class:`BotApp`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import time

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.base import BaseEventIsolation, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram_dialog import setup_dialogs
from aiohttp import web

from alerts.budget import make_budget
from alerts.context import AlertsContext, AlertSettings
from alerts.engine import AlertEngine
from alerts.heartbeat_ping import HeartbeatPing
from alerts.leader import make_leader
from alerts.sender import Sender
from bot.alerting import Alerting
from bot.errors import register_error_handlers
from bot.i18n import LANGUAGES, build_core, build_i18n_middleware
from bot.instance_lock import InstanceLock, instance_lock
from bot.logsetup import redactor
from bot.middlewares import AccessMiddleware, DialogUpdateIsolation, InFlight, UserMiddleware
from bot.polling import PollConflicts
from bot.redis_state import HandledOnce, RedisClient, RedisIsolation, SharedStorage, connect
from bot.scaleout import check_redis, open_database, refusal, secrets_of
from bot.server import build_web_app, public_base_url
from bot.session import BotSession, make_replies_durable
from bot.settings import Settings
from bot.startup import Accept, StartupError, check_bot, check_secret_key, get_me, webhook_secret
from bot.transport import TelegramTransport
from handlers import loading
from handlers.commands import set_bot_commands
from handlers.context import AppContext
from handlers.features import all_features, build_router, menu
from handlers.notices import Notices
from handlers.ui import DialogMessageManager
from keitaro import ClientPool
from services.access import Access
from services.clients import TrackerClients
from services.clock import Clock, system_clock
from storage import (
    AuditRepo,
    MetaRepo,
    SavedReportRepo,
    SecretBox,
    TrackerRepo,
    UserRepo,
    load_or_create_key,
)
from storage.alerts import AlertRepo
from storage.connect import open_database as database_of
from storage.fsm import SqliteStorage
from storage.members import MemberRepo
from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
from storage.outbox import OutboxRepo
from storage.subscriptions import SubscriptionRepo

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30.0


class BotApp:
    def __init__(
        self,
        settings: Settings,
        *,
        handle_signals: bool = True,
        freeze_startup_heap: bool = False,
        clock: Clock = system_clock,
        accept: Accept = Accept(),  # noqa: B008 - frozen
        worker: int = 0,
    ) -> None:
        self.settings = settings
        self.accept = accept  # what the operator accepted at this start (python -m bot's flags)
        self.clock = clock  # every stamp and comparison of time in the bot asks this clock
        self.handle_signals = handle_signals
        self.freeze_startup_heap = freeze_startup_heap  # the process is the bot (python -m bot)
        loading.reset()  # results of slow reads are per process run
        self.mode = "webhook" if settings.webhook_url else "polling"
        # the worker's number among WORKERS (0 sets the webhook); 0 for a process on its own
        self.worker = worker
        url = settings.database_url.get_secret_value() if settings.database_url else None
        self.db = database_of(url, settings.database_path, clock=clock)
        self.redis: RedisClient | None = None  # REDIS_URL's client: dialog states, locks, the send budget
        self.conflict: str | None = None  # polling: why this process must stop (another one polls)
        self.poll_conflicts = PollConflicts(self._polling_conflict)
        self._lock: InstanceLock | None = None
        self.inflight = InFlight()
        self.http_port: int | None = None
        self.started = asyncio.Event()
        self._stop = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._built = False
        self.webhook_secret: str | None = None  # webhook mode: what Telegram must send with every call

    # --- build -------------------------------------------------------------------------------
    async def build(self) -> None:
        if self._built:
            return
        s = self.settings
        redactor.add(s.bot_token.get_secret_value())
        for url in (s.database_url, s.redis_url):
            for secret in secrets_of(url.get_secret_value() if url else None):
                redactor.add(secret)
        problem = refusal(s)
        if problem:
            raise StartupError(problem)
        await open_database(self.db, s)
        db = self.db
        secret = load_or_create_key(s.secret_key.get_secret_value() if s.secret_key else None, s.key_file)
        box = SecretBox(secret)
        self.meta = MetaRepo(db)
        try:
            await check_secret_key(self.meta, box, s, accept=self.accept.new_secret_key)
            if s.redis_url is not None:
                self.redis = connect(s.redis_url.get_secret_value())
                await check_redis(self.redis, s)
        except StartupError:
            await self._close_stores()
            raise
        if self.mode == "webhook":
            self.webhook_secret, source = webhook_secret(s, secret)
            redactor.add(self.webhook_secret)
            log.info("webhook: the secret token is %s; calls without it are refused", source)
        trackers = TrackerRepo(db, box)
        users = UserRepo(db)
        private = s.allow_private_tracker_addresses
        clients = TrackerClients(
            trackers, ClientPool(allow_private=private, user_agent=s.keitaro_user_agent),
            remember_secret=redactor.add, allow_private=private,
            clock=self.clock,
        )  # fmt: skip
        members = MemberRepo(db)
        alerts = AlertsContext(
            members=members,
            trackers=trackers,
            users=users,
            alerts=AlertRepo(db),
            outbox=OutboxRepo(db),
            subscriptions=SubscriptionRepo(db),
            oncall=OncallRepo(db),
            quiet=QuietHoursRepo(db),
            webhooks=WebhookSecretRepo(db, box),
            clients=clients,
            settings=AlertSettings(
                interval_seconds=float(s.alert_interval_seconds),
                group_window_seconds=float(s.alert_group_window_seconds),
            ),
            # several workers: Telegram's limits (per bot) counted together, under this bot's keys
            budget=make_budget(
                self.redis, prefix=f"keitaro-bot:{s.bot_token.get_secret_value().split(':')[0]}:send"
            ),
            now=self.clock,
        )
        # after each tick the ticking process records it (/healthz) and pings HEARTBEAT_URL
        heartbeat_url = s.heartbeat_url.get_secret_value() if s.heartbeat_url else None
        redactor.add(heartbeat_url)
        self.heartbeat = HeartbeatPing(self.meta, heartbeat_url, user_agent=s.keitaro_user_agent)
        # on a database other processes share, only the holder of the engine's lease ticks
        leader = make_leader(db, float(s.alert_interval_seconds), clock=self.clock)
        engine = AlertEngine(alerts, leader=leader, on_tick=self.heartbeat)
        self.core = build_core(s.default_language)
        self.ctx = AppContext(
            users=users,
            trackers=trackers,
            members=members,
            audit=AuditRepo(db),
            saved_reports=SavedReportRepo(db),
            clients=clients,
            access=Access(
                trackers, alerts.oncall, alerts.subscriptions, alerts.alerts, s.admin_ids, members=members
            ),
            alerts=alerts,
            engine=engine,
            texts=self.core,
            hooks_base_url=self.hooks_base_url,
            clock=self.clock,
            remember_secret=redactor.add,
            several_processes=s.redis_url is not None,
        )
        self.bot = Bot(
            token=s.bot_token.get_secret_value(),
            session=BotSession(api=TelegramAPIServer.from_base(s.telegram_api_url)),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
        )
        self.storage: SqliteStorage | SharedStorage
        keys = DefaultKeyBuilder(with_destiny=True, with_bot_id=True)  # aiogram-dialog needs destiny
        isolation: BaseEventIsolation
        if self.redis is not None:  # shared by every process: states and per-user order in Redis
            self.storage = SharedStorage(self.redis, keys)
            isolation = RedisIsolation(self.redis, keys)
        else:
            self.storage = SqliteStorage(self.db, key_builder=keys)
            isolation = SimpleEventIsolation()
        dp = Dispatcher(storage=self.storage, events_isolation=isolation)
        dp["app"] = self.ctx
        dp.update.outer_middleware(self.inflight)
        if self.redis is not None:  # inside aiogram's FSM middleware: under the user's lock
            dp.update.outer_middleware(HandledOnce(self.redis, self.bot.id))
        dp.update.outer_middleware(DialogUpdateIsolation(isolation))
        dp.update.outer_middleware(AccessMiddleware(s, self.core, self.ctx.refusals))
        dp.update.outer_middleware(UserMiddleware(self.ctx))
        # registered before i18n: shutdown first waits for updates in flight, then libraries clean up
        dp.startup.register(self._on_startup)
        dp.shutdown.register(self._on_shutdown)
        build_i18n_middleware(self.core, s.default_language).setup(dp)
        self.features = features = all_features()
        self.notices = Notices(self.ctx, features, s.default_language)
        sender = Sender(alerts, TelegramTransport(self.bot, self.notices.render))
        self.alerting = Alerting(alerts, engine, sender)
        dp.include_router(build_router(features))
        setup_dialogs(dp, message_manager=(messages := DialogMessageManager()))
        dp.shutdown.register(messages.drain_at_shutdown)  # old messages' buttons being taken off
        make_replies_durable(dp, self.bot, self.storage)  # a step is on disk before it is shown
        register_error_handlers(dp, self.core, s.default_language)
        self.dp = dp
        self._built = True

    def hooks_base_url(self) -> str:
        """The public origin of the bot's HTTP server: ``WEBHOOK_URL``'s, else the address it
        listens on (the port is known once it listens)."""
        s = self.settings
        return public_base_url(s.webhook_url, s.http_host, self.http_port or s.http_port)

    async def _on_startup(self) -> None:
        await set_bot_commands(self.bot, self.core.get, LANGUAGES, self.settings.default_language, menu())

    async def _on_shutdown(self) -> None:
        if not await self.inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
            log.warning(
                "shutdown: %d update(s) still running after %ss", self.inflight.count, SHUTDOWN_GRACE_SECONDS
            )

    # --- run ---------------------------------------------------------------------------------
    async def run(self) -> None:
        await self.build()
        s = self.settings
        started = time.monotonic()
        try:
            self._lock = instance_lock(s)
            if self._lock is not None:
                await self._lock.acquire()
            me = await get_me(self.bot, s)
            await check_bot(self.meta, me, s, accept=self.accept.new_bot)
            log.info("starting @%s in %s mode%s", me.username, self.mode, self._worker_label())
            web_app = build_web_app(
                db=self.db,
                mode=self.mode,
                started=started,
                dispatcher=self.dp,
                bot=self.bot,
                webhook_url=s.webhook_url,
                webhook_secret=self.webhook_secret,
                alerts=self.alerting.ctx,
                worker=self.worker,
                # with Redis the answer waits for the update: Telegram sends a chat's next update
                # only after it, which keeps each chat's updates in order across processes
                answer_after_handling=self.redis is not None,
                clock=self.clock,
                alert_interval=float(s.alert_interval_seconds),
            )
            await self._start_http(web_app)
            self.alerting.start()
            if self.freeze_startup_heap:
                # everything alive now (modules, pydantic schemas, translations, dialogs) lives as
                # long as the process: the garbage collector need not scan it again on every full
                # collection (bench/: CPU per update -20 %, p99 latency under load -70 %)
                gc.collect()
                gc.freeze()
            if self.mode == "webhook":
                await self._run_webhook()
            else:
                await self._run_polling()
            if self.conflict is not None:
                raise StartupError(self.conflict)
        finally:
            if self._built:
                await self.alerting.stop()
            await self._cleanup()

    def _worker_label(self) -> str:
        return f", worker {self.worker} of {self.settings.workers}" if self.settings.workers > 1 else ""

    async def _start_http(self, web_app: web.Application) -> None:
        self._runner = web.AppRunner(web_app, handle_signals=False)
        await self._runner.setup()
        s = self.settings
        # several workers listen on one port; the kernel spreads the connections between them
        shared = s.workers > 1
        site = web.TCPSite(self._runner, s.http_host, s.http_port, reuse_port=shared or None)
        try:
            await site.start()
        except OSError as exc:
            raise StartupError(
                f"cannot listen on HTTP_HOST:HTTP_PORT ({s.http_host}:{s.http_port}): "
                f"{exc.strerror or exc}; set HTTP_PORT to a free port (or HTTP_HOST to an address here)"
            ) from None
        sockets = getattr(site._server, "sockets", None) or []
        self.http_port = sockets[0].getsockname()[1] if sockets else self.settings.http_port
        log.info("HTTP server on %s:%s (/healthz)", self.settings.http_host, self.http_port)

    async def _run_webhook(self) -> None:
        s = self.settings
        assert s.webhook_url and self.webhook_secret
        if self.worker == 0:  # one call is enough; the others would repeat it word for word
            try:
                await self.bot.set_webhook(
                    s.webhook_url,
                    secret_token=self.webhook_secret,
                    allowed_updates=self.dp.resolve_used_update_types(),
                )
            except TelegramBadRequest as exc:
                raise StartupError(f"Telegram refused WEBHOOK_URL {s.webhook_url}: {exc.message}") from None
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(sig, self._stop.set)
        await self.dp.emit_startup(bot=self.bot, dispatcher=self.dp, **self.dp.workflow_data)
        self.started.set()
        try:
            await self._stop.wait()
        finally:
            if self.redis is not None and self._runner is not None:
                # stop listening first: new connections go to the other workers meanwhile
                for site in list(self._runner.sites):
                    await site.stop()
            await self.dp.emit_shutdown(bot=self.bot, dispatcher=self.dp, **self.dp.workflow_data)

    async def _run_polling(self) -> None:
        self.bot.session.middleware(self.poll_conflicts)
        await self.bot.delete_webhook(drop_pending_updates=False)
        polling = asyncio.create_task(
            self.dp.start_polling(
                self.bot, handle_signals=self.handle_signals, close_bot_session=False, polling_timeout=30
            )
        )
        stopper = asyncio.create_task(self._stop.wait())
        self.started.set()
        done, _ = await asyncio.wait({polling, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if polling not in done:
            try:
                await self.dp.stop_polling()
            except RuntimeError:  # stop requested before polling had started
                polling.cancel()
        else:
            stopper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling

    def _polling_conflict(self, message: str) -> None:
        log.error("%s", message)
        self.conflict = message
        self._stop.set()

    async def stop(self) -> None:
        """Stop receiving updates; handlers in flight finish before resources close."""
        self._stop.set()

    async def _cleanup(self) -> None:
        loading.reset()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._built:
            try:  # dialog states written by updates that finished after aiogram closed the storage
                await self.storage.flush()
            except Exception:
                log.exception("could not write the last dialog states to the database")
            await self.ctx.clients.aclose()
            await self.heartbeat.aclose()
            await self.bot.session.close()
            self._built = False
        await self._close_stores()

    async def _close_stores(self) -> None:
        """The database, the Redis client and the one-process lock (last: the process is done)."""
        await self.db.close()
        if self.redis is not None:
            client, self.redis = self.redis, None
            with contextlib.suppress(Exception):
                await client.aclose()
        if self._lock is not None:
            lock, self._lock = self._lock, None
            await lock.release()
