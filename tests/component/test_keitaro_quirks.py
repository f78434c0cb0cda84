"""Newer trackers' quirks, against the emulator over real HTTP: Cloudflare's error 1010 and the
configurable User-Agent, 422 validation errors, the admin page answered with 200 on an API path,
and ``/groups`` (the one list that needs ``type``; no entity list is paged)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.i18n import build_core
from bot.settings import Settings
from handlers.notices import translator
from handlers.ui import keitaro_error_key
from keitaro import ClientPool, KeitaroClient, NotJsonError, ValidationError
from keitaro.errors import BadRequestError
from tests.component.keys import ADMIN, expect_error
from tests.fakes.keitaro import KeitaroEmulator

CORE = build_core("en")


def sentence(error: Exception, language: str = "en") -> str:
    key, args = keitaro_error_key(error)
    return translator(CORE, language)(key, tracker="Main", **args)


def api_calls(emulator: KeitaroEmulator, path: str) -> list[Any]:
    return [r for r in emulator.requests if r.path == f"/admin_api/v1{path}"]


# ---------------------------------------------------------------- Cloudflare 1010 and the User-Agent


async def test_cloudflare_1010_is_named_in_the_sentence(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    emulator.mode = "cloudflare_1010"
    exc = await expect_error(client.campaigns.list(), NotJsonError, "not_json", 403)
    assert exc.looks_like_cloudflare and exc.cloudflare_code == 1010
    assert "1010" in exc.message
    text = sentence(exc)
    assert "error 1010" in text and "User-Agent" in text and "KEITARO_USER_AGENT" in text
    assert "1010" in sentence(exc, "ru")
    # any other Cloudflare page keeps the general sentence
    emulator.mode = "cloudflare"
    other = await expect_error(client.campaigns.list(), NotJsonError, "not_json", 403)
    assert other.looks_like_cloudflare and other.cloudflare_code is None
    assert "1010" not in sentence(other) and "Cloudflare blocked the request" in sentence(other)


async def test_the_configured_user_agent_is_sent_and_gets_through(emulator: KeitaroEmulator) -> None:
    emulator.mode = "cloudflare_1010"
    emulator.cloudflare_allowed_agents = {"Mozilla/5.0 (team-bot)"}
    default = ClientPool(allow_private=True)
    configured = ClientPool(allow_private=True, user_agent="Mozilla/5.0 (team-bot)")
    try:
        blocked = default.get(1, emulator.url, ADMIN)
        assert blocked.user_agent == "keitaro-oncall-bot"
        await expect_error(blocked.campaigns.list(), NotJsonError, "not_json", 403)
        allowed = configured.get(1, emulator.url, ADMIN)
        campaigns = await allowed.campaigns.list()
        assert campaigns
    finally:
        await default.aclose()
        await configured.aclose()
    agents = [r.headers.get("User-Agent") for r in api_calls(emulator, "/campaigns")]
    assert agents == ["keitaro-oncall-bot", "Mozilla/5.0 (team-bot)"]


def test_the_user_agent_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    assert Settings(_env_file=None).keitaro_user_agent == "keitaro-oncall-bot"  # type: ignore[call-arg]
    monkeypatch.setenv("KEITARO_USER_AGENT", "  Mozilla/5.0 (team-bot) ")
    assert Settings(_env_file=None).keitaro_user_agent == "Mozilla/5.0 (team-bot)"  # type: ignore[call-arg]
    monkeypatch.setenv("KEITARO_USER_AGENT", "two\nlines")
    with pytest.raises(ValueError, match="printable ASCII"):
        Settings(_env_file=None)  # type: ignore[call-arg]


# ---------------------------------------------------------------- 422


async def test_422_with_fields_is_a_validation_error(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    emulator.validation_status = 422
    exc = await expect_error(client.campaigns.create(json={"name": ""}), ValidationError, "validation", 422)
    assert exc.fields and "name" in exc.fields and "alias" in exc.fields
    assert all(isinstance(m, str) for msgs in exc.fields.values() for m in msgs)
    assert "(422)" in sentence(exc) and "(406)" not in sentence(exc)
    emulator.validation_status = 406  # the spec's own status: the same error, the same fields
    same = await expect_error(client.campaigns.create(json={"name": ""}), ValidationError, "validation", 406)
    assert same.fields == exc.fields and "(406)" in sentence(same)


# ---------------------------------------------------------------- 200 with the admin page


async def test_admin_page_with_200_is_never_data(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    emulator.mode = "admin_html"
    for call in (client.campaigns.list(), client.offers.get(1), client.groups.list(type="offers")):
        exc = await expect_error(call, NotJsonError, "not_json", 200)
        assert not exc.looks_like_cloudflare and "text/html" in (exc.content_type or "")
        assert "not the admin address" in sentence(exc)
    envelope = await client.campaigns.list.envelope()
    assert not envelope.success and envelope.data is None
    assert envelope.error is not None and envelope.error.http_status == 200


# ---------------------------------------------------------------- /groups and paging


async def test_groups_sends_type_and_no_entity_list_is_paged(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    groups = await client.groups.list(type="campaigns")
    assert groups and {g.type for g in groups} == {"campaigns"}
    (call,) = api_calls(emulator, "/groups")
    assert call.query == {"type": "campaigns"}
    with pytest.raises(TypeError, match="type"):
        await client.groups.list()
    assert len(api_calls(emulator, "/groups")) == 1  # refused before anything was sent
    # the tracker itself refuses /groups without type
    await expect_error(client.request("GET", "/groups"), BadRequestError, "bad_request", 400)
    # the entity lists are plain arrays: asked once, with no limit/offset
    for resource in (client.offers, client.landing_pages, client.affiliate_networks, client.domains):
        await resource.list()
    for path in ("/offers", "/landing_pages", "/affiliate_networks", "/domains"):
        (only,) = api_calls(emulator, path)
        assert "limit" not in only.query and "offset" not in only.query
