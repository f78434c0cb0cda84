"""The buyer scope on the way to Keitaro (services/scope.py): a scoped view of a client against the
emulator — the filter added to reports and logs, lists cut, campaigns and flows of others "not
found" without a request, what cannot be cut refused, an empty scope matching nothing, the
campaigns of a scope kept a minute on the application's clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from keitaro import KeitaroClient, NotFoundError
from keitaro.reports import Filter, LogQuery, ReportQuery
from services.clock import ShiftedClock
from services.scope import OutOfScopeError, ScopeCache, ScopeGuard
from storage.scope import Scope
from tests.fakes.keitaro import KeitaroEmulator

ANNA = Scope(groups=(2,))  # "Team Anna": FB US Nutra (1) and TT DE Gambling (2)
OLEG = Scope(prefix="PUSH ")  # Push BR Sweeps (3), whatever the letter case
NOBODY = Scope(prefix="zz-")


def scoped(client: KeitaroClient, scope: Scope, cache: ScopeCache) -> KeitaroClient:
    return client.guarded(ScopeGuard(1, scope, cache, client))


def paths(emulator: KeitaroEmulator) -> list[tuple[str, str]]:
    return [(r.method, r.path.removeprefix("/admin_api/v1")) for r in emulator.requests]


def by_campaign(rows: list[dict[str, Any]]) -> dict[int, tuple[float, ...]]:
    return {int(r["campaign_id"]): (r["clicks"], r["conversions"], r["revenue"]) for r in rows}


REPORT = dict(range="last_7_days", timezone="UTC", dimensions=["campaign_id"],
              measures=["clicks", "conversions", "revenue"])  # fmt: skip


@pytest.fixture
def cache(clock: ShiftedClock) -> ScopeCache:
    return ScopeCache(clock)


async def test_a_report_is_built_with_the_scope_as_a_keitaro_filter(
    client: KeitaroClient, emulator: KeitaroEmulator, cache: ScopeCache
) -> None:
    everything = by_campaign((await client.reports.run(ReportQuery(**REPORT))).rows)
    assert {1, 2, 3} <= set(everything)  # both buyers have traffic in the week
    emulator.requests.clear()
    mine = await scoped(client, ANNA, cache).reports.run(ReportQuery(**REPORT))
    assert by_campaign(mine.rows) == {cid: everything[cid] for cid in (1, 2) if cid in everything}
    body = emulator.requests[-1].json
    assert {"name": "campaign_id", "operator": "IN_LIST", "expression": [1, 2]} in body["filters"]
    # a filter of the person's own is kept, and the scope's is ANDed to it
    emulator.requests.clear()
    own = ReportQuery(**REPORT, filters=[Filter.where("campaign_id", "IN_LIST", [2, 3])])
    only = await scoped(client, ANNA, cache).reports.run(own)
    assert set(by_campaign(only.rows)) <= {2}
    assert len(emulator.requests[-1].json["filters"]) == 2


async def test_click_and_conversion_logs_carry_the_filter(
    client: KeitaroClient, emulator: KeitaroEmulator, cache: ScopeCache
) -> None:
    view = scoped(client, OLEG, cache)
    query = LogQuery(range="last_7_days", timezone="UTC", columns=["click_id", "campaign_id"], limit=200)
    clicks = [row async for row in view.clicks.iter_log(query, page_size=100)]
    conversions = [row async for row in view.conversions.iter_log(query.model_copy(update={"columns": [
        "conversion_id", "campaign_id"]}))]  # fmt: skip
    assert clicks and {int(r["campaign_id"]) for r in clicks} == {3}
    assert conversions and {int(r["campaign_id"]) for r in conversions} == {3}
    logs = [r for r in emulator.requests if r.path.endswith("/log")]
    assert logs and all(
        {"name": "campaign_id", "operator": "IN_LIST", "expression": [3]} in r.json["filters"] for r in logs
    )


async def test_lists_are_cut_to_the_scope(client: KeitaroClient, cache: ScopeCache) -> None:
    anna, oleg = scoped(client, ANNA, cache), scoped(client, OLEG, cache)
    assert [c.id for c in await anna.campaigns.list()] == [1, 2]
    assert [c.id for c in await oleg.campaigns.list()] == [3]
    assert await anna.campaigns.deleted() == []
    assert {s.campaign_id for s in await anna.campaigns.streams(1)} == {1}
    assert {s.campaign_id for s in await oleg.streams.search(query="Default")} == {3}
    groups = await anna.groups.list(type="campaigns")
    assert [g.id for g in groups] == [2]
    assert [g.id for g in await anna.groups.list(type="offers")] == [4, 5, 6]  # offer groups: shared
    assert len(await anna.offers.list()) == len(await client.offers.list())  # shared: not cut


async def test_another_buyers_campaign_or_flow_is_not_found_and_not_asked_for(
    client: KeitaroClient, emulator: KeitaroEmulator, cache: ScopeCache
) -> None:
    view = scoped(client, ANNA, cache)
    await view.campaigns.list()
    emulator.requests.clear()
    for call in (
        view.campaigns.get(3),
        view.campaigns.disable(3),
        view.campaigns.update(4, json={"name": "mine now"}),
        view.campaigns.streams(3),
        view.reports.labels(campaign_id=3, label_name="x", ref_name="y"),
    ):
        with pytest.raises(NotFoundError):
            await call
    assert paths(emulator) == []  # nothing about campaigns 3 and 4 was asked
    with pytest.raises(NotFoundError):
        await view.streams.disable(9)  # flow 9 is of campaign 3: read, found not in scope, not written
    assert paths(emulator) == [("GET", "/streams/9")]
    assert emulator.state.streams[9]["state"] == "active"
    with pytest.raises(NotFoundError):
        await view.streams.get(10)
    assert (await view.campaigns.get(1)).id == 1  # their own is there
    assert (await view.streams.get(6)).campaign_id == 2


async def test_what_cannot_be_cut_to_a_scope_is_refused_without_a_request(
    client: KeitaroClient, emulator: KeitaroEmulator, cache: ScopeCache
) -> None:
    view = scoped(client, ANNA, cache)
    await view.campaigns.list()
    emulator.requests.clear()
    for call in (
        view.logs.read("postbacks", limit=5),
        view.clicks.clean(
            json={"start_date": "2024-01-01 00:00", "end_date": "2024-01-02 00:00", "timezone": "UTC"}
        ),
        view.offers.update(1, json={"name": "Renamed"}),
        view.users.list(),
        view.campaigns.create(json={"alias": "x", "name": "Someone else's", "group_id": 3}),
    ):
        with pytest.raises(OutOfScopeError) as info:
            await call
        assert info.value.code == "scope"
    assert paths(emulator) == []
    made = await view.campaigns.create(json={"alias": "fb-mx", "name": "FB MX", "group_id": 2})
    assert made.id in {c.id for c in await view.campaigns.list()}  # the new one is in scope at once


async def test_a_scope_with_no_campaign_matches_nothing(
    client: KeitaroClient, emulator: KeitaroEmulator, cache: ScopeCache
) -> None:
    view = scoped(client, NOBODY, cache)
    assert await view.campaigns.list() == []
    report = await view.reports.run(ReportQuery(**REPORT))
    assert report.rows == []
    assert {"name": "campaign_id", "operator": "EQUALS", "expression": 0} in emulator.requests[-1].json[
        "filters"
    ]


async def test_the_campaigns_of_a_scope_are_kept_a_minute_on_the_apps_clock(
    client: KeitaroClient, emulator: KeitaroEmulator, clock: ShiftedClock, cache: ScopeCache
) -> None:
    def lookups() -> int:
        return paths(emulator).count(("GET", "/campaigns"))

    await scoped(client, ANNA, cache).reports.run(ReportQuery(**REPORT))
    await scoped(client, ANNA, cache).reports.run(ReportQuery(**REPORT))
    assert lookups() == 1
    emulator.state.campaigns[4]["group_id"] = 2  # moved to Anna's group in Keitaro
    clock.offset += timedelta(seconds=30)
    assert [c.id for c in await scoped(client, ANNA, cache).campaigns.list()] == [1, 2]
    clock.offset += timedelta(seconds=31)
    assert [c.id for c in await scoped(client, ANNA, cache).campaigns.list()] == [1, 2, 4]
    assert lookups() == 4  # two lists, two lookups of the scope's campaigns


async def test_a_view_shares_the_connection_and_closing_it_closes_nothing(
    client: KeitaroClient, cache: ScopeCache
) -> None:
    view = scoped(client, ANNA, cache)
    await view.aclose()
    assert not client.closed and not view.closed
    assert [c.id for c in await view.campaigns.list()] == [1, 2]
    await view.reports.run(ReportQuery(**REPORT))
    assert client.report_dialect is not None  # the dialect a view found is the client's
