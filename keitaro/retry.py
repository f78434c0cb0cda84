"""Retries with exponential backoff and jitter.

* Reads (GET/HEAD, and POSTs that only read, such as reports and logs) are retried on connection
  failures, timeouts, 429 and 502/503/504.
* Writes are retried only when the request provably never reached the tracker: the connection
  was refused, or the connect/pool phase timed out. A read timeout on a write is *not* retried —
  the tracker may have applied it.
* DNS and TLS failures are not transient in practice and are never retried.
Attempts and total time are bounded.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from keitaro.errors import ConnectionRefused, KeitaroError, KeitaroTimeout, NetworkError

__all__ = ["RETRY_STATUSES", "RetryPolicy", "is_retryable"]

logger = logging.getLogger("keitaro")

T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 502, 503, 504})


def never_reached(error: KeitaroError) -> bool:
    """The request was certainly not received by the tracker."""
    if isinstance(error, ConnectionRefused):
        return True
    return isinstance(error, KeitaroTimeout) and error.phase in ("connect", "pool")


def is_retryable(error: KeitaroError, *, reads: bool) -> bool:
    if never_reached(error):
        return True
    if not reads:
        return False
    if isinstance(error, KeitaroTimeout | NetworkError):
        return True
    return error.http_status in RETRY_STATUSES


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.3
    max_delay: float = 3.0
    max_total: float = 10.0

    def delay(self, attempt: int) -> float:
        """Full-jitter backoff for the ``attempt``-th retry (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not cryptography

    async def run(self, send: Callable[[], Awaitable[T]], *, reads: bool, what: str = "") -> T:
        started = time.monotonic()
        attempt = 1
        while True:
            try:
                return await send()
            except KeitaroError as error:
                if attempt >= self.attempts or not is_retryable(error, reads=reads):
                    raise
                pause = self.delay(attempt)
                if time.monotonic() - started + pause > self.max_total:
                    raise
                logger.debug("%s: %s, retry %d in %.2fs", what, error.code, attempt, pause)
                await asyncio.sleep(pause)
                attempt += 1
