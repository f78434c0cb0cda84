"""The fake Telegram Bot API server, driven by a real aiogram Bot (and Dispatcher where it matters):
the protocol, the user driver, getUpdates and webhook push mode."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramNotFound,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    Message,
)
from aiogram.utils.text_decorations import html_decoration
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.component.fake_telegram.support import CHAT, keyboard, local_site, make_bot, polling
from tests.fakes.telegram import (
    FakeTelegram,
)

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
