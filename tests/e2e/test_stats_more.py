"""/stats: every preset and grouping against the emulator, custom ranges, filters, metrics, paging,
CSV, chart, saved reports, both report dialects and Keitaro's errors."""

from __future__ import annotations

import csv
import io
import struct
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.clock import ShiftedClock
from tests.conftest import ADMIN_KEY, BotRunner
from tests.e2e.helpers import add_tracker
from tests.e2e.stats_expect import aggregate, local_midnight, number, parse_tables, row_of, total
from tests.e2e.test_stats import BANDS, PER_PAGE, assert_matches, pages_of, set_zone
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.keitaro_emulator import traffic_reports
from tests.fakes.telegram import BotMessage, FakeTelegram, FakeUser

# today's traffic is read: hours of it whatever the hour the suite runs at (tests/conftest.py)
pytestmark = pytest.mark.day_time(8)

ZONE = "America/Los_Angeles"


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    await runner.start()
    person = tg.user(7201)
    await add_tracker(person, keitaro)
    await set_zone(runner, person, ZONE)
    return person


async def open_stats(user: FakeUser) -> BotMessage:
    await user.send("/stats")
    await user.expect("Loading the statistics", kind="sent")
    return await user.expect("Totals vs ", kind="edited")


async def choose(user: FakeUser, opener: str, screen: str, button: str) -> BotMessage:
    await user.press(opener)
    await user.expect(screen, kind="edited")
    await user.press(button)
    return await user.expect("Totals vs ", kind="edited")


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def preset_days(preset: str, today: date) -> tuple[date, date]:
    """First and last day of a preset, computed here independently of the bot."""
    return {
        "Today": (today, today),
        "Yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "Last 7 days": (today - timedelta(days=6), today),
        "This week": (today - timedelta(days=today.weekday()), today),
        "This month": (month_start(today), today),
        "Last month": (month_start(today, 1), month_start(today) - timedelta(days=1)),
    }[preset]


@pytest.mark.date_sensitive
@pytest.mark.parametrize("preset", ["Yesterday", "Last 7 days", "This week", "This month", "Last month"])
async def test_each_preset_equals_the_emulator(
    user: FakeUser, keitaro: KeitaroEmulator, preset: str, clock: ShiftedClock
) -> None:
    await open_stats(user)
    report = await choose(user, "📅 Today", "Which range", preset)
    today = clock().astimezone(ZoneInfo(ZONE)).date()
    first, last = preset_days(preset, today)
    dates = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    assert f"{preset}: {dates} ({ZONE})" in report.text
    start, end = local_midnight(first, ZONE), local_midnight(last + timedelta(days=1), ZONE)
    expected = aggregate(keitaro, start, end, lambda c, _m: c["campaign_id"])
    shown = parse_tables(report.text, BANDS) if expected else {}
    names = {c["id"]: c["name"] for c in keitaro.state.campaigns.values()}
    for cid, values in expected.items():
        assert_matches(row_of(shown, names[cid], cid), values)
    if expected:
        assert_matches(shown["Total"], total(expected))
    else:
        assert "No traffic in this range" in report.text


GROUPINGS = {
    "offer": ("offer_id", "offers"),
    "flow": ("stream_id", "streams"),
    "landing": ("landing_id", "landing_pages"),
    "traffic source": ("ts_id", "traffic_sources"),
    "affiliate network": ("affiliate_network_id", "affiliate_networks"),
}


@pytest.mark.parametrize("button", list(GROUPINGS))
async def test_each_grouping_equals_the_emulator(
    user: FakeUser, keitaro: KeitaroEmulator, button: str, clock: ShiftedClock
) -> None:
    await open_stats(user)
    await choose(user, "📅 Today", "Which range", "Last 7 days")
    report = await choose(user, "🧩 By campaign", "Group the report by", button)
    field, table = GROUPINGS[button]
    today = clock().astimezone(ZoneInfo(ZONE)).date()
    start, end = (
        local_midnight(today - timedelta(days=6), ZONE),
        local_midnight(today + timedelta(days=1), ZONE),
    )
    expected = aggregate(keitaro, start, end, lambda c, _m: c.get(field) or 0)
    shown = parse_tables(report.text, BANDS)
    assert_matches(shown["Total"], total(expected))
    entities = getattr(keitaro.state, table)
    by_revenue = sorted(expected.items(), key=lambda kv: -kv[1]["revenue"])
    top_id, top = by_revenue[0]
    top_label = entities[top_id]["name"] if top_id in entities else "—"
    assert_matches(row_of(shown, top_label, top_id), top)


@pytest.mark.date_sensitive
async def test_day_grouping_sub_id_and_custom_range(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    await open_stats(user)
    await user.press("📅 Today")
    await user.expect("Which range", kind="edited")
    await user.press("Custom range")
    await user.expect("Send the range as two dates", kind="edited")
    today = clock().astimezone(ZoneInfo(ZONE)).date()
    await user.send("someday soon")
    await user.expect("could not read that as dates")
    await user.send(f"{today.isoformat()} {(today - timedelta(days=3)).isoformat()}")
    await user.expect("before it starts")
    await user.send(f"{(today + timedelta(days=2)).isoformat()}")
    await user.expect("starts after today")
    first, last = today - timedelta(days=5), today - timedelta(days=2)
    await user.send(f"{first.strftime('%d.%m.%Y')} - {last.strftime('%d.%m.%Y')}")
    report = await user.expect("Totals vs ")
    assert f"Custom range: {first.isoformat()} – {last.isoformat()} ({ZONE})" in report.text
    report = await choose(user, "🧩 By campaign", "Group the report by", "day")
    start, end = local_midnight(first, ZONE), local_midnight(last + timedelta(days=1), ZONE)
    expected = aggregate(keitaro, start, end, lambda _c, m: m.date().isoformat())
    shown = parse_tables(report.text, BANDS)
    assert [lbl for lbl in shown if lbl != "Total"] == sorted(expected)  # chronological
    for day, values in expected.items():
        assert_matches(shown[day], values)
    # the previous period of 4 whole days is the 4 days before
    before = aggregate(keitaro, start - timedelta(days=4), start, lambda *_: 0)
    clicks_line = next(line for line in report.text.splitlines() if line.startswith("Clicks "))
    assert number(clicks_line.split()[2]) == total(before)["clicks"]
    report = await choose(user, "🧩 By day", "Group the report by", "sub1")
    expected = aggregate(keitaro, start, end, lambda c, _m: c.get("sub_id_1") or "—")
    assert_matches(parse_tables(report.text, BANDS)["Total"], total(expected))


async def test_filters_metrics_sort_and_paging(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    await open_stats(user)
    await choose(user, "📅 Today", "Which range", "Last 7 days")
    await user.press("🔎 Filters (0)")
    await user.expect("Filters narrow the report", kind="edited")
    await user.press("+ Campaign")
    await user.expect("Pick Campaign", kind="edited")
    await user.press("FB US Nutra · #1")
    await user.expect("Filters narrow the report", kind="edited")
    await user.press("+ Country")
    await user.expect("two-letter country codes", kind="edited")
    await user.send("USA")
    await user.expect("is not a two-letter country code")
    await user.send("us, ca")
    countries = await user.expect("Filters narrow the report")
    assert "✖ Country: US" in [b for row in countries.buttons() for b in row]
    await user.press("⬅️ Back")
    report = await user.expect("Totals vs ", kind="edited")
    assert "🔎 Campaign: FB US Nutra; Country: US, CA" in report.text
    today = clock().astimezone(ZoneInfo(ZONE)).date()
    start, end = (
        local_midnight(today - timedelta(days=6), ZONE),
        local_midnight(today + timedelta(days=1), ZONE),
    )
    expected = aggregate(
        keitaro, start, end, lambda c, _m: c["campaign_id"],
        keep=lambda c: c["campaign_id"] == 1 and c["country_code"] in ("US", "CA"),
    )  # fmt: skip
    assert_matches(parse_tables(report.text, BANDS)["Total"], total(expected))
    # metrics: switch Cost on and ROI off; remembered for the next /stats
    await user.press("📏 Metrics")
    await user.expect("Which metrics", kind="edited")
    await user.press("Cost")
    toggled = await user.expect("Which metrics", kind="edited")
    assert "● Cost" in [b for row in toggled.buttons() for b in row]
    await user.press("● ROI, %")
    toggled = await user.expect("Which metrics", kind="edited")
    labels = [b for row in toggled.buttons() for b in row]
    assert "ROI, %" in labels and "● ROI, %" not in labels
    await user.press("✅ Done")
    report = await user.expect("Totals vs ", kind="edited")
    assert "ROI%" not in report.text
    shown = parse_tables(report.text, [["Clicks", "Conv", "Revenue"], ["Cost", "Profit"]])
    assert number(shown["Total"]["Cost"]) == pytest.approx(total(expected)["cost"], abs=0.006)
    # sort cycles through the chosen metrics
    await user.press("↕️ Revenue ↓")
    await user.expect("sorted by Cost ↓", kind="edited")
    # paging: the hours of yesterday (no filters), a few per page (two bands)
    await user.press("🔎 Filters (3)")
    await user.expect("Filters narrow", kind="edited")
    await user.press("🧹 Clear all filters")
    await user.expect("Filters narrow", kind="edited")
    await user.press("⬅️ Back")
    await user.expect("Totals vs ", kind="edited")
    await choose(user, "📅 Last 7 days", "Which range", "Yesterday")
    report = await choose(user, "🧩 By campaign", "Group the report by", "hour")
    pages = pages_of(report.text)
    assert pages > 2 and f"Page 1 of {pages}" in report.text
    bands = [["Clicks", "Conv", "Revenue"], ["Cost", "Profit"]]  # the metrics chosen above
    first = [label for label in parse_tables(report.text, bands) if label != "Total"]
    await user.press("▶")
    report = await user.expect(f"Page 2 of {pages}", kind="edited")
    second = [label for label in parse_tables(report.text, bands) if label != "Total"]
    assert len(first) == len(second) == PER_PAGE and max(first) < min(second)  # the next hours
    await user.send("/stats")
    fresh = await user.expect("Totals vs ", kind="edited")
    assert "Cost" in fresh.text and "ROI%" not in fresh.text


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.date_sensitive
async def test_csv_holds_every_row_and_chart_is_a_png(
    user: FakeUser, keitaro: KeitaroEmulator, clock: ShiftedClock
) -> None:
    await open_stats(user)
    await choose(user, "📅 Today", "Which range", "This month")
    report = await choose(user, "🧩 By campaign", "Group the report by", "sub3")
    await user.press("📄 CSV")
    await user.expect("Building the CSV file")
    document = await user.expect(kind="document", timeout=30)
    assert document.document is not None
    assert document.document["file_name"].startswith("stats-Main-sub_id_3-")
    rows = list(csv.DictReader(io.StringIO(document.document["content"].decode("utf-8-sig"))))
    today = clock().astimezone(ZoneInfo(ZONE)).date()
    start = local_midnight(month_start(today), ZONE)
    expected = aggregate(keitaro, start, local_midnight(today + timedelta(days=1), ZONE),
                         lambda c, _m: c.get("sub_id_3") or "")  # fmt: skip
    assert len(rows) == len(expected) > 10  # more rows than one page of the table
    assert {r["sub_id_3"].lstrip("'") for r in rows} == set(expected)
    for row in rows:
        values = expected[row["sub_id_3"].lstrip("'")]
        assert int(row["clicks"]) == values["clicks"]
        assert float(row["revenue"]) == pytest.approx(values["revenue"], abs=0.006)
    assert "Page 1 of" in report.text
    await user.expect("Totals vs ")  # the report comes back below the file
    await user.press("📈 Chart")
    await user.expect("Drawing the chart")
    photo = await user.expect(kind="photo", timeout=60)
    assert photo.photo is not None and png_size(photo.photo) == (800, 940)
    assert "By day" in photo.text
    await user.expect("Totals vs ")
    await choose(user, "📅 This month", "Which range", "Today")
    await user.press("📈 Chart")
    photo = await user.expect(kind="photo", timeout=60)
    assert photo.photo is not None and png_size(photo.photo)[0] == 800
    assert "By hour" in photo.text


@pytest.mark.date_sensitive
async def test_saved_report_reopens_identically(
    user: FakeUser, runner: BotRunner, keitaro: KeitaroEmulator
) -> None:
    await open_stats(user)
    await choose(user, "📅 Today", "Which range", "Yesterday")
    await choose(user, "🧩 By campaign", "Group the report by", "country")
    await user.press("🔎 Filters (0)")
    await user.expect("Filters narrow", kind="edited")
    await user.press("+ Offer")
    await user.expect("Pick Offer", kind="edited")
    offer = next(o for o in keitaro.state.offers.values() if o["state"] == "active")
    await user.press(f"{offer['name']} · #{offer['id']}")
    picked = await user.expect("Filters narrow", kind="edited")
    assert f"✖ Offer: {offer['name']}" in [b for row in picked.buttons() for b in row]
    await user.press("⬅️ Back")
    original = await user.expect("Totals vs ", kind="edited")
    await user.press("⭐ Save")
    await user.expect("Name this report", kind="edited")
    await user.send("  ")
    await user.expect("Send a name")  # an empty name: asked again
    await user.send("Offer by country")
    await user.expect("Saved as “Offer by country”")
    await choose(user, "📅 Yesterday", "Which range", "Today")
    await user.press("📂 Saved")
    await user.expect("Saved reports", kind="edited")
    await user.press("📄 Offer by country")
    reopened = await user.expect("Totals vs ", kind="edited")
    body = lambda m: m.text.rsplit("\n", 1)[0]  # noqa: E731 — all but the "built at" line
    assert body(reopened) == body(original)
    # a second save under the same name asks to replace
    await user.press("⭐ Save")
    await user.expect("Name this report", kind="edited")
    await user.send("offer BY country")
    await user.expect("already have a report called")
    await runner.restart()
    await user.send("/stats Offer by country")
    after_restart = await user.expect("Totals vs ", timeout=20)
    assert body(after_restart) == body(original)
    await user.send("/stats Nothing like this")
    await user.expect("no saved report called “Nothing like this”")


async def test_dimensions_dialect_is_found_and_remembered(
    user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    keitaro.report_dialect = "dimensions"
    report = await open_stats(user)
    assert "Total" in report.text
    assert runner.app is not None
    tracker = await runner.app.ctx.trackers.get_active(user.id)
    assert tracker is not None and tracker.report_dialect == "dimensions"
    await runner.restart()
    keitaro.requests.clear()
    await user.send("/stats")
    await user.expect("Loading the statistics", kind="sent", timeout=20)
    await user.expect("Totals vs ", kind="edited")
    builds = [r for r in keitaro.requests if r.path.endswith("/report/build")]
    assert builds and all("dimensions" in r.json and r.status == 200 for r in builds)


async def test_keitaro_errors_are_one_sentence_and_refresh_recovers(
    user: FakeUser, keitaro: KeitaroEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    keitaro.mode = "server_error"
    await user.send("/stats")
    failed = await user.expect("internal error", kind="edited")
    assert "🔄 Refresh" in [b for row in failed.buttons() for b in row]
    keitaro.mode = "normal"
    await user.press("🔄 Refresh")
    await user.expect("Totals vs ", kind="edited")
    keitaro.api_keys[ADMIN_KEY] = "none"
    await user.press("🔄 Refresh")
    await user.expect("no rights for that (403)", kind="edited")
    keitaro.api_keys[ADMIN_KEY] = "admin"
    monkeypatch.setattr(traffic_reports, "METRICS", traffic_reports.METRICS - {"roi"})
    await user.press("🔄 Refresh")
    await user.expect("does not know the field “roi”", kind="edited")
