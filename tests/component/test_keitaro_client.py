"""The Keitaro client against the emulator over real HTTP (and a few httpx.MockTransport edge cases)."""

from __future__ import annotations

import errno
import json
import logging
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from keitaro import (
    AuthError,
    BadRequestError,
    Campaign,
    CampaignState,
    ClientPool,
    ConnectionRefused,
    CostType,
    DnsError,
    EditionError,
    ForbiddenError,
    KeitaroClient,
    KeitaroError,
    KeitaroTimeout,
    KeitaroUser,
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
    mask_secret,
)
from keitaro.retry import RetryPolicy
from keitaro.transport import map_transport_exception
from tests.fakes.keitaro import ADMIN_TIMEZONE, KeitaroEmulator

ADMIN = "cmpAdminKey0123456789abcdef"
USER = "cmpUserKey0123456789abcdef"
NO_RIGHTS = "cmpNoRightsKey0123456789"
SPEC = Path(__file__).resolve().parents[3] / "shared" / "keitaro" / "openapi-v1-2022.json"


@pytest.fixture
async def emulator() -> AsyncIterator[KeitaroEmulator]:
    emu = KeitaroEmulator(api_keys={ADMIN: "admin", USER: "user", NO_RIGHTS: "none"})
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()


@pytest.fixture
async def client(emulator: KeitaroEmulator) -> AsyncIterator[KeitaroClient]:
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True) as c:
        yield c


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------- reading resources


async def test_lists_campaigns_with_numbers_coerced(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    campaigns = await client.campaigns.list()
    assert [c.id for c in campaigns] == sorted(c["id"] for c in emulator.state.live("campaigns"))
    first = campaigns[0]
    assert isinstance(first, Campaign)
    assert emulator.state.campaigns[1]["cost_value"] == "0.50"  # the emulator sends a string...
    assert first.cost_value == 0.5  # ...the model holds a number
    assert first.group_id == 2 and first.traffic_source_id == 3
    assert first.state is CampaignState.ACTIVE and first.cost_type is CostType.CPC
    assert first.parameters["sub_id_1"] is not None and first.parameters["sub_id_1"].alias == "adset"
    assert first.postbacks[0].statuses == ["sale"]
    third = campaigns[2]
    assert third.group_id is None and third.cost_auto is True and third.traffic_loss == 2.5
    assert first.extra_fields == {}


async def test_gets_one_campaign_sending_the_key_only_in_a_header(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    campaign = await client.campaigns.get(2)
    assert campaign.name == "TT DE Gambling" and campaign.state == "disabled" and campaign.cost_value == 12.5
    (req,) = emulator.requests
    assert (req.method, req.path, req.query, req.status) == ("GET", "/admin_api/v1/campaigns/2", {}, 200)
    assert req.headers["Api-Key"] == ADMIN
    assert req.headers["Accept"] == "application/json"
    assert req.headers["User-Agent"] == "keitaro-oncall-bot"
    assert ADMIN not in req.path


async def test_newly_added_campaigns_are_seen(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    added = emulator.add_campaign(name="Added later", cost_value="3", state="active")
    fetched = await client.campaigns.get(added["id"])
    assert fetched.name == "Added later" and fetched.cost_value == 3.0
    check = await client.check_connection()
    assert check.campaigns == len(emulator.state.live("campaigns")) == 5
    assert check.elapsed_ms > 0


async def test_lists_and_gets_users(client: KeitaroClient) -> None:
    users = await client.users.list()
    assert all(isinstance(u, KeitaroUser) for u in users)
    admin = next(u for u in users if u.is_admin)
    assert admin.login == "admin" and admin.preferences is not None
    assert admin.preferences.timezone == ADMIN_TIMEZONE and admin.preferences.language == "ru"
    assert admin.extra_fields["keyCount"] == 2
    other = await client.users.get(2)
    assert other.login == "buyer-anna" and not other.is_admin


async def test_emulator_accepts_bearer_auth_and_rejects_no_key(emulator: KeitaroEmulator) -> None:
    async with httpx.AsyncClient() as raw:
        bearer = await raw.get(f"{emulator.api_base}/campaigns", headers={"Authorization": f"Bearer {ADMIN}"})
        anonymous = await raw.get(f"{emulator.api_base}/campaigns")
        admin_page = await raw.get(emulator.url)
    assert bearer.status_code == 200 and len(bearer.json()) == 4
    assert anonymous.status_code == 401 and anonymous.json() == {"error": "Access denied"}
    assert admin_page.status_code == 200 and "text/html" in admin_page.headers["content-type"]


async def test_operations_registry_names_resource_operation_method_and_path() -> None:
    specs = {(s.resource, s.operation): (s.method, s.path) for s in KeitaroClient.operations()}
    assert specs[("campaigns", "list")] == ("GET", "/campaigns")
    assert specs[("offers", "archive")] == ("DELETE", "/offers/{id}/archive")
    assert specs[("landing_pages", "clone")] == ("PUT", "/landing_pages/{id}/clone")
    assert specs[("groups", "delete")] == ("DELETE", "/groups/{id}/delete")
    assert len(specs) == len(set(specs.values())) == 107


def test_every_operation_exists_in_the_openapi_spec() -> None:
    if not SPEC.exists():
        pytest.skip(f"the Keitaro OpenAPI file is not at {SPEC}")
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    assert spec["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Api-Key",
        "description": spec["components"]["securitySchemes"]["ApiKeyAuth"]["description"],
    }
    for op in KeitaroClient.operations():
        assert op.path in spec["paths"], op
        assert op.method.lower() in spec["paths"][op.path], op


# ---------------------------------------------------------------- HTTP errors


async def _expect(
    call: Awaitable[Any], error: type[KeitaroError], code: str, status: int | None
) -> KeitaroError:
    with pytest.raises(error) as info:
        await call
    exc = info.value
    assert exc.code == code
    assert exc.http_status == status
    return exc


async def test_wrong_key_is_auth_error(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, "wrongKey0123456789", allow_private=True) as c:
        exc = await _expect(c.campaigns.list(), AuthError, "auth", 401)
    assert exc.message == "Access denied" and exc.response_data == {"error": "Access denied"}
    assert exc.request == RequestInfo("GET", f"{emulator.api_base}/campaigns", "/campaigns")


async def test_edition_without_admin_api(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "edition_402"
    await _expect(client.campaigns.list(), EditionError, "edition", 402)


async def test_user_key_is_forbidden_on_users_but_reads_campaigns(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, USER, allow_private=True) as c:
        await _expect(c.users.list(), ForbiddenError, "forbidden", 403)
        assert len(await c.campaigns.list()) == 4
    async with KeitaroClient(emulator.url, NO_RIGHTS, allow_private=True) as c:
        await _expect(c.check_connection(), ForbiddenError, "forbidden", 403)


async def test_missing_campaign_and_unknown_path_are_not_found(client: KeitaroClient) -> None:
    await _expect(client.campaigns.get(999), NotFoundError, "not_found", 404)
    await _expect(client.request("GET", "/no_such_thing"), NotFoundError, "not_found", 404)


async def test_validation_error_has_per_field_messages(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    exc = await _expect(
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
    exc = await _expect(client.campaigns.list(), ServerError, "server", 500)
    assert exc.message == "Internal server error"


async def test_html_instead_of_json(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "html"
    exc = await _expect(client.campaigns.list(), NotJsonError, "not_json", 200)
    assert isinstance(exc, NotJsonError) and not exc.looks_like_cloudflare
    assert isinstance(exc.response_data, str) and "<html" in exc.response_data.lower()


async def test_cloudflare_page_is_recognised(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "cloudflare"
    exc = await _expect(client.campaigns.list(), NotJsonError, "not_json", 403)
    assert isinstance(exc, NotJsonError) and exc.looks_like_cloudflare


# ---------------------------------------------------------------- network errors (real sockets)


async def test_timeout_when_the_tracker_is_slow(emulator: KeitaroEmulator) -> None:
    emulator.mode = "slow"
    emulator.slow_seconds = 60
    no_retry = RetryPolicy(attempts=1)
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True, timeout=0.3, retry=no_retry) as c:
        exc = await _expect(c.campaigns.list(), KeitaroTimeout, "timeout", None)
    assert isinstance(exc, KeitaroTimeout) and exc.phase == "read"
    assert emulator.slow_waiting == 1  # the request reached the tracker and is still held there
    assert emulator.requests == []  # ...and has not been answered
    emulator.release_slow()


async def test_refused_connection() -> None:
    async with KeitaroClient(f"http://127.0.0.1:{closed_port()}/admin/", ADMIN, allow_private=True) as c:
        exc = await _expect(c.campaigns.list(), ConnectionRefused, "refused", None)
    assert "refused" in exc.message


async def test_name_that_does_not_resolve() -> None:
    # .invalid never resolves (RFC 6761); the resolver answers at once, no network needed
    async with KeitaroClient("http://tracker.invalid/admin/", ADMIN, allow_private=True) as c:
        await _expect(c.campaigns.list(), DnsError, "dns", None)  # raised by httpx's own resolution
    async with KeitaroClient("http://tracker.invalid/admin/", ADMIN) as c:
        await _expect(c.campaigns.list(), DnsError, "dns", None)  # raised by the network guard


async def test_self_signed_certificate_is_a_tls_error() -> None:
    async with KeitaroEmulator(api_keys={ADMIN: "admin"}, tls=True) as tls:
        assert tls.url.startswith("https://127.0.0.1:")
        async with KeitaroClient(tls.url, ADMIN, allow_private=True) as c:
            exc = await _expect(c.campaigns.list(), TlsError, "tls", None)
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


# ---------------------------------------------------------------- pool


async def test_pool_reuses_one_connection_and_replaces_the_client_on_key_change(
    emulator: KeitaroEmulator,
) -> None:
    pool = ClientPool(allow_private=True)
    try:
        first = pool.get("t1", emulator.url, ADMIN)
        for _ in range(5):
            await first.campaigns.list()
        assert pool.get("t1", emulator.url.rstrip("/"), ADMIN) is first  # same tracker, same key
        assert emulator.connections_opened == 1

        second = pool.get("t1", emulator.url, USER)
        assert second is not first
        await pool.wait_closed()
        assert first.closed
        with pytest.raises(RuntimeError):
            await first.campaigns.list()
        await second.campaigns.list()
        assert emulator.requests[-1].headers["Api-Key"] == USER
        assert emulator.connections_opened == 2

        third = pool.get("t1", emulator.url.replace("127.0.0.1", "localhost"), USER)  # address changed
        assert third is not second
        await pool.wait_closed()
        assert second.closed
        other = pool.get("t2", emulator.url, ADMIN)
        assert len(pool) == 2 and "t2" in pool
        await pool.discard("t2")
        assert other.closed and "t2" not in pool
    finally:
        await pool.aclose()
    assert third.closed


async def test_pool_evicts_the_least_recently_used_client(emulator: KeitaroEmulator) -> None:
    pool = ClientPool(allow_private=True, max_clients=2)
    try:
        a = pool.get("a", emulator.url, ADMIN)
        pool.get("b", emulator.url, ADMIN)
        assert pool.get("a", emulator.url, ADMIN) is a  # touch a; b is now the oldest
        pool.get("c", emulator.url, ADMIN)
        assert "b" not in pool and "a" in pool and "c" in pool
    finally:
        await pool.aclose()


# ---------------------------------------------------------------- helpers for onboarding


async def test_guess_timezone_for_admin_and_user_keys(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, ADMIN, allow_private=True) as c:
        assert await c.guess_timezone() == "Europe/Moscow"
    async with KeitaroClient(emulator.url, USER, allow_private=True) as c:
        assert await c.guess_timezone() is None
    assert emulator.requests[-1].status == 403


async def test_guess_timezone_skips_invalid_zones_and_non_admins(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    for bad in ("Mars/Olympus", "localtime", "Europe", "../../etc/passwd", "europe/moscow", 3):
        emulator.state.users[1]["preferences"]["timezone"] = bad
        assert await client.guess_timezone() is None, bad  # the USER's valid zone is not used either
    emulator.state.users[3] = {
        "id": 3,
        "login": "boss",
        "type": "ADMIN",
        "preferences": {"language": "en", "timezone": "Asia/Tokyo"},
    }
    assert await client.guess_timezone() == "Asia/Tokyo"
    emulator.state.users[1]["preferences"] = []  # PHP's empty object
    assert await client.guess_timezone() == "Asia/Tokyo"


async def test_guess_timezone_still_raises_for_a_wrong_key(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, "wrongKey0123456789", allow_private=True) as c:
        with pytest.raises(AuthError):
            await c.guess_timezone()


# ---------------------------------------------------------------- envelope and secrets


async def test_envelope_masks_the_key_and_carries_data(client: KeitaroClient) -> None:
    env = await client.campaigns.list.envelope()
    assert env.success and env.error is None and env.exception is None
    assert env.resource == "campaigns" and env.operation == "list"
    assert env.request.method == "GET" and env.request.url.endswith("/admin_api/v1/campaigns")
    assert env.request.headers["Api-Key"] == mask_secret(ADMIN) == "cmpA…cdef"
    assert isinstance(env.data, list) and env.data[0]["cost_value"] == "0.50"  # raw JSON, as sent
    assert ADMIN not in env.to_json() and ADMIN not in env.model_dump_json()


async def test_envelope_reports_errors_without_raising(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, "wrongKey0123456789", allow_private=True) as c:
        env = await c.request_envelope(
            "GET", "/campaigns", resource="campaigns", operation="list", params={"limit": 5}
        )
    assert not env.success and env.data is None
    assert env.error is not None
    assert (env.error.message, env.error.http_status, env.error.response_data) == (
        "Access denied",
        401,
        {"error": "Access denied"},
    )
    assert env.error_code == "auth" and isinstance(env.exception, AuthError)
    assert env.request.url.endswith("/admin_api/v1/campaigns?limit=5")
    assert emulator.requests[-1].query == {"limit": "5"}
    dumped = json.loads(env.to_json())
    assert set(dumped) == {"request", "resource", "operation", "success", "data", "error"}
    assert set(dumped["error"]) == {"message", "http_status", "response_data"}
    assert "wrongKey0123456789" not in env.to_json()


async def test_envelope_for_network_failure() -> None:
    async with KeitaroClient(f"http://127.0.0.1:{closed_port()}/admin/", ADMIN, allow_private=True) as c:
        env = await c.campaigns.get.envelope(1)
    assert not env.success and env.error is not None and env.error.http_status is None
    assert env.error_code == "refused" and env.request.url.endswith("/campaigns/1")


async def test_logs_method_path_status_but_never_the_key(
    client: KeitaroClient, emulator: KeitaroEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.campaigns.list()
    with pytest.raises(NotFoundError):
        await client.campaigns.get(404)
    emulator.mode = "server_error"
    with pytest.raises(ServerError):
        await client.users.list()
    messages = [r.getMessage() for r in caplog.records if r.name == "keitaro"]
    assert "GET /campaigns -> 200" in messages[0]
    assert any("GET /campaigns/404 -> 404" in m for m in messages)
    assert any("GET /users -> 500" in m for m in messages)
    everything = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert ADMIN not in everything
    assert ADMIN not in repr(client) and mask_secret(ADMIN) in repr(client)


async def test_unsendable_key_fails_as_auth_without_a_request(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, "ключ-с-кириллицей-123", allow_private=True) as c:
        await _expect(c.campaigns.list(), AuthError, "auth", None)
    assert emulator.requests == [] and emulator.connections_opened == 0


# ---------------------------------------------------------------- network guard with the emulator


async def test_private_tracker_needs_allow_private(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, ADMIN) as guarded:
        exc = await _expect(guarded.campaigns.list(), PrivateAddressError, "private_address", None)
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


# ---------------------------------------------------------------- models


def test_models_are_lenient() -> None:
    campaign = Campaign.model_validate(
        {
            "id": "12",
            "name": "X",
            "cost_value": "12.50",
            "cookies_ttl": "24.0",
            "position": "3",
            "group_id": "",
            "state": "paused",
            "type": "",
            "cost_type": "CPS",
            "parameters": [],
            "postbacks": None,
            "created_at": {"date": "2024-01-02 03:04:05.000000", "timezone_type": 3},
            "brand_new_field": {"x": 1},
        }
    )
    assert campaign.id == 12 and campaign.cost_value == 12.5 and campaign.cookies_ttl == 24
    assert campaign.position == 3 and campaign.group_id is None and campaign.type is None
    assert campaign.state == "paused" and not isinstance(campaign.state, CampaignState)
    assert campaign.cost_type is CostType.CPS
    assert campaign.parameters == {} and campaign.postbacks == []
    assert campaign.created_at == "2024-01-02 03:04:05.000000"
    assert campaign.extra_fields == {"brand_new_field": {"x": 1}}
    assert not campaign.is_active
    user = KeitaroUser.model_validate(
        {"id": 5, "type": "ADMIN", "preferences": {"timezone": ""}, "access_data": []}
    )
    assert user.is_admin and user.preferences is not None and user.preferences.timezone is None
    with pytest.raises(Exception, match=r"fractional|integer"):
        Campaign.model_validate({"id": 1, "cookies_ttl": "1.5"})
