"""Shared pieces of the emulator's routes: the call context, route declarations, JSON answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["API_PREFIX", "Call", "Handler", "Route", "error", "ok"]

API_PREFIX = "/admin_api/v1"


@dataclass
class Call:
    """What a route handler gets: the request, the tracker state, the parsed JSON body, the key's role."""

    request: web.Request
    state: EmulatorState
    body: Any
    body_is_valid: bool
    role: str

    @property
    def id(self) -> int:
        return int(self.request.match_info["id"])

    def json_object(self) -> dict[str, Any] | web.Response:
        """The body as an object, or the 400 answer to return."""
        if not self.body_is_valid:
            return error(400, "Invalid JSON")
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            return error(400, "Request body must be a JSON object")
        return self.body


Handler = Callable[[Call], Awaitable[web.Response]]


@dataclass(frozen=True)
class Route:
    """``path`` is relative to /admin_api/v1 and uses aiohttp patterns (``/campaigns/{id:\\d+}``).
    ``admin_only`` routes answer 403 to keys of non-admin users."""

    method: str
    path: str
    handler: Handler
    admin_only: bool = False


def ok(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


def error(status: int, message: Any) -> web.Response:
    body = message if isinstance(message, dict) else {"error": message}
    return web.json_response(body, status=status)
