"""How the Keitaro client fails: every HTTP status, network failure, blocked private address and odd
response becomes one typed error (against the emulator over real HTTP, real sockets, and
httpx.MockTransport for answers the emulator never gives)."""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from keitaro import (
    AuthError,
    BadRequestError,
    Campaign,
    ConnectionRefused,
    DnsError,
    EditionError,
    ForbiddenError,
    KeitaroClient,
    KeitaroError,
    KeitaroTimeout,
    NetworkError,
    NotFoundError,
    NotJsonError,
    PrivateAddressError,
    RequestInfo,
    ServerError,
    TlsError,
    UnexpectedResponseError,
    UnexpectedStatusError,
    ValidationError,
)
from keitaro.retry import RetryPolicy
from keitaro.transport import map_transport_exception
from tests.component.keys import ADMIN, NO_RIGHTS, USER, closed_port, expect_error
from tests.fakes.keitaro import KeitaroEmulator

# ---------------------------------------------------------------- HTTP errors


async def test_wrong_key_is_auth_error(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, "wrongKey0123456789", allow_private=True) as c:
        exc = await expect_error(c.campaigns.list(), AuthError, "auth", 401)
    assert exc.message == "Access denied" and exc.response_data == {"error": "Access denied"}
    assert exc.request == RequestInfo("GET", f"{emulator.api_base}/campaigns", "/campaigns")


async def test_edition_without_admin_api(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "edition_402"
    await expect_error(client.campaigns.list(), EditionError, "edition", 402)


async def test_user_key_is_forbidden_on_users_but_reads_campaigns(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, USER, allow_private=True) as c:
        await expect_error(c.users.list(), ForbiddenError, "forbidden", 403)
        assert len(await c.campaigns.list()) == 4
    async with KeitaroClient(emulator.url, NO_RIGHTS, allow_private=True) as c:
        await expect_error(c.check_connection(), ForbiddenError, "forbidden", 403)


async def test_missing_campaign_and_unknown_path_are_not_found(client: KeitaroClient) -> None:
    await expect_error(client.campaigns.get(999), NotFoundError, "not_found", 404)
    await expect_error(client.request("GET", "/no_such_thing"), NotFoundError, "not_found", 404)


async def test_validation_error_has_per_field_messages(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    exc = await expect_error(
        client.request("POST", "/campaigns", json={"alias": "fb-us-nutra", "type": "zigzag"}),
        ValidationError,
        "validation",
        406,
    )
    assert isinstance(exc, ValidationError)
    assert exc.fields == {
        "name": ["Name can't be blank"],
        "alias": ["Alias is already in use"],
        "type": ["Type must be one of: position, weight"],
    }
    assert "name: Name can't be blank" in exc.message
    assert emulator.requests[-1].json == {"alias": "fb-us-nutra", "type": "zigzag"}
    created = await client.request(
        "POST", "/campaigns", json={"name": "Fresh", "alias": "fresh", "cost_value": 0.3}
    )
    assert Campaign.model_validate(created).cost_value == 0.3
    assert emulator.requests[-1].headers["Content-Type"] == "application/json"


async def test_server_error(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "server_error"
    exc = await expect_error(client.campaigns.list(), ServerError, "server", 500)
    assert exc.message == "Internal server error"


async def test_html_instead_of_json(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "html"
    exc = await expect_error(client.campaigns.list(), NotJsonError, "not_json", 200)
    assert isinstance(exc, NotJsonError) and not exc.looks_like_cloudflare
    assert isinstance(exc.response_data, str) and "<html" in exc.response_data.lower()


async def test_cloudflare_page_is_recognised(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "cloudflare"
    exc = await expect_error(client.campaigns.list(), NotJsonError, "not_json", 403)
    assert isinstance(exc, NotJsonError) and exc.looks_like_cloudflare


# ---------------------------------------------------------------- network errors (real sockets)


async def test_timeout_when_the_tracker_is_slow(emulator: KeitaroEmulator) -> None:
    emulator.mode = "slow"
    emulator.slow_seconds = 60
    no_retry = RetryPolicy(attempts=1)
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True, timeout=0.3, retry=no_retry) as c:
        exc = await expect_error(c.campaigns.list(), KeitaroTimeout, "timeout", None)
    assert isinstance(exc, KeitaroTimeout) and exc.phase == "read"
    assert emulator.slow_waiting == 1  # the request reached the tracker and is still held there
    assert emulator.requests == []  # ...and has not been answered
    emulator.release_slow()


async def test_refused_connection() -> None:
    async with KeitaroClient(f"http://127.0.0.1:{closed_port()}/admin/", ADMIN, allow_private=True) as c:
        exc = await expect_error(c.campaigns.list(), ConnectionRefused, "refused", None)
    assert "refused" in exc.message


async def test_name_that_does_not_resolve() -> None:
    # .invalid never resolves (RFC 6761); the resolver answers at once, no network needed
    async with KeitaroClient("http://tracker.invalid/admin/", ADMIN, allow_private=True) as c:
        await expect_error(c.campaigns.list(), DnsError, "dns", None)  # raised by httpx's own resolution
    async with KeitaroClient("http://tracker.invalid/admin/", ADMIN) as c:
        await expect_error(c.campaigns.list(), DnsError, "dns", None)  # raised by the network guard


async def test_self_signed_certificate_is_a_tls_error() -> None:
    async with KeitaroEmulator(api_keys={ADMIN: "admin"}, tls=True) as tls:
        assert tls.url.startswith("https://127.0.0.1:")
        async with KeitaroClient(tls.url, ADMIN, allow_private=True) as c:
            exc = await expect_error(c.campaigns.list(), TlsError, "tls", None)
        assert "certificate" in exc.message
        assert tls.requests == []
        # positive control: the same server works once its certificate is trusted
        async with KeitaroClient(tls.url, ADMIN, allow_private=True, verify=tls.client_ssl_context()) as c:
            assert len(await c.campaigns.list()) == 4


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), DnsError),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), TlsError),
        (ssl.SSLError(1, "wrong version number"), TlsError),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), ConnectionRefused),
        (
            ExceptionGroup(
                "multiple",
                [
                    OSError(errno.ENETUNREACH, "unreachable"),
                    ConnectionRefusedError(errno.ECONNREFUSED, "refused"),
                ],
            ),
            ConnectionRefused,
        ),
        (OSError(errno.EHOSTUNREACH, "No route to host"), NetworkError),
    ],
)
def test_exception_chains_are_classified(cause: BaseException, expected: type[KeitaroError]) -> None:
    inner = OSError("All connection attempts failed")
    inner.__cause__ = cause
    outer = httpx.ConnectError("All connection attempts failed")
    outer.__cause__ = inner
    assert type(map_transport_exception(outer, RequestInfo("GET", "http://h/admin_api/v1/x"))) is expected


# ---------------------------------------------------------------- network guard with the emulator


async def test_private_tracker_needs_allow_private(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, ADMIN) as guarded:
        exc = await expect_error(guarded.campaigns.list(), PrivateAddressError, "private_address", None)
        assert isinstance(exc, PrivateAddressError) and exc.addresses == ("127.0.0.1",)
        env = await guarded.campaigns.list.envelope()
        assert env.error_code == "private_address"
    assert emulator.requests == [] and emulator.connections_opened == 0
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True) as allowed:
        assert len(await allowed.campaigns.list()) == 4


# ---------------------------------------------------------------- response edge cases (MockTransport)


def _mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> KeitaroClient:
    return KeitaroClient(
        "https://tracker.example.com/admin/",
        ADMIN,
        allow_private=True,
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(base_delay=0.001, max_delay=0.002),
    )


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(201, json={"id": 1}), {"id": 1}),
        (httpx.Response(204), None),
        (httpx.Response(200, content=b"\xef\xbb\xbf[1, 2]"), [1, 2]),  # UTF-8 BOM
    ],
)
async def test_any_2xx_is_success(response: httpx.Response, expected: Any) -> None:
    async with _mock_client(lambda _request: response) as c:
        assert await c.request("DELETE", "/campaigns/1") == expected


@pytest.mark.parametrize(
    ("response", "error", "code"),
    [
        (
            httpx.Response(301, headers={"Location": "https://other.example.net/admin_api/v1/campaigns"}),
            UnexpectedStatusError,
            "unexpected_status",
        ),
        (httpx.Response(418, json={"error": "teapot"}), UnexpectedStatusError, "unexpected_status"),
        (httpx.Response(400, json={"error": "Bad filter"}), BadRequestError, "bad_request"),
        (httpx.Response(502, text="<html>Bad Gateway</html>"), ServerError, "server"),
        (httpx.Response(404, text="<html><body>404 Not Found nginx</body></html>"), NotJsonError, "not_json"),
        (httpx.Response(200, text='Warning: PHP notice {"broken"'), NotJsonError, "not_json"),
        (httpx.Response(401), AuthError, "auth"),
    ],
)
async def test_status_and_body_mapping(
    response: httpx.Response, error: type[KeitaroError], code: str
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    async with _mock_client(handler) as c:
        with pytest.raises(error) as info:
            await c.request("GET", "/campaigns")
    assert info.value.code == code and info.value.http_status == response.status_code
    # redirects are not followed; a 502 is a transient failure, retried (3 attempts in all)
    assert len(seen) == (3 if response.status_code == 502 else 1)
    if response.status_code == 301:
        assert isinstance(info.value, UnexpectedStatusError)
        assert info.value.location == "https://other.example.net/admin_api/v1/campaigns"


async def test_nested_validation_body_and_truncated_response_data() -> None:
    bodies = iter(
        [
            httpx.Response(406, json={"error": {"name": ["too short"], "postbacks": {"0": "bad url"}}}),
            httpx.Response(500, text="x" * 10_000),
        ]
    )
    async with _mock_client(lambda _request: next(bodies)) as c:
        with pytest.raises(ValidationError) as info:
            await c.request("PUT", "/campaigns/1", json={"name": "a"})
        assert info.value.fields == {"name": ["too short"], "postbacks.0": ["bad url"]}
        with pytest.raises(ServerError) as server:
            await c.request("GET", "/campaigns")
    assert isinstance(server.value.response_data, str) and len(server.value.response_data) == 2001


async def test_wrong_shapes_are_unexpected_response() -> None:
    bodies = iter(
        [
            httpx.Response(200, json={"campaigns": []}),
            httpx.Response(200, json=[{"name": "no id"}]),
            httpx.Response(200, json={"data": [{"id": "7", "name": "wrapped"}]}),
        ]
    )
    async with _mock_client(lambda _request: next(bodies)) as c:
        with pytest.raises(UnexpectedResponseError):
            await c.campaigns.list()
        with pytest.raises(UnexpectedResponseError) as info:
            await c.campaigns.list()
        assert "id" in info.value.message
        assert [x.id for x in await c.campaigns.list()] == [7]


async def test_ids_and_paths_are_checked(client: KeitaroClient) -> None:
    with pytest.raises(TypeError):
        await client.campaigns.get("1/../../users")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="start with"):
        await client.request("GET", "https://evil.example/x")
    with pytest.raises(ValueError, match="dot segments"):
        await client.request("GET", "/campaigns/../users")
