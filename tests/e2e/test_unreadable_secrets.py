"""A tracker's stored secret that the bot cannot decrypt any more (SECRET_KEY changed, or the stored
copy damaged): every command that needs it says "enter this tracker's key again", naming the
tracker, with the button that opens entering it — never an error id. /hook never replaces an
unreadable webhook secret on its own: the URL in Keitaro keeps working.

The situation is built the way a changed key looks for one row: the bot is stopped, the row is
re-encrypted with another SECRET_KEY, the bot starts again with its own key."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable

import aiohttp
import pytest

from storage import SecretBox
from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import add_tracker, wait_until
from tests.e2e.test_postback import latest_click
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

OTHER_KEY = "another-secret-key-0123456789abcdef"
KEY_SENTENCE = "Vault: send the Admin API key again"
PB_SENTENCE = "Vault: send the postback URL again"


async def _garble(runner: BotRunner, table: str, column: str, purpose: str, plaintext: str) -> None:
    """Stop the bot, store ``column`` of the one row of ``table`` encrypted with another SECRET_KEY
    (bound to the right owner and purpose), start the bot again."""
    await runner.stop()
    db = sqlite3.connect(runner.tmp_path / "bot.sqlite3")
    (owner,) = db.execute("SELECT owner_id FROM trackers WHERE name = 'Vault'").fetchone()
    blob = SecretBox(OTHER_KEY).encrypt(plaintext, owner_id=owner, purpose=purpose)
    assert db.execute(f"UPDATE {table} SET {column} = ?", (blob,)).rowcount == 1
    db.commit()
    db.close()
    await runner.start()


async def _card_test(user: FakeUser) -> None:
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("★ Vault")
    card = await user.expect("Vault", kind="edited")
    assert "I cannot read the stored API key" in card.text  # the card itself says so
    await user.press("Test connection")


# how a person reaches each command's first use of the key: (what they type, what they then see,
# what they press or type next); the tracker card has its own walk
COMMANDS: dict[str, tuple[str, ...] | Callable[[FakeUser], Awaitable[None]]] = {
    "stats": ("/stats",),
    "conversions": ("/conversions",),
    "clicks": ("/clicks", "find a click", "3f9a8b7c6d5e4f"),
    "logs": ("/logs",),
    "campaigns": ("/campaigns",),
    "postback": ("/postback", "click ID", "press:Recent clicks"),
    "trackers-card": _card_test,
}


async def _reach(user: FakeUser, command: str) -> None:
    walk = COMMANDS[command]
    if callable(walk):
        await walk(user)
        return
    first, *rest = walk
    await user.send(first)
    for seen, then in zip(rest[::2], rest[1::2], strict=True):
        await user.expect(seen)
        if then.startswith("press:"):
            await user.press(then.removeprefix("press:"))
        else:
            await user.send(then)


@pytest.mark.parametrize("command", list(COMMANDS))
async def test_every_command_that_needs_an_unreadable_key_asks_to_enter_it_again(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, command: str
) -> None:
    await runner.start()
    user = tg.user(9101)
    await add_tracker(user, keitaro, name="Vault", postback=keitaro.postback_url)
    await _garble(runner, "trackers", "api_key_enc", "tracker.api_key", ADMIN_KEY)
    user.skip_seen()
    await _reach(user, command)
    said = await user.expect(KEY_SENTENCE)
    assert said.labels() == ["🔑 Re-enter API key"]
    assert not any("Error id" in m.text for m in user.messages())


async def test_entering_the_key_again_from_the_button_makes_the_command_work_again(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.start()
    user = tg.user(9102)
    await add_tracker(user, keitaro, name="Vault")
    await user.send("/lang")
    await user.expect("🌐 Language")
    await user.press("Русский")
    await user.expect("Язык: русский")
    await _garble(runner, "trackers", "api_key_enc", "tracker.api_key", ADMIN_KEY)
    user.skip_seen()
    await user.send("/campaigns")
    said = await user.expect("Vault: отправьте ключ Admin API заново")
    assert said.labels() == ["🔑 Ввести ключ заново"]
    await user.press("🔑 Ввести ключ заново", message=said)
    await user.expect("Отправьте новый ключ Admin API для Vault")
    typed = await user.send(ADMIN_KEY)
    await user.expect_deleted(typed.message_id)
    await user.expect("ключ API заменён")
    await user.send("/campaigns")
    listing = await user.expect("Vault")
    active = [c for c in keitaro.state.live("campaigns") if c["state"] == "active"]
    assert f"({len(active)})" in listing.text
    assert not any("id ошибки" in m.text.lower() for m in user.messages())


async def test_an_unreadable_postback_url_is_asked_for_again(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.start()
    user = tg.user(9103)
    await add_tracker(user, keitaro, name="Vault", postback=keitaro.postback_url)
    await _garble(runner, "trackers", "postback_url_enc", "tracker.postback_url", keitaro.postback_url)
    user.skip_seen()
    await user.send("/postback")
    await user.expect("click ID")
    await user.send(latest_click(keitaro))  # the summary comes next: it needs the postback URL
    said = await user.expect(PB_SENTENCE)
    assert said.labels() == ["🔗 Re-enter postback URL"]
    await user.press("🔗 Re-enter postback URL", message=said)
    await user.expect("Postback URL of Vault (now: ⚠️ cannot be read)")
    typed = await user.send(keitaro.postback_url)
    await user.expect_deleted(typed.message_id)
    card = await user.expect("postback URL saved")
    assert "cannot be read" not in card.text
    assert not any("Error id" in m.text for m in user.messages())


async def test_hook_never_replaces_an_unreadable_webhook_secret_on_its_own(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    user = tg.user(9104)
    await add_tracker(user, keitaro, name="Vault")
    await user.send("/hook")
    screen = await user.expect("Conversion pushes for Vault")
    match = re.search(r"/hooks/conversions/([^?\s]+)", screen.text)
    assert match, screen.text
    old_secret = match.group(1)
    await _garble(runner, "webhook_secrets", "secret_enc", "tracker.webhook_secret", old_secret)
    app = runner.running
    db = sqlite3.connect(runner.tmp_path / "bot.sqlite3")
    before = db.execute("SELECT secret_hash, secret_enc FROM webhook_secrets").fetchall()

    user.skip_seen()
    await user.send("/hook")
    screen = await user.expect("Conversion pushes for Vault")
    assert "cannot be read with the bot's current SECRET_KEY" in screen.text
    assert "keeps working" in screen.text
    assert "/hooks/conversions/" not in screen.text
    assert "🔐 New secret" in screen.labels()
    assert db.execute("SELECT secret_hash, secret_enc FROM webhook_secrets").fetchall() == before

    base = f"http://127.0.0.1:{app.http_port}/hooks/conversions"
    query = {"subid": "s1", "status": "sale"}
    async with aiohttp.ClientSession() as http, http.get(f"{base}/{old_secret}", params=query) as resp:
        assert resp.status == 200  # the URL pasted into Keitaro still works

    await user.press("🔐 New secret")  # only an explicit, confirmed press makes a new one
    await user.expect("Make a new secret?", kind="edited")
    await user.press("🔐 Yes, new secret")
    fresh = await user.expect("New secret made", kind="edited")
    await wait_until(lambda: db.execute("SELECT secret_hash FROM webhook_secrets").fetchall() != before[:1])
    assert "/hooks/conversions/" in fresh.text and old_secret not in fresh.text
    db.close()
