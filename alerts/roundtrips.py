"""The round trips to Telegram the sender has seen, and the part of one that is surely spent on the
way (the credit the pacing of :mod:`alerts.pacing` counts with)."""

from __future__ import annotations

import itertools
from collections import deque

__all__ = ["RoundTrips"]


class RoundTrips:
    """What the sender has seen of the way to Telegram: the round trips (start -> answer) of the last
    ``SAMPLES`` answered requests, and from them the ``credit`` -- the part of a round trip that is
    surely spent on the way, by one request's answer coming back plus the next request going out.
    The limits count from an answer moved back by it (:class:`Overall`, :class:`ChatPace`).

    The credit is the fastest of those round trips less a margin for jitter: the largest of
    ``MARGIN_SECONDS``, ``MARGIN_SHARE`` of it and how far the median of the last ``RECENT`` lies
    above it; never below 0 (so nothing when round trips are short, as on a local network), and 0
    until ``WARM_UP`` round trips were seen (the first ones, while a fan-out starts, are the slowest).
    A render, a busy event loop or a late answer only make round trips longer: they never make the
    credit larger. The credit is always at least the margin below every round trip of the last
    ``SAMPLES``, the newest included (it counts before its own answer is used): a faster one
    lowers it at once.
    """

    SAMPLES = 256
    RECENT = 64
    WARM_UP = 8
    MARGIN_SECONDS = 0.010
    MARGIN_SHARE = 0.05

    def __init__(self) -> None:
        self.samples: deque[float] = deque(maxlen=self.SAMPLES)
        self.credit = 0.0

    def observe(self, seconds: float) -> float:
        """A request was answered ``seconds`` after it started: the credit, that round trip counted."""
        self.samples.append(max(seconds, 0.0))
        if len(self.samples) < self.WARM_UP:
            return self.credit
        recent = sorted(itertools.islice(self.samples, max(len(self.samples) - self.RECENT, 0), None))
        fastest, median = min(self.samples), recent[(len(recent) - 1) // 2]
        margin = max(self.MARGIN_SECONDS, self.MARGIN_SHARE * fastest, median - fastest)
        self.credit = max(fastest - margin, 0.0)
        return self.credit
