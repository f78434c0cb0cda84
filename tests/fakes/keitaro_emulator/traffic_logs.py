"""``POST /logs/types``, ``GET /logs/{type}`` (``limit`` required, ``offset``, ``query`` — a
case-insensitive search in the message; newest first) and ``DELETE /logs/{type}``. Admin keys only."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, error, ok
from tests.fakes.keitaro_emulator.state import EmulatorState, keitaro_time

__all__ = ["LOG_TYPES", "ROUTES", "add_log"]

LOG_TYPES = ("system", "traffic", "postbacks", "ssl", "sent_postbacks")


def add_log(state: EmulatorState, log_type: str, message: str, jid: str = "") -> dict[str, Any]:
    line = {"datetime": keitaro_time(state.now()), "jid": jid, "message": message}
    state.logs.setdefault(log_type, []).append(line)
    return line


async def log_types(call: Call) -> web.Response:
    return ok(list(LOG_TYPES))


def _int(text: str | None, name: str, *, required: bool) -> int | web.Response | None:
    if text in (None, ""):
        return error(400, f"Parameter {name} is required") if required else None
    try:
        value = int(text)
    except ValueError:
        return error(400, f"Parameter {name} must be an integer")
    return value if value >= 0 else error(400, f"Parameter {name} must not be negative")


async def read_log(call: Call) -> web.Response:
    log_type = call.request.match_info["type"]
    if log_type not in LOG_TYPES:
        return error(400, f'Unknown log type "{log_type}"')
    limit = _int(call.request.query.get("limit"), "limit", required=True)
    offset = _int(call.request.query.get("offset"), "offset", required=False)
    for value in (limit, offset):
        if isinstance(value, web.Response):
            return value
    assert isinstance(limit, int)
    start = offset if isinstance(offset, int) else 0
    lines = list(reversed(call.state.logs.get(log_type, [])))
    needle = call.request.query.get("query", "").strip().lower()
    if needle:
        lines = [line for line in lines if needle in line["message"].lower()]
    return ok(lines[start : start + limit])


async def clear_log(call: Call) -> web.Response:
    log_type = call.request.match_info["type"]
    if log_type not in LOG_TYPES:
        return error(400, f'Unknown log type "{log_type}"')
    call.state.logs[log_type] = []
    return ok({"success": True})


ROUTES = [
    Route("POST", "/logs/types", log_types, admin_only=True),
    Route("GET", "/logs/{type}", read_log, admin_only=True),
    Route("DELETE", "/logs/{type}", clear_log, admin_only=True),
]
