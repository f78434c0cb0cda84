"""Test conversions out: "↩️ Undo the test conversion" after a recorded test (a second postback
with the status rejected for the same click and tid, verified in the conversions log), the undo
refused by the tracker and retried, and the postback-test card's live-traffic warning."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker
from tests.e2e.test_postback import latest_click, postbacks_received, to_summary
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

HOUR = 3600.0


@pytest.fixture
async def ready(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    app = await runner.start()
    app.ctx.postback_verify_interval = 0.05
    app.ctx.postback_verify_timeout = 3
    user = tg.user(6101)
    await add_tracker(user, keitaro, postback=keitaro.postback_url)
    return user


UNDO = "↩️ Undo the test conversion"


def stored_test(keitaro: KeitaroEmulator, click: str) -> dict[str, Any]:
    return next(c for c in keitaro.state.conversions if c["sub_id"] == click and c["tid"].startswith("test-"))


async def record_a_test(user: FakeUser, click: str) -> None:
    await to_summary(user, click)
    await user.press("Send")
    verdict = await user.expect("Recorded", kind="edited")
    assert UNDO in verdict.labels()


def actions(entries: list[Any]) -> list[tuple[str, Any]]:
    return [(e.action, e.details.get("answer") or e.details.get("verdict")) for e in entries]


@pytest.mark.date_sensitive
async def test_undo_rejects_the_test_conversion(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user, click = ready, latest_click(keitaro)
    await record_a_test(user, click)
    stored = stored_test(keitaro, click)
    assert stored["status"] == "lead"
    await user.press(UNDO)
    done = await user.expect("Undone", kind="edited")
    assert "as rejected (was lead)" in done.text
    assert UNDO not in done.labels()  # nothing left to undo
    await keitaro.wait_postbacks()
    assert (stored["status"], stored["previous_status"]) == ("rejected", "lead")
    first, second = postbacks_received(keitaro)
    tid = stored["tid"]
    assert f"tid={tid}" in first and f"tid={tid}" in second  # the same conversion, not a new one
    assert "status=rejected" in second and f"subid={click}" in second
    assert len([c for c in keitaro.state.conversions if c["tid"] == tid]) == 1
    assert runner.app is not None
    audit = actions(await runner.app.ctx.audit.for_user(6101))
    assert ("postback.undo", "accepted") in audit and ("postback.undo_verdict", "recorded") in audit


@pytest.mark.date_sensitive
async def test_undo_refused_by_the_tracker_then_retried(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user, click = ready, latest_click(keitaro)
    await record_a_test(user, click)
    stored = stored_test(keitaro, click)
    saved_key = keitaro.postback_key
    keitaro.postback_key = "rotatedKey99"  # the tracker's postback key changed since the test
    await user.press(UNDO)
    failed = await user.expect("The undo did not go through", kind="edited")
    assert "the postback key is wrong" in failed.text and "try again" in failed.text
    assert UNDO in failed.labels()  # kept to retry
    assert saved_key not in failed.text
    await keitaro.wait_postbacks()
    assert stored["status"] == "lead"  # nothing changed on the tracker
    keitaro.postback_key = saved_key  # fixed: the retry goes through
    await user.press(UNDO)
    await user.expect("Undone", kind="edited")
    await keitaro.wait_postbacks()
    assert (stored["status"], stored["previous_status"]) == ("rejected", "lead")
    assert runner.app is not None
    entries = await runner.app.ctx.audit.for_user(6101)
    undo_answers = [e.details.get("answer") for e in entries if e.action == "postback.undo"]
    assert sorted(undo_answers) == ["accepted", "wrong_key"]


async def test_undo_when_the_tracker_does_not_answer(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user, click = ready, latest_click(keitaro)
    await record_a_test(user, click)
    keitaro.mode = "down"
    await user.press(UNDO)
    failed = await user.expect("The undo did not go through", kind="edited")
    assert "the tracker answered with an error (HTTP 503)" in failed.text
    assert UNDO in failed.labels()
    keitaro.mode = "normal"
    await user.press(UNDO)
    await user.expect("Undone", kind="edited")


# ---------------------------------------------------------------- live traffic on the card


def campaign_click(keitaro: KeitaroEmulator, *, avoid: int | None = None) -> dict[str, Any]:
    """An older click (2–20 hours ago) of a campaign other than ``avoid``."""
    now = keitaro.clock().timestamp()
    return next(
        c
        for c in sorted(keitaro.state.clicks, key=lambda c: -c["_ts"])
        if 2 * HOUR < now - c["_ts"] < 20 * HOUR and c["campaign_id"] != avoid
    )


def set_recent_clicks(keitaro: KeitaroEmulator, campaign_id: int, count: int) -> None:
    """Exactly ``count`` clicks of the campaign in the last hour (the rest moved hours back)."""
    now = keitaro.clock().timestamp()
    mine = [c for c in keitaro.state.clicks if c["campaign_id"] == campaign_id]
    for c in mine:
        if now - c["_ts"] < 2 * HOUR:
            c["_ts"] = now - 3 * HOUR
    olds = [c for c in mine if now - c["_ts"] > 21 * HOUR][:count]
    for n, c in enumerate(olds):
        c["_ts"] = now - 60 * (5 + n)


@pytest.mark.date_sensitive
async def test_the_card_warns_about_a_campaign_with_live_traffic(
    ready: FakeUser, keitaro: KeitaroEmulator
) -> None:
    live = campaign_click(keitaro)
    quiet = campaign_click(keitaro, avoid=live["campaign_id"])
    set_recent_clicks(keitaro, live["campaign_id"], 2)
    set_recent_clicks(keitaro, quiet["campaign_id"], 0)
    name = keitaro.state.campaigns[live["campaign_id"]]["name"]

    card = await to_summary(ready, live["sub_id"])
    assert f"Campaign “{name}” has live traffic: 2 clicks in the last hour" in card.text
    assert "undo it after the test" in card.text
    await ready.press("Cancel")
    await ready.expect("Cancelled, nothing was saved", kind="sent")

    card = await to_summary(ready, quiet["sub_id"])
    assert "live traffic" not in card.text
    assert "records a real conversion" in card.text
