"""The real bot a year ahead of the wall clock: every date it shows and every time it stores is the
application clock's. Something that still read the wall clock (Python's or SQLite's) would show
or store a date a year in the past here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.clock import ShiftedClock
from storage.timefmt import to_iso
from tests.conftest import YEAR_AHEAD, BotRunner
from tests.e2e.helpers import add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

CONVERSIONS_ZONE = "Pacific/Kiritimati"  # UTC+14: "today" there is another day than in UTC most hours


@pytest.mark.parametrize("clock", ["year-ahead"], indirect=True)
async def test_a_year_ahead_the_dates_shown_and_stored_are_the_clocks(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner, clock: ShiftedClock
) -> None:
    wall = datetime.now(UTC)
    started = clock()
    assert clock.offset == YEAR_AHEAD and started - wall >= timedelta(days=365)
    app = await runner.start()
    user = tg.user(7901)
    await add_tracker(user, keitaro)  # a user row, a draft made a tracker, audit lines, FSM rows

    await user.send("/stats")
    building = await user.expect("Loading the statistics")
    report = await user.expect("Totals vs ", kind="edited")
    days = {started.date().isoformat(), clock().date().isoformat()}  # the run may cross midnight
    assert any(f"Main · Today: {day} (UTC)" in building.text for day in days), building.text
    assert any(f"Main · Today: {day} (UTC)" in report.text for day in days), report.text
    assert wall.date().isoformat() not in report.text
    await user.press("⭐ Save")
    await user.expect("Name this report", kind="edited")
    await user.send("Year ahead")
    await user.expect("Saved as “Year ahead”")

    tracker = await app.ctx.trackers.get_active(user.id)
    assert tracker is not None
    await app.ctx.trackers.set_timezone(user.id, tracker.id, CONVERSIONS_ZONE)
    await user.send("/conversions")
    listing = await user.expect("Loading…", kind="sent")
    local_days = {
        moment.astimezone(ZoneInfo(CONVERSIONS_ZONE)).date().isoformat() for moment in (started, clock())
    }
    assert any(f"Main</b> · Today: {day} ({CONVERSIONS_ZONE})" in listing.html for day in local_days)
    await user.expect("conversion", kind="edited")

    await app.storage.flush()
    finished = clock()
    low, high = to_iso(started), to_iso(finished)
    stored: dict[str, list[str]] = {}
    for table in ("users", "trackers", "audit", "saved_reports", "fsm"):
        for column in ("created_at", "updated_at", "last_seen_at"):
            info = await app.db.fetch_all(f"PRAGMA table_info({table})")
            if column in {str(c["name"]) for c in info}:
                rows = await app.db.fetch_all(f"SELECT {column} FROM {table}")
                stored[f"{table}.{column}"] = [str(r[0]) for r in rows]
    assert all(stored.values()), stored  # every table got rows
    outside = {name: [v for v in values if not low <= v <= high] for name, values in stored.items()}
    assert not any(outside.values()), f"stamps outside {low} … {high}: {outside}"
