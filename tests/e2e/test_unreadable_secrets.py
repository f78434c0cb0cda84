"""A tracker's stored secret that the bot cannot decrypt any more (SECRET_KEY changed, or the stored
copy damaged): every command that needs it says "enter this tracker's key again", naming the
tracker, with the button that opens entering it — never an error id."""

from __future__ import annotations

import sqlite3

import pytest

from storage import SecretBox
from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

OTHER_KEY = "another-secret-key-0123456789abcdef"


async def _garble(runner: BotRunner, tracker: str, column: str, purpose: str, plaintext: str) -> None:
    """Stop the bot and store ``column`` of ``tracker`` encrypted with another SECRET_KEY (what a
    changed key looks like for that one row), then start the bot again."""
    await runner.stop()
    db = sqlite3.connect(runner.tmp_path / "bot.sqlite3")
    owner = db.execute("SELECT owner_id FROM trackers WHERE name = ?", (tracker,)).fetchone()[0]
    blob = SecretBox(OTHER_KEY).encrypt(plaintext, owner_id=owner, purpose=purpose)
    db.execute(f"UPDATE trackers SET {column} = ? WHERE name = ?", (blob, tracker))  # noqa: S608
    db.commit()
    db.close()
    await runner.start()


@pytest.mark.parametrize("command", ["/stats", "/conversions", "/clicks", "/logs", "/campaigns", "/postback"])
async def test_probe(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, command: str) -> None:
    await runner.start()
    user = tg.user(9101)
    await add_tracker(user, keitaro, name="Vault", postback=keitaro.postback_url)
    await _garble(runner, "Vault", "api_key_enc", "tracker.api_key", ADMIN_KEY)
    user.skip_seen()
    await user.send(command)
    try:
        await user.expect("must be entered again", timeout=5)
    finally:
        print(command, "\n", user.screen())
