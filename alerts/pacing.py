"""Pacing to Telegram's limits and back-off for the sender: the overall rate counted the way Telegram
counts it (a window over the moments requests can arrive, paused after a 429), per-chat intervals and
a per-group window, retry delays.

Telegram counts a request when it *arrives*, and the sender cannot see that moment: it lies somewhere
between the call starting (rendering the message comes first, then the HTTP request) and the answer.
So every limit here is counted on what the sender does know: a request counts from its start until its
answer, and the intervals are measured from the answer -- moved back by the part of the round trip
that is surely spent on the way (:class:`RoundTrips`: the fastest recent round trip less a margin for
jitter; nothing when round trips are short or the request failed). Then however the requests are
delayed on their way -- a slow render, the event loop busy, a late answer -- no window Telegram
measures holds more than the limit, as long as the network's one-way trips do not suddenly get
shorter than that margin allows (see :class:`Overall`).

Several worker processes send for one bot: then the limits are one :class:`Budget` they share
(:class:`alerts.budget.RedisBudget`, the same counting kept in Redis), given to the :class:`Pacer`.
Without one, the pacing is this process's own, as it always was.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Container
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from alerts.model import RetryAfter
from alerts.roundtrips import RoundTrips

__all__ = [
    "Budget",
    "BudgetUnavailable",
    "ChatPace",
    "Overall",
    "Pacer",
    "Pacing",
    "Retry",
    "RoundTrips",
    "Stopped",
    "Turn",
    "wait_any",
]

log = logging.getLogger(__name__)

BUDGET_RETRY_SECONDS = 1.0  # the shared budget did not answer: the row waits this long, uncounted

T = TypeVar("T")
Prepare = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Pacing:
    """Telegram's limits for bots (https://core.telegram.org/bots/faq#broadcasting-to-users)."""

    per_second: float = 30.0  # messages per second overall (in any window of one second)
    chat_interval: float = 1.0  # seconds between two messages to the same chat
    group_per_window: int = 20  # messages to one group ...
    group_window: float = 60.0  # ... within this many seconds
    margin: float = 0.05  # seconds added to every per-chat interval and group window
    overall_margin: float = 0.01  # seconds added to the overall one-second window


@dataclass(frozen=True, slots=True)
class Retry:
    """Back-off for errors that may pass (network, 5xx): base * 2^(attempt-1), capped."""

    max_attempts: int = 10
    base_seconds: float = 5.0
    max_seconds: float = 300.0

    def delay(self, attempts: int) -> float:
        return float(min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds))


class Overall:
    """The overall rate: at most ``limit`` requests in any window of ``window`` seconds, as Telegram
    counts them on arrival, plus a pause after a 429.

    The rule: a request may start only while fewer than ``limit`` requests are in flight or *counted*
    less than ``window`` seconds ago, where a request that was answered is counted at its answer
    moved back by the credit of :class:`RoundTrips` (``c``; a request that failed, and any request
    while round trips are short, at its answer itself). Why that is enough: suppose some window of
    one second saw ``limit + 1`` arrivals, and let *k* be the one of them that started last, at
    ``s``. Each other one, *j*, started before ``s`` and arrived less than a second before *k*. If *j*
    was answered at ``a`` before ``s``, it arrived at ``a`` less its trip back, and *k* arrived at
    ``s`` plus its trip out, so ``s + out(k) - (a - back(j)) < window``: with ``out(k) + back(j) >= c``,
    *j* was counted less than ``window`` before ``s``. So at ``s`` all ``limit`` others were in flight
    or counted -- and *k* could not have started. (A failed request may have arrived until its error
    was seen: it counts from then, with no credit.)

    What that assumes, and the residual risk: ``c`` is at most the fastest recent round trip less a
    margin, and the trips out and back of any two requests add up to at least that. A busy event
    loop, a slow render, a late answer only lengthen the trips (a late answer is also counted late);
    what could break it is the network's one-way times shifting unevenly by more than the margin --
    a sudden drop of the latency (the first faster answer lowers ``c`` at once) or a round trip whose
    trip out is long and trip back near zero while another's is the reverse. Then a window may be
    overfull, and Telegram answers 429: the sender pauses for ``retry_after`` and sends the row again
    (a delay, never a loss or a duplicate). With ``c`` = 0 the rule is the old one, safe whatever
    the delays.

    The price is the time from a request's start to its answer less ``c`` (render + jitter +
    margin), paid once per ``limit`` requests: ``limit`` requests per ``window`` + that time.

    Starts are also kept ``spacing`` apart -- half the average interval, so at most twice the rate in
    the short run: a window's worth goes out over about half a second rather than all at once, which
    is gentler on Telegram and on the bot's own database (renders do not queue behind each other).
    The window, not the spacing, sets the rate. The spacing follows the slots, not the moments they
    were taken, so waking up late (timers, a busy loop) does not add up over a thousand requests.

    Pure bookkeeping on moments the caller passes in (``time.monotonic()`` in the sender), so it can
    be tested with a fake clock; waiting is the caller's business (:meth:`ready_at`, :meth:`freed`).
    """

    SPREAD = 2.0  # starts are at least window / (SPREAD * limit) apart

    def __init__(self, pacing: Pacing) -> None:
        self.limit = max(math.floor(pacing.per_second), 1)
        self.window = 1.0 + pacing.overall_margin
        self.in_flight = 0
        self.answered: deque[float] = deque()  # counted moments of the last ``window`` seconds, in order
        self.trips = RoundTrips()
        self.paused_until = 0.0
        self.spacing = self.window / (self.SPREAD * self.limit)
        self.next_at = float("-inf")  # the earliest start the spacing allows
        self._freed = asyncio.Event()

    def ready_at(self, now: float) -> float | None:
        """When the next request may start: ``now`` or a later moment to sleep until; ``None`` when
        every counted request is still in flight (wait for :meth:`freed`, then ask again)."""
        # the same sum as the moment returned below: a moment not in the future was dropped here
        while self.answered and self.answered[0] + self.window <= now:
            self.answered.popleft()
        if now < self.paused_until:
            return self.paused_until
        if self.in_flight + len(self.answered) < self.limit:
            return max(now, self.next_at)
        if self.answered:
            return max(self.answered[0] + self.window, self.next_at)
        return None

    def start(self, moment: float) -> None:
        """A request starts at ``moment`` (right after :meth:`ready_at` said so, no wait in between)."""
        self.in_flight += 1
        on_time = moment - self.next_at < self.spacing  # else the sender was idle: start afresh
        self.next_at = (self.next_at if on_time else moment) + self.spacing

    def finish(self, moment: float, started: float | None = None) -> float:
        """A request :meth:`start` counted was answered at ``moment`` -- ``started`` at that moment, or
        ``None`` when it failed or was abandoned (no credit). Returns the moment it is counted at."""
        self.in_flight = max(self.in_flight - 1, 0)
        counted = moment
        if started is not None:
            counted = max(moment - self.trips.observe(moment - started), started)
        bisect.insort(self.answered, counted)  # credits differ a little: keep them in order
        self._freed.set()
        self._freed = asyncio.Event()
        return counted

    def freed(self) -> asyncio.Event:
        """An event set when the next request in flight is answered."""
        return self._freed

    def pause(self, seconds: float, now: float) -> None:
        """Telegram answered 429: nothing starts for ``seconds`` from ``now``."""
        self.paused_until = max(self.paused_until, now + seconds)


@dataclass
class ChatPace:
    """When the last messages to one chat were counted (answered, moved back by the credit as in
    :class:`Overall`; only one request to a chat is ever in progress, so the next one, started
    ``chat_interval`` after that moment, arrives that long after it, on the same assumption)."""

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


class Stopped(Exception):
    """The sender is stopping: a wait for pacing was abandoned, nothing was sent."""


class BudgetUnavailable(RetryAfter):
    """The shared budget (Redis) did not answer: nothing was sent; the row waits a moment, and the
    attempt is not counted against it (a Redis outage must not make notifications fail for good)."""


@dataclass(frozen=True, slots=True)
class Turn:
    """A shared budget's answer: ``granted`` (give ``ticket`` back after the answer), or wait
    ``wait`` seconds -- for the chat's limits when ``chat``, else for the overall ones."""

    granted: bool
    wait: float = 0.0
    chat: bool = False
    ticket: str = ""


class Budget(Protocol):
    """Telegram's limits shared by several processes (:class:`alerts.budget.RedisBudget`): the same
    rules as :class:`Overall` and :class:`ChatPace`, kept where every process sees them."""

    async def take(self, chat_id: int, pacing: Pacing) -> Turn:
        """A request to ``chat_id`` may start now (counted until :meth:`give_back`), or when to ask again."""
        ...

    async def give_back(self, chat_id: int, ticket: str, pacing: Pacing, credit: float = 0.0) -> None:
        """The request of ``ticket`` was answered (or failed, or was abandoned) now: counted from now
        less ``credit`` (:class:`RoundTrips`; 0 for a failed one)."""
        ...

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: no process starts a request for ``seconds``."""
        ...


class Pacer:
    """The sender's pacing: the chat's limits, then one of ``concurrency`` places, then the overall
    limit, then the request. Every wait ends at once (:class:`Stopped`) when ``halt`` is set."""

    def __init__(self, pacing: Pacing, concurrency: int, budget: Budget | None = None) -> None:
        self.pacing = pacing
        self.overall = Overall(pacing)
        self.budget = budget
        self.chats: dict[int, ChatPace] = {}
        self.halt = asyncio.Event()  # the sender sets its own for each run
        self._places = asyncio.Semaphore(max(concurrency, 1))
        self._asking = asyncio.Lock()  # one request of this process at a time asks the shared budget
        self._last = asyncio.Event()  # set once the latest place's request started (or gave up)
        self._last.set()

    def _in_order(self) -> tuple[asyncio.Event, asyncio.Event]:
        """(the previous place's "started" event, this one's): a render done before the overall turn
        (``before``) may be quicker than an earlier one's, yet requests start in the order their
        places were had -- the outbox's order, as when the render was part of the request."""
        previous, self._last = self._last, asyncio.Event()
        return previous, self._last

    async def paced(self, chat_id: int, call: Callable[[], Awaitable[T]], before: Prepare | None = None) -> T:
        """Run ``call`` (one request to ``chat_id``) when the chat's and the overall limits allow; it
        is counted from its start to its answer (less the credit: :class:`Overall`). ``before``
        (the render) runs once the chat's turn and a place are had, before the overall turn is
        waited for: not counted, and not in the time a slot is held."""
        if self.budget is not None:
            return await self._shared(self.budget, chat_id, call, before)
        pace = self._pace(chat_id)
        async with pace.lock:
            await self.sleep_until(pace.ready_at(chat_id, self.pacing))
            async with self._places:
                previous, mine = self._in_order()
                try:
                    if before is not None:
                        await before()
                    await previous.wait()  # renders overlap; starts keep the order places were had in
                    await self._overall_turn()
                    started = time.monotonic()
                    self.overall.start(started)
                finally:
                    mine.set()
                credited: float | None = None  # its start once answered; failed: no credit
                try:
                    result = await call()
                    credited = started
                finally:
                    pace.record(chat_id, self.overall.finish(time.monotonic(), credited))
                return result

    async def _shared(
        self, budget: Budget, chat_id: int, call: Callable[[], Awaitable[T]], before: Prepare | None
    ) -> T:
        """``paced`` with the limits in the shared budget: the chat's turn and the overall one are
        taken together (one atomic step there); a chat that must wait does so without a place."""
        async with self._pace(chat_id).lock:  # one request to a chat at a time in this process
            while True:
                async with self._places:
                    previous, mine = self._in_order()
                    try:
                        if before is not None:
                            await before()
                            before = None
                        await previous.wait()
                        async with self._asking:  # the others of this process queue here, not in Redis
                            turn = await self._take(budget, chat_id)
                            while not turn.granted and not turn.chat:
                                await self._wait(turn.wait)
                                turn = await self._take(budget, chat_id)
                    finally:
                        mine.set()
                    if turn.granted:
                        started = time.monotonic()
                        credit = 0.0  # failed: counted from the moment that is seen, no credit
                        try:
                            result = await call()
                            credit = self.overall.trips.observe(time.monotonic() - started)
                            return result
                        finally:
                            try:
                                await budget.give_back(chat_id, turn.ticket, self.pacing, credit)
                            except Exception:
                                log.exception("send budget: could not give a turn back (it runs out)")
                await self._wait(turn.wait)

    async def _take(self, budget: Budget, chat_id: int) -> Turn:
        try:
            return await budget.take(chat_id, self.pacing)
        except Exception as error:
            log.warning("send budget unavailable: %s", error)
            raise BudgetUnavailable(BUDGET_RETRY_SECONDS) from error

    async def _wait(self, seconds: float) -> None:
        if not await self.sleep(seconds):
            raise Stopped

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: nothing starts for ``seconds`` (in any process, with a budget)."""
        self.overall.pause(seconds, time.monotonic())
        if self.budget is not None:
            try:
                await self.budget.pause(seconds)
            except Exception:
                log.exception("send budget: could not share a pause")

    def forget_idle(self, busy: Container[int]) -> None:
        """Drop what is known about chats quiet for longer than any limit looks back (not ``busy``)."""
        if len(self.chats) < 1000:
            return
        horizon = time.monotonic() - max(self.pacing.group_window, self.pacing.chat_interval) - 1.0
        for chat_id, pace in list(self.chats.items()):
            if pace.last < horizon and not pace.lock.locked() and chat_id not in busy:
                del self.chats[chat_id]

    async def sleep_until(self, moment: float) -> None:
        if not await self.sleep(moment - time.monotonic()):
            raise Stopped

    async def sleep(self, seconds: float) -> bool:
        """Wait ``seconds``; False (at once) when stopping."""
        if self.halt.is_set():
            return False
        if seconds <= 0:
            return True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self.halt.wait()
        return not self.halt.is_set()

    def _pace(self, chat_id: int) -> ChatPace:
        pace = self.chats.get(chat_id)
        if pace is None:
            pace = self.chats[chat_id] = ChatPace(self.pacing.group_per_window)
        return pace

    async def _overall_turn(self) -> None:
        """Wait until the overall limit lets one more request start (a 429 meanwhile: wait longer)."""
        while True:
            now = time.monotonic()
            at = self.overall.ready_at(now)
            if at is None:  # every request counted is in flight: the next answer frees one
                await wait_any((self.halt, self.overall.freed()))
                if self.halt.is_set():
                    raise Stopped
            elif at > now:
                await self.sleep_until(at)
            else:
                return


async def wait_any(events: tuple[asyncio.Event, ...], timeout: float | None = None) -> None:
    """Wait until one of ``events`` is set (at most ``timeout`` seconds, when given)."""
    waiters = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
