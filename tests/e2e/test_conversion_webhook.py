"""Conversion pushes end to end: the owner copies the URL /hook shows into "Keitaro", Keitaro calls
the bot's real HTTP server, and a burst of five conversions becomes one message in each chat with
conversion pushes on; a wrong secret is 403 and nothing is sent; a new secret retires the old URL."""

from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import quote

import aiohttp
import pytest

from bot.app import BotApp
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

TEAM_ID = -1009876543210
MACROS = ("{subid}", "{status}", "{revenue}", "{currency}", "{campaign_name}", "{offer_name}", "{country}")


@pytest.fixture
async def app(runner: BotRunner, monkeypatch: pytest.MonkeyPatch) -> BotApp:
    started = await runner.start()
    started.ctx.alerts.settings.conversion_batch_seconds = 1.0
    return started


@pytest.fixture
async def owner(app: BotApp, tg: FakeTelegram, keitaro: KeitaroEmulator) -> FakeUser:
    person = tg.user(7401, username="buyer")
    await add_tracker(person, keitaro)
    return person


async def rows_all_sent(app: BotApp, timeout: float = 10) -> list[dict[str, object]]:
    """The outbox once every row is marked sent (polled, not a fixed sleep)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        rows = await outbox_rows(app)
        if rows and all(r["sent_at"] for r in rows):
            return rows
        if loop.time() > deadline:
            raise AssertionError(f"outbox rows not all sent: {rows}")
        await asyncio.sleep(0.02)


def fill(template: str, values: dict[str, str]) -> str:
    """What Keitaro does with the macros of an S2S postback URL."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", quote(value))
    return template


async def outbox_rows(app: BotApp) -> list[dict[str, object]]:
    rows = await app.db.fetch_all("SELECT chat_id, payload, sent_at FROM outbox ORDER BY id")
    return [dict(r) for r in rows]


@pytest.mark.date_sensitive
async def test_a_burst_of_conversions_is_one_message_per_chat(
    app: BotApp, tg: FakeTelegram, owner: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # the owner's private chat and the team group both want conversion pushes
    await owner.send("/subscribe")
    await owner.expect("Notifications in this chat")
    await owner.press("🔔 Subscribe")
    await owner.expect("Subscribed to Main", kind="edited")
    await owner.press("💰 Enable conversions")
    await owner.expect("Conversion pushes: on", kind="edited")
    team = tg.group(TEAM_ID, title="Buyers")
    admin = owner.in_group(team, status="administrator")
    await admin.send("/subscribe")
    await admin.expect("Notifications in the group “Buyers”")
    await admin.press("🔔 Subscribe")
    await admin.expect("Subscribed to Main", kind="edited")
    await admin.press("💰 Enable conversions")
    await admin.expect("Conversion pushes: on", kind="edited")
    # the URL is never shown in the group
    await admin.send("/hook")
    await admin.expect("only in a private chat")

    await owner.send("/hook")
    screen = await owner.expect("Conversion pushes for Main")
    match = re.search(r"http://\S+/hooks/conversions/\S+", screen.text)
    assert match, screen.text
    template = match.group(0)
    assert all(macro in template for macro in MACROS), template
    assert f"http://127.0.0.1:{app.http_port}/" in template
    assert "This chat: conversion pushes on" in screen.text

    base = f"http://127.0.0.1:{app.http_port}/hooks/conversions"
    async with aiohttp.ClientSession() as http:
        for url in (base, f"{base}/", f"{base}/not-the-secret?subid=1&status=sale"):
            for method in ("GET", "POST"):
                async with http.request(method, url) as resp:
                    assert resp.status == 403, (method, url)
        assert await outbox_rows(app) == []  # nothing queued, so nothing can be sent

        conversions = [
            {"subid": f"sub{n}", "status": "sale" if n % 2 else "lead", "revenue": f"{10 + n}.50",
             "currency": "usd", "campaign_name": "Spring DE", "offer_name": "Offer <A&B>", "country": "DE"}
            for n in range(5)
        ]  # fmt: skip

        async def call(values: dict[str, str]) -> int:
            async with http.get(fill(template, values)) as resp:
                return resp.status

        assert await asyncio.gather(*(call(c) for c in conversions)) == [200] * 5

        private = await owner.expect("5 conversions · Main")
        group = await admin.expect("5 conversions · Main")
        for message in (private, group):
            for n in range(5):
                assert f"sub{n}" in message.text
            assert "Offer <A&B>" in message.text  # escaped on the way, shown as sent
            assert "Spring DE" in message.text and "DE" in message.text
            assert "Total: 62.50 USD" in message.text  # 10.5 + 11.5 + … + 14.5
        rows = await rows_all_sent(app)
        assert sorted(int(str(r["chat_id"])) for r in rows) == sorted([owner.id, TEAM_ID])

        # a new secret: the URL Keitaro has is refused from now on
        await owner.press("🔐 New secret")
        await owner.expect("Make a new secret")
        await owner.press("🔐 Yes, new secret")
        renewed = await owner.expect("New secret made", kind="edited")
        assert template not in renewed.text
        async with http.get(fill(template, conversions[0])) as resp:
            assert resp.status == 403
        assert len(await outbox_rows(app)) == 2

        # a secret the process has never shown (as after a restart) stays out of the logs too,
        # aiohttp's access log included
        tracker = await app.ctx.trackers.get_active(owner.id)
        assert tracker is not None
        fresh = await app.ctx.alerts.webhooks.rotate(tracker.id, owner.id)
        async with http.get(f"{base}/{fresh}", params={"subid": "late", "status": "sale"}) as resp:
            assert resp.status == 200
    old_secret = template.split("/hooks/conversions/")[1].split("?")[0]
    assert "aiohttp.access" in {r.name for r in caplog.records}
    assert fresh not in caplog.text and old_secret not in caplog.text
