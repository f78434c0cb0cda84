"""The longest screens fit a phone: each is at most ~30 lines above its buttons, in both languages.

The screens were found by running the whole end-to-end suite with ``SCREEN_LOG`` (tests/screens.py)
and sorting every message the bot showed by its height on a phone; these are the longest ones a
person opens on purpose (a JSON envelope behind "Details" is a document and is left out). The log
screen is filled with long lines, the lists with a full page, the new-rule screen lists every kind.
Run with ``-s`` to see each screen's height.
"""

from __future__ import annotations

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.keitaro_emulator.traffic_logs import add_log
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser
from tests.screens import MAX_LINES, visual_lines

# "today" must hold hours of traffic in every zone shown (UTC, UTC+14, UTC-10), whatever the hour the
# suite runs at: 08:00 UTC is 22:00 in both far zones
pytestmark = pytest.mark.day_time(8)
NEW_RULE = {"en": "New rule", "ru": "Новое правило"}
HOUR = {"en": "hour", "ru": "часам"}


async def shown(user: FakeUser, command: str, anchor: str, *, kind: str | None = None) -> BotMessage:
    user.skip_seen()
    await user.send(command)
    return await user.expect(anchor, kind=kind, timeout=20)


async def until_built(user: FakeUser, first: BotMessage, anchor: str) -> BotMessage:
    """A screen that says "building…" first and is then edited into the result."""
    screen = first
    while anchor not in screen.text:
        screen = await user.expect(kind="edited", timeout=20)
    return screen


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_the_longest_screens_fit_a_phone(
    lang: str, tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    user = tg.user(9400 + len(lang), first_name="Oleg")
    await add_tracker(user, keitaro, postback=keitaro.postback_url)
    await app.ctx.set_language(user.id, lang)
    for n in range(12):
        add_log(
            keitaro.state,
            "postbacks",
            f"Received postback /pb/postback?subid=long-{n}&status=sale&" + "x" * 160,
        )
    click = max(keitaro.state.clicks, key=lambda c: c["_ts"])["sub_id"]

    screens: dict[str, BotMessage] = {}
    screens["/help"] = await shown(user, "/help", "/postback")
    newcomer = tg.user(9500 + len(lang), first_name="Ann", language_code=lang)
    screens["/start, first time"] = await shown(newcomer, "/start", "👋")
    screens["/stats"] = await until_built(user, await shown(user, "/stats", "📊"), "─")
    await user.press("🧩")
    await user.expect("🧩", kind="edited")
    await user.press(HOUR[lang])
    screens["/stats by hour"] = await until_built(user, await user.expect(kind="edited", timeout=20), "─")
    screens["/conversions"] = await until_built(user, await shown(user, "/conversions", "📊"), "💰")
    screens["/logs"] = await shown(user, "/logs", "🕒")
    screens["/clicks"] = await until_built(user, await shown(user, f"/clicks {click}", "🖱"), "🕒")
    screens["/postback summary"] = await shown(user, "/postback", "🧪")
    user.skip_seen()
    await user.send(str(click))
    screens["/postback summary"] = await user.expect("🧪", kind="sent", timeout=20)
    screens["/hook"] = await shown(user, "/hook", "🔗")
    await shown(user, "/alerts", "🚨")
    await user.press(NEW_RULE[lang])
    screens["new alert rule"] = await user.expect("➕", kind="edited")
    screens["/subscribe"] = await shown(user, "/subscribe", "🔔")

    heights = {name: visual_lines(message.html) for name, message in screens.items()}
    print(f"\n{lang}: " + ", ".join(f"{name} {lines}" for name, lines in heights.items()))
    too_tall = {name: lines for name, lines in heights.items() if lines > MAX_LINES}
    assert not too_tall, {name: screens[name].text for name in too_tall}
    assert all(lines >= 3 for lines in heights.values()), heights  # each is the real screen
