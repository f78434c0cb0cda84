"""Token buckets per key (an IP address, a tracker, a user): how often a stranger can make the bot work.

A bucket holds up to ``burst`` tokens and gains ``rate`` tokens a second; each allowed event takes
one. :meth:`RateLimiter.wait` answers 0 when the event may go ahead (and takes the token), else the
seconds until it may — the value of a ``Retry-After`` header. Memory is bounded: at most
``max_keys`` buckets are kept, the least recently used one is forgotten beyond that (a forgotten
key starts again with a full bucket, which only ever errs towards letting an event through).

The limiter is per process: with several processes each one limits on its own.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

__all__ = ["RateLimiter", "refusal_limiter"]


class RateLimiter:
    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        max_keys: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self.max_keys = max(1, max_keys)
        self._monotonic = monotonic
        self._buckets: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()  # key → (tokens, at)

    def wait(self, key: Hashable) -> float:
        """0.0 and one token taken when the event may happen now; else the seconds to wait."""
        now = self._monotonic()
        tokens, at = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens >= 1.0:
            tokens -= 1.0
            delay = 0.0
        else:
            delay = (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return delay

    def allow(self, key: Hashable) -> bool:
        return self.wait(key) == 0.0

    @staticmethod
    def retry_after(delay: float) -> str:
        """A ``Retry-After`` value: whole seconds, at least 1."""
        return str(max(1, math.ceil(delay)))

    def __len__(self) -> int:
        return len(self._buckets)


def refusal_limiter() -> RateLimiter:
    """How often one person is told "no" (not allowed to use the bot, not an admin of the group): the
    first two at once, then one a minute. Beyond that the bot stays silent, so a stranger who
    sends a hundred commands to a group makes the bot send three messages, not a hundred."""
    return RateLimiter(rate=1 / 60, burst=2)
