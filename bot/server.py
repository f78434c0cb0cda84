"""The bot's own HTTP server: /healthz always; the Telegram webhook when WEBHOOK_URL is set."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

if TYPE_CHECKING:
    from storage import Database


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/webhook"


def build_web_app(
    *,
    db: Database,
    mode: str,
    started: float,
    dispatcher: Dispatcher | None = None,
    bot: Bot | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
) -> web.Application:
    app = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        try:
            db_ok = await db.fetch_value("SELECT 1") == 1
        except Exception:
            db_ok = False
        body = {
            "status": "ok" if db_ok else "degraded",
            "mode": mode,
            "database": db_ok,
            "uptime_seconds": round(time.monotonic() - started, 1),
        }
        return web.json_response(body, status=200 if db_ok else 503)

    app.router.add_get("/healthz", healthz)
    if mode == "webhook":
        assert dispatcher is not None and bot is not None and webhook_url
        SimpleRequestHandler(
            dispatcher=dispatcher, bot=bot, secret_token=webhook_secret, handle_in_background=True
        ).register(app, path=webhook_path(webhook_url))
    return app
