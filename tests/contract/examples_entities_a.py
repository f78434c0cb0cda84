"""Contract examples: campaigns, streams, offers, landing pages."""

from __future__ import annotations

from typing import Any

from keitaro import KeitaroClient
from keitaro.models.campaigns import CampaignCostsUpdate
from keitaro.models.streams import OfferShare
from tests.contract.registry import example
from tests.fakes.keitaro import KeitaroEmulator

# ---------------------------------------------------------------- campaigns


@example("campaigns.list")
async def campaigns_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.list()


@example("campaigns.get")
async def campaigns_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.get(1)


@example("campaigns.create")
async def campaigns_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = {
        "alias": "ig-mx-nutra",
        "name": "IG MX Nutra",
        "type": "weight",
        "cost_type": "CPM",
        "cost_value": 2.5,
        "cost_currency": "USD",
        "group_id": "2",
        "traffic_source_id": 3,
        "bind_visitors": "sl",
        "parameters": {"sub_id_1": {"name": "sub_id_1", "placeholder": "{adset_id}", "alias": "adset"}},
        "postbacks": [
            {"method": "GET", "statuses": ["sale"], "url": "https://graph.example.net/pb?c={subid}"}
        ],
    }
    return await client.campaigns.create(json=body)


@example("campaigns.update")
async def campaigns_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.update(1, json={"name": "FB US Nutra v2", "cost_value": 0.6})


@example("campaigns.archive")
async def campaigns_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.archive(3)


@example("campaigns.restore")
async def campaigns_restore(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.restore(5)


@example("campaigns.enable")
async def campaigns_enable(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.enable(2)


@example("campaigns.disable")
async def campaigns_disable(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.disable(1)


@example("campaigns.clone")
async def campaigns_clone(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.clone(1)


@example("campaigns.deleted")
async def campaigns_deleted(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.deleted()


@example("campaigns.streams")
async def campaigns_streams(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.campaigns.streams(1)


@example("campaigns.update_costs")
async def campaigns_update_costs(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    costs = CampaignCostsUpdate(
        start_date="2024-05-01 00:00",
        end_date="2024-05-01 23:59",
        timezone="Europe/Moscow",
        cost=19.22,
        currency="USD",
        only_campaign_uniques=True,
        filters={"sub_id_1": "1,2,3"},
    )
    return await client.campaigns.update_costs(1, json=costs)


# ---------------------------------------------------------------- streams (flows)


@example("streams.create")
async def streams_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = {
        "campaign_id": 1,
        "type": "regular",
        "name": "US desktop",
        "schema": "redirect",
        "action_type": "http",
        "weight": 100,
        "collect_clicks": True,
        "filter_or": False,
        "filters": [{"name": "country", "mode": "accept", "payload": ["US"]}],
        "offers": [OfferShare(offer_id=1, share=60).model_dump(mode="json"), {"offer_id": 2, "share": 40}],
    }
    return await client.streams.create(json=body)


@example("streams.get")
async def streams_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.get(2)


@example("streams.update")
async def streams_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    offers = [
        {"offer_id": 1, "share": 50, "state": "active"},
        {"offer_id": 2, "share": 50, "state": "active"},
    ]
    return await client.streams.update(2, json={"offers": offers, "weight": 80})


@example("streams.archive")
async def streams_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.archive(3)


@example("streams.restore")
async def streams_restore(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.restore(5)


@example("streams.enable")
async def streams_enable(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.enable(3)


@example("streams.disable")
async def streams_disable(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.disable(2)


@example("streams.deleted")
async def streams_deleted(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.deleted()


@example("streams.search")
async def streams_search(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.search(query="casino")


@example("streams.events")
async def streams_events(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.events(2)


@example("streams.types")
async def streams_types(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.types()


@example("streams.schemas")
async def streams_schemas(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.schemas()


@example("streams.actions")
async def streams_actions(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.actions()


@example("streams.filters")
async def streams_filters(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.streams.filters()


# ---------------------------------------------------------------- offers and landing pages


@example("offers.list")
async def offers_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.list()


@example("offers.get")
async def offers_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.get(1)


@example("offers.create")
async def offers_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = {
        "name": "Keto Slim MX",
        "offer_type": "external",
        "action_type": "http",
        "action_payload": "https://cd.example.com/c?o=1190&s1={subid}",
        "affiliate_network_id": 1,
        "payout_value": 12.5,
        "payout_currency": "USD",
        "payout_type": "CPA",
        "country": ["MX"],
        "conversion_cap_enabled": True,
        "daily_cap": 30,
    }
    return await client.offers.create(json=body)


@example("offers.update")
async def offers_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.update(1, json={"payout_value": 40, "country": ["US", "CA"]})


@example("offers.archive")
async def offers_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.archive(6)


@example("offers.clone")
async def offers_clone(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.clone(5)


@example("offers.get_structure")
async def offers_get_structure(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.get_structure(5)


@example("offers.get_file")
async def offers_get_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.get_file(5, path="css/style.css")


@example("offers.add_file")
async def offers_add_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.add_file(5, path="thanks.html")


@example("offers.update_file")
async def offers_update_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.update_file(5, path="form.html", data="<form></form>")


@example("offers.remove_file")
async def offers_remove_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.remove_file(5, path="img/iphone.svg")


@example("offers.download")
async def offers_download(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.offers.download(5)


@example("landing_pages.list")
async def landing_pages_list(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.list()


@example("landing_pages.get")
async def landing_pages_get(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.get(1)


@example("landing_pages.create")
async def landing_pages_create(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    body = {
        "name": "Casino wheel AT",
        "landing_type": "external",
        "action_type": "http",
        "url": "https://lp.wheel-at.example.com/?sub={subid}",
        "group_id": "7",
        "state": "active",
    }
    return await client.landing_pages.create(json=body)


@example("landing_pages.update")
async def landing_pages_update(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.update(3, json={"name": "Casino wheel DE v2", "notes": "new design"})


@example("landing_pages.archive")
async def landing_pages_archive(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.archive(4)


@example("landing_pages.clone")
async def landing_pages_clone(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.clone(1)


@example("landing_pages.get_structure")
async def landing_pages_get_structure(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.get_structure(1)


@example("landing_pages.get_file")
async def landing_pages_get_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.get_file(1, path="index.html")


@example("landing_pages.add_file")
async def landing_pages_add_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.add_file(1, path="js/step2.js")


@example("landing_pages.update_file")
async def landing_pages_update_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.update_file(1, path="css/quiz.css", data="h1 { color: red; }")


@example("landing_pages.remove_file")
async def landing_pages_remove_file(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.remove_file(1, path="js/quiz.js")


@example("landing_pages.download")
async def landing_pages_download(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.landing_pages.download(2)
