"""Start the real bot with the on-call feature in it.

Whatever the composition root does not wire (yet), this adds for the tests only, exactly as
``bot/app.py`` is asked to: the ``handlers.oncall`` router, ``AppContext.alerts`` /
``hooks_base_url`` / ``core``, the conversion route on the bot's HTTP server, and a sender
delivering the outbox through the Telegram transport. Each piece is added only when missing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiogram import Router

import bot.app as bot_app
from bot.app import BotApp
from tests.conftest import BotRunner


def _has_router(router: Router, name: str) -> bool:
    return router.name == name or any(_has_router(r, name) for r in router.sub_routers)


def _running_sender(app: BotApp) -> bool:
    """Whether the app (or a part of it, one level down) holds a Sender of its own."""
    from alerts.sender import Sender

    for value in vars(app).values():
        if isinstance(value, Sender):
            return True
        inner = getattr(value, "__dict__", None)
        if isinstance(inner, dict) and any(isinstance(v, Sender) for v in inner.values()):
            return True
    return False


def _alerts_context(app: BotApp) -> Any:
    from alerts.context import AlertsContext, AlertSettings
    from storage.alerts import AlertRepo
    from storage.oncall import OncallRepo, QuietHoursRepo, WebhookSecretRepo
    from storage.outbox import OutboxRepo
    from storage.subscriptions import SubscriptionRepo

    ctx = app.ctx
    return AlertsContext(
        trackers=ctx.trackers, users=ctx.users, alerts=AlertRepo(app.db), outbox=OutboxRepo(app.db),
        subscriptions=SubscriptionRepo(app.db), oncall=OncallRepo(app.db), quiet=QuietHoursRepo(app.db),
        webhooks=WebhookSecretRepo(app.db, ctx.trackers.box), client_for=ctx.client_for,
        settings=AlertSettings(interval_seconds=float(app.settings.alert_interval_seconds)),
        now=app.clock,
    )  # fmt: skip


def patch_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wire what the app does not wire itself, for this test."""
    from handlers.oncall import build_router as oncall_router

    original_router = bot_app.build_router

    def build_router() -> Router:
        built = original_router()
        if _has_router(built, "oncall"):
            return built
        root = Router(name="root-with-oncall")
        root.include_router(oncall_router())
        root.include_router(built)
        return root

    original_build = BotApp.build

    async def build(self: BotApp) -> None:
        await original_build(self)
        ctx: Any = self.ctx
        if getattr(ctx, "alerts", None) is None:
            ctx.alerts = _alerts_context(self)
        if not getattr(ctx, "hooks_base_url", None):
            ctx.hooks_base_url = lambda: f"http://127.0.0.1:{self.http_port}"
        if getattr(ctx, "core", None) is None:
            ctx.core = self.core

    original_web = bot_app.build_web_app
    apps: list[BotApp] = []

    def build_web_app(**kwargs: Any) -> Any:
        if kwargs.get("alerts") is None:
            kwargs["alerts"] = apps[-1].ctx.alerts  # type: ignore[attr-defined]
        return original_web(**kwargs)

    original_init = BotApp.__init__

    def init(self: BotApp, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        apps.append(self)

    monkeypatch.setattr(bot_app, "build_router", build_router)
    monkeypatch.setattr(BotApp, "build", build)
    monkeypatch.setattr(BotApp, "__init__", init)
    monkeypatch.setattr(bot_app, "build_web_app", build_web_app)


@asynccontextmanager
async def running_sender(app: BotApp) -> AsyncIterator[None]:
    """Deliver the outbox while the block runs (when the app does not run a sender itself)."""
    if _running_sender(app):
        yield
        return
    from alerts.sender import Pacing, Sender
    from bot.transport import TelegramTransport
    from handlers.alerts.render import render

    ctx: Any = app.ctx

    async def render_for(chat_id: int, payload: dict[str, Any]) -> Any:
        return await render(ctx, chat_id, payload, "en", core=app.core)

    sender = Sender(ctx.alerts, TelegramTransport(app.bot, render_for), pacing=Pacing(chat_interval=0.05))
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def start(runner: BotRunner, monkeypatch: pytest.MonkeyPatch) -> BotApp:
    patch_bot(monkeypatch)
    return await runner.start()
