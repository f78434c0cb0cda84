"""Point 6 (adding a tracker), 7 (cancel, unexpected input) and 8 (restart mid-conversation)."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_KEY, USER_KEY, BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

pytestmark = pytest.mark.usefixtures("bot")


async def _to_key_step(user: FakeUser, url: str, name: str = "Main") -> None:
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("New tracker — step 1 of 5")
    await user.send(url)
    await user.expect("New tracker — step 2 of 5")
    await user.send(name)
    await user.expect("Admin API key")


async def test_full_conversation_saves_an_active_tracker(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(3001)
    await _to_key_step(user, keitaro.url, name="Main <EU>")
    key_msg = await user.send(ADMIN_KEY)
    await user.expect_deleted(key_msg.message_id)
    note = await user.expect("was deleted from the chat")
    assert ADMIN_KEY not in note.text
    ok = await user.expect("connected")
    n = len(keitaro.state.live("campaigns"))
    assert f"Main <EU>: connected, {n} campaigns" in ok.text
    await user.expect("postback URL")
    pb = await user.send(f"{keitaro.base}/a1b2c3d4e5/postback")
    await user.expect_deleted(pb.message_id)
    saved = await user.expect("Postback URL saved")
    assert "a1b2c3d4e5" not in saved.text
    tz = await user.expect("time zone")
    assert "Europe/Moscow (from the tracker)" in [b for row in tz.buttons() for b in row]
    await user.press("Europe/Moscow (from the tracker)")
    card = await user.expect("Tracker added")
    assert "Main <EU>" in card.text and "★ active" in card.text
    assert "Europe/Moscow" in card.text
    assert "a1b2…d4e5" not in card.text  # short keys are masked more
    assert "a1b2c3d4e5" not in card.text

    assert runner.app is not None
    trackers = await runner.app.ctx.trackers.list(3001)
    assert [(t.name, t.timezone, t.is_active, t.has_postback_url) for t in trackers] == [
        ("Main <EU>", "Europe/Moscow", True, True)
    ]
    assert runner.app.ctx.trackers.api_key(trackers[0]) == ADMIN_KEY
    # the live check was an authenticated call to the Admin API
    assert any(r.path.endswith("/admin_api/v1/campaigns") for r in keitaro.requests)


async def test_wrong_key_is_explained_and_can_be_retried_without_starting_over(
    tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    user = tg.user(3002)
    await _to_key_step(user, keitaro.url)
    await user.send("wrongKey0123456789")
    failed = await user.expect("wrong API key (401)")
    assert "Main" in failed.text
    retry = await user.expect("Send another key")
    assert "Admin API key" in retry.text
    await user.send(ADMIN_KEY)
    await user.expect("connected")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("edition_402", "no Admin API (402)"),
        ("html", "web page instead of the API"),
        ("cloudflare", "Cloudflare blocked"),
        ("server_error", "internal error"),
    ],
)
async def test_tracker_failures_get_one_clear_sentence(
    tg: FakeTelegram, keitaro: KeitaroEmulator, mode: str, expected: str
) -> None:
    user = tg.user(3003)
    await _to_key_step(user, keitaro.url)
    keitaro.mode = mode
    await user.send(ADMIN_KEY)
    await user.expect(expected)
    await user.expect("Send another key")
    keitaro.mode = "normal"
    await user.send(ADMIN_KEY)
    await user.expect("connected")


async def test_key_without_rights_is_explained(tg: FakeTelegram, keitaro: KeitaroEmulator) -> None:
    keitaro.api_keys["n0RightsKey0123456789"] = "none"
    user = tg.user(3004)
    await _to_key_step(user, keitaro.url)
    await user.send("n0RightsKey0123456789")
    await user.expect("no rights")


async def test_user_key_works_and_time_zone_falls_back_to_utc(
    tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    user = tg.user(3005)
    await _to_key_step(user, keitaro.url)
    await user.send(USER_KEY)
    await user.expect("connected")
    await user.expect("postback URL")
    await user.press("Skip")
    tz = await user.expect("time zone")
    labels = [b for row in tz.buttons() for b in row]
    assert labels[0] == "UTC" and not any("from the tracker" in b for b in labels)
    await user.send("mars/olympus")
    await user.expect("don't know this time zone")
    await user.send("europe/berlin")
    card = await user.expect("Tracker added")
    assert "Europe/Berlin" in card.text


async def test_timeout_refused_dns_and_tls_are_each_explained(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    from tests.conftest import free_port

    assert runner.app is not None
    runner.app.ctx.clients.timeout = 0.5
    user = tg.user(3006)
    await _to_key_step(user, keitaro.url)
    keitaro.mode = "slow"
    keitaro.slow_seconds = 5
    await user.send(ADMIN_KEY)
    await user.expect("did not answer in time")
    keitaro.mode = "normal"

    await user.press("Change address")
    await user.expect("admin address")
    await user.send(f"http://127.0.0.1:{free_port()}/admin/")
    await user.expect("Admin API key")
    await user.send(ADMIN_KEY)
    await user.expect("connection refused")

    await user.press("Change address")
    await user.send("https://tracker.does-not-exist.invalid/admin/")
    await user.expect("Admin API key")
    await user.send(ADMIN_KEY)
    await user.expect("does not resolve")

    tls = KeitaroEmulator(api_keys={ADMIN_KEY: "admin"}, tls=True)
    await tls.start()
    try:
        await user.press("Change address")
        await user.send(tls.url)
        await user.expect("Admin API key")
        await user.send(ADMIN_KEY)
        await user.expect("certificate check failed")
    finally:
        await tls.stop()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://tracker.example.com/admin", "must start with http:// or https://"),
        ("https://user:pw@tracker.example.com/admin", "without a login and password"),
        ("just some words", "does not look like a web address"),
    ],
)
async def test_bad_addresses_are_refused_with_a_reason(tg: FakeTelegram, url: str, reason: str) -> None:
    user = tg.user(3007)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("admin address")
    await user.send(url)
    msg = await user.expect(reason)
    assert "admin address" in msg.text  # the question is asked again in the same message


async def test_private_addresses_are_refused_unless_allowed(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.stop()
    await runner.start(allow_private_tracker_addresses=False)
    user = tg.user(3008)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("admin address")
    for url in (
        keitaro.url,
        "http://localhost/admin/",
        "http://10.1.2.3/admin/",
        "http://169.254.169.254/",
        "http://[::1]:8080/admin/",
        "http://192.168.0.10/admin/",
    ):
        await user.send(url)
        await user.expect("private or local network")
    assert keitaro.requests == []  # nothing was probed


async def test_name_is_validated(tg: FakeTelegram, keitaro: KeitaroEmulator) -> None:
    user = tg.user(3009)
    await add_tracker(user, keitaro, name="Main")
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("Add tracker")
    await user.expect("admin address")
    await user.send(keitaro.url)
    await user.expect("What shall we call it?")
    await user.send("x" * 41)
    await user.expect("The name is too long — at most 40 characters, and this one has 41.")
    await user.send("main")
    await user.expect("already have a tracker named “main”")
    await user.send("Second")
    await user.expect("Admin API key")


async def test_bad_key_format_is_refused_and_still_deleted(
    tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    user = tg.user(3010)
    await _to_key_step(user, keitaro.url)
    msg = await user.send("my key is abc")
    await user.expect_deleted(msg.message_id)
    await user.expect("has no spaces")
    assert keitaro.requests == []


async def test_bad_postback_url_is_refused_then_skippable(tg: FakeTelegram, keitaro: KeitaroEmulator) -> None:
    user = tg.user(3011)
    await _to_key_step(user, keitaro.url)
    await user.send(ADMIN_KEY)
    await user.expect("postback URL")
    await user.send("https://example.com/not-a-postback")
    await user.expect("not a Keitaro postback URL")
    await user.press("Skip")
    await user.expect("time zone")


async def test_photo_instead_of_text_is_answered(tg: FakeTelegram) -> None:
    user = tg.user(3012)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("New tracker")
    await user.send_photo()
    await user.expect("I need a text message here")


@pytest.mark.parametrize("step", ["url", "name", "key", "postback", "timezone"])
async def test_cancel_leaves_from_any_step_and_saves_nothing(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, step: str
) -> None:
    user = tg.user(3013)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("New tracker")
    if step != "url":
        await user.send(keitaro.url)
        await user.expect("What shall we call it?")
    if step not in ("url", "name"):
        await user.send("Main")
        await user.expect("Admin API key")
    if step not in ("url", "name", "key"):
        await user.send(ADMIN_KEY)
        await user.expect("postback URL")
    if step == "timezone":
        await user.press("Skip")
        await user.expect("time zone")
    await user.send("/cancel")
    await user.expect("Cancelled")
    assert runner.app is not None
    assert await runner.app.ctx.trackers.list(3013) == []
    assert await runner.app.db.fetch_value("SELECT COUNT(*) FROM trackers") == 0
    await user.send("Main")  # no longer in the conversation
    await user.expect("/help")


async def test_cancel_button_leaves_too(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(3014)
    await _to_key_step(user, keitaro.url)
    await user.send(ADMIN_KEY)
    await user.expect("postback URL")
    await user.press("Cancel")
    await user.expect("Cancelled")
    assert runner.app is not None
    assert await runner.app.db.fetch_value("SELECT COUNT(*) FROM trackers") == 0


async def test_conversation_survives_a_restart(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(3015)
    await _to_key_step(user, keitaro.url, name="Persistent")
    await runner.restart()
    await user.send(ADMIN_KEY)
    ok = await user.expect("connected")
    assert "Persistent" in ok.text
    await user.expect("postback URL")
    await runner.restart()
    await user.press("Skip")
    await user.expect("time zone")
    await user.press("UTC")
    card = await user.expect("Tracker added")
    assert "Persistent" in card.text


async def test_two_fast_messages_are_handled_in_order(tg: FakeTelegram, keitaro: KeitaroEmulator) -> None:
    user = tg.user(3016)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    await user.expect("New tracker")
    await user.send(keitaro.url)
    await user.send("Fast")  # sent before the bot answered the first one
    await user.expect("Admin API key")


async def test_start_during_a_conversation_keeps_it(tg: FakeTelegram, keitaro: KeitaroEmulator) -> None:
    user = tg.user(3017)
    await _to_key_step(user, keitaro.url)
    await user.send("/start")
    await user.expect("where you stopped")
    await user.expect("Admin API key")
    await user.send(ADMIN_KEY)
    await user.expect("connected")


async def test_the_address_comes_first_and_its_host_is_offered_as_the_name(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(3018)
    await user.send("/start")
    await user.expect("Hi,")
    await user.press("Connect a tracker")
    first = await user.expect("New tracker — step 1 of 5")
    assert "Send the admin address" in first.text
    await user.send(keitaro.url)
    ask = await user.expect("New tracker — step 2 of 5")
    assert f"Address: {keitaro.url}" in ask.text
    assert ask.buttons()[0] == ["🏷 127.0.0.1"]
    await user.press("🏷 127.0.0.1")
    key = await user.expect("Admin API key")
    assert "127.0.0.1 — step 3 of 5" in key.text
    await user.send(ADMIN_KEY)
    await user.expect("postback URL")
    await user.press("Skip")
    await user.expect("time zone")
    await user.press("UTC")
    card = await user.expect("Tracker added")
    assert "📡 127.0.0.1 ★ active" in card.text
    # the next tracker on the same host gets a name of its own
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("Add tracker")
    await user.expect("admin address")
    await user.send(keitaro.url)
    again = await user.expect("What shall we call it?")
    assert again.buttons()[0] == ["🏷 127.0.0.1 2"]
