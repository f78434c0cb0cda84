"""/clicks: a click by its ID or a sub_id_N value, its card with conversions, a campaign's latest
clicks, input checks and tracker errors — checked against the emulator's own rows."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import started_with_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

TZ = "Asia/Almaty"  # UTC+5: the tracker's day starts at 19:00 UTC the day before


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7401, timezone_button=TZ)


def local(ts: float, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return datetime.fromtimestamp(ts, ZoneInfo(TZ)).strftime(fmt)


def name_of(keitaro: KeitaroEmulator, table: str, entity_id: int, fallback: str) -> str:
    entity = getattr(keitaro.state, table).get(entity_id)
    return str(entity["name"]) if entity and entity.get("name") else f"{fallback} {entity_id}"


def click_with_conversions(keitaro: KeitaroEmulator) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    clicks = {c["click_id"]: c for c in keitaro.state.clicks}
    by_click: dict[int, list[dict[str, Any]]] = {}
    for conv in keitaro.state.conversions:
        by_click.setdefault(conv["click_id"], []).append(conv)
    click_id = next(cid for cid, convs in sorted(by_click.items()) if len(convs) >= 2)
    return clicks[click_id], by_click[click_id]


def assert_card(card: BotMessage, keitaro: KeitaroEmulator, click: dict[str, Any]) -> None:
    text = card.text
    assert f"click {click['sub_id']}" in text
    assert f"🕒 {local(click['_ts'])} ({TZ})" in text
    campaign = name_of(keitaro, "campaigns", click["campaign_id"], "Campaign")
    assert f"Campaign: {campaign} (#{click['campaign_id']})" in text
    assert f"Offer: {name_of(keitaro, 'offers', click['offer_id'], 'Offer')}" in text
    assert f"Flow: {name_of(keitaro, 'streams', click['stream_id'], 'Flow')}" in text
    assert f"Country: {click['country']} ({click['country_code']}), {click['city']}" in text
    assert f"IP: {click['ip']}" in text
    assert f"Device: {click['device_type']} · {click['os']} {click['os_version']}" in text
    assert f"sub_id_1: {click['sub_id_1']}" in text and f"sub_id_3: {click['sub_id_3']}" in text
    assert "sub_id_6:" not in text  # empty fields are left out
    convs = sorted(
        (c for c in keitaro.state.conversions if c["sub_id"] == click["sub_id"]),
        key=lambda c: c["_ts"],
        reverse=True,
    )
    if convs:
        assert f"Conversions ({len(convs)}):" in text
        lines = text.split(f"Conversions ({len(convs)}):", 1)[1].strip().splitlines()
        for line, conv in zip(lines, convs, strict=False):
            assert local(conv["_ts"], "%m-%d %H:%M") in line
            assert conv["status"] in line and f"{conv['revenue']:.2f} USD" in line
    else:
        assert "No conversions for this click" in text


@pytest.mark.date_sensitive
async def test_click_id_shows_the_card_with_its_conversions(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    click, convs = click_with_conversions(keitaro)
    await user.send(f"/clicks {click['sub_id']}")
    await user.expect("Looking for click ID (subid)", kind="sent")
    card = await user.expect(f"click {click['sub_id']}", kind="edited")
    assert_card(card, keitaro, click)
    assert len(convs) >= 2 and f"Conversions ({len(convs)}):" in card.text
    request = next(r for r in keitaro.requests if r.path.endswith("/clicks/log"))
    assert request.json["range"] == {"interval": "all_time", "timezone": TZ}
    assert request.json["filters"] == [
        {"name": "sub_id", "operator": "EQUALS", "expression": click["sub_id"]}
    ]


async def test_sub_id_n_value_lists_the_matches_and_opens_one(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    value = "1042"
    matches = sorted(
        (c for c in keitaro.state.clicks if c["sub_id_3"] == value), key=lambda c: c["_ts"], reverse=True
    )
    assert len(matches) > 10  # more than one page
    await user.send(f"/clicks sub_id_3={value}")
    found = await user.expect(f"{len(matches)} clicks with sub_id_3 = {value}", kind="edited")
    pages = -(-len(matches) // 10)
    assert f"Page 1/{pages}" in found.text
    shown = [b for b in found.labels() if " · " in b]
    assert [b.rsplit(" · ", 1)[1] for b in shown] == [c["sub_id"] for c in matches[:10]]
    assert shown[0].startswith(local(matches[0]["_ts"], "%m-%d %H:%M"))
    await user.press("▶")
    second = await user.expect("Page 2/", kind="edited")
    assert [b.rsplit(" · ", 1)[1] for b in second.labels() if " · " in b] == [
        c["sub_id"] for c in matches[10:20]
    ]
    await user.press(matches[12]["sub_id"])
    card = await user.expect(f"click {matches[12]['sub_id']}", kind="edited")
    assert_card(card, keitaro, matches[12])
    await user.press("Back to the list")
    back = await user.expect("Page 2/", kind="edited")
    assert back.message_id == card.message_id


async def test_asking_step_by_step_and_bad_input(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await user.send("/clicks sub_id_16=abc")
    refused = await user.expect("There is no field sub_id_16", kind="sent")
    assert "You sent: sub_id_16=abc" in refused.text and "find a click" in refused.text
    await user.send("x" * 201)
    too_long = await user.expect("201 characters long", kind="sent")
    assert "find a click" in too_long.text
    await user.send("foo=bar")
    await user.expect("not by “foo”", kind="sent")
    await user.press("sub_id_1…15")
    await user.expect("Which field?", kind="edited")
    await user.send("42")
    await user.expect("There is no field sub_id_42", kind="sent")
    await user.press("2")
    await user.expect("Send the value of sub_id_2", kind="edited")
    value = "placement-reels"
    count = sum(1 for c in keitaro.state.clicks if c["sub_id_2"] == value)
    await user.send(value)
    await user.expect(f"{count:,} clicks with sub_id_2 = {value}", kind="edited")


async def test_unknown_click_id_says_so_and_offers_a_new_search(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await user.send("/clicks nosuchclick0000")
    missing = await user.expect("No click with click ID (subid) = nosuchclick0000", kind="edited")
    assert "older than the tracker keeps" in missing.text and "mistyped" in missing.text
    await user.send("sub_id_99=nosuchclick0000")  # a typo in the correction: said, nothing lost
    refused = await user.expect("There is no field sub_id_99", kind="sent")
    assert "You sent: sub_id_99=nosuchclick0000" in refused.text
    click = keitaro.state.clicks[-5]
    await user.send(click["sub_id"])  # the corrected value, typed under the result
    card = await user.expect(f"click {click['sub_id']}", kind="edited")
    assert_card(card, keitaro, click)
    await user.press("Search again")
    await user.expect("Send a click ID", kind="edited")


@pytest.mark.date_sensitive
async def test_latest_clicks_of_a_campaign(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    zone = ZoneInfo(TZ)
    today = clock().astimezone(zone).date()
    start = datetime.combine(today, time(), tzinfo=zone).timestamp()
    todays = sorted(
        (c for c in keitaro.state.clicks if c["campaign_id"] == 1 and c["_ts"] >= start),
        key=lambda c: c["_ts"],
        reverse=True,
    )
    await user.send("/clicks")
    await user.expect("find a click", kind="sent")
    await user.press("Campaign clicks")
    picker = await user.expect("latest clicks of which campaign", kind="edited")
    await user.send("FB US Nutra")  # typed where a button is expected
    await user.expect("expect a button press", kind="sent")
    await user.expect("latest clicks of which campaign", kind="sent")
    assert "FB US Nutra" in picker.labels()
    await user.press("FB US Nutra")
    listing = await user.expect("Latest clicks of FB US Nutra", kind="edited")
    assert f"Today: {today.isoformat()} ({TZ})" in listing.text
    assert f"Latest clicks of FB US Nutra: {len(todays)}" in listing.text
    if not todays:
        assert "No clicks of FB US Nutra today" in listing.text
        return
    lines = [b for b in listing.labels() if " · " in b]
    assert len(lines) == min(10, len(todays))
    newest = todays[0]
    when = local(newest["_ts"], "%H:%M:%S")
    assert lines[0] == f"{when} · {newest['country_code']} · {newest['device_type']} · {newest['sub_id']}"
    await user.press(lines[0])
    card = await user.expect(f"click {newest['sub_id']}", kind="edited")
    assert_card(card, keitaro, newest)
    await user.press("Back to the list")
    await user.expect("Latest clicks of FB US Nutra", kind="edited")


@pytest.mark.date_sensitive
async def test_a_quiet_campaign_offers_the_last_7_days(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    zone = ZoneInfo(TZ)
    today = clock().astimezone(zone).date()
    start = datetime.combine(today - timedelta(days=6), time(), tzinfo=zone).timestamp()
    week = [c for c in keitaro.state.clicks if c["campaign_id"] == 2 and c["_ts"] >= start]
    await user.send("/clicks")
    await user.expect("find a click", kind="sent")
    await user.press("Campaign clicks")
    await user.expect("which campaign", kind="edited")
    await user.press("TT DE Gambling")
    quiet = await user.expect("No clicks of TT DE Gambling today", kind="edited")
    assert "Last 7 days" in " ".join(quiet.labels())
    await user.press("Last 7 days")
    wider = await user.expect("Last 7 days:", kind="edited")
    while "Loading" in wider.text:
        wider = await user.expect("Latest clicks", kind="edited")
    assert f"Latest clicks of TT DE Gambling: {len(week)}" in wider.text


async def test_tracker_error_is_one_sentence(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    keitaro.mode = "server_error"
    await user.send("/clicks abc123")
    failed = await user.expect("internal error", kind="edited")
    assert "Main: the tracker had an internal error (500). Try again in a minute." in failed.text
    keitaro.mode = "normal"
    await user.press("Refresh")
    await user.expect("No click with click ID (subid) = abc123", kind="edited")
