"""``/botlist``: the tracker's list of bot IPs and ranges, as newline-separated text.

Accepted entries: an IPv4/IPv6 address, a CIDR network (``66.249.64.0/19``), a dash range
(``198.51.100.10-198.51.100.20``) or an IPv4 wildcard (``5.255.253.*``). Anything else is refused
with 406 ``{"value": ["<line>: not an IP address or range"]}``. Entries are normalised and kept
unique; ``count`` in the answers is the size of the list after the change.
"""

from __future__ import annotations

import ipaddress
import re

from aiohttp import web

from tests.fakes.keitaro_emulator.common import Call, Route, ok
from tests.fakes.keitaro_emulator.entities import Problems
from tests.fakes.keitaro_emulator.state import EmulatorState

__all__ = ["ROUTES", "normalise_entry", "seed"]

_WILDCARD = re.compile(r"^(\d{1,3})(\.(\d{1,3}|\*)){3}$")


def normalise_entry(text: str) -> str | None:
    """The canonical form of one bot-list line, or ``None`` when it is not an IP/range."""
    text = text.strip()
    try:
        if "/" in text:
            return str(ipaddress.ip_network(text, strict=False))
        if "-" in text:
            first, last = (ipaddress.ip_address(part.strip()) for part in text.split("-", 1))
            if first.version != last.version or int(first) > int(last):
                return None
            return f"{first}-{last}"
        if "*" in text:
            if not _WILDCARD.match(text):
                return None
            parts = text.split(".")
            if "*" in parts and parts[parts.index("*") :] != ["*"] * (4 - parts.index("*")):
                return None  # only trailing wildcards: 1.2.*.*
            if any(p != "*" and int(p) > 255 for p in parts):
                return None
            return text
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _entries(call: Call) -> list[str] | web.Response:
    """The normalised lines of the body's ``value``, or the 400/406 answer."""
    body = call.json_object()
    if isinstance(body, web.Response):
        return body
    problems = Problems()
    value = body.get("value")
    if not isinstance(value, str):
        problems.add("value", "Value can't be blank" if value is None else "Value must be a string")
        return problems.response()
    entries: list[str] = []
    for line in value.splitlines():
        if not line.strip():
            continue
        entry = normalise_entry(line)
        if entry is None:
            problems.add("value", f"{line.strip()}: not an IP address or range")
        elif entry not in entries:
            entries.append(entry)
    return problems.response() if problems else entries


def _count(state: EmulatorState) -> web.Response:
    return ok({"count": len(state.botlist)})


async def get_botlist(call: Call) -> web.Response:
    return ok({"value": "\n".join(call.state.botlist)})


async def replace_botlist(call: Call) -> web.Response:
    entries = _entries(call)
    if isinstance(entries, web.Response):
        return entries
    call.state.botlist[:] = entries
    return _count(call.state)


async def clear_botlist(call: Call) -> web.Response:
    call.state.botlist.clear()
    return ok({"success": True})


async def add_to_botlist(call: Call) -> web.Response:
    entries = _entries(call)
    if isinstance(entries, web.Response):
        return entries
    call.state.botlist.extend(e for e in entries if e not in call.state.botlist)
    return _count(call.state)


async def exclude_from_botlist(call: Call) -> web.Response:
    entries = _entries(call)
    if isinstance(entries, web.Response):
        return entries
    call.state.botlist[:] = [e for e in call.state.botlist if e not in entries]
    return _count(call.state)


def seed(state: EmulatorState) -> None:
    """Crawler networks (Google, Bing, Facebook, Yandex), a moderation range and a single IP."""
    state.botlist[:] = [
        "66.249.64.0/19",
        "157.55.39.0/24",
        "173.252.64.0/18",
        "5.255.253.*",
        "198.51.100.10-198.51.100.20",
        "203.0.113.7",
        "2a03:2880:f000::/36",
    ]


ROUTES = [
    Route("GET", "/botlist", get_botlist, admin_only=True),
    Route("PUT", "/botlist", replace_botlist, admin_only=True),
    Route("DELETE", "/botlist", clear_botlist, admin_only=True),
    Route("POST", "/botlist/add", add_to_botlist, admin_only=True),
    Route("POST", "/botlist/exclude", exclude_from_botlist, admin_only=True),
]
