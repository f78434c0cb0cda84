"""Contract examples: reports, clicks, conversions, logs."""

from __future__ import annotations

from typing import Any

from keitaro import KeitaroClient
from keitaro.reports import Filter, LogQuery, ReportQuery, Sort
from tests.contract.registry import example
from tests.fakes.keitaro import KeitaroEmulator


@example("reports.build")
async def reports_build(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    query = ReportQuery(
        range="last_7_days",
        timezone="Europe/Berlin",
        dimensions=["campaign_id", "campaign", "country_code"],
        measures=["clicks", "campaign_unique_clicks", "conversions", "revenue", "cost", "profit", "roi"],
        filters=[Filter.where("campaign_id", "EQUALS", 1), Filter.where("is_bot", "IS_FALSE")],
        sort=[Sort(name="revenue", order="DESC")],
        limit=20,
    )
    return await client.reports.run(query)


@example("reports.labels")
async def reports_labels(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.reports.labels(campaign_id=1, label_name="blacklist", ref_name="sub_id_1")


@example("reports.update_labels")
async def reports_update_labels(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.reports.update_labels(
        json={"campaign_id": 1, "ref_name": "ip", "items": {"203.0.113.7": "blacklist"}}
    )


@example("clicks.log")
async def clicks_log(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    query = LogQuery(
        range="today",
        timezone="UTC",
        columns=["datetime", "sub_id", "campaign", "stream", "offer", "ip", "country", "is_bot"],
        filters=[Filter.where("campaign_id", "EQUALS", 1)],
        sort=[Sort(name="datetime", order="DESC")],
        limit=50,
    )
    return await client.clicks.log(json=query.to_json())


@example("clicks.update_costs")
async def clicks_update_costs(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.clicks.update_costs(
        json={
            "campaign_ids": [1],
            "costs": [
                {
                    "start_date": "2024-06-01 00:00",
                    "end_date": "2024-06-01 23:59",
                    "cost": "19.22",
                    "timezone": "Europe/Moscow",  # the spec's payload schema requires both here too
                    "currency": "USD",
                    "filters": {"sub_id_1": "adset-a,adset-b", "source": "facebook.com"},
                }
            ],
            "timezone": "Europe/Moscow",
            "currency": "USD",
            "only_campaign_uniques": 1,
        }
    )


@example("clicks.clean")
async def clicks_clean(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.clicks.clean(
        json={
            "start_date": "2020-01-01 00:00",
            "end_date": "2020-01-02 00:00",
            "campaign_id": 2,
            "timezone": "UTC",
        }
    )


@example("conversions.log")
async def conversions_log(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    query = LogQuery(
        range="last_7_days",
        timezone="Europe/Moscow",
        columns=[
            "conversion_id",
            "postback_datetime",
            "status",
            "original_status",
            "revenue",
            "sub_id",
            "tid",
        ],
        filters=[Filter.where("status", "EQUALS", "sale")],
        sort=[Sort(name="postback_datetime", order="DESC")],
        limit=20,
    )
    return await client.conversions.log(json=query.to_json())


@example("logs.types")
async def logs_types(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.logs.types()


@example("logs.read")
async def logs_read(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.logs.read("postbacks", limit=50, offset=0, query="subid")


@example("logs.clear")
async def logs_clear(client: KeitaroClient, emulator: KeitaroEmulator) -> Any:
    return await client.logs.clear("system")
