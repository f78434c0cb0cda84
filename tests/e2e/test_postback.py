"""The postback test, end to end: the bot, the fake Telegram and the Keitaro emulator."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import add_tracker, speak_russian
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser


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


async def to_summary(user: FakeUser, click: str) -> BotMessage:
    """/postback, the click ID — and the summary comes at once, with the defaults."""
    await user.send("/postback")
    await user.expect("click ID (subid)")
    await user.send(click)
    return await user.expect("I will call", kind="sent")


async def edit(user: FakeUser, field: str, step: str) -> None:
    """ "Edit a field" → ``field``: its step (``step`` in the text) is on the screen."""
    await user.press("Edit a field")
    await user.expect("Which field", kind="edited")
    await user.press(field)
    await user.expect(step, kind="edited")


@pytest.mark.date_sensitive
async def test_happy_path_records_the_conversion(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "keitaro", "aiogram", "handlers"):
        caplog.set_level(logging.DEBUG, logger=name)
    user, click = ready, latest_click(keitaro)
    first = await to_summary(user, click)
    assert "Status: lead" in first.text and "Transaction ID (tid): test-" in first.text
    await edit(user, "Status", "status")
    status = user.last_bot_message()
    assert status is not None and "Click found" in status.text
    await user.press("sale")
    await user.expect("Status: sale", kind="edited")
    await edit(user, "Payout", "payout")
    await user.send("12,5")
    await user.expect("Payout: 12.5", kind="sent")
    await edit(user, "Cost", "cost")
    await user.send("3")
    await user.expect("Cost: 3", kind="sent")
    await edit(user, "Currency", "currency")
    await user.press("EUR")
    await user.expect("Currency: EUR", kind="edited")
    await edit(user, "sub_id_1", "sub_id_1")
    await user.send("adset-7")
    summary = await user.expect("I will call", kind="sent")
    assert "records a real conversion" in summary.text
    url = next(line for line in summary.text.splitlines() if "/postback?" in line)
    assert keitaro.postback_key not in summary.text and "…" in url
    assert postbacks_received(keitaro) == []  # nothing is sent before Send

    await user.press("Send")
    verdict = await user.expect("Recorded", kind="edited")
    # the verdict first; the tracker's HTTP answer below it says it is not a record by itself
    lines = verdict.text.splitlines()
    assert lines[0].startswith("✅ Recorded.")
    answer = next(line for line in lines if line.startswith("📨"))
    assert "HTTP 200, Success — request accepted (not yet a record)" in answer
    # the query string the tracker received is exactly the one the summary showed
    (received,) = postbacks_received(keitaro)
    assert received == urlsplit(url).query
    assert "status=sale" in received and "payout=12.5" in received and "cost=3" in received
    assert "currency=EUR" in received and "sub_id_1=adset-7" in received and "tid=test-" in received
    stored = next(
        c for c in keitaro.state.conversions if c["sub_id"] == click and c["tid"].startswith("test-")
    )
    assert (stored["revenue"], stored["currency"]) == (13.5, "USD")  # Keitaro converted the EUR
    assert lines[1:4] == ["Sent → stored:", "Status: sale → sale", "Payout: 12.5 EUR → 13.5 USD"]
    assert lines.index(answer) > 3
    assert "Campaign:" in lines[0]

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
    missing = await user.expect("is not in Main's click log", kind="sent")
    assert "nosuchclick42" in missing.text
    await user.press("Continue anyway")
    summary = await user.expect("I will call", kind="edited")
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
    for bad, reason in (
        ("a b", "A click ID has no spaces."),
        ("x" * 101, "The click ID is too long: at most 100 characters."),
        ("a/b", "A click ID is letters, digits and - _ . : ~"),
    ):
        await user.send(bad)
        await user.expect(reason, kind="sent")
    await user.send(click)
    await user.expect("I will call", kind="sent")
    await edit(user, "Status", "status")
    await user.send("won")
    await user.expect("There is no such status. Press a button or send one of: lead, sale, rejected, rebill.")
    await user.send("Rejected")
    await user.expect("Status: rejected", kind="sent")
    await edit(user, "Payout", "payout")
    for bad, reason in (
        ("abc", "This is not a number. Send something like 12.5."),
        ("-5", "can't be negative"),
        ("2000000", "looks like a typo"),
        ("1.123456", "At most four digits after the decimal point."),
    ):
        await user.send(bad)
        await user.expect(reason, kind="sent")
    await user.send("7")
    await user.expect("Payout: 7", kind="sent")
    await edit(user, "Cost", "cost")
    await user.send("zz")
    await user.expect("not a number", kind="sent")
    await user.send("0,25")
    await user.expect("Cost: 0.25", kind="sent")
    await edit(user, "Currency", "currency")
    await user.press("Other")
    await user.expect("3-letter", kind="edited")
    await user.send("US")
    await user.expect("A currency is three Latin letters", kind="sent")
    await user.send("XYZ")
    await user.expect("XYZ is not an ISO currency code", kind="sent")
    await user.send("gbp")
    await user.expect("Currency: GBP", kind="sent")
    await edit(user, "Transaction ID (tid)", "transaction ID (tid)")
    await user.send("t" * 201)
    await user.expect("That is too long: at most 200 characters.", kind="sent")
    await user.send("tid-1")
    await user.expect("Transaction ID (tid): tid-1", kind="sent")
    await edit(user, "sub_id_1", "sub_id_1")
    await user.send_photo()
    await user.expect("I need a text message here", kind="sent")
    await user.send("s1")
    summary = await user.expect("I will call", kind="sent")
    for value in (click, "rejected", "Payout: 7", "Cost: 0.25", "GBP", "tid-1", "s1"):
        assert value in summary.text


async def test_the_click_id_alone_gives_a_summary_with_defaults(
    ready: FakeUser, keitaro: KeitaroEmulator
) -> None:
    click = latest_click(keitaro)
    await ready.send("/postback")
    step = await ready.expect("click ID (subid)")
    assert "/postback CLICK_ID sale 12.5" in step.text  # the one-line form is offered
    await ready.send(click)
    summary = await ready.expect("I will call", kind="sent")
    url = next(line for line in summary.text.splitlines() if "/postback?" in line)
    query = dict(pair.split("=") for pair in urlsplit(url).query.split("&"))
    assert list(query) == ["subid", "status", "tid"]
    assert query["subid"] == click and query["status"] == "lead" and query["tid"].startswith("test-")
    for field in ("Payout", "Cost", "Currency", "sub_id_1"):
        assert f"\n{field}: —\n" in summary.text
    # a field skipped from its step is left out, the rest stays
    await edit(ready, "Transaction ID (tid)", "transaction ID (tid)")
    await ready.press("Skip")
    again = await ready.expect("I will call", kind="edited")
    url = next(line for line in again.text.splitlines() if "/postback?" in line)
    assert urlsplit(url).query == urlencode({"subid": click, "status": "lead"})


async def test_edit_a_field_from_the_summary(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    await to_summary(ready, latest_click(keitaro))
    await ready.press("Edit a field")
    await ready.expect("Which field", kind="edited")
    await ready.press("Payout")
    await ready.expect("payout", kind="edited")
    await ready.press("Back")  # changing one's mind keeps the summary as it was
    await ready.expect("I will call", kind="edited")
    await edit(ready, "Payout", "payout")
    await ready.send("9.99")
    summary = await ready.expect("I will call", kind="sent")
    assert "payout=9.99" in summary.text and "status=lead" in summary.text


async def test_cancel_sends_nothing(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    await ready.send("/postback")
    await ready.expect("click ID")
    await ready.send(latest_click(keitaro))
    await ready.expect("I will call", kind="sent")
    await edit(ready, "Status", "status")
    await ready.send("/cancel")
    await ready.expect("Cancelled")
    await to_summary(ready, latest_click(keitaro))
    await ready.press("Cancel")
    await ready.expect("Cancelled")
    assert postbacks_received(keitaro) == []


async def test_one_line_form_goes_straight_to_the_summary(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    click = latest_click(keitaro)
    await ready.send(f"/postback {click} sale 3,5")
    summary = await ready.expect("I will call", kind="sent")
    assert f"subid={click}&status=sale&payout=3.5&tid=test-" in summary.text
    await ready.send("/postback a b c d")
    await ready.expect("Usage: /postback CLICK_ID [status] [payout], e.g. /postback abc123 sale 12.5")
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
    await user.expect("I don't know this tracker's postback URL yet")
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
    await to_summary(ready, click)
    await edit(ready, "Status", "status")
    await ready.press("sale")
    await ready.expect("Status: sale", kind="edited")
    await edit(ready, "Payout", "payout")
    app = await runner.restart()
    app.ctx.postback_verify_interval = 0.05
    await ready.send("4")
    summary = await ready.expect("I will call", kind="sent")
    assert f"subid={click}&status=sale&payout=4&tid=test-" in summary.text


@pytest.mark.date_sensitive
async def test_no_trace_then_check_again(
    ready: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    assert runner.app is not None
    runner.app.ctx.postback_verify_timeout = 0.3
    keitaro.postbacks.pause()  # the tracker queues the postback but does not process it yet
    await to_summary(ready, latest_click(keitaro))
    await ready.press("Send")
    await ready.expect("No conversion yet: I checked", kind="edited")
    keitaro.postbacks.resume()
    await keitaro.wait_postbacks()
    await ready.press("Check again")
    await ready.expect("Recorded", kind="edited")


async def test_several_trackers_are_offered_active_first(ready: FakeUser, keitaro: KeitaroEmulator) -> None:
    await add_tracker(ready, keitaro, name="Second", postback=keitaro.postback_url)
    await ready.send("/postback")
    picker = await ready.expect("On which tracker?")
    assert picker.buttons()[0] == ["★ Main"]
    await ready.press("Second")
    step = await ready.expect("click ID", kind="edited")
    assert "Second" in step.text


@pytest.mark.date_sensitive
async def test_in_russian_the_verdict_comes_first_with_sent_beside_stored(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    app = await runner.start()
    app.ctx.postback_verify_interval = 0.05
    app.ctx.postback_verify_timeout = 3
    user = tg.user(6004)
    await add_tracker(user, keitaro, postback=keitaro.postback_url)
    await speak_russian(user)
    click = latest_click(keitaro)
    await user.send(f"/postback {click} sale 12,5")
    summary = await user.expect("Я вызову", kind="sent")
    assert "Статус: продажа (sale)" in summary.text and "Выплата: 12,5" in summary.text
    await user.press("Изменить поле")
    await user.expect("Какое поле изменить?", kind="edited")
    await user.press("Валюта")
    await user.expect("валюта", kind="edited")
    await user.press("EUR")
    await user.expect("Валюта: EUR", kind="edited")
    await user.press("Отправить")
    verdict = await user.expect("Записано", kind="edited")
    lines = verdict.text.splitlines()
    assert lines[0].startswith("✅ Записано. Кампания: ")
    assert lines[1:4] == [
        "Отправлено → записано:",
        "Статус: продажа (sale) → продажа (sale)",
        "Выплата: 12,5 EUR → 13,5 USD",
    ]
    assert lines[4].endswith("HTTP 200, Success — запрос принят (это ещё не запись).")
    assert verdict.buttons()[0] == ["🧾 Подробности", "🔁 Повторить"]


async def test_recent_clicks_are_shown_by_time_country_and_campaign(
    ready: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await ready.send("/postback")
    await ready.expect("click ID (subid)")
    await ready.press("Recent clicks")
    picker = await ready.expect("recent clicks, newest first (time · country · campaign)", kind="edited")
    newest = max(keitaro.state.clicks, key=lambda c: c["_ts"])
    first = picker.buttons()[0][0]
    when, country, campaign, subid = first.split(" · ")
    assert len(when) == 5 and when[2] == ":"
    assert country == newest["country"] or country == "—"
    assert subid == str(newest["sub_id"])[:10]
    assert campaign
    await ready.press(first)
    summary = await ready.expect("I will call", kind="edited")
    assert f"Click ID (subid): {newest['sub_id']}" in summary.text
