"""Conversion pushes, webhook secrets and daily digests over a real SQLite file: a burst of
conversions becomes one outbox row per chat, the conversion webhook route (403 and nothing queued
for a wrong secret), hashed secrets bound to their owner, one digest per chat and day."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from alerts.conversions import accept
from alerts.digest import run_digests
from bot.server import build_web_app
from tests.component.oncall.support import ALICE, BOB, OWNER, TEAM, World, berlin, subscribe, targets

pytestmark = pytest.mark.date_sensitive  # batches and digests compare times


# ------------------------------------------------------------------ conversions


async def test_a_burst_of_conversions_is_one_row_per_chat(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info", conversions=True)
    await subscribe(w, TEAM, "critical", group=True, conversions=True)
    await subscribe(w, BOB, "info")  # conversion pushes off
    for n in range(5):
        params = {"subid": f"s{n}", "status": "sale", "revenue": "10.5", "currency": "usd"}
        queued = await accept(w.ctx, w.tracker_id, {**params, "campaign": "{campaign_name}"})
        assert queued == 2
        w.clock.advance(seconds=0.5)
    rows = await w.new_rows()
    assert targets(rows) == sorted([ALICE, TEAM])
    for row in rows:
        assert row.payload["type"] == "conversions"
        assert row.payload["tracker_id"] == w.tracker_id
        assert [i["subid"] for i in row.payload["items"]] == [f"s{n}" for n in range(5)]
        assert all("campaign" not in i for i in row.payload["items"])  # an unsubstituted macro
    # once the batch's time has come, the next conversion starts a new message
    w.clock.advance(seconds=5)
    assert await accept(w.ctx, w.tracker_id, {"subid": "late", "status": "lead"}) == 2
    assert len(await w.new_rows()) == 2
    # a request without any conversion field queues nothing
    assert await accept(w.ctx, w.tracker_id, {"foo": "bar"}) == 0


async def test_the_webhook_route_refuses_wrong_secrets_and_batches(world: World) -> None:
    w = world
    await subscribe(w, ALICE, "info", conversions=True)
    await subscribe(w, TEAM, "info", group=True, conversions=True)
    secret = await w.ctx.webhooks.ensure(w.tracker_id, OWNER)
    assert await w.ctx.webhooks.ensure(w.tracker_id, OWNER) == secret
    app = build_web_app(db=w.db, mode="polling", started=time.monotonic(), alerts=w.ctx)
    async with TestClient(TestServer(app)) as client:
        for path in ("/hooks/conversions", "/hooks/conversions/", "/hooks/conversions/wrong-secret"):
            for method in ("GET", "POST"):
                resp = await client.request(method, path + "?subid=x&status=sale")
                assert resp.status == 403, (method, path)
        assert await w.rows() == []
        for n in range(5):
            if n % 2:
                resp = await client.post(
                    f"/hooks/conversions/{secret}", data={"subid": f"s{n}", "status": "sale"}
                )
            else:
                resp = await client.get(
                    f"/hooks/conversions/{secret}", params={"subid": f"s{n}", "status": "lead"}
                )
            assert resp.status == 200, await resp.text()
        rows = await w.new_rows()
        assert targets(rows) == sorted([ALICE, TEAM])
        for row in rows:
            assert [i["subid"] for i in row.payload["items"]] == [f"s{n}" for n in range(5)]
        # a new secret: the old URL is refused from now on
        new_secret = await w.ctx.webhooks.rotate(w.tracker_id, OWNER)
        assert new_secret != secret
        resp = await client.get(f"/hooks/conversions/{secret}", params={"subid": "z"})
        assert resp.status == 403
        assert await w.new_rows() == []


async def test_webhook_secrets_are_hashed_and_bound_to_the_owner(world: World) -> None:
    w = world
    secret = await w.ctx.webhooks.ensure(w.tracker_id, OWNER)
    assert len(secret) >= 32
    assert await w.ctx.webhooks.lookup(secret) == w.tracker_id
    assert await w.ctx.webhooks.lookup(secret[:-1]) is None
    assert await w.ctx.webhooks.lookup("") is None
    assert await w.ctx.webhooks.reveal(w.tracker_id, ALICE) is None  # not the owner
    raw = await w.db.fetch_one("SELECT * FROM webhook_secrets")
    assert raw is not None
    assert secret not in raw["secret_hash"] and secret.encode() not in bytes(raw["secret_enc"])
    with pytest.raises(LookupError):
        await w.ctx.webhooks.rotate(w.tracker_id, ALICE)


# ------------------------------------------------------------------ digests


async def test_one_digest_per_chat_and_day_at_the_chosen_local_time(world: World) -> None:
    w = world  # the tracker's zone is Europe/Berlin
    await subscribe(w, ALICE, "info", digest="09:00")
    await subscribe(w, TEAM, "info", group=True, digest="18:30")
    monday = w.clock().date()
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    w.clock.now = berlin(tuesday, "08:59")
    assert await run_digests(w.ctx, w.clock()) == 0
    assert await run_digests(w.ctx, w.clock.advance(minutes=1)) == 1
    [row] = await w.new_rows()
    assert row.chat_id == ALICE
    assert row.payload == {"type": "digest", "tracker_id": w.tracker_id, "day": monday.isoformat()}
    assert await run_digests(w.ctx, w.clock.advance(hours=1)) == 0  # once a day
    w.clock.now = berlin(tuesday, "18:30")
    assert await run_digests(w.ctx, w.clock()) == 1
    assert targets(await w.new_rows()) == [TEAM]
    w.clock.now = berlin(wednesday, "09:00")
    assert await run_digests(w.ctx, w.clock()) == 1
    [row] = await w.new_rows()
    assert json.loads(json.dumps(row.payload))["day"] == tuesday.isoformat()


def test_the_url_keitaro_calls() -> None:
    from alerts.conversions import postback_query
    from bot.server import public_base_url

    assert public_base_url("https://bot.example.com/tg/webhook", "0.0.0.0", 8080) == "https://bot.example.com"
    assert public_base_url(None, "10.0.0.5", 8080) == "http://10.0.0.5:8080"
    query = postback_query()
    for macro in (
        "{subid}",
        "{status}",
        "{revenue}",
        "{currency}",
        "{campaign_name}",
        "{offer_name}",
        "{country}",
    ):
        assert f"={macro}" in query
