"""The network guard: which addresses are public, name resolution, and the client's re-check."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import httpx
import pytest

import keitaro.netguard as guard_module
from keitaro import KeitaroClient
from keitaro.errors import DnsError, PrivateAddressError
from keitaro.netguard import checked_addresses, ensure_public_host, is_public_ip
from tests.ticks import Ticks

NOT_PUBLIC = [
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.1",
    "192.168.0.10",
    "192.168.255.255",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "255.255.255.255",
    "224.0.0.1",
    "240.0.0.1",
    "192.0.2.1",
    "198.18.0.1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "64:ff9b::7f00:1",
    "2002:7f00:1::1",
    "[::1]",
    "2001:db8::1",
]
PUBLIC = [
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "::ffff:93.184.216.34",
    "[2606:4700:4700::1111]",
    "64:ff9b::5db8:d822",
]


@pytest.mark.parametrize("ip", NOT_PUBLIC)
def test_not_public(ip: str) -> None:
    assert not is_public_ip(ip)


@pytest.mark.parametrize("ip", PUBLIC)
def test_public(ip: str) -> None:
    assert is_public_ip(ip)


@pytest.mark.parametrize("text", ["", "localhost", "example.com", "999.1.1.1", "1.2.3"])
def test_non_ip_text_is_not_a_public_ip(text: str) -> None:
    assert not is_public_ip(text)


@pytest.fixture
async def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace the running loop's getaddrinfo; records the names asked for."""
    control: dict[str, Any] = {"asked": [], "answers": {}}

    async def fake_getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        control["asked"].append(host)
        answer = control["answers"].get(host)
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
            for a in answer
        ]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", fake_getaddrinfo)
    return control


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "::1",
        "[::1]",
        "10.1.2.3",
        "192.168.0.10",
        "169.254.169.254",
        "100.64.0.1",
        "::ffff:127.0.0.1",
        "localhost",
        "LOCALHOST.",
        "api.localhost",
    ],
)
async def test_private_literals_and_localhost_are_refused_without_dns(
    host: str, resolver: dict[str, Any]
) -> None:
    with pytest.raises(PrivateAddressError) as info:
        await ensure_public_host(host)
    assert info.value.code == "private_address" and info.value.host == host
    assert resolver["asked"] == []


async def test_public_literal_passes_without_dns_or_connection(resolver: dict[str, Any]) -> None:
    await ensure_public_host("93.184.216.34", 443)
    await ensure_public_host("[2606:4700:4700::1111]")
    assert resolver["asked"] == []


async def test_names_are_judged_by_every_address(resolver: dict[str, Any]) -> None:
    resolver["answers"] = {
        "good.example": ["93.184.216.34", "2606:4700:4700::1111"],
        "internal.example": ["10.0.0.5"],
        "mixed.example": ["93.184.216.34", "192.168.1.1"],
        "mapped.example": ["::ffff:127.0.0.1"],
    }
    await ensure_public_host("good.example", 443)
    for name, bad in [
        ("internal.example", ("10.0.0.5",)),
        ("mixed.example", ("192.168.1.1",)),
        ("mapped.example", ("::ffff:127.0.0.1",)),
    ]:
        with pytest.raises(PrivateAddressError) as info:
            await ensure_public_host(name)
        assert info.value.addresses == bad
    with pytest.raises(DnsError):
        await ensure_public_host("unknown.example")


async def test_unresolvable_name_is_a_dns_error_for_real() -> None:
    with pytest.raises(DnsError) as info:
        await ensure_public_host("tracker.invalid")  # RFC 6761: never resolves, answered locally
    assert info.value.code == "dns"


# ---------------------------------------------------------------- the client's use of the guard




@pytest.fixture
def guard_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Count the client's guard calls; ``verdict`` decides whether the host is public."""
    state: dict[str, Any] = {"calls": [], "private": False, "clock": Ticks()}

    async def fake_guard(host: str, port: int | None = None, **_: Any) -> None:
        state["calls"].append((host, port))
        if state["private"]:
            raise PrivateAddressError("rebound to a private address", host=host, addresses=("10.0.0.1",))

    monkeypatch.setattr(guard_module, "ensure_public_host", fake_guard)
    monkeypatch.setattr(guard_module, "_now", state["clock"])
    return state


def _client(sent: list[httpx.Request], **kwargs: Any) -> KeitaroClient:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    return KeitaroClient(
        "https://tracker.example.com:8443/admin/", "k" * 20, transport=httpx.MockTransport(handler), **kwargs
    )


async def test_client_checks_the_host_first_and_again_after_five_minutes(guard_calls: dict[str, Any]) -> None:
    sent: list[httpx.Request] = []
    async with _client(sent) as client:
        await client.campaigns.list()
        await client.campaigns.list()
        assert guard_calls["calls"] == [("tracker.example.com", 8443)]
        guard_calls["clock"].now += guard_module.HOST_RECHECK_SECONDS - 1
        await client.campaigns.list()
        assert len(guard_calls["calls"]) == 1
        guard_calls["clock"].now += 2  # the verdict is now older than five minutes
        guard_calls["private"] = True  # ...and the name has been rebound
        with pytest.raises(PrivateAddressError) as info:
            await client.campaigns.list()
        assert info.value.request is not None and info.value.request.path == "/campaigns"
        assert len(sent) == 3  # the fourth request was never sent
        with pytest.raises(PrivateAddressError):
            await client.campaigns.list()  # a refusal is not cached as a pass
        assert len(guard_calls["calls"]) == 3
        guard_calls["private"] = False
        await client.campaigns.list()
        assert len(sent) == 4


async def test_allow_private_skips_the_guard(guard_calls: dict[str, Any]) -> None:
    sent: list[httpx.Request] = []
    async with _client(sent, allow_private=True) as client:
        await client.campaigns.list()
    assert guard_calls["calls"] == [] and len(sent) == 1


async def test_concurrent_first_requests_check_once(guard_calls: dict[str, Any]) -> None:
    sent: list[httpx.Request] = []
    async with _client(sent) as client:
        await asyncio.gather(*(client.campaigns.list() for _ in range(5)))
    assert len(guard_calls["calls"]) == 1 and len(sent) == 5


async def test_public_literal_tracker_is_requested_without_dns(resolver: dict[str, Any]) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[{"id": 1}])

    async with KeitaroClient(
        "http://93.184.216.34/admin/", "k" * 20, transport=httpx.MockTransport(handler)
    ) as client:
        assert [c.id for c in await client.campaigns.list()] == [1]
    assert resolver["asked"] == [] and str(sent[0].url) == "http://93.184.216.34/admin_api/v1/campaigns"


# ---------------------------------------------------------------- one resolution, every address judged


async def test_checked_addresses_resolve_once_with_the_given_resolver() -> None:
    asked: list[tuple[str, int | None]] = []

    async def resolver(host: str, port: int | None) -> list[str]:
        asked.append((host, port))
        return {"good.example": ["93.184.216.34", "93.184.216.34", "2606:4700:4700::1111"]}.get(
            host, ["10.0.0.5"]
        )

    assert await checked_addresses("Good.Example.", 443, resolver=resolver) == (
        "93.184.216.34",
        "2606:4700:4700::1111",
    )
    with pytest.raises(PrivateAddressError):
        await checked_addresses("internal.example", 80, resolver=resolver)
    assert await checked_addresses("internal.example", 80, allow_private=True, resolver=resolver) == (
        "10.0.0.5",
    )
    assert asked == [("good.example", 443), ("internal.example", 80), ("internal.example", 80)]
    # literals are judged without DNS; allow_private lets loopback through (tests, local trackers)
    assert await checked_addresses("[::1]", allow_private=True, resolver=resolver) == ("::1",)
    assert await checked_addresses("localhost", allow_private=True, resolver=resolver) == ("10.0.0.5",)
    with pytest.raises(PrivateAddressError):
        await checked_addresses("127.0.0.1", resolver=resolver)
    assert len(asked) == 4


async def test_a_resolver_that_fails_is_a_dns_error() -> None:
    async def resolver(host: str, port: int | None) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def empty(host: str, port: int | None) -> list[str]:
        return []

    with pytest.raises(DnsError):
        await checked_addresses("gone.example", resolver=resolver)
    with pytest.raises(DnsError):
        await ensure_public_host("gone.example", resolver=empty)
