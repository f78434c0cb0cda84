"""The postback test, end to end: the bot, the fake Telegram and the Keitaro emulator."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser


@pytest.fixture
async def ready(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    """A user with one tracker whose postback URL is saved; verification polls fast."""
    app = await runner.start()
    app.ctx.postback_verify_interval = 0.05
    app.ctx.postback_verify_timeout = 3
    user = tg.user(6001)
    await add_tracker(user, keitaro, postback=keitaro.postback_url)
    return user


def latest_click(keitaro: KeitaroEmulator) -> str:
    return str(max(keitaro.state.clicks, key=lambda c: c["_ts"])["sub_id"])


def postbacks_received(keitaro: KeitaroEmulator) -> list[str]:
    return [urlencode(r.query) for r in keitaro.requests if r.path.endswith("/postback")]


async def to_summary(user: FakeUser, click: str, *, skip_all: bool = True) -> None:
    await user.send("/postback")
    await user.expect("click ID")
    await user.send(click)
    await user.expect("status", kind="sent")
    await user.press("lead")
    for step in ("payout", "cost", "currency", "transaction ID", "sub_id_1"):
        await user.expect(step, kind="edited")
        await user.press("Skip")
    await user.expect("URL that will be called", kind="edited")


@pytest.mark.date_sensitive
async def test_happy_path_records_the_conversion(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "keitaro", "aiogram", "handlers"):
        caplog.set_level(logging.DEBUG, logger=name)
    user, click = ready, latest_click(keitaro)
    await user.send("/postback")
    await user.expect("1/7 click ID")
    await user.send(click)
    status = await user.expect("2/7 status", kind="sent")
    assert "Click found" in status.text
    await user.press("sale")
    await user.expect("payout", kind="edited")
    await user.send("12,5")
    await user.expect("cost", kind="sent")
    await user.send("3")
    await user.expect("currency", kind="sent")
    await user.press("EUR")
    await user.expect("transaction ID", kind="edited")
    await user.press("Generate")
    await user.expect("sub_id_1", kind="edited")
    await user.send("adset-7")
    summary = await user.expect("URL that will be called", kind="sent")
    assert "records a real conversion" in summary.text
    url = next(line for line in summary.text.splitlines() if "/postback?" in line)
    assert keitaro.postback_key not in summary.text and "…" in url
    assert postbacks_received(keitaro) == []  # nothing is sent before Send

    await user.press("Send")
    sent = await user.expect("Sent to Main", kind="edited")
    assert "HTTP 200" in sent.text and "Success" in sent.text
    verdict = await user.expect("Recorded", kind="edited")
    # the query string the tracker received is exactly the one the summary showed
    (received,) = postbacks_received(keitaro)
    assert received == urlsplit(url).query
    assert "status=sale" in received and "payout=12.5" in received and "cost=3" in received
    assert "currency=EUR" in received and "sub_id_1=adset-7" in received and "tid=test-" in received
    stored = next(
        c for c in keitaro.state.conversions if c["sub_id"] == click and c["tid"].startswith("test-")
    )
    assert f"status sale, revenue {stored['revenue']:g} {stored['currency']}" in verdict.text
    assert "FB US Nutra" in verdict.text or "Campaign:" in verdict.text

    await user.press("Details")
    details = await user.expect("Details", kind="edited")
    assert keitaro.postback_key not in details.text and ADMIN_KEY not in details.text
    assert '"resource": "postback"' in details.text and '"resource": "conversions"' in details.text
    for message in user.messages():
        assert keitaro.postback_key not in message.text and ADMIN_KEY not in message.text
    assert runner.app is not None
    actions = [(e.action, e.details.get("click_id")) for e in await runner.app.ctx.audit.for_user(6001)]
    assert ("postback.send", click) in actions and ("postback.verdict", click) in actions
    assert (
        "postback" in caplog.text and keitaro.postback_key not in caplog.text and ADMIN_KEY not in caplog.text
    )


@pytest.mark.date_sensitive
async def test_unknown_click_is_explained_by_the_tracker_log(
    ready: FakeUser, keitaro: KeitaroEmulator
) -> None:
    user = ready
    await user.send("/postback")
    await user.expect("click ID")
    await user.send("nosuchclick42")
    missing = await user.expect("is not in Main's clicks log", kind="sent")
    assert "nosuchclick42" in missing.text
    await user.press("Continue anyway")
    await user.expect("status", kind="edited")
    await user.press("lead")
    for step in ("payout", "cost", "currency", "transaction ID", "sub_id_1"):
        await user.expect(step, kind="edited")
        await user.press("Skip")
    summary = await user.expect("URL that will be called", kind="edited")
    assert "not found in the last 30 days" in summary.text
    await user.press("Send")
    verdict = await user.expect("Not recorded", kind="edited")
    assert "SubID not found" in verdict.text and 'SubID not found "nosuchclick42"' in verdict.text


async def test_wrong_postback_key_is_reported_at_once(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.start()
    user = tg.user(6002)
    await add_tracker(user, keitaro, postback=f"{keitaro.base}/wrongKey123/postback")
    await to_summary(user, latest_click(keitaro))
    await user.press("Send")
    verdict = await user.expect("postback key is wrong", kind="edited")
    assert "Incorrect postback code" in verdict.text
    assert "wrongKey123" not in verdict.text


async def test_every_bad_input_is_re_asked_and_values_are_kept(
    ready: FakeUser, keitaro: KeitaroEmulator
) -> None:
    user, click = ready, latest_click(keitaro)
    await user.send("/postback")
    await user.expect("click ID")
    for bad, reason in (("a b", "has no spaces"), ("x" * 101, "too long"), ("a/b", "only letters")):
        await user.send(bad)
        await user.expect(reason, kind="sent")
    await user.send(click)
    await user.expect("status", kind="sent")
    await user.send("won")
    await user.expect("one of: lead, sale, rejected, rebill", kind="sent")
    await user.send("Rejected")
    await user.expect("payout", kind="sent")
    for bad, reason in (
        ("abc", "not a number"),
        ("-5", "can't be negative"),
        ("2000000", "typo"),
        ("1.123456", "4 digits"),
    ):
        await user.send(bad)
        await user.expect(reason, kind="sent")
    await user.send("7")
    await user.expect("cost", kind="sent")
    await user.send("zz")
    await user.expect("not a number", kind="sent")
    await user.send("0,25")
    await user.expect("currency", kind="sent")
    await user.press("Other")
    await user.expect("3-letter", kind="edited")
    await user.send("US")
    await user.expect("is 3 letters", kind="sent")
    await user.send("XYZ")
    await user.expect("XYZ is not an ISO currency code", kind="sent")
    await user.send("gbp")
    await user.expect("transaction ID", kind="sent")
    await user.send("t" * 201)
    await user.expect("too long", kind="sent")
    await user.send("tid-1")
    await user.expect("sub_id_1", kind="sent")
    await user.send_photo()
    await user.expect("I need a text message here", kind="sent")
    await user.send("s1")
    summary = await user.expect("URL that will be called", kind="sent")
    for value in (click, "rejected", "7", "0.25", "GBP", "tid-1", "s1"):
        assert value in summary.text


async def test_skipping_every_optional_step(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    click = latest_click(keitaro)
    await to_summary(ready, click)
    summary = ready.last_bot_message()
    assert summary is not None
    url = next(line for line in summary.text.splitlines() if "/postback?" in line)
    assert urlsplit(url).query == urlencode({"subid": click, "status": "lead"})
    assert summary.text.count("—") >= 5


async def test_edit_a_field_from_the_summary(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    await to_summary(ready, latest_click(keitaro))
    await ready.press("Edit a field")
    await ready.expect("Which field", kind="edited")
    await ready.press("Payout")
    await ready.expect("payout", kind="edited")
    await ready.send("9.99")
    summary = await ready.expect("URL that will be called", kind="sent")
    assert "payout=9.99" in summary.text and "status=lead" in summary.text


async def test_cancel_sends_nothing(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    await ready.send("/postback")
    await ready.expect("click ID")
    await ready.send(latest_click(keitaro))
    await ready.expect("status", kind="sent")
    await ready.send("/cancel")
    await ready.expect("Cancelled")
    await to_summary(ready, latest_click(keitaro))
    await ready.press("Cancel")
    await ready.expect("Cancelled")
    assert postbacks_received(keitaro) == []


async def test_one_line_form_goes_straight_to_the_summary(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    click = latest_click(keitaro)
    await ready.send(f"/postback {click} sale 3,5")
    summary = await ready.expect("URL that will be called", kind="sent")
    assert f"subid={click}&status=sale&payout=3.5" in summary.text
    await ready.send("/postback a b c d")
    await ready.expect("Usage: /postback")
    await ready.send("/postback abc won")
    bad = await ready.expect("one of: lead", kind="sent")
    assert "Usage" in bad.text


async def test_tracker_without_postback_url_asks_for_it_once(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    await runner.start()
    user = tg.user(6003)
    await add_tracker(user, keitaro)
    await user.send("/postback")
    await user.expect("no postback URL saved yet")
    bad = await user.send("https://example.com/nope")
    await user.expect_deleted(bad.message_id)
    await user.expect("not a Keitaro postback URL", kind="sent")
    good = await user.send(keitaro.postback_url)
    await user.expect_deleted(good.message_id)
    saved = await user.expect("Postback URL saved for Main")
    assert keitaro.postback_key not in saved.text
    await user.expect("click ID", kind="sent")
    assert runner.app is not None
    (tracker,) = await runner.app.ctx.trackers.list(6003)
    assert runner.app.ctx.trackers.postback_url(tracker) == keitaro.postback_url


async def test_restart_in_the_middle_loses_nothing(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    click = latest_click(keitaro)
    await ready.send("/postback")
    await ready.expect("click ID")
    await ready.send(click)
    await ready.expect("status", kind="sent")
    await ready.press("sale")
    await ready.expect("payout", kind="edited")
    app = await runner.restart()
    app.ctx.postback_verify_interval = 0.05
    await ready.send("4")
    await ready.expect("cost", kind="sent")
    await ready.press("Skip")
    for step in ("currency", "transaction ID", "sub_id_1"):
        await ready.expect(step, kind="edited")
        await ready.press("Skip")
    summary = await ready.expect("URL that will be called", kind="edited")
    assert f"subid={click}&status=sale&payout=4" in summary.text


@pytest.mark.date_sensitive
async def test_no_trace_then_check_again(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    assert runner.app is not None
    runner.app.ctx.postback_verify_timeout = 0.3
    keitaro.postbacks.pause()  # the tracker queues the postback but does not process it yet
    await to_summary(ready, latest_click(keitaro))
    await ready.press("Send")
    await ready.expect("No trace yet", kind="edited")
    keitaro.postbacks.resume()
    await keitaro.wait_postbacks()
    await ready.press("Check again")
    await ready.expect("Recorded", kind="edited")


async def test_several_trackers_are_offered_active_first(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    await add_tracker(ready, keitaro, name="Second", postback=keitaro.postback_url)
    await ready.send("/postback")
    picker = await ready.expect("Which tracker")
    assert picker.buttons()[0] == ["★ Main"]
    await ready.press("Second")
    step = await ready.expect("click ID", kind="edited")
    assert "Second" in step.text
