"""The fake Telegram Bot API server answers like Telegram: HTML and length checks, 64-byte callback
data, edit and delete rules, unknown and blocked chats, injected errors, commands per scope and
language, files, and message ids per chat."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram import Bot, F, Router
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from tests.component.fake_telegram.support import CHAT, keyboard, polling
from tests.fakes.telegram import (
    FakeTelegram,
    HtmlParseError,
    parse_html,
    tiny_png,
)


@pytest.mark.parametrize(
    ("html", "fragment"),
    [
        ("<b>bold", 'end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag"),
        ("1 < 2", 'Unsupported start tag ""'),
        ("Tom & Jerry", "bare '&'"),
        ("a&nbsp;b", "unsupported HTML entity"),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<br/>", 'Unsupported start tag "br/"'),
        ('<a href="x', "Unclosed start tag"),
    ],
)
async def test_bad_html_is_rejected_like_telegram(
    tg: FakeTelegram, bot: Bot, html: str, fragment: str
) -> None:
    user = tg.user(CHAT)
    await user.send("hi")
    with pytest.raises(TelegramBadRequest, match="can't parse entities") as caught:
        await bot.send_message(CHAT, html)
    assert fragment in caught.value.message
    assert user.events == []
    assert tg.calls[-1].status == 400


async def test_good_html_is_stored_raw_and_plain(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    await user.send("hi")
    html = (
        '  <b>a &lt; b</b> &amp; <a href="https://x.io/?a=1&amp;b=2">link</a> &#33;&#x21; '
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> <strong>S</strong>\n'
        '<pre><code class="language-python">x = "1"</code></pre><blockquote expandable>q</blockquote>  '
    )
    result = await bot.send_message(CHAT, html)
    stored = await user.expect()
    assert stored.html == html
    assert stored.text == 'a < b & link !! s t S\nx = "1"q' == result.text
    types = [e["type"] for e in stored.entities]
    assert types == ["bold", "text_link", "spoiler", "spoiler", "bold", "pre", "expandable_blockquote"]
    assert stored.entities[1]["url"] == "https://x.io/?a=1&b=2"
    assert stored.entities[5]["language"] == "python"
    assert result.entities is not None and result.entities[0].offset == 0  # leading spaces trimmed


def test_parse_html_counts_offsets_in_utf16() -> None:
    text, entities = parse_html('😀 <b>жир</b> <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>')
    assert text == "😀 жир 👍"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "custom_emoji", "offset": 7, "length": 2, "custom_emoji_id": "5368324170671202286"},
    ]
    assert parse_html("<pre><code>x</code></pre>")[1] == [{"type": "pre", "offset": 0, "length": 1}]
    assert parse_html("<code>x</code>")[1] == [{"type": "code", "offset": 0, "length": 1}]
    with pytest.raises(HtmlParseError, match="byte offset 5"):
        parse_html("😀 <x>")  # the emoji is 4 bytes


async def test_text_length_and_empty_text(tg: FakeTelegram, bot: Bot) -> None:
    await tg.user(CHAT).send("hi")
    ok = await bot.send_message(CHAT, "<b>" + "&lt;" * 4096 + "</b>")  # 4096 characters after parsing
    assert ok.text == "<" * 4096
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(CHAT, "<b> </b>\n")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(CHAT, "")


async def test_callback_data_is_limited_to_64_bytes(tg: FakeTelegram, bot: Bot) -> None:
    await tg.user(CHAT).send("hi")

    def one_button(**kwargs: Any) -> InlineKeyboardMarkup:
        return keyboard([InlineKeyboardButton(text="b", **kwargs)])

    await bot.send_message(CHAT, "ok", reply_markup=one_button(callback_data="x" * 64))
    for data in ("x" * 65, "я" * 33):  # 33 Cyrillic letters are 66 bytes
        with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
            await bot.send_message(CHAT, "too long", reply_markup=one_button(callback_data=data))
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(CHAT, "no action", reply_markup=one_button())
    with pytest.raises(TelegramBadRequest, match="exactly one"):
        await bot.send_message(
            CHAT, "two actions", reply_markup=one_button(callback_data="a", url="https://a.io")
        )
    with pytest.raises(TelegramBadRequest, match="BUTTON_URL_INVALID"):
        await bot.send_message(CHAT, "bad url", reply_markup=one_button(url="not a url"))
    assert [m.text for m in tg.user(CHAT).messages()] == ["hi", "ok"]


async def test_edit_rules_not_modified_and_missing_messages(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    await user.send("hi")
    markup = keyboard([InlineKeyboardButton(text="Refresh", callback_data="refresh")])
    sent = await bot.send_message(CHAT, "Status: <b>ok</b>", reply_markup=markup)

    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new message content"):
        await bot.edit_message_text(
            "Status: <b>ok</b>", chat_id=CHAT, message_id=sent.message_id, reply_markup=markup
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=CHAT, message_id=sent.message_id, reply_markup=markup)
    # same plain text but different entities is a modification
    await bot.edit_message_text("Status: ok", chat_id=CHAT, message_id=sent.message_id, reply_markup=markup)
    # editing the text without reply_markup removes the keyboard, like Telegram
    await bot.edit_message_text("Status: ok", chat_id=CHAT, message_id=sent.message_id)
    assert user.messages()[-1].reply_markup is None and user.messages()[-1].edits == 2
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=1)
    await bot.delete_message(CHAT, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(CHAT, sent.message_id)
    assert [e.kind for e in user.events] == ["sent", "edited", "edited", "deleted"]


async def test_bot_can_delete_the_users_message(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    secret = await user.send("my api key is 123")
    await bot.send_message(CHAT, "Saved, deleting your message")
    waiter = asyncio.create_task(user.expect_deleted(secret.message_id))
    assert await bot.delete_message(CHAT, secret.message_id) is True
    await waiter
    assert [m.text for m in user.messages()] == ["Saved, deleting your message"]
    assert user.events[-1].kind == "deleted" and user.events[-1].message_id == secret.message_id
    assert tg.calls_of("deleteMessage")[0].params == {"chat_id": CHAT, "message_id": secret.message_id}
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(CHAT, secret.message_id)
    with pytest.raises(AssertionError, match="was not deleted"):
        await user.expect_deleted(secret.message_id + 1, timeout=0.05)


async def test_unknown_chat_and_blocked_user(tg: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "anyone?")
    user = tg.user(CHAT)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(CHAT, "you never wrote to me")
    await user.send("hi")
    await bot.send_message(CHAT, "now I can write")
    user.blocked = True
    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(CHAT, "still there?")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(CHAT, "typing")
    user.blocked = False
    assert await bot.send_chat_action(CHAT, "typing") is True
    chat = await bot.get_chat(CHAT)
    assert (chat.id, chat.type, chat.first_name) == (CHAT, "private", "Test")


async def test_fail_next_injects_errors(tg: FakeTelegram, bot: Bot) -> None:
    await tg.user(CHAT).send("hi")
    tg.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(CHAT, "flood")
    assert caught.value.retry_after == 1
    await bot.send_message(CHAT, "after the flood")

    tg.fail_next("sendMessage", status=500, description="Internal Server Error", times=2)
    tg.fail_next("deleteMessage", status=403, description="Forbidden: bot was kicked")
    tg.fail_next("answerCallbackQuery", status=400, description="Bad Request: injected")
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(CHAT, "boom")
    with pytest.raises(TelegramForbiddenError, match="kicked"):
        await bot.delete_message(CHAT, 1)
    with pytest.raises(TelegramBadRequest, match="injected"):
        await bot.answer_callback_query("1")
    await bot.send_message(CHAT, "recovered")
    assert [c.status for c in tg.calls_of("sendMessage")] == [429, 200, 500, 500, 200]
    assert [m.text for m in tg.user(CHAT).messages()] == ["hi", "after the flood", "recovered"]


async def test_commands_are_stored_per_scope_and_language(tg: FakeTelegram, bot: Bot) -> None:
    english = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="help", description="Help"),
    ]
    russian = [BotCommand(command="start", description="Старт")]
    assert await bot.set_my_commands(english)
    assert await bot.set_my_commands(russian, language_code="ru")
    assert await bot.set_my_commands(english[:1], scope=BotCommandScopeChat(chat_id=CHAT))

    assert tg.commands[("default", "")] == [
        {"command": c.command, "description": c.description} for c in english
    ]
    assert tg.commands[("default", "ru")] == [{"command": "start", "description": "Старт"}]
    assert tg.commands[({"type": "chat", "chat_id": CHAT}, None)] == [
        {"command": "start", "description": "Start"}
    ]
    assert ("default", "de") not in tg.commands
    assert [c.description for c in await bot.get_my_commands(language_code="ru")] == ["Старт"]
    assert await bot.get_my_commands(language_code="de") == []

    assert await bot.delete_my_commands(language_code="ru")
    assert ("default", "ru") not in tg.commands and ("default", "") in tg.commands
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Command", description="x")])


async def test_documents_photos_and_file_reuse(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    await user.send("/export")
    content = b"campaign,clicks\nalpha,10\n"
    sent = await bot.send_document(
        CHAT, BufferedInputFile(content, "report.csv"), caption="<b>Clicks</b> report"
    )
    doc = await user.expect("report.csv", kind="document")
    assert doc.document is not None
    assert (doc.document["file_name"], doc.document["content"], doc.text) == (
        "report.csv",
        content,
        "Clicks report",
    )
    assert sent.document is not None and sent.document.file_name == "report.csv"
    assert sent.document.mime_type == "text/csv" and sent.caption == "Clicks report"
    again = await bot.send_document(CHAT, sent.document.file_id)
    assert (await user.expect(kind="document")).document == {**doc.document, "caption": ""}
    assert again.document is not None and again.document.file_size == len(content)

    picture = tiny_png(3, 2)
    photo_message = await bot.send_photo(CHAT, BufferedInputFile(picture, "chart.png"), caption="Chart")
    photo = await user.expect("Chart", kind="photo")
    assert photo.photo == picture
    assert photo_message.photo is not None and (
        photo_message.photo[-1].width,
        photo_message.photo[-1].height,
    ) == (3, 2)
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(CHAT, BufferedInputFile(b"not an image", "x.png"))
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(CHAT, BufferedInputFile(b"x", "x.txt"), caption="c" * 1025)
    assert [e.kind for e in user.events] == ["document", "document", "photo"]


async def test_user_can_send_a_photo_and_a_document(tg: FakeTelegram, bot: Bot) -> None:
    router = Router()
    got: list[Message] = []

    @router.message(F.photo)
    async def on_photo(message: Message) -> None:
        got.append(message)
        await message.answer("nice photo")

    @router.message(F.document)
    async def on_document(message: Message) -> None:
        got.append(message)
        assert message.document is not None
        await message.answer(f"got {message.document.file_name}")

    user = tg.user(CHAT)
    async with polling(tg, bot, router):
        await user.send_photo(caption="look")
        await user.expect("nice photo")
        await user.send_document(b"a,b\n", "leads.csv")
        await user.expect("got leads.csv")

    photo, document = got
    assert photo.caption == "look" and photo.photo is not None and photo.photo[-1].width == 2
    assert document.document is not None and document.document.mime_type == "text/csv"
    await bot.send_photo(CHAT, photo.photo[-1].file_id)  # re-sending by file_id works
    assert (await user.expect(kind="photo")).photo == tiny_png()
    assert [m.from_bot for m in user.messages()] == [False, True, False, True, True]


async def test_message_ids_are_per_chat_and_shared_with_the_user(tg: FakeTelegram, bot: Bot) -> None:
    alice, bob = tg.user(1, first_name="Alice", username="alice"), tg.user(2, language_code=None)
    assert (await alice.send("a1")).message_id == 1
    assert (await bot.send_message(1, "to alice")).message_id == 2
    assert (await bob.send("b1")).message_id == 1
    assert (await alice.send("a2")).message_id == 3
    senders = [u["message"]["from"] for u in tg.pending_updates]
    assert senders[0] == {
        "id": 1,
        "is_bot": False,
        "first_name": "Alice",
        "username": "alice",
        "language_code": "en",
    }
    assert "language_code" not in senders[1]
    ids = [u["update_id"] for u in tg.pending_updates]
    assert ids == sorted(ids) and len(set(ids)) == 3
