"""/stats end to end: the numbers shown equal the emulator's own aggregation for the range and the
tracker's time zone; paging, CSV, chart, saved reports, errors."""

from __future__ import annotations

import math
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.reports.render import PAGE_ROWS
from services.clock import ShiftedClock
from tests.conftest import BotRunner
from tests.e2e.helpers import add_tracker, speak_russian, started_with_tracker
from tests.e2e.stats_expect import aggregate, local_midnight, number, parse_tables, total
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser

BANDS = [["Clicks", "Conv", "Revenue"], ["Profit", "ROI%"]]
PER_PAGE = PAGE_ROWS // len(BANDS) - 1  # two bands repeat the rows: fewer per page, to fit a phone


def pages_of(report: str) -> int:
    found = re.search(r"· (\d+) rows?", report)
    assert found, report
    return max(1, math.ceil(int(found.group(1)) / PER_PAGE))


FAR_ZONE = "Pacific/Kiritimati"  # UTC+14: "today" there is mostly tomorrow in UTC

# "today" and "yesterday" in the tracker's zone; "today" must hold hours of traffic in every zone shown
# (UTC, UTC+14, UTC-10) whatever the hour the suite runs at: 08:00 UTC is 22:00 in both far zones
pytestmark = [pytest.mark.date_sensitive, pytest.mark.day_time(8)]


@pytest.fixture
async def user(tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner) -> FakeUser:
    return await started_with_tracker(tg, keitaro, runner, 7101)


async def set_zone(runner: BotRunner, user: FakeUser, zone: str) -> None:
    assert runner.app is not None
    trackers = runner.app.ctx.trackers
    tracker = await trackers.get_active(user.id)
    assert tracker is not None
    await trackers.set_timezone(user.id, tracker.id, zone)


def campaign_names(keitaro: KeitaroEmulator) -> dict[int, str]:
    return {c["id"]: c["name"] for c in keitaro.state.campaigns.values()}


def assert_matches(shown: dict[str, str], expected: dict[str, float]) -> None:
    assert number(shown["Clicks"]) == expected["clicks"]
    assert number(shown["Conv"]) == expected["conversions"]
    assert number(shown["Revenue"]) == pytest.approx(expected["revenue"], abs=0.006)
    assert number(shown["Profit"]) == pytest.approx(expected["profit"], abs=0.006)
    # Keitaro sends ROI with two decimals, the table shows one
    assert number(shown["ROI%"]) == pytest.approx(expected["roi"], abs=0.1)


@pytest.mark.parametrize("zone", ["UTC", FAR_ZONE, "America/Adak"])
async def test_today_by_campaign_equals_the_emulator(
    user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner, zone: str, clock: ShiftedClock
) -> None:
    await set_zone(runner, user, zone)
    await user.send("/stats")
    await user.expect("Loading the statistics")
    report = await user.expect("Totals vs ", kind="edited")
    now = clock().astimezone(ZoneInfo(zone))
    start = local_midnight(now.date(), zone)
    assert f"Main · Today: {now.date().isoformat()} ({zone})" in report.text
    expected = aggregate(keitaro, start, start + timedelta(days=1), lambda c, _m: c["campaign_id"])
    shown = parse_tables(report.text, BANDS)
    names = campaign_names(keitaro)
    assert {label for label in shown if label != "Total"} == {names[cid] for cid in expected}
    for cid, values in expected.items():
        assert_matches(shown[names[cid]], values)
    assert_matches(shown["Total"], total(expected))


async def test_yesterday_by_day_hour_and_country_across_midnight(
    user: FakeUser, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    zone = "Asia/Kolkata"  # +05:30: the tracker's day crosses UTC midnight
    await set_zone(runner, user, zone)
    await user.send("/stats")
    await user.expect("Totals vs ", kind="edited")
    await user.press("📅 Today")
    await user.expect("Which range")
    await user.press("Yesterday")
    await user.expect("Loading the statistics", kind="edited")
    yday = (clock().astimezone(ZoneInfo(zone)) - timedelta(days=1)).date()
    start = local_midnight(yday, zone)
    report = await user.expect("Totals vs ", kind="edited")
    assert f"Yesterday: {yday.isoformat()} ({zone})" in report.text
    await user.press("🧩 By campaign")
    await user.expect("Group the report by")
    await user.press("country")
    report = await user.expect("Totals vs ", kind="edited")
    expected = aggregate(keitaro, start, start + timedelta(days=1), lambda c, _m: c["country_code"])
    shown = parse_tables(report.text, BANDS)
    on_page = [label for label in shown if label != "Total"]
    assert len(on_page) == min(len(expected), PER_PAGE)
    for label in on_page:
        assert_matches(shown[label], expected[label.split()[0]])
    assert_matches(shown["Total"], total(expected))
    await user.press("🧩 By country")
    await user.expect("Group the report by")
    await user.press("hour")
    report = await user.expect("Totals vs ", kind="edited")
    expected = aggregate(keitaro, start, start + timedelta(days=1), lambda _c, m: m.hour)
    shown = parse_tables(report.text, BANDS)
    for hour, values in expected.items():
        if f"{hour:02d}:00" in shown:  # the first page's hours, in time order
            assert_matches(shown[f"{hour:02d}:00"], values)
    assert len(shown) == PER_PAGE + 1 and f"Page 1 of {pages_of(report.text)}" in report.text
    assert_matches(shown["Total"], total(expected))


async def test_a_russian_report_writes_numbers_the_russian_way(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    await runner.start()
    person = tg.user(7111, language_code="en")
    await add_tracker(person, keitaro)
    await speak_russian(person)
    await person.send("/stats")
    await person.expect("Загружаю статистику")
    report = await person.expect("Итоги против", kind="edited")
    start = local_midnight(clock().astimezone(ZoneInfo("UTC")).date(), "UTC")
    expected = total(aggregate(keitaro, start, start + timedelta(days=1), lambda c, _m: c["campaign_id"]))
    shown = parse_tables(report.text, [["Клики", "Конв", "Доход", "Профит"], ["ROI%"]])["Итого"]
    assert number(shown["Клики"], "ru") == expected["clicks"]
    assert number(shown["Доход"], "ru") == pytest.approx(expected["revenue"], abs=0.006)
    assert number(shown["Профит"], "ru") == pytest.approx(expected["profit"], abs=0.006)
    assert re.fullmatch(r"-?\d{1,3}(\u202f\d{3})*,\d\d", shown["Доход"]), shown["Доход"]  # 1 529,50
    assert re.fullmatch(r"-?\d{1,3}(\u202f\d{3})*,\d", shown["ROI%"]), shown["ROI%"]  # 12,5
