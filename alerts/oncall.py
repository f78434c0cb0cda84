"""On-call rotation maths (pure): who is on duty at an instant, when the next hand-over is.

A rotation is a list of people taking turns of one day (``daily``) or seven days (``weekly``).
The first person's turn began on ``started_on`` at the hand-over time (``HH:MM``) in the rotation's
time zone; every turn starts and ends at that local wall-clock time, so a turn spanning a daylight
saving change is an hour shorter or longer, and the hand-over stays at, say, 10:00 local time.
Instants before ``started_on`` continue the cycle backwards (the rotation is periodic).

Every function takes a :class:`RotationLike` — ``storage.oncall.Rotation`` is one, and so is
:class:`Spec` (for tests and previews).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "RotationLike",
    "Shift",
    "Spec",
    "handover_at",
    "in_quiet_hours",
    "next_handover",
    "on_duty",
    "parse_hhmm",
    "period_days",
    "restart_on",
    "shifts",
    "zone",
]

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class RotationLike(Protocol):
    @property
    def rotation(self) -> str: ...  # daily | weekly
    @property
    def people(self) -> Sequence[int]: ...
    @property
    def handover(self) -> str: ...  # HH:MM local
    @property
    def timezone(self) -> str: ...
    @property
    def started_on(self) -> date: ...


@dataclass(frozen=True, slots=True)
class Spec:
    rotation: str
    people: Sequence[int]
    handover: str
    timezone: str
    started_on: date


@dataclass(frozen=True, slots=True)
class Shift:
    person: int  # Telegram user id
    index: int  # position of the person in the rotation's list
    starts: datetime  # UTC
    ends: datetime  # UTC (the next hand-over)


def parse_hhmm(value: str) -> time:
    """``"9:30"``, ``"09:30"`` or ``"09.30"`` → ``time(9, 30)``; ValueError otherwise."""
    match = _HHMM.match(value.strip())
    if match is None:
        raise ValueError(f"not a time of day (HH:MM): {value!r}")
    return time(int(match.group(1)), int(match.group(2)))


def zone(name: str | None) -> ZoneInfo:
    """The zone by name; UTC for an empty or unknown name (a stored zone never breaks a rotation)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def period_days(rotation: str) -> int:
    return 1 if rotation == "daily" else 7


def handover_at(day: date, handover: str, tz: str) -> datetime:
    """The UTC instant of the hand-over on a local calendar day."""
    local = datetime.combine(day, parse_hhmm(handover), tzinfo=zone(tz))
    return local.astimezone(UTC)


def _turn(rot: RotationLike, at: datetime) -> int:
    """The number of the turn (0 = the one that began on ``started_on``) running at ``at``."""
    moment = at.astimezone(UTC)
    local_day = moment.astimezone(zone(rot.timezone)).date()
    if moment < handover_at(local_day, rot.handover, rot.timezone):
        local_day -= timedelta(days=1)  # before today's hand-over: yesterday's shift runs
    return (local_day - rot.started_on).days // period_days(rot.rotation)


def _shift(rot: RotationLike, turn: int) -> Shift:
    period = period_days(rot.rotation)
    first_day = rot.started_on + timedelta(days=turn * period)
    index = turn % len(rot.people)
    return Shift(
        person=int(rot.people[index]),
        index=index,
        starts=handover_at(first_day, rot.handover, rot.timezone),
        ends=handover_at(first_day + timedelta(days=period), rot.handover, rot.timezone),
    )


def on_duty(rot: RotationLike, at: datetime) -> Shift | None:
    """The shift running at ``at`` (None when the rotation has nobody)."""
    if not rot.people:
        return None
    return _shift(rot, _turn(rot, at))


def shifts(rot: RotationLike, at: datetime, count: int) -> list[Shift]:
    """The shift running at ``at`` and the ``count - 1`` after it."""
    if not rot.people or count <= 0:
        return []
    turn = _turn(rot, at)
    return [_shift(rot, turn + k) for k in range(count)]


def next_handover(rot: RotationLike, at: datetime) -> datetime:
    """The UTC instant the shift running at ``at`` ends."""
    turn = _turn(rot, at)
    period = period_days(rot.rotation)
    return handover_at(rot.started_on + timedelta(days=(turn + 1) * period), rot.handover, rot.timezone)


def in_quiet_hours(at: datetime, *, starts: str, ends: str, tz: str) -> bool:
    """Whether the local time of ``at`` lies in ``[starts, ends)``; the span may cross midnight
    (``23:00``–``08:00``). Equal ends mean no quiet hours."""
    begin, end = parse_hhmm(starts), parse_hhmm(ends)
    now = at.astimezone(zone(tz)).time().replace(second=0, microsecond=0, tzinfo=None)
    if begin == end:
        return False
    if begin < end:
        return begin <= now < end
    return now >= begin or now < end


def restart_on(rot: RotationLike, at: datetime, index: int) -> date:
    """The ``started_on`` that makes person number ``index`` the one on duty at ``at``, their turn
    having begun at the latest hand-over (used when an admin changes the rotation)."""
    moment = at.astimezone(UTC)
    local_day = moment.astimezone(zone(rot.timezone)).date()
    if moment < handover_at(local_day, rot.handover, rot.timezone):
        local_day -= timedelta(days=1)
    return local_day - timedelta(days=index * period_days(rot.rotation))
