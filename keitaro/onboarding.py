"""What the bot asks a tracker while connecting it: is the key good (and how fast), and which time
zone the tracker runs in."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from keitaro.errors import BadRequestError, ForbiddenError, NotFoundError, UnexpectedResponseError
from keitaro.resources.base import Requester

__all__ = ["ConnectionCheck", "check_connection", "guess_timezone", "valid_timezone"]

logger = logging.getLogger("keitaro")


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    campaigns: int
    elapsed_ms: float


_TZ_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$")
_NOT_ZONES = frozenset({"localtime", "posixrules", "factory"})


def valid_timezone(value: Any) -> str | None:
    """An IANA zone name that zoneinfo can load (a small cached file read, no directory scan)."""
    if not isinstance(value, str):
        return None
    name = value.strip()
    if not _TZ_NAME.match(name) or name.lower() in _NOT_ZONES or name.split("/")[0] in ("posix", "right"):
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


async def check_connection(client: Requester) -> ConnectionCheck:
    """Cheap authenticated call (``GET /campaigns``); raises typed errors."""
    started = time.perf_counter()
    data = await client.request("GET", "/campaigns")
    elapsed_ms = (time.perf_counter() - started) * 1000
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list):
        raise UnexpectedResponseError(
            f"GET /campaigns: expected a JSON array, got {type(data).__name__}", response_data=data
        )
    return ConnectionCheck(campaigns=len(data), elapsed_ms=elapsed_ms)


async def guess_timezone(client: Requester) -> str | None:
    """The tracker's time zone as set on its admin user (``GET /users``): the first ADMIN user
    whose ``preferences.timezone`` is a valid IANA name. ``None`` when that cannot be read
    (key without rights, endpoint missing, no/invalid value); other errors are raised."""
    try:
        data = await client.request("GET", "/users")
    except (ForbiddenError, NotFoundError, BadRequestError) as exc:
        logger.debug("time zone not readable from /users: %s", exc.code)
        return None
    if not isinstance(data, list):
        return None
    for user in data:
        if not isinstance(user, dict) or str(user.get("type", "")).upper() != "ADMIN":
            continue
        preferences = user.get("preferences")
        if isinstance(preferences, dict):
            zone = valid_timezone(preferences.get("timezone"))
            if zone is not None:
                return zone
    return None
