"""Network guard: refuse to talk to trackers on loopback/private/link-local/... addresses.

A Telegram user types the tracker URL, so without this guard the bot could be pointed at
services on its own host or network (SSRF). Two layers use the same rules:

* :func:`ensure_public_host` judges a host before anything is sent (the admin URL and the
  postback URL when they are typed, the client before its first request);
* :class:`keitaro.pinning.PinnedBackend` resolves the name once per new connection with
  :func:`checked_addresses`, checks every address and connects to the checked address itself, so
  a DNS server that answers a public address first and a private one a moment later (DNS
  rebinding) gains nothing: there is no second resolution to exploit.

A resolver is injectable (``resolver=``) so that tests can play such a DNS server.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import Awaitable, Callable, Sequence

from keitaro.errors import DnsError, PrivateAddressError

__all__ = [
    "HOST_RECHECK_SECONDS",
    "HostVerdict",
    "Resolver",
    "checked_addresses",
    "ensure_public_host",
    "is_public_ip",
    "system_resolver",
]

Resolver = Callable[[str, int | None], Awaitable[Sequence[str]]]
"""``(host, port) → addresses``; raises :class:`socket.gaierror` for a name that does not resolve."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SHARED_V4 = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _parse_ip(text: str) -> IPAddress | None:
    value = text.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    value = value.split("%", 1)[0]  # IPv6 zone id
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _v4_is_public(ip: ipaddress.IPv4Address) -> bool:
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip in _SHARED_V4
        or not ip.is_global
    )


def _address_is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv4Address):
        return _v4_is_public(ip)
    # Forms that embed an IPv4 address are judged by that address.
    if ip.ipv4_mapped is not None:
        return _v4_is_public(ip.ipv4_mapped)
    if ip in _NAT64:
        return _v4_is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None and not _v4_is_public(ip.sixtofour):
        return False
    if ip.teredo is not None and not _v4_is_public(ip.teredo[1]):
        return False
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_site_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def is_public_ip(ip: str) -> bool:
    """True for a globally routable unicast address. Anything that is not an IP literal → False."""
    parsed = _parse_ip(ip)
    return parsed is not None and _address_is_public(parsed)


def _is_localhost_name(name: str) -> bool:
    return name == "localhost" or name.endswith(".localhost") or name == "localhost.localdomain"


async def system_resolver(host: str, port: int | None) -> list[str]:
    """The running loop's ``getaddrinfo`` (looked up at call time, so a test may replace it)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def checked_addresses(
    host: str, port: int | None = None, *, allow_private: bool = False, resolver: Resolver | None = None
) -> tuple[str, ...]:
    """The addresses to connect to for ``host``, each one judged (unless ``allow_private``).

    IP literals (with or without brackets) and ``localhost`` are judged without DNS; other names
    are resolved once with ``resolver`` (default: the running loop's ``getaddrinfo``). Raises
    :class:`PrivateAddressError` when any address is not public and :class:`DnsError` when the name
    does not resolve.
    """
    name = host.strip().rstrip(".").lower()
    if not name:
        raise DnsError("empty host name")
    if _is_localhost_name(name) and not allow_private:
        raise PrivateAddressError(f"{host} is a loopback name", host=host, addresses=(name,))
    literal = _parse_ip(name)
    if literal is not None:
        if not allow_private and not _address_is_public(literal):
            raise PrivateAddressError(
                f"{host} is not a public address", host=host, addresses=(literal.compressed,)
            )
        return (literal.compressed,)
    try:
        answer = await (resolver or system_resolver)(name, port)
    except socket.gaierror as exc:
        raise DnsError(f"{host} does not resolve: {exc.strerror or exc}") from exc
    except (UnicodeError, ValueError) as exc:
        raise DnsError(f"{host} is not a valid host name") from exc
    addresses = tuple(dict.fromkeys(answer))
    if not addresses:
        raise DnsError(f"{host} resolves to no address")
    if not allow_private:
        blocked = tuple(a for a in addresses if not is_public_ip(a))
        if blocked:
            raise PrivateAddressError(
                f"{host} resolves to a non-public address", host=host, addresses=blocked
            )
    return addresses


async def ensure_public_host(host: str, port: int | None = None, *, resolver: Resolver | None = None) -> None:
    """Raise :class:`PrivateAddressError` unless every address of ``host`` is public (a name that
    does not resolve raises :class:`DnsError`); see :func:`checked_addresses`."""
    await checked_addresses(host, port, resolver=resolver)


HOST_RECHECK_SECONDS = 300.0
"""How long a "this host is public" verdict is trusted before resolving again."""

_now = time.monotonic  # the verdicts' clock (tests replace it)


class HostVerdict:
    """The guard's verdict on one host (a client's), trusted for :data:`HOST_RECHECK_SECONDS`.

    Connections are pinned to checked addresses anyway (:mod:`keitaro.pinning`); this verdict is the
    check before the first request and the only one for requests an environment proxy carries (the
    proxy resolves the name). A refusal is never remembered as a pass."""

    def __init__(self, host: str, port: int | None, *, resolver: Resolver | None = None) -> None:
        self.host = host
        self.port = port
        self._resolver = resolver
        self._checked_at: float | None = None
        self._lock = asyncio.Lock()

    def _fresh(self) -> bool:
        checked = self._checked_at
        return checked is not None and _now() - checked < HOST_RECHECK_SECONDS

    async def ensure(self) -> None:
        """Return when the host is public (judged at most every :data:`HOST_RECHECK_SECONDS`);
        raise :class:`PrivateAddressError` / :class:`DnsError` otherwise."""
        if self._fresh():
            return
        async with self._lock:
            if self._fresh():
                return
            await ensure_public_host(self.host, self.port, resolver=self._resolver)
            self._checked_at = _now()
