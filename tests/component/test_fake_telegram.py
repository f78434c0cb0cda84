"""Tests of the fake Telegram Bot API server, driven by a real aiogram Bot (and Dispatcher where it matters).

Run: .venv/bin/pytest tests/component/test_fake_telegram.py -q
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.text_decorations import html_decoration
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.fakes.telegram import (
    FakeTelegram,
    HtmlParseError,
    fake_bot,
    parse_html,
    running_fake_telegram,
    tiny_png,
)

CHAT = 1001


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    return fake_bot(fake, token, html=True)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with running_fake_telegram() as fake:
        yield fake


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    instance = make_bot(tg)
    yield instance
    await instance.session.close()


@asynccontextmanager
async def polling(tg: FakeTelegram, bot: Bot, router: Router) -> AsyncIterator[Dispatcher]:
    dp = Dispatcher()
    dp.include_router(router)
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    await tg.wait_polling()
    try:
        yield dp
    finally:
        await dp.stop_polling()
        await task


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


async def local_site(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    await web.SockSite(runner, sock).start()
    return runner, f"http://127.0.0.1:{port}"


# --------------------------------------------------------------------------- protocol basics


async def test_get_me_describes_the_bot_of_the_token(tg: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        1234567,
        True,
        "keitaro_test_bot",
        "Keitaro Bot",
    )
    assert tg.bot_id == 1234567
    assert tg.url.startswith("http://127.0.0.1:")
    assert [(c.method, c.status) for c in tg.calls] == [("getMe", 200)]


async def test_unknown_token_is_401_and_unknown_method_is_404(tg: FakeTelegram) -> None:
    stranger = make_bot(tg, token="987654321:AAwrong")
    try:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await stranger.get_me()
    finally:
        await stranger.session.close()
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{tg.url}/bot{tg.token}/sendSticker", data={"chat_id": "1"}) as resp,
    ):
        assert resp.status == 404
        assert await resp.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    bot = make_bot(tg)
    try:
        with pytest.raises(TelegramNotFound):
            await bot.get_user_profile_photos(user_id=1)
    finally:
        await bot.session.close()
    assert [c.status for c in tg.calls] == [401, 404, 404]


# --------------------------------------------------------------------------- user driver + real Dispatcher


async def test_start_command_reply_is_seen_by_the_user(tg: FakeTelegram, bot: Bot) -> None:
    router = Router()
    received: list[tuple[Message, CommandObject]] = []

    @router.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        received.append((message, command))
        assert message.from_user is not None
        name = html_decoration.quote(message.from_user.first_name)
        await message.answer(
            f"Hi, <b>{name}</b>!",
            reply_markup=keyboard([InlineKeyboardButton(text="Settings ⚙️", callback_data="settings")]),
        )

    user = tg.user(CHAT, first_name="Ann & Bob", language_code="de")
    assert tg.user(CHAT) is user
    async with polling(tg, bot, router):
        sent = await user.send("/start deep-link")
        reply = await user.expect("Hi,")
        await tg.wait_idle()

    assert reply.text == "Hi, Ann & Bob!"
    assert reply.html == "Hi, <b>Ann &amp; Bob</b>!"
    assert reply.entities == [{"type": "bold", "offset": 4, "length": 9}]
    assert reply.from_bot and reply.chat_id == CHAT
    assert reply.message_id == sent.message_id + 1
    assert reply.buttons() == [["Settings ⚙️"]]
    assert reply.button_data("Settings ⚙️") == "settings"
    message, command = received[0]
    assert command.args == "deep-link"
    assert message.entities is not None and message.entities[0].type == "bot_command"
    assert message.entities[0].length == len("/start")
    assert message.from_user is not None and message.from_user.language_code == "de"
    assert [(m.from_bot, m.text) for m in user.messages()] == [
        (False, "/start deep-link"),
        (True, reply.text),
    ]
    assert user.last_bot_message() is not None
    assert [e.kind for e in user.events] == ["sent"]


async def test_pressing_a_button_delivers_a_callback_and_sees_the_edit(tg: FakeTelegram, bot: Bot) -> None:
    router = Router()
    queries: list[CallbackQuery] = []

    @router.message(Command("menu"))
    async def menu(message: Message) -> None:
        await message.answer(
            "Main menu",
            reply_markup=keyboard(
                [InlineKeyboardButton(text="📊 Open report", callback_data="report:open")],
                [InlineKeyboardButton(text="Docs", url="https://example.com/docs")],
            ),
        )

    @router.callback_query(F.data == "report:open")
    async def open_report(query: CallbackQuery) -> None:
        queries.append(query)
        assert isinstance(query.message, Message)
        await query.message.edit_text(
            "Report <i>ready</i>",
            reply_markup=keyboard([InlineKeyboardButton(text="Back", callback_data="back")]),
        )
        await query.answer("Done", show_alert=True)

    user = tg.user(CHAT, language_code="ru")
    async with polling(tg, bot, router):
        await user.send("/menu")
        menu_message = await user.expect("Main menu")
        query_id = await user.press("Open report")  # substring match of "📊 Open report"
        edited = await user.expect(kind="edited")
        answer = await user.callback_answer(query_id)

    assert edited.message_id == menu_message.message_id
    assert (edited.text, edited.edits, edited.buttons()) == ("Report ready", 1, [["Back"]])
    assert menu_message.text == "Main menu" and menu_message.edits == 0  # expect() returns snapshots
    assert answer["text"] == "Done" and answer["show_alert"] is True
    query = queries[0]
    assert query.id == query_id and query.data == "report:open" and query.chat_instance
    assert query.from_user.id == CHAT and query.from_user.language_code == "ru"
    assert isinstance(query.message, Message) and query.message.text == "Main menu"
    assert [m.text for m in user.messages()] == ["/menu", "Report ready"]

    with pytest.raises(AssertionError, match=r"no button 'Nope'.*\[\['Back'\]\]"):
        await user.press("Nope")
    await bot.send_message(
        CHAT,
        "Links",
        reply_markup=keyboard([InlineKeyboardButton(text="Docs", url="https://example.com/docs")]),
    )
    links = await user.expect("Links")
    with pytest.raises(AssertionError, match="not a callback button"):
        await user.press("Docs", message=links)
    with pytest.raises(AssertionError, match=r"no button 'Docs'.*\[\['Back'\]\]"):
        await user.press("Docs", message=user.messages()[1])  # a live message: its keyboard as it is now
    stale_id = await user.press("Open report", message=menu_message)  # a snapshot: a tap on the old keyboard
    stale = next(u["callback_query"] for u in tg.pending_updates if "callback_query" in u)
    assert (stale["id"], stale["data"]) == (stale_id, "report:open")
    assert stale["message"]["text"] == "Report ready"  # the callback carries the current message
    await bot.delete_message(CHAT, menu_message.message_id)
    with pytest.raises(AssertionError, match="is not on the screen"):
        await user.press("Open report", message=menu_message)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id, text="again")


async def test_expect_skips_events_and_explains_a_timeout(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    await user.send("hi")
    first = await bot.send_message(CHAT, "one")
    await bot.send_message(CHAT, "two")
    await bot.edit_message_text("one, edited", chat_id=CHAT, message_id=first.message_id)

    with pytest.raises(AssertionError, match=r"(?s)no bot message containing 'three'.*'one'.*Screen now"):
        await user.expect("three", timeout=0.05)
    assert (await user.expect("two")).text == "two"  # consumes "one" on the way
    assert (await user.expect()).text == "one, edited"
    with pytest.raises(AssertionError, match="no sent message"):
        await user.expect(kind="sent", timeout=0.05)
    with pytest.raises(ValueError, match="kind"):
        await user.expect(kind="deleted")


async def test_wait_call_returns_each_call_once(tg: FakeTelegram, bot: Bot) -> None:
    tg.user(CHAT)
    await tg.user(CHAT).send("hi")
    await bot.send_message(CHAT, "first")
    await bot.send_message(
        CHAT, "second", reply_markup=keyboard([InlineKeyboardButton(text="x", callback_data="x")])
    )

    assert (await tg.wait_call("sendMessage")).params["text"] == "first"
    second = await tg.wait_call("sendmessage")
    assert (
        second.params["chat_id"] == CHAT
        and second.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "x"
    )
    assert second.status == 200 and second.response["message_id"] == 3
    with pytest.raises(AssertionError, match="no matching sendMessage"):
        await tg.wait_call("sendMessage", timeout=0.05)
    waiter = asyncio.create_task(tg.wait_call("sendMessage", lambda c: c.params["text"] == "third"))
    await bot.send_message(CHAT, "third")
    assert (await waiter).params["text"] == "third"
    assert len(tg.calls_of("sendMessage")) == 3


# --------------------------------------------------------------------------- Telegram's validation


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


# --------------------------------------------------------------------------- getUpdates


async def test_get_updates_offset_limit_and_allowed_updates(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    for text in ("one", "two", "three"):
        await user.send(text)
    first_two = await bot.get_updates(limit=2)
    assert [u.message.text for u in first_two if u.message] == ["one", "two"]
    assert len(await bot.get_updates()) == 3  # nothing is confirmed without an offset
    rest = await bot.get_updates(offset=first_two[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == []
    await tg.wait_idle(timeout=0.1)

    await bot.send_message(
        CHAT, "pick", reply_markup=keyboard([InlineKeyboardButton(text="A", callback_data="a")])
    )
    await user.send("ignored by allowed_updates")
    query_id = await user.press("A")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [(u.callback_query.id, u.callback_query.data) for u in updates if u.callback_query] == [
        (query_id, "a")
    ]
    assert len(updates) == 1


async def test_long_poll_wakes_as_soon_as_an_update_is_queued(tg: FakeTelegram, bot: Bot) -> None:
    user = tg.user(CHAT)
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_polling()
    woke = asyncio.Event()
    poll.add_done_callback(lambda _: woke.set())
    assert not woke.is_set()
    await user.send("ping")
    await asyncio.wait_for(woke.wait(), timeout=5)  # far below the 30 s long-poll timeout
    updates = poll.result()
    assert [u.message.text for u in updates if u.message] == ["ping"]


async def test_dispatcher_handles_message_sent_while_it_long_polls(tg: FakeTelegram, bot: Bot) -> None:
    router = Router()
    handled = asyncio.Event()

    @router.message()
    async def any_message(message: Message) -> None:
        handled.set()

    async with polling(tg, bot, router):
        await tg.wait_polling()
        await tg.user(CHAT).send("hello")
        await asyncio.wait_for(handled.wait(), timeout=5)  # the dispatcher's poll timeout is 10 s


async def test_stop_releases_a_parked_long_poll(tg: FakeTelegram, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_polling()
    await asyncio.wait_for(tg.stop(), timeout=5)
    assert await asyncio.wait_for(poll, timeout=5) == []


async def test_a_second_poller_terminates_the_first(tg: FakeTelegram, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_polling()
    second = asyncio.create_task(bot.get_updates(timeout=30))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, timeout=5)
    await tg.user(CHAT).send("for the second")
    assert len(await asyncio.wait_for(second, timeout=5)) == 1


# --------------------------------------------------------------------------- webhook push mode


async def test_webhook_push_with_secret_header_and_retries(tg: FakeTelegram, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    got_update = asyncio.Event()
    answers = iter([500, 200, 200])

    async def hook(request: web.Request) -> web.Response:
        status = next(answers)
        if status == 200:
            received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
            got_update.set()
        return web.json_response({}, status=status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner, base = await local_site(app)
    tg.webhook_retry_delay = 0.01
    try:
        assert await bot.set_webhook(f"{base}/hook", secret_token="s3cr3t-Token_1")
        assert tg.webhook is not None and tg.webhook["secret_token"] == "s3cr3t-Token_1"
        await tg.user(CHAT).send("hello hook")
        await asyncio.wait_for(got_update.wait(), timeout=5)
        await tg.wait_idle()
        secret, update = received[0]
        assert secret == "s3cr3t-Token_1" and update["message"]["text"] == "hello hook"
        assert [p.status for p in tg.pushes] == [500, 200]
        info = await bot.get_webhook_info()
        assert info.url == f"{base}/hook" and info.pending_update_count == 0
        assert info.last_error_message is not None and "500" in info.last_error_message
        with pytest.raises(
            TelegramConflictError, match="can't use getUpdates method while webhook is active"
        ):
            await bot.get_updates()
    finally:
        await runner.cleanup()

    # the bot's server is gone: attempts are retried, recorded, and the update is finally dropped
    await tg.user(CHAT).send("nobody listens")
    await tg.wait_idle()
    assert [p.status for p in tg.pushes[2:]] == [None] * tg.webhook_max_attempts
    assert all(p.error and "Connection failed" in p.error for p in tg.pushes[2:])

    assert await bot.delete_webhook()
    assert tg.webhook is None and (await bot.get_webhook_info()).url == ""
    await tg.user(CHAT).send("polled again")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["polled again"]


async def test_webhook_reply_from_a_real_aiogram_webhook_handler(tg: FakeTelegram, bot: Bot) -> None:
    router = Router()

    @router.message()
    async def echo(message: Message) -> Any:
        return message.answer(f"echo: {html_decoration.quote(message.text or '')}")  # webhook reply

    dp = Dispatcher()
    dp.include_router(router)
    app = web.Application()
    SimpleRequestHandler(dp, bot, secret_token="right", handle_in_background=False).register(app, path="/wh")
    runner, base = await local_site(app)
    tg.webhook_retry_delay = 0.01
    try:
        await bot.set_webhook(f"{base}/wh", secret_token="right", drop_pending_updates=True)
        user = tg.user(CHAT)
        await user.send("a <tag> & more")
        reply = await user.expect("echo:")
        assert reply.text == "echo: a <tag> & more"
        assert tg.pushes[-1].status == 200

        await bot.set_webhook(f"{base}/wh", secret_token="wrong")
        await user.send("rejected")
        await tg.wait_idle()
        assert {p.status for p in tg.pushes[1:]} == {401}
    finally:
        await bot.delete_webhook()
        await runner.cleanup()
