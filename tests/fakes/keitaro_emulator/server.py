"""The emulator's HTTP server: a real aiohttp server on 127.0.0.1 speaking Keitaro's Admin API v1.

Routes come from one module per resource group (``ROUTES`` lists of :class:`Route`); this module
adds what every route shares: authentication (``Api-Key`` or ``Authorization: Bearer``), key roles,
failure modes, request recording, JSON 404s and connection counting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

from services.clock import Clock, system_clock
from tests.fakes.keitaro_emulator import (
    affiliate_networks,
    botlist,
    campaigns,
    domains,
    groups,
    integrations,
    landing_pages,
    offers,
    streams,
    traffic,
    traffic_sources,
    users,
)
from tests.fakes.keitaro_emulator.common import API_PREFIX, Call, Route, error
from tests.fakes.keitaro_emulator.postback import (
    DEFAULT_POSTBACK_KEY,
    POSTBACK_PATH,
    PostbackInbox,
    is_postback_path,
)
from tests.fakes.keitaro_emulator.state import EmulatorState
from tests.fakes.keitaro_emulator.tls import SelfSignedCert, make_self_signed_cert
from tests.fakes.keitaro_emulator.traffic_reports import EMULATOR as TRAFFIC_EMULATOR

__all__ = [
    "DEFAULT_ADMIN_KEY",
    "DEFAULT_POSTBACK_KEY",
    "DEFAULT_USER_KEY",
    "MODES",
    "KeitaroEmulator",
    "RecordedRequest",
]

DEFAULT_ADMIN_KEY = "emuAdminKey0123456789abcdef"
DEFAULT_USER_KEY = "emuUserKey0123456789abcdef"
MODES = (
    "normal", "edition_402", "html", "cloudflare", "server_error", "slow", "down", "admin_html",
    "cloudflare_1010",
)  # fmt: skip
ROLES = ("admin", "user", "none")  # "none": a valid key whose user has no rights at all (403 everywhere)

GROUPS = (
    campaigns,
    streams,
    offers,
    landing_pages,
    affiliate_networks,
    traffic_sources,
    domains,
    groups,
    users,
    botlist,
    integrations,
    traffic,
)
ROUTE_GROUPS: tuple[Iterable[Route], ...] = tuple(group.ROUTES for group in GROUPS)


def seeded_state(clock: Clock = system_clock) -> EmulatorState:
    state = EmulatorState.seeded(clock)
    for group in GROUPS:
        seed = getattr(group, "seed", None)
        if seed is not None:
            seed(state)
    return state


ADMIN_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Keitaro</title></head>'
    '<body><div id="app">Keitaro admin panel. Loading…</div></body></html>'
)
LANDING_PAGE = (
    "<!DOCTYPE html><html><head><title>Keitaro</title></head>"
    "<body><h1>Keitaro</h1><p>This domain serves traffic only.</p></body></html>"
)
DOWN_PAGE = (
    "<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head>"
    "<body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
    "</body></html>"
)
CLOUDFLARE_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Attention Required! | Cloudflare</title></head>'
    "<body><h1>Sorry, you have been blocked</h1><p>You are unable to access this site.</p>"
    "<p>Cloudflare Ray ID: <strong>8a1b2c3d4e5f6789</strong></p></body></html>"
)

# Cloudflare's block page for error 1010 ("banned your access based on your browser's signature":
# the User-Agent), as Cloudflare serves it — documented by people who run trackers behind it.
CLOUDFLARE_1010_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Access denied | tracker.example used Cloudflare'
    " to restrict access</title></head><body><h1>Error <span class=\"cf-error-code\">1010</span></h1>"
    "<h2>Access denied</h2><p>The owner of this website (tracker.example) has banned your access"
    " based on your browser's signature (8a1b2c3d4e5f6789-FRA).</p>"
    "<p>Cloudflare Ray ID: <strong>8a1b2c3d4e5f6789</strong></p></body></html>"
)


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: CIMultiDict[str]
    json: Any
    status: int

    @property
    def api_key(self) -> str | None:
        return _key_from_headers(self.headers)


def _key_from_headers(headers: Any) -> str | None:
    key = headers.get("Api-Key")
    if key:
        return str(key)
    auth = str(headers.get("Authorization") or "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return None


_EMULATOR: web.AppKey[KeitaroEmulator] = web.AppKey("keitaro_emulator")
_BODY = web.RequestKey("keitaro_emulator.body", object)
_BODY_VALID = web.RequestKey("keitaro_emulator.body_valid", bool)
_ROLE = web.RequestKey("keitaro_emulator.role", str)


class KeitaroEmulator:
    """A Keitaro tracker for tests. ``url`` is the admin URL to type into the bot.

    ``clock`` is the tracker's clock: the seeded traffic (14 days up to its "now"), every stamp it
    writes and what "today" means in reports and logs all come from it. Give it the bot's clock so
    the two agree on any day (tests move it a year ahead).
    """

    def __init__(
        self, *, api_keys: dict[str, str] | None = None, tls: bool = False, clock: Clock = system_clock
    ) -> None:
        self.api_keys: dict[str, str] = (
            dict(api_keys) if api_keys is not None else {DEFAULT_ADMIN_KEY: "admin", DEFAULT_USER_KEY: "user"}
        )
        for role in self.api_keys.values():
            if role not in ROLES:
                raise ValueError(f"unknown key role {role!r}; use one of {ROLES}")
        self.tls = tls
        self.cert: SelfSignedCert | None = make_self_signed_cert() if tls else None
        self.clock = clock
        self.state = seeded_state(clock)
        self.requests: list[RecordedRequest] = []
        self.mode = "normal"
        self.slow_seconds = 30.0
        self.slow_waiting = 0
        self.connections_opened = 0
        self._release = asyncio.Event()
        self.report_dialect = "grouping"  # the report dialect this tracker speaks (or "dimensions")
        # "cloudflare_1010": the User-Agents Cloudflare lets through (every other one gets 1010)
        self.cloudflare_allowed_agents: set[str] = set()
        # a newer tracker answers its validation errors with 422 (same per-field body) instead of 406
        self.validation_status = 406
        self.postbacks = PostbackInbox(lambda: self.state)
        self._runner: web.AppRunner | None = None
        self._server: asyncio.AbstractServer | None = None
        self._port: int | None = None

    # ------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return self._port

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/admin/"

    @property
    def api_base(self) -> str:
        return f"{self.base}{API_PREFIX}"

    @property
    def postback_key(self) -> str:
        """The key of the incoming-postback URL (settable)."""
        return self.postbacks.key

    @postback_key.setter
    def postback_key(self, key: str) -> None:
        self.postbacks.key = key

    @property
    def postback_url(self) -> str:
        """``<base>/<postback key>/postback``: the URL a user saves in the bot."""
        return f"{self.base}/{self.postback_key}/postback"

    async def wait_postbacks(self, timeout: float = 5.0) -> None:
        """Until every postback received so far is recorded (``TimeoutError`` after ``timeout``)."""
        await self.postbacks.wait_idle(timeout)

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this emulator's self-signed certificate."""
        if self.cert is None:
            raise RuntimeError("the emulator was created without tls=True")
        return self.cert.client_context()

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        app[_EMULATOR] = self
        app[TRAFFIC_EMULATOR] = self
        app.router.add_route("*", POSTBACK_PATH, self.postbacks.handle)
        for group in ROUTE_GROUPS:
            for route in group:
                app.router.add_route(route.method, API_PREFIX + route.path, self._wrap(route))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = int(sock.getsockname()[1])
        server = self._runner.server
        assert server is not None

        def accept() -> asyncio.Protocol:
            self.connections_opened += 1
            return server()

        ssl_context = self.cert.server_context() if self.cert is not None else None
        self._server = await asyncio.get_running_loop().create_server(accept, sock=sock, ssl=ssl_context)

    async def stop(self) -> None:
        self.release_slow()
        await self.postbacks.close()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> KeitaroEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------ test controls

    def add_campaign(self, **fields: Any) -> dict[str, Any]:
        return self.state.add_campaign(**fields)

    def release_slow(self) -> None:
        """Let every request held by the "slow" mode answer now (later ones are held again)."""
        self._release.set()
        self._release = asyncio.Event()

    def reset(self) -> None:
        self.state = seeded_state(self.clock)
        self.requests.clear()
        self.mode = "normal"

    # ------------------------------------------------------------ request handling

    def _wrap(self, route: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handler(request: web.Request) -> web.StreamResponse:
            role = request[_ROLE]
            if role == "none" or (route.admin_only and role != "admin"):
                return error(403, "Forbidden")
            call = Call(
                request=request,
                state=self.state,
                body=request[_BODY],
                body_is_valid=request[_BODY_VALID],
                role=role,
            )
            return await route.handler(call)

        return handler

    async def _hold_if_slow(self) -> None:
        if self.mode != "slow":
            return
        release = self._release
        self.slow_waiting += 1
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(release.wait(), self.slow_seconds)
        finally:
            self.slow_waiting -= 1

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        raw = await request.read()
        body: Any = None
        valid = True
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body, valid = raw.decode("utf-8", errors="replace"), False
        request[_BODY], request[_BODY_VALID] = body, valid
        response = await self._answer(request, handler)
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=CIMultiDict(request.headers),
                json=body,
                status=response.status,
            )
        )
        return response

    async def _answer(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        await self._hold_if_slow()
        if self.mode == "down":
            return web.Response(text=DOWN_PAGE, status=503, content_type="text/html")
        if self.mode == "html":
            return web.Response(text=LANDING_PAGE, content_type="text/html")
        agent = request.headers.get("User-Agent")
        if self.mode == "cloudflare_1010" and agent not in self.cloudflare_allowed_agents:
            return web.Response(
                text=CLOUDFLARE_1010_PAGE,
                status=403,
                content_type="text/html",
                headers={"cf-ray": "8a1b2c3d4e5f6789-FRA", "Server": "cloudflare"},
            )
        if self.mode == "cloudflare":
            return web.Response(
                text=CLOUDFLARE_PAGE,
                status=403,
                content_type="text/html",
                headers={"cf-ray": "8a1b2c3d4e5f6789-FRA", "Server": "cloudflare"},
            )
        if is_postback_path(request.path):
            return await handler(request)
        if not (request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")):
            status = 200 if request.path.rstrip("/") in ("", "/admin") else 404
            return web.Response(
                text=ADMIN_PAGE if status == 200 else LANDING_PAGE, status=status, content_type="text/html"
            )
        if self.mode == "admin_html":  # some installations answer a wrong path with the admin page
            return web.Response(text=ADMIN_PAGE, content_type="text/html")
        if self.mode == "edition_402":
            return error(402, "Admin API is not available in that edition")
        if self.mode == "server_error":
            return error(500, "Internal server error")
        key = _key_from_headers(request.headers)
        role = self.api_keys.get(key) if key else None
        if role is None:
            return error(401, "Access denied")
        request[_ROLE] = role
        try:
            response = await handler(request)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
            return error(404, "Not found")
        if response.status == 406 and self.validation_status != 406:
            response.set_status(self.validation_status)
        return response
