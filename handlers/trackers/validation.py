"""Pure input checks for the tracker screens (unit-tested)."""

from __future__ import annotations

import zoneinfo
from functools import cache
from urllib.parse import urlsplit

from handlers.input import InputError

NAME_MAX = 40


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise InputError("name-err-empty")
    if len(name) > NAME_MAX:
        raise InputError("name-err-long", max=NAME_MAX, length=len(name))
    if name.startswith("/"):
        raise InputError("name-err-slash")
    return name


def name_from_url(url: str) -> str:
    """A tracker's name offered from its admin address: the host without ``www.``
    (``https://www.tracker.example.com/admin/`` → ``tracker.example.com``), at most NAME_MAX long."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host[:NAME_MAX] or "Keitaro"


@cache
def _zones() -> dict[str, str]:
    return {z.lower(): z for z in zoneinfo.available_timezones()}


def clean_timezone(raw: str) -> str:
    text = raw.strip().replace(" ", "_")
    if text.upper() in {"UTC", "GMT", "Z"}:
        return "UTC"
    zone = _zones().get(text.lower())
    if zone is None:
        raise InputError("tz-err-unknown")
    return zone
