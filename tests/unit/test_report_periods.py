"""Ranges, the previous period and custom range input of the numbers screens."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from handlers.input import InputError
from handlers.periods import parse_custom_range, period_from, previous_of

NOW = datetime(2026, 11, 27, 10, 53, 20, tzinfo=UTC)


def bounds(setup: dict[str, str], tz: str = "Europe/Moscow") -> tuple[str, str, str, str]:
    period = period_from(setup, tz, NOW)
    previous = previous_of(period, NOW)
    fmt = "%Y-%m-%d %H:%M"
    assert period.resolved.start is not None and previous.resolved.start is not None
    return (
        period.resolved.start.strftime(fmt), period.resolved.end.strftime(fmt),
        previous.resolved.start.strftime(fmt), previous.resolved.end.strftime(fmt),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        # a running period compares with the previous one cut at the same moment (13:53 Moscow)
        ("today", ("2026-11-27 00:00", "2026-11-28 00:00", "2026-11-26 00:00", "2026-11-26 13:53")),
        ("yesterday", ("2026-11-26 00:00", "2026-11-27 00:00", "2026-11-25 00:00", "2026-11-26 00:00")),
        ("last_7_days", ("2026-11-21 00:00", "2026-11-28 00:00", "2026-11-14 00:00", "2026-11-20 13:53")),
        ("this_week", ("2026-11-23 00:00", "2026-11-28 00:00", "2026-11-16 00:00", "2026-11-20 13:53")),
        ("this_month", ("2026-11-01 00:00", "2026-11-28 00:00", "2026-10-01 00:00", "2026-10-27 13:53")),
        ("last_month", ("2026-10-01 00:00", "2026-11-01 00:00", "2026-09-01 00:00", "2026-10-01 00:00")),
    ],
)
def test_presets_and_their_previous_periods(preset: str, expected: tuple[str, ...]) -> None:
    assert bounds({"range": preset}) == expected


def test_this_week_compares_with_the_same_days_of_last_week() -> None:
    # Friday: Monday..Friday 13:53 against last Monday..Friday 13:53
    assert bounds({"range": "this_week"})[2:] == ("2026-11-16 00:00", "2026-11-20 13:53")


def test_month_ends_are_clamped() -> None:
    now = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    period = period_from({"range": "this_month"}, "UTC", now)
    previous = previous_of(period, now)
    assert previous.resolved.start == datetime(2026, 2, 1, tzinfo=previous.resolved.start.tzinfo)  # type: ignore[union-attr]
    assert previous.resolved.end.strftime("%m-%d %H:%M") == "02-28 12:00"


def test_custom_range_is_whole_days_and_the_previous_is_as_long() -> None:
    assert bounds({"range": "custom", "from": "2026-11-01", "to": "2026-11-15"}, "Asia/Tokyo") == (
        "2026-11-01 00:00", "2026-11-16 00:00", "2026-10-17 00:00", "2026-11-01 00:00",
    )  # fmt: skip
    period = period_from({"range": "custom", "from": "2026-11-01", "to": "2026-11-15"}, "UTC", NOW)
    assert period.dates_text() == "2026-11-01 – 2026-11-15"
    assert period.to_json() == {"range": "custom", "from": "2026-11-01", "to": "2026-11-15"}


def test_a_day_far_from_utc() -> None:
    # 10:53 UTC is already the 28th in Kiritimati (UTC+14)
    period = period_from({"range": "today"}, "Pacific/Kiritimati", NOW)
    assert period.dates_text() == "2026-11-28"
    assert period.single_day


def test_unknown_or_broken_ranges_fall_back_to_today() -> None:
    assert period_from({"range": "forever"}, "UTC", NOW).key == "today"
    assert period_from({"range": "custom", "from": "garbage"}, "UTC", NOW).key == "today"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-11-01 2026-11-15", date(2026, 11, 1), date(2026, 11, 15)),
        ("2026-11-01 - 2026-11-15", date(2026, 11, 1), date(2026, 11, 15)),
        ("2026-11-01 – 2026-11-15", date(2026, 11, 1), date(2026, 11, 15)),
        ("01.11.2026 15.11.2026", date(2026, 11, 1), date(2026, 11, 15)),
        ("  2026-11-20  ", date(2026, 11, 20), date(2026, 11, 20)),
    ],
)
def test_custom_range_input(text: str, first: date, last: date) -> None:
    assert parse_custom_range(text, date(2026, 11, 27)) == (first, last)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "range-err-format"),
        ("last week", "range-err-format"),
        ("2026-11-01 2026-11-02 2026-11-03", "range-err-format"),
        ("2026-02-30", "range-err-date"),
        ("2026-11-15 2026-11-01", "range-err-order"),
        ("2026-12-01", "range-err-future"),
        ("2024-01-01 2026-11-01", "range-err-long"),
    ],
)
def test_custom_range_errors(text: str, key: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_custom_range(text, date(2026, 11, 27))
    assert caught.value.key == key
