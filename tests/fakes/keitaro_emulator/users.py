"""``/users``: list and get. Admin keys only (keys of other users get 403, as on real trackers)."""

from __future__ import annotations

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok

__all__ = ["ROUTES"]


async def list_users(call: Call) -> web.Response:
    return ok(list(call.state.users.values()))


async def get_user(call: Call) -> web.Response:
    user = call.state.users.get(call.id)
    return ok(user) if user is not None else error(404, "Not found")


ROUTES = [
    Route("GET", "/users", list_users, admin_only=True),
    Route("GET", r"/users/{id:\d+}", get_user, admin_only=True),
]
