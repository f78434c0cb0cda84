"""Refusals are rate-limited per person: a stranger who floods the bot (or a group) with commands
makes it answer twice, then once a minute — never once per command."""

from __future__ import annotations

import pytest

from bot.app import BotApp
from tests.conftest import BotRunner
from tests.e2e.helpers import wait_until
from tests.fakes.telegram import FakeTelegram
from tests.ticks import Ticks


@pytest.fixture
async def app(runner: BotRunner) -> BotApp:
    await runner.stop()
    started = await runner.start(allowed_user_ids=frozenset({2101}))
    return started


def count_decisions(app: BotApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every time the bot decides whether to refuse someone (one per refused update)."""
    limiter = app.ctx.refusals
    decided: list[int] = []
    real_wait = limiter.wait

    def counting(key: object) -> float:
        decided.append(int(key))  # type: ignore[call-overload]
        return real_wait(key)

    monkeypatch.setattr(limiter, "wait", counting)
    return decided


async def test_a_stranger_flooding_a_group_gets_two_refusals_then_one_a_minute(
    app: BotApp, tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = Ticks()
    monkeypatch.setattr(app.ctx.refusals, "_monotonic", ticks)
    decided = count_decisions(app, monkeypatch)
    team = tg.group(-100778, title="Night shift")
    stranger = tg.user(2199).in_group(team, status="member")
    for n in range(12):
        await stranger.send(f"/stats{'' if n % 2 else '@'}")
    await wait_until(lambda: len(decided) == 12, what="12 refused commands")
    refusals = [m for m in tg.bot_messages(team.id) if "2199" in m.text]
    assert len(refusals) == 2
    ticks.now += 61  # a minute later the person is told again, once
    for _ in range(3):
        await stranger.send("/trackers")
    await wait_until(lambda: len(decided) == 15, what="3 more refused commands")
    assert len([m for m in tg.bot_messages(team.id) if "2199" in m.text]) == 3
    # the allowed member is not affected by the stranger's limit
    member = tg.user(2101).in_group(team, status="member")
    await member.send("/help")
    await member.expect("/stats")


async def test_a_stranger_in_private_is_refused_twice_then_silently(
    app: BotApp, tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided = count_decisions(app, monkeypatch)
    stranger = tg.user(2998, language_code="ru")
    for _ in range(6):
        await stranger.send("/start")
    await wait_until(lambda: len(decided) == 6, what="6 refused commands")
    refusals = [m for m in stranger.messages() if m.from_bot]
    assert len(refusals) == 2 and all("2998" in m.text for m in refusals)


async def test_a_non_admin_sending_subscribe_in_a_group_does_not_flood_it(
    runner: BotRunner, tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = await runner.start()
    decided = count_decisions(app, monkeypatch)
    team = tg.group(-100779, title="Buyers")
    mallory = tg.user(2301).in_group(team, status="member")
    for _ in range(5):
        await mallory.send("/subscribe")
    await wait_until(lambda: len(decided) == 5, what="5 refused /subscribe")
    texts = [m.text for m in tg.bot_messages(team.id)]
    assert len(texts) == 2 and all("Only an admin of this group" in t for t in texts)
