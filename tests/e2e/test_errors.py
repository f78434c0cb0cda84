"""What the person sees when something goes wrong that the feature did not answer itself: a Keitaro
failure gets the one sentence about the tracker (never an error id), anything else an apology with
an error id (and the traceback in the log)."""

from __future__ import annotations

import pytest
from aiogram.types import Message

import bot.app as bot_app
from handlers.feature import CommandSpec, Feature
from handlers.features import all_features
from keitaro.errors import KeitaroTimeout
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram


async def _timeout(message: Message) -> None:
    raise KeitaroTimeout("no answer in 15 s")


async def _bug(message: Message) -> None:
    raise RuntimeError("a bug")


@pytest.fixture
def broken_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two commands (out of the menu) whose handlers let an error through."""
    extra = Feature(
        "broken", commands=(CommandSpec("slow", _timeout, menu=False), CommandSpec("bug", _bug, menu=False))
    )
    monkeypatch.setattr(bot_app, "all_features", lambda: (*all_features(), extra))


@pytest.mark.parametrize(
    ("language", "sentence"),
    [("en", "Main: the tracker did not answer in time"), ("ru", "Main: трекер не ответил вовремя")],
)
async def test_a_keitaro_failure_nobody_answered_gets_the_sentence_about_the_tracker(
    broken_commands: None,
    tg: FakeTelegram,
    keitaro: KeitaroEmulator,
    runner: BotRunner,
    language: str,
    sentence: str,
) -> None:
    await runner.start()
    user = tg.user(8301, language_code="en")
    await add_tracker(user, keitaro)
    if language == "ru":
        await user.send("/lang")
        await user.expect("🌐 Language")
        await user.press("Русский")
        await user.expect("Язык: русский")
    user.skip_seen()
    await user.send("/slow")
    reply = await user.expect(sentence)
    assert "Error id" not in reply.text and "id ошибки" not in reply.text.lower()


async def test_any_other_failure_gets_an_apology_with_an_error_id(
    broken_commands: None, tg: FakeTelegram, runner: BotRunner, caplog: pytest.LogCaptureFixture
) -> None:
    await runner.start()
    user = tg.user(8302)
    await user.send("/bug")
    reply = await user.expect("Error id")
    error_id = reply.text.split("Error id:")[1].split(".")[0].strip()
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
