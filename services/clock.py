"""The application's clock: everything that stamps or compares time asks it, never the wall clock.

``python -m bot`` runs on :func:`system_clock`; tests hand the bot a :class:`ShiftedClock` (or a
:class:`ManualClock`) so the suite passes on any day, including a year from now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "ManualClock", "ShiftedClock", "system_clock"]

Clock = Callable[[], datetime]  # an aware UTC datetime


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class ShiftedClock:
    """The wall clock moved by ``offset`` (time still passes)."""

    offset: timedelta = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class ManualClock:
    """A clock that moves only when told to: ``advance(minutes=15)`` (or a ``timedelta``), or
    ``now = …``."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta = timedelta(0), /, **parts: float) -> datetime:
        self.now += delta + timedelta(**parts)
        return self.now
