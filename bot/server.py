"""The bot's own HTTP server: /healthz always; the Telegram webhook when WEBHOOK_URL is set; the
conversion webhooks (``/hooks/conversions/{secret}``) when the alerting context is given.

With several workers every one of them serves all of it on the same port (``SO_REUSEPORT``); /healthz
says which worker (number and pid) answered."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from alerts import conversions
from alerts.context import AlertsContext
from bot.logsetup import redactor
from services.clock import Clock
from services.ratelimit import RateLimiter
from storage import Database
from storage.meta import MetaRepo
from storage.outbox import OutboxRepo

log = logging.getLogger(__name__)

CONVERSIONS_PATH = "/hooks/conversions"
MAX_HOOK_BODY = 64 * 1024
STALE_TICKS = 3  # /healthz is "degraded" (503) when the engine's last tick is older than this many intervals
GRACE_TICKS = 2  # … but not in a process's first two: a new one waits up to 1.25 for a dead holder's lease


def public_base_url(webhook_url: str | None, http_host: str, http_port: int | None) -> str:
    """Where Keitaro reaches the bot's HTTP server: the origin of WEBHOOK_URL when set (the server
    that receives Telegram's webhook serves /hooks/conversions too), else http://HTTP_HOST:HTTP_PORT."""
    if webhook_url:
        parts = urlsplit(webhook_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    host = f"[{http_host}]" if ":" in http_host else http_host
    return f"http://{host}:{http_port}"


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
    alerts: AlertsContext | None = None,
    worker: int = 0,
    answer_after_handling: bool = False,
    clock: Clock | None = None,
    alert_interval: float = 60.0,
) -> web.Application:
    """``answer_after_handling``: Telegram's call is answered when its update was handled (else at
    once, the update handled in the background) — Telegram sends a chat's next update only after
    the answer, so with several processes this is what keeps a chat's updates in order."""
    app = web.Application()
    born = clock() if clock is not None else None  # the engine's grace is counted on the app's clock

    async def healthz(_request: web.Request) -> web.Response:
        try:
            db_ok = await db.fetch_value("SELECT 1") == 1
        except Exception:
            db_ok = False
        uptime = time.monotonic() - started
        body: dict[str, object] = {
            "status": "ok" if db_ok else "degraded",
            "mode": mode,
            "database": db_ok,
            "uptime_seconds": round(uptime, 1),
            "worker": worker,
            "pid": os.getpid(),
        }
        healthy = db_ok
        if db_ok and clock is not None and born is not None:
            now = clock()
            try:
                engine, outbox = await engine_health(db, now, (now - born).total_seconds(), alert_interval)
                body["engine"], body["outbox"] = engine, outbox
                healthy = not engine["stale"]
            except Exception:
                log.exception("/healthz: could not read the engine's last tick or the outbox")
                healthy = False
        body["status"] = "ok" if healthy else "degraded"
        return web.json_response(body, status=200 if healthy else 503)

    app.router.add_get("/healthz", healthz)
    if alerts is not None:
        add_conversion_routes(app, alerts)
    if mode == "webhook":
        assert dispatcher is not None and bot is not None and webhook_url
        if not webhook_secret:  # aiogram's handler takes every call when it has no secret;
            # with one, a call without it or with another is 401 and reaches no handler
            raise ValueError("the Telegram webhook needs a secret token")
        SimpleRequestHandler(
            dispatcher=dispatcher,
            bot=bot,
            secret_token=webhook_secret,
            handle_in_background=not answer_after_handling,
        ).register(app, path=webhook_path(webhook_url))
    return app


async def engine_health(
    db: Database, now: datetime, uptime: float, interval: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The alert engine's last completed tick (of whichever process ticked: it is in the database)
    and the outbox's backlog. The engine is ``stale`` when its last tick is older than
    :data:`STALE_TICKS` intervals (or there is none), except during this process's first
    :data:`GRACE_TICKS` intervals (a process that just started has not ticked yet, or waits for a
    dead holder's lease to run out: ``alerts.leader``); ``uptime`` is counted on the application's
    clock, like the ticks' times."""
    last = await MetaRepo(db).last_tick()
    age = max(0.0, (now - last).total_seconds()) if last is not None else None
    limit = STALE_TICKS * interval
    stale = (age is None or age > limit) and uptime > GRACE_TICKS * interval
    due, since = await OutboxRepo(db).backlog(now)
    oldest = round(max(0.0, (now - since).total_seconds()), 1) if since is not None else None
    engine = {
        "last_tick_age_seconds": round(age, 1) if age is not None else None,
        "stale_after_seconds": limit,
        "stale": stale,
    }
    return engine, {"due": due, "oldest_due_age_seconds": oldest}


def add_conversion_routes(app: web.Application, alerts: AlertsContext) -> None:
    """``GET|POST /hooks/conversions/{secret}``: a wrong or missing secret is 403 and nothing is sent;
    a right one queues the conversion (query and form parameters) for the tracker's chats.

    Limits, each answered with 429 and ``Retry-After`` (:class:`alerts.context.HookLimits`): every
    request per client address, wrong secrets per client address, right ones per tracker. The body
    is read up to :data:`MAX_HOOK_BODY` bytes, counted as they arrive (a chunked body has no
    ``Content-Length`` to trust): more is 413 and nothing is queued. The client address is the TCP
    peer's; behind a reverse proxy that is the proxy's (``X-Forwarded-For`` is not trusted, so a
    client cannot choose its own bucket).
    """

    def too_many(delay: float) -> web.Response:
        return web.Response(
            status=429, text="Too many requests", headers={"Retry-After": RateLimiter.retry_after(delay)}
        )

    async def forbidden(request: web.Request) -> web.Response:
        limits = alerts.hook_limits
        delay = limits.per_ip.wait(request.remote) or limits.wrong_secret_per_ip.wait(request.remote)
        return too_many(delay) if delay else web.Response(status=403, text="Forbidden")

    async def hook(request: web.Request) -> web.Response:
        limits = alerts.hook_limits
        delay = limits.per_ip.wait(request.remote)
        if delay:
            return too_many(delay)
        secret = request.match_info.get("secret", "")
        tracker_id = await alerts.webhooks.lookup(secret)
        if tracker_id is None:
            delay = limits.wrong_secret_per_ip.wait(request.remote)
            if delay:
                return too_many(delay)
            log.info("conversion webhook: refused a request with a wrong secret")
            return web.Response(status=403, text="Forbidden")
        redactor.add(secret)  # the access log line of this request is written after the handler
        delay = limits.per_tracker.wait(tracker_id)
        if delay:
            log.warning("conversion webhook: tracker %s over its rate limit (429)", tracker_id)
            return too_many(delay)
        params: dict[str, str] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            try:
                params.update(await read_body_params(request))
            except web.HTTPRequestEntityTooLarge:
                return web.Response(status=413, text="Payload too large")
        queued = await conversions.accept(alerts, tracker_id, params)
        return web.Response(text=f"OK {queued}")

    for path in (CONVERSIONS_PATH, CONVERSIONS_PATH + "/"):
        app.router.add_route("*", path, forbidden)
    app.router.add_route("GET", CONVERSIONS_PATH + "/{secret}", hook)
    app.router.add_route("POST", CONVERSIONS_PATH + "/{secret}", hook)


async def read_body_params(request: web.Request) -> dict[str, str]:
    """A POST body's parameters (JSON object or form), read with :data:`MAX_HOOK_BODY` as the limit
    on the bytes received; raises ``HTTPRequestEntityTooLarge`` beyond it."""
    if (request.content_length or 0) > MAX_HOOK_BODY:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_HOOK_BODY, actual_size=request.content_length or 0)
    bounded = request.clone(client_max_size=MAX_HOOK_BODY)  # aiohttp counts the bytes as it reads
    if bounded.content_type == "application/json":
        raw = await bounded.read()
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
        if not isinstance(body, dict):
            return {}
        return {str(k): str(v) for k, v in body.items() if v is not None}
    form = await bounded.post()
    return {k: v for k, v in form.items() if isinstance(v, str)}
