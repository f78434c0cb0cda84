"""The Keitaro client against the emulator over real HTTP (and a few httpx.MockTransport edge cases)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from keitaro import (
    AuthError,
    Campaign,
    CampaignState,
    ClientPool,
    CostType,
    KeitaroClient,
    KeitaroUser,
    NotFoundError,
    ServerError,
    mask_secret,
)
from tests.component.keys import ADMIN, USER, closed_port, expect_error
from tests.fakes.keitaro import ADMIN_TIMEZONE, KeitaroEmulator

SPEC = Path(__file__).resolve().parents[3] / "shared" / "keitaro" / "openapi-v1-2022.json"


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
    assert env.request.headers["Api-Key"] == mask_secret(ADMIN) == "comp…cdef"
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
        await expect_error(c.campaigns.list(), AuthError, "auth", None)
    assert emulator.requests == [] and emulator.connections_opened == 0


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
