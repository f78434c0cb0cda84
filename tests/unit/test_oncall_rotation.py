"""Rotation maths: who is on duty, hand-over boundaries, daily and weekly turns, time zones, DST;
quiet hours across midnight."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from alerts.oncall import Spec, in_quiet_hours, next_handover, on_duty, parse_hhmm, shifts

ALICE, BOB, CAROL = 101, 202, 303


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def who(rot: Spec, at: datetime) -> int:
    shift = on_duty(rot, at)
    assert shift is not None
    return shift.person


def weekly(tz: str = "UTC", handover: str = "10:00", start: date = date(2026, 3, 2)) -> Spec:
    return Spec("weekly", (ALICE, BOB, CAROL), handover, tz, start)


def daily(tz: str = "UTC", handover: str = "09:30", start: date = date(2026, 3, 2)) -> Spec:
    return Spec("daily", (ALICE, BOB), handover, tz, start)


def test_weekly_turns_change_exactly_at_the_handover() -> None:
    rot = weekly()
    assert who(rot, utc(2026, 3, 2, 10, 0)) == ALICE
    assert who(rot, utc(2026, 3, 9, 9, 59, 59)) == ALICE
    shift = on_duty(rot, utc(2026, 3, 9, 10, 0))
    assert shift is not None
    assert (shift.person, shift.index) == (BOB, 1)
    assert shift.starts == utc(2026, 3, 9, 10, 0)
    assert shift.ends == utc(2026, 3, 16, 10, 0)
    assert who(rot, utc(2026, 3, 16, 10, 0)) == CAROL
    assert who(rot, utc(2026, 3, 23, 10, 0)) == ALICE  # wraps


def test_before_the_first_handover_the_cycle_runs_backwards() -> None:
    rot = weekly()
    # the week before the start belongs to the last person in the list
    assert who(rot, utc(2026, 3, 2, 9, 59)) == CAROL
    assert who(rot, utc(2026, 2, 20, 12, 0)) == BOB


def test_daily_turns_and_next_handover() -> None:
    rot = daily()
    assert who(rot, utc(2026, 3, 2, 9, 30)) == ALICE
    assert who(rot, utc(2026, 3, 3, 9, 29)) == ALICE
    assert who(rot, utc(2026, 3, 3, 9, 30)) == BOB
    assert who(rot, utc(2026, 3, 4, 23, 0)) == ALICE
    assert next_handover(rot, utc(2026, 3, 4, 23, 0)) == utc(2026, 3, 5, 9, 30)
    assert next_handover(rot, utc(2026, 3, 5, 9, 30)) == utc(2026, 3, 6, 9, 30)


def test_handover_is_local_time_in_the_rotation_zone() -> None:
    rot = daily(tz="Asia/Tokyo", handover="09:00")  # UTC+9, no DST: hand-over at 00:00 UTC
    assert who(rot, utc(2026, 3, 2, 23, 59)) == ALICE  # 08:59 Tokyo
    assert who(rot, utc(2026, 3, 3, 0, 0)) == BOB  # 09:00 Tokyo
    # a zone behind UTC: the first turn began at 20:00 New York on the 2nd = 01:00 UTC on the 3rd
    rot = daily(tz="America/New_York", handover="20:00")  # EST, UTC-5 in early March
    assert who(rot, utc(2026, 3, 3, 0, 59)) == BOB  # 19:59 on the 2nd: the turn before the first
    assert who(rot, utc(2026, 3, 3, 1, 0)) == ALICE  # 20:00 on the 2nd
    assert who(rot, utc(2026, 3, 4, 0, 59)) == ALICE  # 19:59 on the 3rd
    assert who(rot, utc(2026, 3, 4, 1, 0)) == BOB


def test_handover_follows_daylight_saving_time() -> None:
    # Europe/Berlin moves to summer time on 2026-03-29: 10:00 local is 09:00 UTC before, 08:00 after
    rot = weekly(tz="Europe/Berlin", start=date(2026, 3, 23))
    before = on_duty(rot, utc(2026, 3, 24, 12, 0))
    assert before is not None and before.person == ALICE
    assert before.starts == utc(2026, 3, 23, 9, 0)
    assert before.ends == utc(2026, 3, 30, 8, 0)  # the turn across the change is an hour shorter
    assert who(rot, utc(2026, 3, 30, 7, 59)) == ALICE
    assert who(rot, utc(2026, 3, 30, 8, 0)) == BOB
    local = before.ends.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (10, 0)


def test_upcoming_shifts_are_contiguous() -> None:
    rot = weekly(tz="Europe/Moscow", handover="00:00")
    found = shifts(rot, utc(2026, 4, 1, 0, 0), 4)
    assert [s.person for s in found] == [BOB, CAROL, ALICE, BOB]
    for first, second in itertools.pairwise(found):
        assert first.ends == second.starts
        assert second.starts - first.starts == timedelta(days=7)


def test_empty_rotation_has_nobody() -> None:
    rot = Spec("weekly", (), "10:00", "UTC", date(2026, 1, 1))
    assert on_duty(rot, utc(2026, 3, 1, 0, 0)) is None
    assert shifts(rot, utc(2026, 3, 1, 0, 0), 3) == []


def test_unknown_zone_falls_back_to_utc() -> None:
    rot = daily(tz="Mars/Olympus", handover="09:30")
    assert who(rot, utc(2026, 3, 3, 9, 30)) == BOB


@pytest.mark.parametrize(
    ("raw", "expected"), [("9:30", (9, 30)), ("09:30", (9, 30)), ("23.05", (23, 5)), ("00:00", (0, 0))]
)
def test_parse_hhmm(raw: str, expected: tuple[int, int]) -> None:
    value = parse_hhmm(raw)
    assert (value.hour, value.minute) == expected


@pytest.mark.parametrize("raw", ["24:00", "9", "12:60", "ab:cd", "", "1230"])
def test_parse_hhmm_refuses(raw: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_hhmm(raw)


def test_quiet_hours_across_midnight_in_the_person_zone() -> None:
    quiet = {"starts": "23:00", "ends": "08:00", "tz": "Europe/Moscow"}  # UTC+3
    assert in_quiet_hours(utc(2026, 3, 2, 20, 0), **quiet)  # 23:00 Moscow
    assert in_quiet_hours(utc(2026, 3, 3, 4, 59), **quiet)  # 07:59
    assert not in_quiet_hours(utc(2026, 3, 3, 5, 0), **quiet)  # 08:00
    assert not in_quiet_hours(utc(2026, 3, 2, 19, 59), **quiet)  # 22:59
    day = {"starts": "13:00", "ends": "14:00", "tz": "UTC"}
    assert in_quiet_hours(utc(2026, 3, 2, 13, 30), **day)
    assert not in_quiet_hours(utc(2026, 3, 2, 14, 0), **day)
    assert not in_quiet_hours(utc(2026, 3, 2, 13, 30), starts="13:00", ends="13:00", tz="UTC")
