"""Contract examples: affiliate networks, traffic sources, domains, groups, users, bot list,
integrations."""

from __future__ import annotations

from typing import Any

from keitaro import KeitaroClient
from keitaro.models.base import UserType
from keitaro.models.botlist import BotListRequest
from keitaro.models.campaigns import Placeholder
from keitaro.models.domains import DomainRequest
from keitaro.models.groups import GroupRequest, GroupType
from keitaro.models.integrations import FacebookIntegrationRequest, FacebookProxy
from keitaro.models.networks import AffiliateNetworkRequest, TrafficSourceRequest
from keitaro.models.users import UserAccessRequest, UserPreferences, UserRequest
from tests.contract.registry import example
from tests.fakes.keitaro import KeitaroEmulator

# ---------------------------------------------------------------- affiliate networks


@example("affiliate_networks.list")
async def affiliate_networks_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.affiliate_networks.list()


@example("affiliate_networks.get")
async def affiliate_networks_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.affiliate_networks.get(1)


@example("affiliate_networks.create")
async def affiliate_networks_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = AffiliateNetworkRequest(
        name="Leadbit",
        postback_url="https://trk.example.com/abc/postback?subid={subid}&status={status}",
        offer_param="sub1={subid}",
        notes="new",
    )
    return await client.affiliate_networks.create(json=body)


@example("affiliate_networks.update")
async def affiliate_networks_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.affiliate_networks.update(2, json={"name": "AdCombo EU", "notes": "moved"})


@example("affiliate_networks.archive")
async def affiliate_networks_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.affiliate_networks.archive(3)


@example("affiliate_networks.clone")
async def affiliate_networks_clone(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.affiliate_networks.clone(1)


# ---------------------------------------------------------------- traffic sources


@example("traffic_sources.list")
async def traffic_sources_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.traffic_sources.list()


@example("traffic_sources.get")
async def traffic_sources_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.traffic_sources.get(3)


@example("traffic_sources.create")
async def traffic_sources_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = TrafficSourceRequest(
        name="Taboola",
        postback_url="https://trc.taboola.com/actions-handler/log/3/s2s-action?click-id={external_id}",
        postback_statuses=["sale"],
        template_name="taboola",
        accept_parameters=True,
        parameters={"external_id": Placeholder(name="click_id", placeholder="{click_id}", alias="")},
        traffic_loss=2.5,
    )
    return await client.traffic_sources.create(json=body)


@example("traffic_sources.update")
async def traffic_sources_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = {
        "postback_url": "https://capi.example.net/pb?c={external_id}",
        "postback_statuses": ["lead", "sale"],
    }
    return await client.traffic_sources.update(3, json=body)


@example("traffic_sources.archive")
async def traffic_sources_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.traffic_sources.archive(4)


@example("traffic_sources.clone")
async def traffic_sources_clone(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.traffic_sources.clone(5)


# ---------------------------------------------------------------- domains


@example("domains.list")
async def domains_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.list()


@example("domains.get")
async def domains_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.get(1)


@example("domains.create")
async def domains_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = DomainRequest(name="promo.example.org", is_ssl=True, default_campaign_id=1, allow_indexing=False)
    return await client.domains.create(json=body)


@example("domains.update")
async def domains_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.update(2, json={"is_ssl": False, "catch_not_found": False, "notes": "x"})


@example("domains.archive")
async def domains_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.archive(2)


@example("domains.check")
async def domains_check(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.check(3)


@example("domains.restore")
async def domains_restore(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.restore(4)


@example("domains.deleted")
async def domains_deleted(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.domains.deleted()


# ---------------------------------------------------------------- groups


@example("groups.list")
async def groups_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.groups.list(type=GroupType.OFFERS)


@example("groups.create")
async def groups_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.groups.create(json=GroupRequest(name="Finance", type=GroupType.OFFERS))


@example("groups.update")
async def groups_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.groups.update(1, json={"name": "QA"})


@example("groups.delete")
async def groups_delete(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.groups.delete(3)


# ---------------------------------------------------------------- users


@example("users.list")
async def users_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.users.list()


@example("users.get")
async def users_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.users.get(1)


@example("users.create")
async def users_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = UserRequest(
        login="buyer-ivan",
        type=UserType.USER,
        new_password="Tr0ub4dor&3",
        new_password_confirmation="Tr0ub4dor&3",
        preferences=UserPreferences(language="ru", timezone="Europe/Moscow"),
    )
    return await client.users.create(json=body)


@example("users.update")
async def users_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.users.update(
        2, json=UserRequest(key_count=2, preferences=UserPreferences(language="ru"))
    )


@example("users.delete")
async def users_delete(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.users.delete(3)


@example("users.access")
async def users_access(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    access = {
        "campaigns_access_type": "read_only",
        "resources": ["campaigns", "offers"],
        "reports": ["campaigns"],
    }
    return await client.users.access(2, json=UserAccessRequest(access_data=access))


# ---------------------------------------------------------------- bot list


@example("botlist.list")
async def botlist_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.botlist.list()


@example("botlist.replace")
async def botlist_replace(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.botlist.replace(json=BotListRequest.of(["66.249.64.0/19", "203.0.113.7"]))


@example("botlist.clear")
async def botlist_clear(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.botlist.clear()


@example("botlist.add")
async def botlist_add(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.botlist.add(json={"value": "192.0.2.1\n192.0.2.0/28"})


@example("botlist.exclude")
async def botlist_exclude(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.botlist.exclude(json=BotListRequest(value="203.0.113.7"))


# ---------------------------------------------------------------- integrations


@example("integrations.get_avscan")
async def integrations_get_avscan(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.get_avscan()


@example("integrations.set_avscan")
async def integrations_set_avscan(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.set_avscan(avscan_key="a1b2c3d4e5f6a7b8c9d0")


@example("integrations.get_imklo")
async def integrations_get_imklo(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.get_imklo()


@example("integrations.set_imklo")
async def integrations_set_imklo(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.set_imklo(imklo_api_url="https://imklo.example.com/api")


@example("integrations.facebook_list")
async def integrations_facebook_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_list()


@example("integrations.facebook_create")
async def integrations_facebook_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = FacebookIntegrationRequest(
        name="BM Third",
        ad_account_id="act_555",
        token="EAAtoken555",
        proxy_enabled=True,
        proxy=FacebookProxy(protocol="http", address="192.0.2.10", port=3128),
    )
    return await client.integrations.facebook_create(json=body)


@example("integrations.facebook_get")
async def integrations_facebook_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_get(1)


@example("integrations.facebook_update")
async def integrations_facebook_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_update(
        2, json={"token": "EAAfreshToken", "proxy_enabled": False}
    )


@example("integrations.facebook_delete")
async def integrations_facebook_delete(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_delete(2)


@example("integrations.facebook_campaigns")
async def integrations_facebook_campaigns(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_campaigns(1)


@example("integrations.facebook_attach")
async def integrations_facebook_attach(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_attach(1, json={"campaign_id": 2})


@example("integrations.facebook_detach")
async def integrations_facebook_detach(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.integrations.facebook_detach(1, json={"campaign_id": 1})
