"""Click and conversion logs and the tracker's own logs against the emulator over HTTP (reports:
test_keitaro_reports.py)."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from keitaro import BadRequestError, ForbiddenError, KeitaroClient
from keitaro.models.traffic import LogEntry
from keitaro.reports import LogQuery
from tests.component.keys import USER, api_calls, local, one_try_client
from tests.fakes.keitaro import KeitaroEmulator


@pytest.fixture
async def client(emulator: KeitaroEmulator) -> AsyncIterator[KeitaroClient]:
    async with one_try_client(emulator) as c:
        yield c


# ---------------------------------------------------------------- click and conversion logs


@pytest.mark.date_sensitive
async def test_click_log_pages_through_every_row(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    now = emulator.clock()
    query = LogQuery(range="yesterday", timezone="UTC", columns=["datetime", "sub_id", "campaign_id", "cost"])
    first = await client.clicks.log(json=query.to_json(now=now) | {"limit": 10})
    yesterday = now.date() - timedelta(days=1)
    expected = [c for c in emulator.state.clicks if local(c["_ts"], "UTC").date() == yesterday]
    assert first.total == len(expected) and len(first.rows) == 10
    assert first.rows[0]["datetime"] >= first.rows[-1]["datetime"]  # newest first
    before = len(api_calls(emulator, "/clicks/log"))
    rows = [row async for row in client.clicks.iter_log(query, page_size=60, now=now)]
    assert len(api_calls(emulator, "/clicks/log")) - before == math.ceil(len(expected) / 60)
    assert sorted(r["sub_id"] for r in rows) == sorted(c["sub_id"] for c in expected)
    assert all(isinstance(r["cost"], float) for r in rows)
    bounded = [row async for row in client.clicks.iter_log(query, page_size=60, max_rows=70, now=now)]
    assert bounded == rows[:70]


async def test_find_a_click_by_sub_id(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    click = emulator.state.clicks[100]
    query = LogQuery(
        range="all_time",
        timezone="UTC",
        columns=["sub_id", "campaign", "stream", "offer", "ip", "country", "is_bot"],
        filters=[("sub_id", "EQUALS", click["sub_id"])],
    )
    result = await client.clicks.log(json=query.to_json())
    assert result.total == 1
    assert result.rows[0]["ip"] == click["ip"] and result.rows[0]["is_bot"] is bool(click["is_bot"])


async def test_conversion_log(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    query = LogQuery(
        range="all_time",
        timezone="Europe/Moscow",
        columns=[
            "conversion_id",
            "postback_datetime",
            "status",
            "previous_status",
            "revenue",
            "sub_id",
            "tid",
        ],
        filters=[("status", "EQUALS", "sale")],
    )
    rows = [row async for row in client.conversions.iter_log(query, page_size=25)]
    sales = [c for c in emulator.state.conversions if c["status"] == "sale"]
    assert {r["conversion_id"] for r in rows} == {c["conversion_id"] for c in sales}
    assert {r["status"] for r in rows} == {"sale"}
    assert any(r["previous_status"] == "lead" for r in rows)
    statuses = {c["status"] for c in emulator.state.conversions}
    assert statuses == {"lead", "sale", "rejected", "rebill"}


async def test_unknown_log_column_fails_the_request(client: KeitaroClient) -> None:
    query = LogQuery(range="today", timezone="UTC", columns=["sub_id", "payout"])
    with pytest.raises(BadRequestError, match="payout"):
        await client.conversions.log(json=query.to_json())


# ---------------------------------------------------------------- tracker logs


async def test_logs(emulator: KeitaroEmulator, client: KeitaroClient) -> None:
    assert await client.logs.types() == ["system", "traffic", "postbacks", "ssl", "sent_postbacks"]
    lines = await client.logs.read("postbacks", limit=100)
    assert lines and all(isinstance(line, LogEntry) for line in lines)
    subid = re.search(r"Processing subid (\w+)", " ".join(line.message for line in lines))
    assert subid is not None
    found = await client.logs.read("postbacks", limit=100, query=subid.group(1).upper())
    assert found and all(subid.group(1) in line.message for line in found)
    second = await client.logs.read("postbacks", limit=1, offset=1)
    assert [line.message for line in second] == [lines[1].message]
    with pytest.raises(TypeError, match="limit"):
        await client.logs.read("postbacks")
    with pytest.raises(BadRequestError):
        await client.logs.read("nonsense", limit=5)
    await client.logs.clear("postbacks")
    assert await client.logs.read("postbacks", limit=100) == []
    assert emulator.state.logs["system"]  # other logs untouched
    async with one_try_client(emulator, USER) as user:
        with pytest.raises(ForbiddenError):
            await user.logs.read("system", limit=5)
