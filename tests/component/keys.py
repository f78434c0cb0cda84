"""Keys and small helpers shared by the client's component tests (fixtures: conftest.py)."""

from __future__ import annotations

import socket
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from keitaro import KeitaroClient, KeitaroError, RetryPolicy, ValidationError

ADMIN = "compAdminKey0123456789abcdef"
USER = "compUserKey0123456789abcdef"
NO_RIGHTS = "compNoRightsKey0123456789"


def last_request(emulator: Any) -> tuple[str, str, dict[str, str], Any, int]:
    """Method, API path, query, JSON body and status of the last request the emulator got."""
    r = emulator.requests[-1]
    return r.method, r.path.removeprefix("/admin_api/v1"), r.query, r.json, r.status


async def fields_406(call: Awaitable[Any]) -> dict[str, list[str]]:
    """Await a call that must fail with Keitaro's 406 and return its per-field messages."""
    with pytest.raises(ValidationError) as info:
        await call
    assert info.value.http_status == 406
    return info.value.fields


async def expect_error(
    call: Awaitable[Any], error: type[KeitaroError], code: str, status: int | None
) -> KeitaroError:
    with pytest.raises(error) as info:
        await call
    exc = info.value
    assert exc.code == code
    assert exc.http_status == status
    return exc


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_try_client(emulator: Any, key: str = ADMIN) -> KeitaroClient:
    """A client that tries once (failure cases are asserted at once, not after back-offs)."""
    return KeitaroClient(emulator.url, key, allow_private=True, retry=RetryPolicy(attempts=1))


def api_calls(emulator: Any, path: str) -> list[Any]:
    """The requests the emulator got for one Admin API path (``/report/build``)."""
    return [r for r in emulator.requests if r.path == "/admin_api/v1" + path]


def local(ts: float, zone: str) -> datetime:
    """A Unix time as a moment in ``zone``."""
    return datetime.fromtimestamp(ts, UTC).astimezone(ZoneInfo(zone))
