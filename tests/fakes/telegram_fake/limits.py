"""Telegram's flood limits for bots, opt-in (``FakeTelegramServer.enforce_rate_limits``).

About 30 messages per second overall, one per second to the same chat, 20 per minute to the same
group (negative chat id). A request that would break a limit is answered 429 with ``retry_after``
(whole seconds, like Telegram) and does not count; accepted requests are counted when they arrive.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from tests.fakes.telegram_fake.protocol import ApiError

__all__ = ["RATE_LIMITED_METHODS", "RateLimiter", "RateLimits"]

# the methods that put something into a chat (or change it) and are counted
RATE_LIMITED_METHODS = frozenset(
    {
        "sendmessage",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
        "senddocument",
        "sendphoto",
    }
)


@dataclass(frozen=True)
class RateLimits:
    per_second: int = 30  # requests per second overall (in any 1-second window)
    chat_interval: float = 1.0  # seconds between two requests to the same chat
    group_per_window: int = 20  # requests to one group ...
    group_window: float = 60.0  # ... in any window of this many seconds


@dataclass
class RateLimiter:
    limits: RateLimits
    overall: deque[float] = field(default_factory=deque)
    last: dict[int, float] = field(default_factory=dict)
    groups: dict[int, deque[float]] = field(default_factory=dict)

    def check(self, chat_id: int, now: float) -> None:
        """Count a request to ``chat_id`` arriving at ``now``, or raise the 429 Telegram would give."""
        limits = self.limits
        while self.overall and now - self.overall[0] >= 1.0:
            self.overall.popleft()
        waits = [0.0]
        if len(self.overall) >= limits.per_second:
            waits.append(self.overall[0] + 1.0 - now)
        previous = self.last.get(chat_id)
        if previous is not None and now - previous < limits.chat_interval:
            waits.append(previous + limits.chat_interval - now)
        recent = self.groups.setdefault(chat_id, deque()) if chat_id < 0 else None
        if recent is not None:
            while recent and now - recent[0] >= limits.group_window:
                recent.popleft()
            if len(recent) >= limits.group_per_window:
                waits.append(recent[0] + limits.group_window - now)
        wait = max(waits)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)
        self.overall.append(now)
        self.last[chat_id] = now
        if recent is not None:
            recent.append(now)
