"""A monotonic clock a test moves by hand (for code that takes ``monotonic=``: rate limiters, the
network guard's re-check)."""

from __future__ import annotations


class Ticks:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now
