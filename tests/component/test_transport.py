"""TelegramTransport (bot/transport.py) against the fake Telegram server, and the fake's opt-in flood
limits and groups that the sender's tests rely on."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramMigrateToChat, TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from alerts.model import ChatGone, ChatMigrated, DeliveryError, RetryAfter
from alerts.sender import Undeliverable
from bot.transport import TelegramTransport
from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram_fake.limits import RateLimits

CHAT = 1001


async def render(chat_id: int, payload: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None] | None:
    if payload.get("type") == "gone":
        return None
    markup = None
    if payload.get("button"):
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=str(payload["button"]), callback_data="ack:1")]]
        )
    return str(payload["text"]), markup


@pytest.fixture
def transport(bot: Bot) -> TelegramTransport:
    return TelegramTransport(bot, render)


async def test_send_renders_html_with_buttons_and_says_the_message_id(
    tg: FakeTelegram, transport: TelegramTransport
) -> None:
    tg.user(CHAT).known = True
    first = await transport.send(
        CHAT, {"text": "<b>Tracker down</b> &amp; out", "button": "Ack"}, silent=True
    )
    second = await transport.send(CHAT, {"text": "plain"}, silent=False)
    assert first is not None and second == first + 1
    (shown, plain) = tg.bot_messages(CHAT)
    assert shown.message_id == first and shown.text == "Tracker down & out" and shown.buttons() == [["Ack"]]
    assert shown.entities[0]["type"] == "bold"
    calls = tg.calls_of("sendMessage")
    assert calls[0].params["parse_mode"] == "HTML" and calls[0].params["disable_notification"] is True
    assert not calls[1].params.get("disable_notification")
    assert plain.text == "plain" and plain.buttons() == []


async def test_nothing_to_say_sends_nothing(tg: FakeTelegram, transport: TelegramTransport) -> None:
    tg.user(CHAT).known = True
    assert await transport.send(CHAT, {"type": "gone"}, silent=False) is None
    await transport.edit(CHAT, 1, {"type": "gone"})
    assert tg.calls == []


async def test_edit_replaces_text_and_buttons_and_an_unchanged_edit_is_fine(
    tg: FakeTelegram, transport: TelegramTransport
) -> None:
    tg.user(CHAT).known = True
    message_id = await transport.send(CHAT, {"text": "firing", "button": "Ack"}, silent=False)
    assert message_id is not None
    await transport.edit(CHAT, message_id, {"text": "<i>resolved</i>"})
    await transport.edit(CHAT, message_id, {"text": "<i>resolved</i>"})  # "message is not modified"
    (shown,) = tg.bot_messages(CHAT)
    assert shown.text == "resolved" and shown.buttons() == [] and shown.edits == 1
    assert [c.status for c in tg.calls_of("editMessageText")] == [200, 400]


async def test_telegram_errors_become_the_engine_errors(
    tg: FakeTelegram, transport: TelegramTransport
) -> None:
    user = tg.user(CHAT)
    user.known = True
    message_id = await transport.send(CHAT, {"text": "hi"}, silent=False)
    assert message_id is not None

    tg.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 3", retry_after=3)
    with pytest.raises(RetryAfter) as flood:
        await transport.send(CHAT, {"text": "x"}, silent=False)
    assert flood.value.seconds == 3
    tg.fail_next("editMessageText", status=429, description="Too Many Requests: retry after 2", retry_after=2)
    with pytest.raises(RetryAfter):
        await transport.edit(CHAT, message_id, {"text": "y"})

    with pytest.raises(ChatGone):  # nobody wrote to the bot from this chat
        await transport.send(4242, {"text": "x"}, silent=False)
    user.blocked = True
    with pytest.raises(ChatGone, match="blocked"):
        await transport.send(CHAT, {"text": "x"}, silent=False)
    with pytest.raises(ChatGone):
        await transport.edit(CHAT, message_id, {"text": "z"})
    user.blocked = False

    tg.group(-77, title="Team")
    tg.migrate_group(-77, -1_000_000_000_077)
    with pytest.raises(ChatMigrated) as moved:
        await transport.send(-77, {"text": "x"}, silent=False)
    assert moved.value.new_chat_id == -1_000_000_000_077
    tg.group(-78).blocked = True
    with pytest.raises(ChatGone, match="kicked"):
        await transport.send(-78, {"text": "x"}, silent=False)

    tg.fail_next("sendMessage", status=500, description="Internal Server Error")
    with pytest.raises(DeliveryError) as server:
        await transport.send(CHAT, {"text": "x"}, silent=False)
    assert not isinstance(server.value, Undeliverable | ChatGone | RetryAfter)

    with pytest.raises(Undeliverable, match="parse entities"):
        await transport.send(CHAT, {"text": "<b>unclosed"}, silent=False)
    with pytest.raises(Undeliverable, match="not found"):
        await transport.edit(CHAT, 999, {"text": "z"})


async def test_the_fake_enforces_flood_limits_only_when_asked(tg: FakeTelegram, bot: Bot) -> None:
    for chat_id in (1, 2, 3):
        tg.user(chat_id).known = True
    await bot.send_message(1, "a")
    await bot.send_message(1, "b")  # off by default: anything goes

    tg.enforce_rate_limits()
    await bot.send_message(1, "c")
    with pytest.raises(TelegramRetryAfter) as flood:
        await bot.send_message(1, "d")
    assert flood.value.retry_after == 1
    await bot.send_message(2, "another chat is fine")

    tg.enforce_rate_limits(RateLimits(per_second=3, chat_interval=0.0))
    for chat_id in (1, 2, 3):
        await bot.send_message(chat_id, "burst")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(3, "the fourth in a second")

    tg.enforce_rate_limits(RateLimits(chat_interval=0.0, group_per_window=2, group_window=60))
    tg.group(-5)
    await bot.send_message(-5, "one")
    await bot.send_message(-5, "two")
    with pytest.raises(TelegramRetryAfter) as group_flood:
        await bot.send_message(-5, "three")
    assert 58 <= group_flood.value.retry_after <= 60
    assert [m.text for m in tg.bot_messages(-5)] == ["one", "two"]

    tg.enforce_rate_limits(None)
    await bot.send_message(-5, "three")
    statuses = [c.status for c in tg.calls_of("sendMessage")]
    assert statuses.count(429) == 3


async def test_fake_groups_and_their_migration(tg: FakeTelegram, bot: Bot) -> None:
    group = tg.group(-300, title="Media buyers")
    chat = await bot.get_chat(-300)
    assert (chat.type, chat.title) == ("group", "Media buyers")
    sent = await bot.send_message(-300, "hello")
    assert sent.chat.id == -300 and sent.chat.type == "group"

    supergroup = tg.migrate_group(-300, -1_000_000_000_300)
    assert group.migrated_to == supergroup.id and supergroup.type == "supergroup"
    with pytest.raises(TelegramMigrateToChat) as moved:
        await bot.send_message(-300, "again")
    assert moved.value.migrate_to_chat_id == -1_000_000_000_300
    await bot.send_message(-1_000_000_000_300, "there")
    assert [m.text for m in tg.bot_messages(-1_000_000_000_300)] == ["there"]
    assert [m.text for m in tg.bot_messages(-300)] == ["hello"]
