"""Webhook mode always has a secret token: WEBHOOK_SECRET, or one derived from the secret key.

A POST to the webhook path without the token, or with another, is refused and reaches no handler,
even when the update claims to come from an admin; Telegram (the fake) was given the token by
setWebhook and sends it with every update, which is processed.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

import httpx
import pytest

from bot.startup import WEBHOOK_TOKEN_PURPOSE
from storage import derive_token
from tests.conftest import SECRET_KEY, BotRunner, free_port
from tests.fakes.telegram import FakeTelegram

ADMIN = 7001  # the id a forger claims
MEMBER = 5010  # a real user, talking through the fake Telegram
HEADER = "X-Telegram-Bot-Api-Secret-Token"
GIVEN = "given-Webhook_secret-42"


def forged_start(update_id: int, user_id: int) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Mallory", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "from": sender,
            "chat": {"id": user_id, "type": "private", "first_name": "Mallory"},
            "date": 1_700_000_000,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def replies_to(tg: FakeTelegram, chat_id: int) -> list[object]:
    return [c for c in tg.calls_of("sendMessage") if str(c.params.get("chat_id")) == str(chat_id)]


@pytest.mark.parametrize(
    ("given", "source"), [(None, "derived from the secret key"), (GIVEN, "given by WEBHOOK_SECRET")]
)
async def test_a_webhook_call_without_the_secret_token_is_refused_and_reaches_no_handler(
    tg: FakeTelegram, runner: BotRunner, caplog: pytest.LogCaptureFixture, given: str | None, source: str
) -> None:
    caplog.set_level(logging.INFO)
    port = free_port()
    hook = f"http://127.0.0.1:{port}/tg/hook"
    await runner.start(
        webhook_url=hook,
        webhook_secret=given,
        http_port=port,
        admin_ids=str(ADMIN),
        allowed_user_ids=str(MEMBER),
    )
    expected = given or derive_token(SECRET_KEY, WEBHOOK_TOKEN_PURPOSE)
    (set_webhook,) = tg.calls_of("setWebhook")
    assert set_webhook.params["url"] == hook
    assert set_webhook.params["secret_token"] == expected
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", expected)
    assert f"webhook: the secret token is {source}" in caplog.text
    assert expected not in caplog.text  # which one it is is logged, never its value

    async with httpx.AsyncClient() as client:
        without = await client.post(hook, json=forged_start(1, ADMIN))
        wrong = await client.post(hook, json=forged_start(2, ADMIN), headers={HEADER: expected[:-1] + "x"})
        empty = await client.post(hook, json=forged_start(3, ADMIN), headers={HEADER: ""})
    assert (without.status_code, wrong.status_code, empty.status_code) == (401, 401, 401)

    member = tg.user(MEMBER)  # delivered by the fake Telegram with the token: processed
    await member.send("/start")
    await member.expect("Hi,")
    assert replies_to(tg, ADMIN) == []
    db = sqlite3.connect(runner.tmp_path / "bot.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM users WHERE id = ?", (ADMIN,)).fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM users WHERE id = ?", (MEMBER,)).fetchone()[0] == 1

    async with httpx.AsyncClient() as client:  # the same update with the right token is taken
        right = await client.post(hook, json=forged_start(4, ADMIN), headers={HEADER: expected})
    assert right.status_code == 200
    await tg.wait_call("sendMessage", lambda c: str(c.params.get("chat_id")) == str(ADMIN))


async def test_the_derived_token_is_stable_across_restarts_and_changes_with_the_secret_key(
    tg: FakeTelegram, runner: BotRunner
) -> None:
    port = free_port()
    await runner.start(webhook_url=f"http://127.0.0.1:{port}/tg/hook", http_port=port)
    await runner.restart()
    first, second = (c.params["secret_token"] for c in tg.calls_of("setWebhook"))
    assert first == second
    assert derive_token("another-secret-key-0123456789", WEBHOOK_TOKEN_PURPOSE) != first
    assert SECRET_KEY not in first
