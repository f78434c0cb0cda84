"""Pacing to Telegram's limits and back-off for the sender: an overall rate of evenly spaced slots
(paused after a 429), per-chat intervals and a per-group window, retry delays."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field

__all__ = ["Bucket", "ChatPace", "Pacing", "Retry"]


@dataclass(frozen=True, slots=True)
class Pacing:
    """Telegram's limits for bots (https://core.telegram.org/bots/faq#broadcasting-to-users)."""

    per_second: float = 30.0  # messages per second overall
    chat_interval: float = 1.0  # seconds between two messages to the same chat
    group_per_window: int = 20  # messages to one group ...
    group_window: float = 60.0  # ... within this many seconds
    margin: float = 0.05  # seconds added to every interval (Telegram measures on arrival)


@dataclass(frozen=True, slots=True)
class Retry:
    """Back-off for errors that may pass (network, 5xx): base * 2^(attempt-1), capped."""

    max_attempts: int = 10
    base_seconds: float = 5.0
    max_seconds: float = 300.0

    def delay(self, attempts: int) -> float:
        return float(min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds))


class Bucket:
    """Overall rate: evenly spaced slots handed out in turn, plus a pause after a 429."""

    def __init__(self, pacing: Pacing) -> None:
        self.interval = (1.0 + pacing.margin) / pacing.per_second
        self.next_at = 0.0
        self.paused_until = 0.0

    def reserve(self, now: float) -> float:
        at = max(now, self.next_at, self.paused_until)
        self.next_at = at + self.interval
        return at

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)


@dataclass
class ChatPace:
    """When the last messages went to one chat (only one message to a chat is ever in progress)."""

    group_limit: int
    last: float = float("-inf")
    recent: deque[float] = field(default_factory=deque)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def ready_at(self, chat_id: int, pacing: Pacing) -> float:
        at = self.last + pacing.chat_interval + pacing.margin
        if chat_id < 0 and len(self.recent) >= self.group_limit:
            at = max(at, self.recent[0] + pacing.group_window + pacing.margin)
        return at

    def record(self, chat_id: int, moment: float) -> None:
        self.last = moment
        if chat_id < 0:
            self.recent.append(moment)
            while len(self.recent) > self.group_limit:
                self.recent.popleft()
