"""Typed maintenance periods in the tracker's zone: what is accepted and why the rest is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.input import InputError
from handlers.maintenance.parse import for_minutes, parse_period

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # 15:00 in Moscow


def test_times_of_day_are_today_or_tomorrow_in_the_zone() -> None:
    later = parse_period("16:00-17:30", NOW, "Europe/Moscow")
    assert (later.starts, later.ends) == (
        datetime(2026, 12, 5, 13, tzinfo=UTC),
        datetime(2026, 12, 5, 14, 30, tzinfo=UTC),
    )
    assert (later.local_start, later.minutes) == ("16:00", 90)
    night = parse_period("03:00 – 03:30", NOW, "Europe/Moscow")  # over today: tomorrow's
    assert night.starts == datetime(2026, 12, 6, 0, tzinfo=UTC) and night.minutes == 30
    across = parse_period("23:30-00:30", NOW, "Europe/Moscow")
    assert across.starts == datetime(2026, 12, 5, 20, 30, tzinfo=UTC) and across.minutes == 60
    running = parse_period("14:00-16:00", NOW, "Europe/Moscow")  # began an hour ago: kept
    assert running.starts == datetime(2026, 12, 5, 11, tzinfo=UTC)


def test_dated_periods() -> None:
    one = parse_period("2026-12-06 01:00 - 03:00", NOW, "UTC")
    assert (one.starts, one.ends) == (
        datetime(2026, 12, 6, 1, tzinfo=UTC),
        datetime(2026, 12, 6, 3, tzinfo=UTC),
    )
    over = parse_period("2026-12-06 23:00 - 01:00", NOW, "UTC")
    assert over.ends == datetime(2026, 12, 7, 1, tzinfo=UTC)
    full = parse_period("2026-12-06 23:00 - 2026-12-08 01:00", NOW, "America/New_York")
    assert full.starts == datetime(2026, 12, 7, 4, tzinfo=UTC) and full.local_start == "23:00"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "maint-err-format"),
        ("tomorrow", "maint-err-format"),
        ("25:00-26:00", "maint-err-format"),
        ("2026-13-01 01:00 - 02:00", "maint-err-format"),
        ("03:00", "maint-err-format"),
        ("03:00-03:00", "maint-err-order"),
        ("2026-12-07 01:00 - 2026-12-06 03:00", "maint-err-order"),
        ("2026-12-04 01:00 - 03:00", "maint-err-past"),
        ("2026-12-06 01:00 - 2026-12-14 03:00", "maint-err-long"),
        ("2027-06-01 01:00 - 03:00", "maint-err-ahead"),
    ],
)
def test_refusals_say_why(raw: str, key: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_period(raw, NOW, "Europe/Moscow")
    assert caught.value.key == key


def test_now_for_minutes() -> None:
    period = for_minutes(NOW, 120, "Europe/Moscow")
    assert period.ends - period.starts == timedelta(hours=2) and period.local_start == "15:00"
