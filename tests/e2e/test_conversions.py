"""/conversions: the latest conversions of a range in the tracker's time zone, filters, paging,
CSV export and errors — checked against the emulator's own rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.traffic import conv_view
from handlers.traffic import conversions as conversions_module
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import started_with_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

# today's traffic is read: hours of it whatever the hour the suite runs at (tests/conftest.py)
pytestmark = pytest.mark.day_time(8)

TZ = "America/New_York"  # far from UTC: "today" differs from the UTC day for hours every day
PAGE = conv_view.PAGE_SIZE


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7301, timezone_button=TZ)


def expected(
    keitaro: KeitaroEmulator, days: int = 1, keep: Callable[[dict[str, Any]], bool] = lambda c: True
) -> list[dict[str, Any]]:
    """The emulator's conversions of the last ``days`` local days (today included) in TZ, newest
    first (the same order the bot asks for: postback time, then conversion id)."""
    zone = ZoneInfo(TZ)
    today = keitaro.clock().astimezone(zone).date()  # the tracker's clock (the bot's too)
    start = datetime.combine(today - timedelta(days=days - 1), time(), tzinfo=zone).timestamp()
    end = datetime.combine(today + timedelta(days=1), time(), tzinfo=zone).timestamp()
    rows = [c for c in keitaro.state.conversions if start <= c["_ts"] < end and keep(c)]
    return sorted(rows, key=lambda c: (c["_ts"], c["conversion_id"]), reverse=True)


def count_of(message: BotMessage) -> int:
    found = re.search(r"💰 ([\d,]+) conversions?", message.text)
    assert found, message.text
    return int(found.group(1).replace(",", ""))


def sub_ids_of(message: BotMessage) -> list[str]:
    return re.findall(r"<code>([^<]*)</code>", message.html.split("\n\n", 1)[-1])


async def open_list(user: FakeUser) -> BotMessage:
    await user.send("/conversions")
    return await user.expect("conversion", kind="edited")


@pytest.mark.date_sensitive
async def test_today_newest_first_with_the_emulators_count(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    await user.send("/conversions")
    building = await user.expect("Loading", kind="sent")
    assert f"Main</b> · Today: {clock().astimezone(ZoneInfo(TZ)).date().isoformat()} ({TZ})" in building.html
    listing = await user.expect("conversion", kind="edited")
    assert listing.message_id == building.message_id  # edited in place
    want = expected(keitaro)
    if not want:
        assert "No conversions in this range" in listing.text
        return
    assert count_of(listing) == len(want)
    assert sub_ids_of(listing) == [c["sub_id"] for c in want[:PAGE]]
    newest = want[0]
    clock = datetime.fromtimestamp(newest["_ts"], ZoneInfo(TZ)).strftime("%H:%M:%S")
    first_entry = listing.text.split("\n\n")[1]
    assert clock in first_entry and f"{newest['revenue']:.2f} USD" in first_entry
    if newest["previous_status"]:
        assert f"{newest['previous_status']} → {newest['status']}" in first_entry


async def test_status_and_campaign_filters_narrow_the_list(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await open_list(user)
    await user.press("Range")
    await user.expect("which range", kind="edited")
    await user.press("Last 7 days")
    week = await user.expect("Last 7 days:", kind="edited")
    while "Loading" in week.text:
        week = await user.expect("conversion", kind="edited")
    assert count_of(week) == len(expected(keitaro, 7))

    await user.press("Filters")
    await user.expect("Filters", kind="edited")
    await user.press("sale")
    chosen = await user.expect("Status: sale", kind="edited")
    assert "● sale" in [b for row in chosen.buttons() for b in row]
    await user.press("Show conversions")
    sales = await user.expect("conversion", kind="edited")
    while "Loading" in sales.text:
        sales = await user.expect("conversion", kind="edited")
    want = expected(keitaro, 7, lambda c: c["status"] == "sale")
    assert "Status: sale" in sales.text
    assert count_of(sales) == len(want)
    assert sub_ids_of(sales) == [c["sub_id"] for c in want[:PAGE]]
    assert all(" · sale · " in entry or "→ sale" in entry for entry in sales.text.split("\n\n")[1:])

    await user.press("Filters")
    await user.expect("Filters", kind="edited")
    await user.press("Campaign: any")
    picker = await user.expect("which campaign", kind="edited")
    assert "FB US Nutra" in [b for row in picker.buttons() for b in row]
    await user.press("FB US Nutra")
    await user.expect("Campaign: FB US Nutra", kind="edited")
    await user.press("Show conversions")
    both = await user.expect("Campaign: FB US Nutra", kind="edited")
    while "Loading" in both.text:
        both = await user.expect("conversion", kind="edited")
    want = expected(keitaro, 7, lambda c: c["status"] == "sale" and c["campaign_id"] == 1)
    assert count_of(both) == len(want)
    assert sub_ids_of(both) == [c["sub_id"] for c in want[:PAGE]]

    await user.press("Clear filters")
    cleared = await user.expect("conversion", kind="edited")
    while "Loading" in cleared.text:
        cleared = await user.expect("conversion", kind="edited")
    assert "Status:" not in cleared.text and count_of(cleared) == len(expected(keitaro, 7))


async def test_paging_shows_the_next_ones(user: FakeUser, keitaro: KeitaroEmulator) -> None:
    await open_list(user)
    await user.press("Range")
    await user.expect("which range", kind="edited")
    await user.press("Last 7 days")
    first = await user.expect("Page 1/", kind="edited")
    want = expected(keitaro, 7)
    pages = -(-len(want) // PAGE)
    assert f"Page 1/{pages}" in first.text and f"1/{pages}" in [b for row in first.buttons() for b in row]
    await user.press("▶")
    second = await user.expect("Page 2/", kind="edited")
    assert second.message_id == first.message_id
    assert sub_ids_of(second) == [c["sub_id"] for c in want[PAGE : 2 * PAGE]]
    await user.press("◀")
    again = await user.expect("Page 1/", kind="edited")
    assert sub_ids_of(again) == [c["sub_id"] for c in want[:PAGE]]


@pytest.mark.date_sensitive
async def test_custom_range_is_checked_and_applied(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    await open_list(user)
    await user.press("Range")
    await user.expect("which range", kind="edited")
    await user.send("2026-02-30")
    refused = await user.expect("not a real date", kind="sent")
    assert "which range" in refused.text  # the question again, under the reason
    today = clock().astimezone(ZoneInfo(TZ)).date()
    first = today - timedelta(days=2)
    await user.send(f"{first.isoformat()} {today.isoformat()}")
    listing = await user.expect(f"Custom range: {first.isoformat()} – {today.isoformat()}", kind="sent")
    while "Loading" in listing.text:
        listing = await user.expect("conversion", kind="edited")
    assert count_of(listing) == len(expected(keitaro, 3))


@pytest.mark.date_sensitive
async def test_csv_has_every_row_of_the_range(
    user: FakeUser, keitaro: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch, clock: ShiftedClock
) -> None:
    monkeypatch.setattr(conversions_module, "EXPORT_PAGE", 7)  # several log pages even for a short range
    await open_list(user)
    await user.press("Range")
    await user.expect("which range", kind="edited")
    await user.press("Last 7 days")
    await user.expect("Page 1/", kind="edited")
    await user.press("CSV")
    await user.expect("Building the CSV", kind="sent")
    sent = await user.expect(kind="document")
    assert sent.document is not None
    today = clock().astimezone(ZoneInfo(TZ)).date()
    assert sent.document["file_name"] == f"conversions-Main-{today - timedelta(days=6)}_{today}.csv"
    want = expected(keitaro, 7)
    assert f"{len(want)} rows" in sent.document["caption"]
    text = sent.document["content"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.startswith("conversion_id,postback_datetime,status,previous_status,revenue,currency,")
    assert [int(r["conversion_id"]) for r in rows] == [c["conversion_id"] for c in want]
    by_id = {c["conversion_id"]: c for c in want}
    sample = rows[len(rows) // 2]
    source = by_id[int(sample["conversion_id"])]
    assert sample["sub_id"] == source["sub_id"] and sample["status"] == source["status"]
    assert float(sample["revenue"]) == pytest.approx(source["revenue"])
    assert re.fullmatch(r"-?\d+(\.\d+)?", sample["revenue"])
    assert sample["postback_datetime"] == datetime.fromtimestamp(source["_ts"], ZoneInfo(TZ)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    done = await user.expect("CSV file sent", kind="edited")
    assert f"{len(want)} rows" in done.text
    pages = [r for r in keitaro.requests if r.path.endswith("/conversions/log") and r.json.get("limit") == 7]
    assert len(pages) >= 2


async def test_tracker_error_is_one_sentence_and_refresh_recovers(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    keitaro.mode = "server_error"
    await user.send("/conversions")
    failed = await user.expect("internal error", kind="edited")
    assert "Main: the tracker had an internal error (500)" in failed.text
    assert "Refresh" in " ".join(b for row in failed.buttons() for b in row)
    keitaro.mode = "normal"
    await user.press("Refresh")
    recovered = await user.expect("conversion", kind="edited")
    while "Loading" in recovered.text:
        recovered = await user.expect("conversion", kind="edited")
    assert "internal error" not in recovered.text


async def test_typing_where_buttons_are_expected_and_typed_filters(
    user: FakeUser, keitaro: KeitaroEmulator
) -> None:
    await open_list(user)
    await user.send("hello")
    await user.expect("expect a button press", kind="sent")
    await user.expect("conversion", kind="sent")  # the list again, below the answer
    await user.press("Range")
    await user.expect("which range", kind="edited")
    await user.press("Last 7 days")
    await user.expect("Page 1/", kind="edited")
    await user.press("Filters")
    await user.expect("Filters", kind="edited")
    await user.press("Click ID")
    await user.expect("click ID (subid) to filter by", kind="edited")
    await user.send("x" * 201)
    await user.expect("201 characters long", kind="sent")
    target = expected(keitaro, 7)[3]
    await user.send(target["sub_id"])
    shown = await user.expect(f"click ID (subid): {target['sub_id']}", kind="sent")
    assert "Filters" in shown.text
    await user.press("Show conversions")
    listing = await user.expect("conversion", kind="edited")
    while "Loading" in listing.text:
        listing = await user.expect("conversion", kind="edited")
    want = expected(keitaro, 7, lambda c: c["sub_id"] == target["sub_id"])
    assert f"click ID (subid): {target['sub_id']}" in listing.text
    assert count_of(listing) == len(want) and target["sub_id"] in sub_ids_of(listing)


async def test_commands_without_a_tracker(tg: FakeTelegram, user: FakeUser) -> None:
    stranger = tg.user(7302)
    await stranger.send("/conversions")
    await stranger.expect("no active tracker")
    await stranger.send("/clicks abc")
    await stranger.expect("no active tracker")
