"""Affiliate networks, traffic sources, domains, groups, users, bot list and integrations: the
client against the emulator over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from keitaro import (
    BadRequestError,
    KeitaroClient,
    NotFoundError,
)
from keitaro.models.campaigns import Placeholder
from keitaro.models.domains import Domain, DomainRequest
from keitaro.models.groups import GroupRequest, GroupType
from keitaro.models.networks import ArchiveState, PostbackStatus, TrafficSource, TrafficSourceRequest
from tests.component.keys import ADMIN, fields_406
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


def test_every_spec_operation_of_these_groups_is_declared() -> None:
    if not SPEC.exists():
        pytest.skip(f"the Keitaro OpenAPI file is not at {SPEC}")
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    wanted = {
        (method.upper(), path)
        for path, ops in spec["paths"].items()
        if path.startswith(GROUP_PREFIXES)
        for method in ops
        if method in ("get", "post", "put", "delete")
    }
    declared = {(s.method, s.path) for s in KeitaroClient.operations() if s.path.startswith(GROUP_PREFIXES)}
    assert declared == wanted and len(wanted) == 47


# ---------------------------------------------------------------- affiliate networks


async def test_affiliate_networks_crud_archive_and_clone(client: KeitaroClient) -> None:
    networks = await client.affiliate_networks.list()
    assert [n.id for n in networks] == [1, 2, 3]  # the archived one (4) is hidden
    archived = await client.affiliate_networks.get(4)
    assert archived.is_archived and archived.state == ArchiveState.DELETED

    created = await client.affiliate_networks.create(
        json={"name": "Leadbit", "postback_url": "https://t.example/pb?subid={subid}", "notes": "new"}
    )
    assert created.id == 5 and created.state == "active" and created.offers == 0
    updated = await client.affiliate_networks.update(created.id, json={"offer_param": "sub1={subid}"})
    assert updated.offer_param == "sub1={subid}" and updated.name == "Leadbit"

    copy = await client.affiliate_networks.clone(1)
    original = await client.affiliate_networks.get(1)
    assert copy.id not in (1, created.id) and copy.name == "ClickDealer (copy)"
    assert copy.postback_url == original.postback_url and "{subid}" in (copy.postback_url or "")

    gone = await client.affiliate_networks.archive(created.id)
    assert gone.is_archived
    assert created.id not in [n.id for n in await client.affiliate_networks.list()]


async def test_affiliate_network_validation_and_missing_ids(client: KeitaroClient) -> None:
    fields = await fields_406(client.affiliate_networks.create(json={"postback_url": "ftp://x"}))
    assert fields["name"] == ["Name can't be blank"]
    assert "http" in fields["postback_url"][0]
    for call in (
        client.affiliate_networks.get(99),
        client.affiliate_networks.update(99, json={"name": "x"}),
        client.affiliate_networks.archive(99),
        client.affiliate_networks.clone(99),
    ):
        with pytest.raises(NotFoundError):
            await call


async def test_clone_accepts_a_one_element_array() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"id": "7", "name": "ClickDealer (copy)", "offers": "3"}])

    transport = httpx.MockTransport(answer)
    async with KeitaroClient("https://t.example/admin/", ADMIN, transport=transport, allow_private=True) as c:
        network = await c.affiliate_networks.clone(1)
    assert network.id == 7 and network.offers == 3


# ---------------------------------------------------------------- traffic sources


async def test_traffic_sources_carry_postback_settings(client: KeitaroClient) -> None:
    sources = {s.id: s for s in await client.traffic_sources.list()}
    assert [sources[i].name for i in range(1, 6)] == [
        "Google Ads",
        "PropellerAds",
        "Facebook",
        "Push House",
        "TikTok",
    ]
    assert 6 not in sources  # archived
    facebook = sources[3]
    assert facebook.postback_statuses == [PostbackStatus.SALE] and facebook.traffic_loss == 3.5
    assert isinstance(facebook.parameters["sub_id_1"], Placeholder)
    assert facebook.parameters["sub_id_1"].placeholder == "{{adset.id}}"


async def test_traffic_source_postback_can_be_edited(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    url = "https://capi.example.net/pb?click={external_id}&status={status}"
    body = TrafficSourceRequest(postback_url=url, postback_statuses=["lead", "sale", "rejected", "rebill"])
    updated = await client.traffic_sources.update(3, json=body)
    assert updated.postback_url == url and updated.postback_statuses == ["lead", "sale", "rejected", "rebill"]
    assert emulator.requests[-1].json == {"postback_url": url, "postback_statuses": list(PostbackStatus)}
    again = await client.traffic_sources.get(3)
    assert again.postback_url == url and again.name == "Facebook"

    fields = await fields_406(client.traffic_sources.update(3, json={"postback_statuses": ["sale", "trash"]}))
    assert fields == {"postback_statuses": ["Unknown status 'trash'; use: lead, sale, rejected, rebill"]}
    assert (await client.traffic_sources.get(3)).postback_statuses == list(PostbackStatus)
    fields = await fields_406(
        client.traffic_sources.create(json={"postback_url": "not a url", "traffic_loss": 120})
    )
    assert set(fields) == {"name", "postback_url", "traffic_loss"}


async def test_traffic_source_create_clone_and_archive(client: KeitaroClient) -> None:
    created = await client.traffic_sources.create(json=TrafficSourceRequest(name="Taboola", traffic_loss=2))
    assert (
        isinstance(created, TrafficSource) and created.traffic_loss == 2.0 and created.postback_statuses == []
    )
    copy = await client.traffic_sources.clone(5)
    assert copy.name == "TikTok (copy)" and copy.postback_statuses == ["lead", "sale"]
    assert await client.traffic_sources.archive(copy.id) == {"success": True}
    assert (await client.traffic_sources.get(copy.id)).is_archived
    assert copy.id not in [s.id for s in await client.traffic_sources.list()]
    with pytest.raises(NotFoundError):
        await client.traffic_sources.archive(404)


# ---------------------------------------------------------------- domains


async def test_domains_list_deleted_and_dns_status(client: KeitaroClient) -> None:
    domains = {d.id: d for d in await client.domains.list()}
    assert sorted(domains) == [1, 2, 3]
    assert domains[1].network_ok and domains[1].is_ssl and domains[2].default_campaign == 1
    broken = domains[3]
    assert broken.network_status == "error" and not broken.network_ok
    assert [d.name for d in await client.domains.deleted()] == ["old-offers.site"]


async def test_domain_check_rereads_dns_after_a_fix(client: KeitaroClient) -> None:
    before = await client.domains.get(3)
    still_broken = await client.domains.check(3)
    assert still_broken.network_status == "error"
    await client.domains.update(3, json={"name": "lp.promo-br.com"})
    assert (await client.domains.get(3)).network_status == "error"  # only a check re-reads DNS
    fixed = await client.domains.check(3)
    assert fixed.network_ok and fixed.name == "lp.promo-br.com" and fixed.updated_at != before.updated_at
    with pytest.raises(NotFoundError):
        await client.domains.check(99)


async def test_domain_create_archive_and_restore(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    created = await client.domains.create(
        json=DomainRequest(name="a.example.org\nb.example.org", is_ssl=True)
    )
    assert [d.name for d in created] == ["a.example.org", "b.example.org"] and all(d.is_ssl for d in created)
    archived = await client.domains.archive(created[0].id)
    assert emulator.requests[-1].status == 201 and archived.is_archived
    assert created[0].id in [d.id for d in await client.domains.deleted()]
    assert created[0].id not in [d.id for d in await client.domains.list()]
    restored = await client.domains.restore(created[0].id)
    assert restored.state == "active" and created[0].id in [d.id for d in await client.domains.list()]


async def test_domain_validation(client: KeitaroClient) -> None:
    fields = await fields_406(client.domains.create(json={"name": "x.example.org"}))
    assert fields == {"is_ssl": ["Is ssl can't be blank"]}
    fields = await fields_406(
        client.domains.create(json={"name": "trk.buyteam.pro\nbad_name", "is_ssl": False})
    )
    assert fields["name"] == ["Domain trk.buyteam.pro already exists", "bad_name is not a valid domain name"]
    fields = await fields_406(client.domains.update(1, json={"default_campaign_id": 999, "state": "gone"}))
    assert set(fields) == {"default_campaign_id", "state"}


async def test_domain_create_accepts_a_single_object_answer() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"id": 9, "name": "x.example.org"}))
    async with KeitaroClient("https://t.example/admin/", ADMIN, transport=transport, allow_private=True) as c:
        created = await c.domains.create(json={"name": "x.example.org", "is_ssl": False})
    assert created == [Domain(id=9, name="x.example.org")]


# ---------------------------------------------------------------- groups


async def test_groups_need_a_type_and_are_listed_per_type(
    client: KeitaroClient, emulator: KeitaroEmulator
) -> None:
    with pytest.raises(TypeError, match="type"):
        await client.groups.list()
    assert emulator.requests == []
    offers = await client.groups.list(type=GroupType.OFFERS)
    assert [(g.id, g.name, g.position) for g in offers] == [
        (4, "Nutra", 1),
        (5, "Gambling", 2),
        (6, "Sweepstakes", 3),
    ]
    assert emulator.requests[-1].query == {"type": "offers"}
    assert [g.id for g in await client.groups.list(type="campaigns")] == [1, 2, 3]
    with pytest.raises(BadRequestError):
        await client.request("GET", "/groups")


async def test_group_create_update_delete(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    created = await client.groups.create(json=GroupRequest(name="Finance", type=GroupType.LANDINGS))
    assert created.type == GroupType.LANDINGS and created.position == 4
    renamed = await client.groups.update(created.id, json={"name": "Finance v2"})
    assert renamed.name == "Finance v2"
    assert "Finance v2" in [g.name for g in await client.groups.list(type="landings")]

    fields = await fields_406(client.groups.create(json={"name": "Nutra", "type": "offers"}))
    assert fields == {"name": ["Group 'Nutra' already exists"]}
    fields = await fields_406(client.groups.create(json={"name": " ", "type": "domains"}))
    assert set(fields) == {"name", "type"}

    deleted = await client.groups.delete(2)  # "Team Anna" holds campaigns 1 and 2
    assert deleted.name == "Team Anna"
    assert emulator.state.campaigns[1]["group_id"] is None
    assert 2 not in [g.id for g in await client.groups.list(type="campaigns")]
    with pytest.raises(NotFoundError):
        await client.groups.delete(2)
