"""DNS rebinding: the client and the postback sender connect to the address that was checked.

A local HTTP server on 127.0.0.1 plays the "internal service"; a resolver answers a public address
to the first lookup (the guard's) and 127.0.0.1 to every later one (the rebinding attack).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx
import pytest
from aiohttp import web

from handlers.ui import keitaro_error_key
from keitaro import KeitaroClient, PrivateAddressError, parse_postback_url
from keitaro.pinning import PinnedBackend, pinned_transport
from keitaro.retry import RetryPolicy

KEY = "pinKey0123456789abcdef"
PUBLIC = "93.184.216.34"


@dataclass
class Seen:
    """What reached the local server."""

    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
async def loopback() -> AsyncIterator[tuple[int, Seen]]:
    seen = Seen()

    async def handle(request: web.Request) -> web.StreamResponse:
        seen.requests.append(
            {
                "path": request.path,
                "host": request.headers.get("Host", ""),
                "api_key": request.headers.get("Api-Key", ""),
            }
        )
        if request.path.endswith("/postback"):
            return web.Response(text="Success")
        return web.json_response([])

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield port, seen
    finally:
        await runner.cleanup()


class Rebinding:
    """Answers ``first`` to the first lookup of a name and ``then`` afterwards."""

    def __init__(self, first: Sequence[str], then: Sequence[str]) -> None:
        self.first, self.then = list(first), list(then)
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int | None) -> list[str]:
        self.asked.append(host)
        return self.first if len(self.asked) == 1 else self.then


def _as_getaddrinfo(resolver: Rebinding) -> Any:
    async def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        addresses = await resolver(host, port)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, int(port or 0))) for a in addresses]

    return getaddrinfo


@pytest.fixture(params=["injected", "system"])
async def rebinding(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> tuple[Rebinding, dict[str, Any]]:
    """The attack through the client's ``resolver=`` and through the system resolver (the loop's
    ``getaddrinfo``, which httpx itself used to connect before pinning)."""
    resolver = Rebinding([PUBLIC], ["127.0.0.1"])
    if request.param == "injected":
        return resolver, {"resolver": resolver}
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", _as_getaddrinfo(resolver))
    return resolver, {}


async def test_rebound_name_never_reaches_loopback_with_the_key(
    loopback: tuple[int, Seen], rebinding: tuple[Rebinding, dict[str, Any]]
) -> None:
    port, seen = loopback
    resolver, kwargs = rebinding
    async with KeitaroClient(
        f"http://tracker.example:{port}/admin/", KEY, retry=RetryPolicy(attempts=1), **kwargs
    ) as client:
        for _ in range(2):
            with pytest.raises(PrivateAddressError) as info:
                await client.campaigns.list()
            assert info.value.addresses == ("127.0.0.1",)
            assert info.value.request is not None and info.value.request.path == "/campaigns"
            assert keitaro_error_key(info.value)[0] == "kerr-private_address"  # the user's sentence
    assert seen.requests == []
    assert resolver.asked[0] == "tracker.example" and len(resolver.asked) >= 2


async def test_rebound_postback_host_is_refused(
    loopback: tuple[int, Seen], rebinding: tuple[Rebinding, dict[str, Any]]
) -> None:
    port, seen = loopback
    _, kwargs = rebinding
    postback = parse_postback_url(f"http://pb.example:{port}/abcde12345/postback")
    async with KeitaroClient(
        f"http://{PUBLIC}/admin/", KEY, retry=RetryPolicy(attempts=1), **kwargs
    ) as client:
        with pytest.raises(PrivateAddressError) as info:
            await client.send_postback(postback, {"subid": "s1"})
    assert seen.requests == []
    assert info.value.request is not None and "abcde12345" not in info.value.request.url


async def test_pinned_connection_goes_to_the_checked_address_with_the_name_as_host(
    loopback: tuple[int, Seen],
) -> None:
    port, seen = loopback
    resolver = Rebinding(["127.0.0.1"], ["127.0.0.1"])
    async with KeitaroClient(
        f"http://tracker.example:{port}/admin/", KEY, allow_private=True, resolver=resolver
    ) as client:
        assert await client.campaigns.list() == []
        result = await client.send_postback(
            parse_postback_url(f"http://pb.example:{port}/abcde12345/postback"), {"subid": "s1"}
        )
    assert result.accepted
    assert seen.requests == [
        {"path": "/admin_api/v1/campaigns", "host": f"tracker.example:{port}", "api_key": KEY},
        {"path": "/abcde12345/postback", "host": f"pb.example:{port}", "api_key": ""},
    ]
    assert resolver.asked == ["tracker.example", "pb.example"]  # once per connection, not per check


# ---------------------------------------------------------------- TLS keeps the name (SNI)


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, log: list[tuple[str, Any]]) -> None:
        self.log = log

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        self.log.append(("start_tls", server_hostname))
        raise httpcore.ConnectError("handshake stops here")

    async def aclose(self) -> None:
        self.log.append(("close", None))


class _Inner(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.log: list[tuple[str, Any]] = []

    async def connect_tcp(
        self, host: str, port: int, *args: Any, **kwargs: Any
    ) -> httpcore.AsyncNetworkStream:
        self.log.append(("connect_tcp", (host, port)))
        return _Stream(self.log)


async def test_tls_is_done_with_the_name_while_tcp_goes_to_the_checked_address() -> None:
    inner = _Inner()
    resolver = Rebinding([PUBLIC], [PUBLIC])
    transport = pinned_transport(
        verify=True, limits=httpx.Limits(), allow_private=False, resolver=resolver, inner=inner
    )
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("https://tracker.example/admin_api/v1/campaigns")
    assert inner.log[:2] == [("connect_tcp", (PUBLIC, 443)), ("start_tls", "tracker.example")]


async def test_backend_refuses_a_private_answer_before_any_connection() -> None:
    inner = _Inner()
    backend = PinnedBackend(resolver=Rebinding(["10.0.0.5", PUBLIC], []), inner=inner)
    with pytest.raises(PrivateAddressError) as info:
        await backend.connect_tcp("tracker.example", 443)
    assert info.value.addresses == ("10.0.0.5",) and inner.log == []
