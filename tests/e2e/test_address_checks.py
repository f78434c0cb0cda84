"""Addresses typed into the bot are checked when they are typed: postback URLs on private networks
(adding a tracker, changing the postback URL) and IP addresses spelled ambiguously (8.8.8.010).

The bot runs with ALLOW_PRIVATE_TRACKER_ADDRESSES off; only the emulator's exact address
(127.0.0.1) counts as public here, so a tracker can still be added against it, and the name
``internal.example`` resolves to 10.0.0.7.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any

import pytest

import keitaro.netguard as netguard
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker, to_postback_step
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

EMULATOR_IP = ipaddress.ip_address("127.0.0.1")

PRIVATE_POSTBACKS = [
    "http://127.0.0.2/abcde12345/postback",
    "http://10.0.0.5/abcde12345/postback",
    "http://localhost/abcde12345/postback",
    "https://internal.example/abcde12345/postback",
]
PRIVATE_SENTENCE = "postback URL leads to a private or local network"


@pytest.fixture
async def strict_bot(runner: BotRunner, monkeypatch: pytest.MonkeyPatch) -> BotRunner:
    original_public = netguard._address_is_public

    def public(ip: netguard.IPAddress) -> bool:
        return ip == EMULATOR_IP or original_public(ip)

    loop = asyncio.get_running_loop()
    real_getaddrinfo = loop.getaddrinfo

    async def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "internal.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", int(port or 0)))]
        return await real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(netguard, "_address_is_public", public)
    monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)
    await runner.start(allow_private_tracker_addresses=False)
    return runner


async def test_private_postback_urls_are_refused_while_adding_a_tracker(
    tg: FakeTelegram, keitaro: KeitaroEmulator, strict_bot: BotRunner
) -> None:
    user = tg.user(7101)
    await to_postback_step(user, keitaro)
    for url in PRIVATE_POSTBACKS:
        sent = await user.send(url)
        await user.expect_deleted(sent.message_id)  # it carries the postback key all the same
        asked = await user.expect(PRIVATE_SENTENCE)
        assert "step 4 of 5" in asked.text  # the same question again, the conversation goes on
    await user.send("http://tracker.invalid/abcde12345/postback")
    await user.expect("The domain tracker.invalid in the postback URL does not resolve.")
    await user.send("http://8.8.8.010/abcde12345/postback")
    await user.expect("four plain numbers without leading zeros")
    await user.send(keitaro.postback_url)
    await user.expect("Postback URL saved")
    await user.expect("time zone")
    await user.press("UTC")
    await user.expect("Tracker added")
    (tracker,) = await strict_bot.running.ctx.trackers.list(user.id)
    assert strict_bot.running.ctx.trackers.postback_url(tracker) == keitaro.postback_url
    assert not [r for r in keitaro.requests if r.path.endswith("/postback")]  # nothing was sent


async def test_private_postback_url_is_refused_when_changed(
    tg: FakeTelegram, keitaro: KeitaroEmulator, strict_bot: BotRunner
) -> None:
    user = tg.user(7102)
    await add_tracker(user, keitaro, name="Pb", postback=keitaro.postback_url)
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("★ Pb")
    await user.expect("Pb", kind="edited")
    await user.press("Postback URL")
    await user.expect("Postback URL of Pb", kind="edited")
    for url in PRIVATE_POSTBACKS:
        await user.send(url)
        asked = await user.expect(PRIVATE_SENTENCE, kind="sent")
        assert "Postback URL of Pb" in asked.text
    (tracker,) = await strict_bot.running.ctx.trackers.list(user.id)
    assert strict_bot.running.ctx.trackers.postback_url(tracker) == keitaro.postback_url  # kept


async def test_private_postback_url_is_refused_in_the_postback_test(
    tg: FakeTelegram, keitaro: KeitaroEmulator, strict_bot: BotRunner
) -> None:
    user = tg.user(7103)
    await add_tracker(user, keitaro, name="Pb")
    await user.send("/postback")
    await user.expect("postback URL")
    await user.send("http://10.0.0.5/abcde12345/postback")
    await user.expect(PRIVATE_SENTENCE)
    (tracker,) = await strict_bot.running.ctx.trackers.list(user.id)
    assert not tracker.has_postback_url


@pytest.mark.parametrize(
    "url", ["http://8.8.8.010/admin/", "http://0x8.8.8.8/admin/", "http://134744072/admin/"]
)
async def test_ambiguous_ip_spellings_are_refused_at_input(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, url: str
) -> None:
    await runner.start()  # ALLOW_PRIVATE_TRACKER_ADDRESSES on: the spelling alone is refused
    user = tg.user(7104)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("admin address")
    await user.send(url)
    asked = await user.expect("four plain numbers without leading zeros")
    assert "admin address" in asked.text
    await user.send("http://8.8.8.8./admin/")  # a trailing dot is normalised, not refused
    await user.expect("What shall we call it?")
