"""A list command typed while the last list is on screen: the reply is one Bot API call, and the
old list's buttons are taken off in the background — neither that update nor the next one of the
chat waits for it (issue 20), and the buttons do come off."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import started_with_tracker, wait_until
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7301)


async def test_next_update_does_not_wait_for_old_buttons(
    user: FakeUser, tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    await user.send("/campaigns")
    first = await user.expect("Campaigns — Main")
    assert first.buttons()
    # the fake Telegram holds every editMessageReplyMarkup until released
    release = asyncio.Event()
    held: list[str] = []
    execute = tg._execute

    async def holding(token: str, method: str, params: Any) -> tuple[int, dict[str, Any]]:
        if method.lower() == "editmessagereplymarkup":
            held.append(method)
            await release.wait()
        return await execute(token, method, params)

    monkeypatch.setattr(tg, "_execute", holding)
    await user.send("/campaigns")
    second = await user.expect("Campaigns — Main", kind="sent")
    assert held == ["editMessageReplyMarkup"]  # asked, still unanswered: the reply did not wait
    # the next update of the chat is answered while the old buttons are still being taken off
    await user.send("/offers")
    third = await user.expect("Offers — Main", kind="sent")
    assert len(held) == 2 and not release.is_set()
    assert first.message_id < second.message_id < third.message_id
    release.set()

    def old_ones_bare() -> bool:
        messages = {m.message_id: m for m in tg.bot_messages(user.chat_id)}
        return not messages[first.message_id].buttons() and not messages[second.message_id].buttons()

    await wait_until(old_ones_bare, what="the old lists' buttons taken off")
    assert third.buttons()  # the newest list keeps its buttons
