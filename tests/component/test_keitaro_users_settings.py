"""Affiliate networks, traffic sources, domains, groups, users, bot list and integrations: the
client against the emulator over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keitaro import (
    ForbiddenError,
    KeitaroClient,
    NotFoundError,
)
from keitaro.models.botlist import BotListRequest
from keitaro.models.integrations import FacebookIntegration, ProxyProtocol
from keitaro.models.users import AccessType, UserAccessRequest, UserRequest
from tests.component.keys import USER, fields_406
from tests.fakes.keitaro import KeitaroEmulator

SPEC = Path(__file__).resolve().parents[3] / "shared" / "keitaro" / "openapi-v1-2022.json"
GROUP_PREFIXES = (
    "/affiliate_networks",
    "/traffic_sources",
    "/domains",
    "/groups",
    "/users",
    "/botlist",
    "/integrations",
)


# ---------------------------------------------------------------- users


async def test_user_create_update_delete(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    body = UserRequest(
        login="buyer-ivan", type="USER", new_password="pw-123456", new_password_confirmation="pw-123456"
    )
    assert "pw-123456" not in repr(body)
    created = await client.users.create(json=body)
    assert created.login == "buyer-ivan" and not created.is_admin
    assert "new_password" not in created.model_dump() and "pw-123456" not in json.dumps(emulator.state.users)
    assert created.access_data["campaigns_access_type"] == AccessType.READ_ONLY

    updated = await client.users.update(
        created.id, json=UserRequest(key_count=2, preferences={"language": "ru"})
    )
    assert emulator.requests[-1].json == {"keyCount": 2, "preferences": {"language": "ru"}}
    assert (
        updated.extra_fields["keyCount"] == 2 and updated.preferences and updated.preferences.language == "ru"
    )

    assert await client.users.delete(created.id) == {"success": True}
    assert emulator.requests[-1].status == 201
    with pytest.raises(NotFoundError):
        await client.users.get(created.id)


async def test_user_validation(client: KeitaroClient) -> None:
    fields = await fields_406(client.users.create(json={}))
    assert set(fields) == {"login", "type", "new_password", "new_password_confirmation"}
    fields = await fields_406(
        client.users.create(
            json={"login": "admin", "type": "ROOT", "new_password": "a1", "new_password_confirmation": "a2"}
        )
    )
    assert fields["login"] == ["Login 'admin' is already taken"]
    assert fields["type"] == ["Type must be one of: USER, ADMIN"]
    assert fields["new_password_confirmation"] == ["Passwords do not match"]
    fields = await fields_406(client.users.update(2, json={"new_password": "only-one"}))
    assert fields == {"new_password_confirmation": ["Password confirmation can't be blank"]}


async def test_user_access_is_updated(client: KeitaroClient) -> None:
    access = {"campaigns_access_type": "full_access", "reports": ["campaigns", "offers"]}
    user = await client.users.access(2, json=UserAccessRequest(access_data=access))
    assert user.access_data["campaigns_access_type"] == "full_access"
    assert user.access_data["reports"] == ["campaigns", "offers"]
    assert user.access_data["offers_access_type"] == "full_access"  # untouched keys are kept
    assert (await client.users.get(2)).access_data["reports"] == ["campaigns", "offers"]
    fields = await fields_406(
        client.users.access(2, json={"access_data": {"domains_access_type": "everything"}})
    )
    assert list(fields) == ["domains_access_type"]
    with pytest.raises(NotFoundError):
        await client.users.access(99, json={"access_data": access})


async def test_user_keys_are_forbidden_on_every_users_route(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, USER, allow_private=True) as c:
        for call in (
            c.users.list(),
            c.users.get(1),
            c.users.create(json={"login": "x"}),
            c.users.update(2, json={"login": "x"}),
            c.users.delete(2),
            c.users.access(2, json={"access_data": {}}),
        ):
            with pytest.raises(ForbiddenError):
                await call
    assert 2 in emulator.state.users and emulator.state.users[2]["login"] == "buyer-anna"


# ---------------------------------------------------------------- bot list


async def test_botlist_add_exclude_replace_clear(client: KeitaroClient) -> None:
    botlist = await client.botlist.list()
    assert "66.249.64.0/19" in botlist.entries and len(botlist.entries) == 7
    added = await client.botlist.add(
        json=BotListRequest.of(["192.0.2.1", " 66.249.64.0/19 ", "192.0.2.0/28"])
    )
    assert added.count == 9
    assert (await client.botlist.list()).entries[-2:] == ["192.0.2.1", "192.0.2.0/28"]
    excluded = await client.botlist.exclude(json={"value": "203.0.113.7\n192.0.2.1"})
    assert excluded.count == 7 and "203.0.113.7" not in (await client.botlist.list()).entries
    replaced = await client.botlist.replace(json=BotListRequest(value="10.0.0.1-10.0.0.9\n5.255.253.*"))
    assert replaced.count == 2 and (await client.botlist.list()).value == "10.0.0.1-10.0.0.9\n5.255.253.*"
    await client.botlist.clear()
    assert (await client.botlist.list()).entries == []


async def test_botlist_refuses_garbage(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    before = list(emulator.state.botlist)
    fields = await fields_406(client.botlist.add(json={"value": "1.2.3.4\nnot-an-ip\n300.1.1.1\n1.*.3.4"}))
    assert fields == {
        "value": [
            "not-an-ip: not an IP address or range",
            "300.1.1.1: not an IP address or range",
            "1.*.3.4: not an IP address or range",
        ]
    }
    assert await fields_406(client.botlist.replace(json={"ips": "1.2.3.4"})) == {
        "value": ["Value can't be blank"]
    }
    assert emulator.state.botlist == before
    with pytest.raises(TypeError):
        await client.botlist.add()


# ---------------------------------------------------------------- integrations


async def test_avscan_and_imklo_settings(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    assert (await client.integrations.get_avscan()).avscan_key is None  # "" from the tracker
    key = "a1b2c3d4e5f6a7b8c9d0"
    saved = await client.integrations.set_avscan(avscan_key=key)
    assert saved.avscan_key == key and key not in repr(saved)
    assert emulator.requests[-1].query == {"avscan_key": key} and emulator.requests[-1].json is None
    assert (await client.integrations.get_avscan()).avscan_key == key
    with pytest.raises(TypeError):
        await client.integrations.set_avscan()
    assert list(await fields_406(client.integrations.set_avscan(avscan_key="short"))) == ["avscan_key"]

    assert (await client.integrations.get_imklo()).imklo_api_url == "https://imklo.buyteam.pro/api/v1"
    await client.integrations.set_imklo(imklo_api_url="https://imklo.example.com/api")
    assert (await client.integrations.get_imklo()).imklo_api_url == "https://imklo.example.com/api"
    assert list(await fields_406(client.integrations.set_imklo(imklo_api_url="imklo.example.com"))) == [
        "imklo_api_url"
    ]


async def test_facebook_integrations(client: KeitaroClient) -> None:
    listed = await client.integrations.facebook_list()  # {"data": [...]}
    assert [f.name for f in listed] == ["BM Main (USD)", "BM Backup"]
    main = await client.integrations.facebook_get(1)  # {"data": {...}}
    assert isinstance(main, FacebookIntegration) and main.proxy is not None
    assert main.proxy.protocol == ProxyProtocol.SOCKS5 and main.proxy.port == 1080
    assert main.token and main.token not in repr(main) and main.proxy.password not in repr(main)
    assert listed[1].proxy is None and listed[1].last_error == "Token expired"

    created = await client.integrations.facebook_create(
        json={"name": "BM Third", "ad_account_id": "act_5", "token": "EAAx"}
    )
    assert created.id == 3 and created.integration == "facebook"
    updated = await client.integrations.facebook_update(2, json={"token": "EAAfresh", "name": "BM Backup 2"})
    assert updated.name == "BM Backup 2" and updated.token == "EAAfresh"
    fields = await fields_406(client.integrations.facebook_create(json={"name": "x", "proxy_enabled": True}))
    assert set(fields) == {"ad_account_id", "token", "proxy"}

    assert await client.integrations.facebook_delete(2) == {"success": True}
    assert [f.id for f in await client.integrations.facebook_list()] == [1, 3]
    with pytest.raises(NotFoundError):
        await client.integrations.facebook_get(2)


async def test_facebook_campaign_links(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    linked = await client.integrations.facebook_campaigns(1)
    assert [(c.name, c.campaign_id) for c in linked] == [("FB US Nutra", 1)]
    await client.integrations.facebook_attach(1, json={"campaign_id": 3})
    assert [c.campaign_id for c in await client.integrations.facebook_campaigns(1)] == [1, 3]
    await client.integrations.facebook_detach(1, json={"campaign_id": 1})
    detach = next(r for r in emulator.requests if r.method == "DELETE")
    assert detach.json == {"campaign_id": 1}
    assert [c.campaign_id for c in await client.integrations.facebook_campaigns(1)] == [3]
    assert await fields_406(client.integrations.facebook_attach(1, json={"campaign_id": 999})) == {
        "campaign_id": ["Campaign 999 not found"]
    }
    with pytest.raises(TypeError):
        await client.integrations.facebook_detach(1)


async def test_settings_routes_are_admin_only(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, USER, allow_private=True) as c:
        for call in (c.botlist.list(), c.integrations.get_avscan(), c.integrations.facebook_list()):
            with pytest.raises(ForbiddenError):
                await call
        assert len(await c.traffic_sources.list()) == 5


async def test_envelope_of_a_validation_error(client: KeitaroClient) -> None:
    env = await client.traffic_sources.create.envelope(json={"postback_statuses": ["trash"]})
    assert not env.success and env.error is not None and env.error.http_status == 406
    assert env.error.response_data == {
        "name": ["Name can't be blank"],
        "postback_statuses": ["Unknown status 'trash'; use: lead, sale, rejected, rebill"],
    }
    assert env.request.method == "POST" and env.request.url.endswith("/admin_api/v1/traffic_sources")
