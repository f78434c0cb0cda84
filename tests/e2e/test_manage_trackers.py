"""Point 5: /trackers — list, add, make active, rename, test connection, remove with confirmation."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

pytestmark = pytest.mark.usefixtures("bot")


async def test_list_switch_rename_test_and_remove(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(4001)
    await add_tracker(user, keitaro, name="Alpha")
    await add_tracker(user, keitaro, name="Beta")

    await user.send("/trackers")
    listing = await user.expect("Your trackers (2)")
    assert listing.buttons()[:2] == [["★ Alpha"], ["Beta"]]

    # make Beta active
    await user.press("Beta")
    card = await user.expect("Beta", kind="edited")
    assert "★ active" not in card.text
    await user.press("Make active")
    card = await user.expect("is now the active tracker", kind="edited")
    assert "Beta" in card.text and "★ active" in card.text
    await user.send("/start")
    await user.expect("Active tracker: Beta")

    # test connection names the tracker
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("Alpha")
    await user.expect("Alpha", kind="edited")
    await user.press("Test connection")
    ok = await user.expect("connected", kind="edited")
    assert f"Alpha: connected, {len(keitaro.state.live('campaigns'))} campaigns" in ok.text

    keitaro.mode = "server_error"
    await user.press("Test connection")
    failed = await user.expect("Connection test failed", kind="edited")
    assert "Alpha: the tracker had an internal error (500)" in failed.text
    keitaro.mode = "normal"

    # rename, with validation
    await user.press("Rename")
    await user.expect("New name for Alpha")
    await user.send("beta")
    await user.expect("already have a tracker named “beta”")
    await user.send("Gamma")
    renamed = await user.expect("is now called Gamma")
    assert "“Alpha” is now called Gamma" in renamed.text

    # time zone change
    await user.press("Time zone")
    await user.expect("Time zone of Gamma")
    await user.send("Asia/Almaty")
    await user.expect("time zone set to Asia/Almaty")

    # remove asks first; "No" keeps it
    await user.press("Remove")
    confirm = await user.expect("🗑 Remove Gamma?\nI forget its address and key.", kind="edited")
    assert "Nothing changes in the tracker itself" in confirm.text
    await user.press("No, keep it")
    await user.expect("Gamma", kind="edited")
    assert runner.app is not None
    assert len(await runner.app.ctx.trackers.list(4001)) == 2

    await user.press("Remove")
    await user.expect("Remove Gamma", kind="edited")
    await user.press("Yes, remove")
    gone = await user.expect("removed", kind="edited")
    assert "Gamma" in gone.text
    assert [t.name for t in await runner.app.ctx.trackers.list(4001)] == ["Beta"]
    audit = [e.action for e in await runner.app.ctx.audit.for_user(4001)]
    assert {"tracker.add", "tracker.activate", "tracker.rename", "tracker.timezone", "tracker.remove"} <= set(
        audit
    )


async def test_removing_the_active_tracker_promotes_another(
    tg: FakeTelegram, keitaro: KeitaroEmulator
) -> None:
    user = tg.user(4002)
    await add_tracker(user, keitaro, name="One")
    await add_tracker(user, keitaro, name="Two")
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("★ One")
    await user.expect("One", kind="edited")
    await user.press("Remove")
    await user.expect("Remove One", kind="edited")
    await user.press("Yes, remove")
    msg = await user.expect("Active now: Two", kind="edited")
    assert msg.buttons()[0] == ["★ Two"]


async def test_someone_elses_tracker_id_finds_nothing(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    owner, other = tg.user(4003), tg.user(4004)
    await add_tracker(owner, keitaro, name="Private")
    assert runner.app is not None
    (theirs,) = await runner.app.ctx.trackers.list(4003)
    await add_tracker(other, keitaro, name="Mine")
    await other.send("/trackers")
    listing = await other.expect("Your trackers")
    data = listing.button_data("★ Mine")
    assert data is not None and data.endswith(":" + str(theirs.id + 1))
    forged = data[: data.rindex(":") + 1] + str(theirs.id)
    # a modified client sends the other user's tracker id in the callback data
    markup = copy.deepcopy(listing.reply_markup)
    assert markup is not None
    markup["inline_keyboard"][0][0]["callback_data"] = forged
    await other.press(forged, message=dataclasses.replace(listing, reply_markup=markup))
    card = await other.expect("is gone or no longer shared with you", kind="edited")
    assert "Private" not in card.text
    assert not any("Remove" in b for row in card.buttons() for b in row)


async def test_empty_list_offers_to_add(tg: FakeTelegram) -> None:
    user = tg.user(4005, language_code="ru")
    await user.send("/trackers")
    msg = await user.expect("нет трекеров")
    assert any("Добавить трекер" in b for row in msg.buttons() for b in row)


async def test_replace_the_api_key_only_after_it_works(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    from tests.conftest import ADMIN_KEY, USER_KEY

    user = tg.user(4006)
    await add_tracker(user, keitaro, name="Rotate")
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("★ Rotate")
    await user.expect("Rotate", kind="edited")
    await user.press("Replace API key")
    await user.expect("new Admin API key for Rotate", kind="edited")
    wrong = await user.send("wrongKey0123456789")
    await user.expect_deleted(wrong.message_id)
    await user.expect("wrong API key (401)")
    await user.expect("old key is still in use", kind="sent")
    assert runner.app is not None
    (tracker,) = await runner.app.ctx.trackers.list(4006)
    assert runner.app.ctx.trackers.api_key(tracker) == ADMIN_KEY
    good = await user.send(USER_KEY)
    await user.expect_deleted(good.message_id)
    await user.expect("Rotate: connected")
    await user.expect("API key replaced", kind="sent")
    (tracker,) = await runner.app.ctx.trackers.list(4006)
    assert runner.app.ctx.trackers.api_key(tracker) == USER_KEY
    await user.press("Test connection")
    await user.expect("Rotate: connected", kind="edited")
    assert keitaro.requests[-1].api_key == USER_KEY  # the pooled client picked up the new key


async def test_set_and_remove_the_postback_url(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(4007)
    await add_tracker(user, keitaro, name="Pb")
    await user.send("/trackers")
    await user.expect("Your trackers")
    await user.press("★ Pb")
    await user.expect("Pb", kind="edited")
    await user.press("Postback URL")
    await user.expect("Postback URL of Pb (now: —)", kind="edited")
    await user.send("https://example.com/nope")
    await user.expect("not a Keitaro postback URL", kind="sent")
    msg = await user.send(keitaro.postback_url)
    await user.expect_deleted(msg.message_id)
    card = await user.expect("postback URL saved", kind="sent")
    assert keitaro.postback_key not in card.text and "/postback" in card.text
    assert runner.app is not None
    (tracker,) = await runner.app.ctx.trackers.list(4007)
    assert runner.app.ctx.trackers.postback_url(tracker) == keitaro.postback_url
    await user.press("Postback URL")
    await user.expect("Postback URL of Pb", kind="edited")
    await user.press("Remove it")
    await user.expect("postback URL removed", kind="edited")
    (tracker,) = await runner.app.ctx.trackers.list(4007)
    assert not tracker.has_postback_url


async def test_basic_alerts_after_adding_are_one_tap_and_never_twice(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    from alerts.rules import defaults

    user = tg.user(3019)
    card = await add_tracker(user, keitaro, name="Night")
    assert card.text.startswith("✅ Tracker added. Next: test a postback, or enable the basic alerts")
    assert card.buttons()[0] == ["🧪 Test a postback", "🚨 Basic alerts"]
    app = runner.running
    (tracker,) = await app.ctx.trackers.list(3019)
    assert await app.ctx.alerts.alerts.list_for_tracker(tracker.id) == []

    await user.press("🚨 Basic alerts", message=card)
    done = await user.expect("I enabled the basic alerts", kind="sent")
    lines = done.text.splitlines()
    assert (
        lines[0]
        == "🚨 Night: I enabled the basic alerts — Tracker down, No conversions, Postback problems."
    )
    assert "📣 Where the alerts go:" in lines
    assert any(line.startswith("• you, in a private chat") for line in lines)
    rules = await app.ctx.alerts.alerts.list_for_tracker(tracker.id)
    assert [(r.kind, r.campaign_id, r.enabled, r.owner_id) for r in rules] == [
        ("tracker_down", None, True, 3019),
        ("no_conversions", None, True, 3019),
        ("postback_problems", None, True, 3019),
    ]
    for rule in rules:
        assert rule.params == {**defaults(rule.kind), **rule.params}
        assert {k: rule.params[k] for k in defaults(rule.kind)} == defaults(rule.kind)
    sub = await app.ctx.alerts.subscriptions.get(3019, tracker.id)
    assert sub is not None and sub.active and sub.chat_type == "private"

    await user.press("🚨 Basic alerts", message=card)  # twice: nothing new
    again = await user.expect("already on", kind="sent")
    assert again.text.splitlines()[0] == (
        "🚨 Night: the basic alerts are already on — Tracker down, No conversions, Postback problems. "
        "I created nothing new."
    )
    assert len(await app.ctx.alerts.alerts.list_for_tracker(tracker.id)) == 3

    await user.press("🧪 Test a postback", message=card)  # the other next step: this tracker's test
    await user.expect("Night: I don't know this tracker's postback URL yet", kind="sent")
