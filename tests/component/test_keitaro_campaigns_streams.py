"""Campaigns and flows (streams): the client against the emulator over HTTP."""

from __future__ import annotations

import httpx
import pytest

from keitaro import KeitaroClient, NotFoundError
from keitaro.models.campaigns import Campaign, CampaignCostsUpdate
from keitaro.models.streams import (
    OfferShare,
    Stream,
    StreamFilterRequest,
    StreamRequest,
    StreamSchema,
    StreamType,
)
from tests.component.keys import ADMIN, fields_406, last_request
from tests.fakes.keitaro import KeitaroEmulator

# ---------------------------------------------------------------- campaigns


async def test_archive_moves_a_campaign_between_list_and_deleted_and_restore_brings_it_back(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    assert [c.id for c in await client.campaigns.list()] == [1, 2, 3, 4]
    assert [c.id for c in await client.campaigns.deleted()] == [5]
    archived = await client.campaigns.archive(3)
    assert isinstance(archived, Campaign) and archived.state == "deleted"
    assert last_request(emulator)[::4] == ("DELETE", 201)
    assert 3 not in [c.id for c in await client.campaigns.list()]
    assert [c.id for c in await client.campaigns.deleted()] == [3, 5]
    restored = await client.campaigns.restore(3)
    assert restored.is_active and last_request(emulator)[4] == 201
    assert [c.id for c in await client.campaigns.list()] == [1, 2, 3, 4]
    assert (await client.campaigns.get(5)).state == "deleted"  # archived ones can still be read


async def test_create_update_and_read_back_a_campaign(client: KeitaroClient) -> None:
    created = await client.campaigns.create(
        json={"alias": "ig-mx", "name": "IG MX", "type": "weight", "cost_value": 0.3, "traffic_source_id": 2}
    )
    assert created.id == 6 and created.cost_value == 0.3 and created.type == "weight" and created.is_active
    updated = await client.campaigns.update(created.id, json={"name": "IG MX v2", "cost_type": "CPM"})
    assert updated.name == "IG MX v2" and updated.alias == "ig-mx"
    again = await client.campaigns.get(created.id)
    assert (again.name, again.cost_type, again.traffic_source_id) == ("IG MX v2", "CPM", 2)


async def test_campaign_validation_errors_name_each_field(client: KeitaroClient) -> None:
    assert await fields_406(client.campaigns.create(json={"type": "zigzag"})) == {
        "name": ["Name can't be blank"],
        "alias": ["Alias can't be blank"],
        "type": ["Type must be one of: position, weight"],
    }
    fields = await fields_406(client.campaigns.update(2, json={"alias": "fb-us-nutra", "cost_value": "x"}))
    assert fields == {"alias": ["Alias is already in use"], "cost_value": ["Cost value must be a number"]}
    assert (await client.campaigns.update(1, json={"alias": "fb-us-nutra"})).alias == "fb-us-nutra"
    with pytest.raises(TypeError, match="needs a JSON body"):
        await client.campaigns.create()


async def test_unknown_ids_are_not_found(client: KeitaroClient) -> None:
    for call in (
        client.campaigns.update(99, json={"name": "x"}),
        client.campaigns.enable(99),
        client.campaigns.streams(99),
        client.streams.get(999),
        client.streams.disable(999),
        client.offers.archive(99),
        client.landing_pages.clone(99),
        client.offers.get_file(99, path="index.php"),
    ):
        with pytest.raises(NotFoundError):
            await call


async def test_enable_and_disable_change_the_state_later_reads_see(client: KeitaroClient) -> None:
    assert (await client.campaigns.enable(2)).is_active
    assert (await client.campaigns.get(2)).is_active
    assert (await client.campaigns.disable(1)).state == "disabled"
    assert [c.state for c in await client.campaigns.list()][:2] == ["disabled", "active"]


async def test_clone_copies_the_campaign_with_its_flows(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    clone = await client.campaigns.clone(1)
    assert clone.id == 6 and clone.name == "FB US Nutra (copy)" and clone.alias != "fb-us-nutra"
    assert clone.postbacks[0].campaign_id == 6 and clone.parameters["sub_id_1"] is not None
    original = await client.campaigns.streams(1)
    copied = await client.campaigns.streams(6)
    assert [s.name for s in copied] == [s.name for s in original]
    assert not {s.id for s in copied} & {s.id for s in original}
    assert all(s.campaign_id == 6 for s in copied)
    assert [(o.offer_id, o.share) for o in copied[1].offers] == [(1, 70), (2, 30)]
    assert copied[1].offers[0].stream_id == copied[1].id


async def test_clone_answered_as_a_one_element_array_is_unwrapped() -> None:
    body = [{"id": 9, "name": "X (copy)", "state": "active"}]
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    async with KeitaroClient(
        "https://t.example.com/admin/", ADMIN, allow_private=True, transport=transport
    ) as c:
        clone = await c.campaigns.clone(1)
    assert isinstance(clone, Campaign) and clone.id == 9


async def test_campaign_flows_come_typed_in_position_order_without_archived(client: KeitaroClient) -> None:
    flows = await client.campaigns.streams(1)
    assert [s.id for s in flows] == [1, 2, 3, 4]  # flow 5 is archived
    assert [s.type for s in flows] == ["forced", "regular", "regular", "default"]
    landers = flows[1]
    assert landers.schema_ is StreamSchema.LANDINGS and landers.type is StreamType.REGULAR
    assert [(f.name, f.mode, f.payload) for f in landers.filters] == [
        ("country", "accept", ["US"]),
        ("os", "accept", ["iOS"]),
    ]
    assert [(x.landing_id, x.share) for x in landers.landings] == [(1, 50), (2, 50)]
    assert flows[2].state == "disabled" and not flows[2].is_active
    weighted = await client.campaigns.streams(2)
    assert [s.weight for s in weighted] == [60, 40, 100]  # "40" arrives as a string


async def test_update_costs_sends_the_cost_as_a_string_and_validates(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    costs = CampaignCostsUpdate(
        start_date="2024-05-01 00:00",
        end_date="2024-05-01 23:59",
        timezone="Europe/Moscow",
        cost=19.2,
        currency="USD",
    )
    assert await client.campaigns.update_costs(1, json=costs) == {"success": True}
    assert last_request(emulator)[3] == {
        "start_date": "2024-05-01 00:00",
        "end_date": "2024-05-01 23:59",
        "timezone": "Europe/Moscow",
        "cost": "19.2",
        "currency": "USD",
    }
    fields = await fields_406(
        client.campaigns.update_costs(
            1, json={"start_date": "May 1", "end_date": "2024-05-02", "cost": "1", "timezone": "Mars/Base"}
        )
    )
    assert fields == {
        "currency": ["Currency can't be blank"],
        "start_date": ["Use the format YYYY-MM-DD HH:MM"],
        "timezone": ["Unknown time zone"],
    }


# ---------------------------------------------------------------- flows


async def test_create_a_flow_and_find_it_in_its_campaign(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    flow = await client.streams.create(
        json=StreamRequest(
            campaign_id=4,
            type=StreamType.REGULAR,
            name="UK desktop",
            schema=StreamSchema.REDIRECT,
            action_type="http",
            filters=[StreamFilterRequest(name="device_type", payload=["desktop"])],
            offers=[OfferShare(offer_id=6, share=80), OfferShare(offer_id=1, share=20, state="active")],
        )
    )
    assert last_request(emulator)[3]["schema"] == "redirect" and "position" not in last_request(emulator)[3]
    assert isinstance(flow, Stream) and flow.campaign_id == 4 and flow.position == 3 and flow.is_active
    assert [(o.offer_id, o.share, o.state) for o in flow.offers] == [(6, 80, "active"), (1, 20, "active")]
    assert flow.filters[0].stream_id == flow.id
    assert [s.id for s in await client.campaigns.streams(4)][-1] == flow.id


async def test_flow_validation_errors(client: KeitaroClient) -> None:
    assert await fields_406(client.streams.create(json={"offers": [{"offer_id": 1, "share": 90}]})) == {
        "campaign_id": ["Campaign can't be blank"],
        "schema": ["Schema can't be blank"],
        "type": ["Type can't be blank"],
        "name": ["Name can't be blank"],
        "action_type": ["Action type can't be blank"],
        "offers": ["Shares of the active offers must add up to 100, got 90"],
    }
    fields = await fields_406(
        client.streams.update(
            2,
            json={
                "campaign_id": 77,
                "schema": "popup",
                "filters": [{"name": "moon_phase", "mode": "accept"}],
                "landings": [{"landing_id": 42, "share": 100}],
                "offers": [{"offer_id": 1, "share": 50}, {"offer_id": 1, "share": 50}],
            },
        )
    )
    assert fields == {
        "campaign_id": ["Campaign 77 does not exist"],
        "schema": ["Schema must be one of: landings, redirect, action"],
        "filters": ["#1: unknown filter 'moon_phase'"],
        "landings": ["#1: landing_id 42 does not exist"],
        "offers": ["#2: offer_id 1 is listed twice"],
    }


async def test_editing_shares_replaces_the_lists_and_keeps_link_ids(client: KeitaroClient) -> None:
    before = await client.streams.get(2)
    shares = [o.as_request() for o in before.offers]
    shares[0].share, shares[1].share = 40, 60
    offers = [s.model_dump(mode="json") for s in shares] + [{"offer_id": 6, "share": 0, "state": "disabled"}]
    after = await client.streams.update(2, json={"offers": offers, "weight": 70})
    assert [(o.offer_id, o.share, o.state) for o in after.offers] == [
        (1, 40, "active"),
        (2, 60, "active"),
        (6, 0, "disabled"),
    ]
    assert [o.id for o in after.offers[:2]] == [o.id for o in before.offers]
    assert after.weight == 70 and after.landings == before.landings
    dropped = await client.streams.update(2, json={"offers": [{"offer_id": 2, "share": 100}]})
    assert [(o.offer_id, o.share) for o in dropped.offers] == [(2, 100)]
    assert (await client.streams.get(2)).offers == dropped.offers


async def test_flow_archive_restore_enable_disable(client: KeitaroClient) -> None:
    assert [s.id for s in await client.streams.deleted()] == [5]
    assert (await client.streams.archive(2)).state == "deleted"
    assert [s.id for s in await client.streams.deleted()] == [2, 5]
    assert 2 not in [s.id for s in await client.campaigns.streams(1)]
    assert (await client.streams.restore(2)).state == "active"
    assert (await client.streams.enable(3)).is_active
    assert (await client.streams.disable(1)).state == "disabled"
    assert [s.state for s in await client.campaigns.streams(1)] == ["disabled", "active", "active", "active"]


async def test_search_events_and_catalogues(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    found = await client.streams.search(query="CASINO")
    assert [s.name for s in found] == ["DE casino A", "DE casino B"]
    assert last_request(emulator)[2] == {"query": "CASINO"}
    assert await client.streams.search(query="CA test") == []  # that flow is archived
    with pytest.raises(TypeError, match="query"):
        await client.streams.search()
    await client.streams.update(6, json={"name": "DE casino A2"})
    await client.streams.disable(6)
    events = await client.streams.events(6)
    assert [e["action"] for e in events] == ["disable", "update", "create"]
    assert events[1]["changes"] == {"name": "DE casino A2"}
    assert [t.key for t in await client.streams.types()] == ["forced", "regular", "default"]
    assert [t.key for t in await client.streams.schemas()] == ["landings", "redirect", "action"]
    actions = {a.key: a for a in await client.streams.actions()}
    assert actions["http"].type == "redirect" and actions["show_text"].field == "text"
    country = next(f for f in await client.streams.filters() if f.value == "country")
    assert country.modes is not None and country.modes.reject == "Except" and country.group == "geo"
