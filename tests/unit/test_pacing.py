"""The overall pacing (alerts/pacing.py ``Overall``) on a simulated clock: however requests are
delayed between the moment they start and the moment Telegram sees them, no one-second window ever
holds more than the limit -- checked with the fake Bot API's own limiter -- and the rate stays close
to the limit."""

from __future__ import annotations

import asyncio
import heapq
import random
from dataclasses import dataclass
from typing import Any

import pytest

from alerts.pacing import ChatPace, Overall, Pacer, Pacing, Stopped
from tests.fakes.telegram_fake.limits import RateLimiter, RateLimits
from tests.fakes.telegram_fake.protocol import ApiError


@dataclass
class Run:
    starts: list[float]
    arrivals: list[float]
    answers: list[float]


def simulate(overall: Overall, durations: list[float], arrive_at: list[float], concurrency: int = 8) -> Run:
    """Every request is waiting at t=0 (bunched callers); at most ``concurrency`` in flight. Request
    ``i`` takes ``durations[i]`` from start to answer and reaches Telegram at ``arrive_at[i]`` (a
    fraction) of the way. Time jumps from event to event: no real waiting."""
    now = 0.0
    waiting = list(range(len(durations)))
    in_flight: list[tuple[float, int]] = []  # (answer moment, request)
    run = Run([], [], [])
    while waiting or in_flight:
        ready = overall.ready_at(now) if waiting and len(in_flight) < concurrency else None
        if ready is not None and ready <= now:
            i = waiting.pop(0)
            overall.start(now)
            run.starts.append(now)
            run.arrivals.append(now + arrive_at[i] * durations[i])
            heapq.heappush(in_flight, (now + durations[i], i))
            continue
        moments = [m for m in (ready, in_flight[0][0] if in_flight else None) if m is not None]
        assert moments, "nothing can ever happen: the pacing is stuck"
        now = min(moments)
        while in_flight and in_flight[0][0] <= now:
            answered, _ = heapq.heappop(in_flight)
            overall.finish(answered)
            run.answers.append(answered)
    return run


def most_in_window(times: list[float], window: float = 1.0) -> int:
    ordered = sorted(times)
    best = lo = 0
    for hi, moment in enumerate(ordered):
        while moment - ordered[lo] >= window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def telegram_accepts(arrivals: list[float], per_second: int = 30) -> bool:
    """What the fake Bot API would answer, request by request in order of arrival (distinct chats)."""
    limiter = RateLimiter(RateLimits(per_second=per_second, chat_interval=0.0))
    for chat, moment in enumerate(sorted(arrivals)):
        try:
            limiter.check(chat + 1, moment)
        except ApiError:
            return False
    return True


@pytest.mark.parametrize("seed", range(12))
def test_bunched_requests_never_put_more_than_thirty_in_a_second(seed: int) -> None:
    rng = random.Random(seed)
    n = 600
    # renders that sometimes wait behind the database (up to 120 ms), and arrival anywhere on the way
    durations = [rng.choice([0.002, 0.004, 0.01, 0.03, 0.12]) for _ in range(n)]
    arrive_at = [rng.choice([0.0, 0.5, 0.99, 1.0]) for _ in range(n)]
    concurrency = rng.choice([1, 8, 64])
    run = simulate(Overall(Pacing()), durations, arrive_at, concurrency=concurrency)
    assert most_in_window(run.arrivals) <= 30
    assert telegram_accepts(run.arrivals)
    if concurrency > 1:  # one at a time, the requests themselves are the bound
        # the rate stays close to the limit: 30 per (window + the slowest request), at worst
        assert max(run.answers) <= n / 30 * (1.01 + max(durations)) + 1.0


def test_the_worst_case_arrivals_are_still_within_the_limit() -> None:
    """Every request arrives at the very moment of its answer, and answers come in bunches."""
    n = 300
    durations = [0.2 if i % 3 == 0 else 0.001 for i in range(n)]
    run = simulate(Overall(Pacing()), durations, [1.0] * n, concurrency=30)
    assert telegram_accepts(run.arrivals)
    run = simulate(Overall(Pacing()), durations, [0.0] * n, concurrency=30)  # or at its start
    assert telegram_accepts(run.arrivals)


def test_with_quick_requests_the_rate_is_close_to_thirty_a_second() -> None:
    n = 900
    run = simulate(Overall(Pacing()), [0.005] * n, [0.5] * n)
    elapsed = max(run.answers)
    assert n / 30 - 1 <= elapsed <= n / 30 * 1.02  # 30 s for 900: within 2 %
    assert most_in_window(run.arrivals) == 30


def test_starts_are_spread_and_late_wake_ups_do_not_add_up() -> None:
    overall = Overall(Pacing())
    spacing = overall.spacing
    assert spacing == pytest.approx(1.01 / 60)
    assert overall.ready_at(10.0) == 10.0
    overall.start(10.0)
    assert overall.ready_at(10.0) == pytest.approx(10.0 + spacing)
    overall.start(10.0 + spacing + 0.004)  # woke up 4 ms late
    assert overall.ready_at(10.0) == pytest.approx(10.0 + 2 * spacing)  # the next slot is not moved
    overall.start(50.0)  # after a quiet while: no catching up with a burst
    assert overall.ready_at(50.0) == pytest.approx(50.0 + spacing)


def test_a_full_window_waits_for_the_oldest_answer_and_then_in_flight_ones() -> None:
    overall = Overall(Pacing(per_second=2, overall_margin=0.0))
    overall.spacing = 0.0
    overall.start(0.0)
    overall.start(0.0)
    assert overall.ready_at(0.1) is None  # both in flight: no moment can be named yet
    freed = overall.freed()
    overall.finish(0.3)
    assert freed.is_set() and not overall.freed().is_set()
    assert overall.ready_at(0.4) == pytest.approx(1.3)  # a second after that answer
    overall.finish(0.5)
    assert overall.ready_at(1.3) == 1.3
    overall.start(1.3)
    assert overall.ready_at(1.3) == pytest.approx(1.5)


def test_a_429_pauses_every_start() -> None:
    overall = Overall(Pacing())
    overall.pause(2.0, now=5.0)
    assert overall.ready_at(5.5) == 7.0
    overall.pause(1.0, now=5.5)  # a shorter pause never shortens the one running
    assert overall.ready_at(6.0) == 7.0
    assert overall.ready_at(7.0) == 7.0


def test_the_interval_to_a_chat_runs_from_the_answer() -> None:
    pacing = Pacing()
    pace = ChatPace(pacing.group_per_window)
    pace.record(5, 100.4)  # the answer came 0.4 s after the request started at 100.0
    assert pace.ready_at(5, pacing) == pytest.approx(100.4 + 1.0 + pacing.margin)


async def test_the_render_runs_before_the_overall_turn_and_holds_no_slot() -> None:
    """``paced(..., before)``: the next message is rendered while the overall limit still waits for
    the request in flight (limit 1 here) -- the render is not part of the counted slot."""
    pacer = Pacer(Pacing(per_second=1), concurrency=4)
    order: list[str] = []
    release = asyncio.Event()

    async def first() -> int:
        order.append("first starts")
        await release.wait()
        order.append("first answered")
        return 1

    async def render() -> None:
        order.append("second rendered")

    async def second() -> int:
        order.append("second starts")
        return 2

    one = asyncio.create_task(pacer.paced(1, first))
    two = asyncio.create_task(pacer.paced(2, second, render))
    for _ in range(100):  # a few passes of the event loop, no time
        if "second rendered" in order:
            break
        await asyncio.sleep(0)
    assert order == ["first starts", "second rendered"]  # the slot is still the first's
    release.set()
    assert await one == 1
    pacer.halt.set()  # the second would now wait a second for the window: stop instead
    with pytest.raises(Stopped):
        await two
    assert order == ["first starts", "second rendered", "first answered"]  # never started


async def test_a_quicker_render_does_not_overtake_an_earlier_request() -> None:
    """Renders run before the overall turn and may take different times; requests still start in
    the order their places were had (the outbox's order)."""
    pacer = Pacer(Pacing(per_second=30), concurrency=4)
    started: list[str] = []
    slow_render_done = asyncio.Event()

    async def slow_render() -> None:
        await slow_render_done.wait()

    async def quick_render() -> None:
        return None

    def request(name: str) -> Any:
        async def call() -> str:
            started.append(name)
            return name

        return call

    first = asyncio.create_task(pacer.paced(1, request("first"), slow_render))
    second = asyncio.create_task(pacer.paced(2, request("second"), quick_render))
    for _ in range(100):  # a few passes of the event loop, no time
        await asyncio.sleep(0)
    assert started == []  # the second's render is done, but the first has not started yet
    slow_render_done.set()
    assert await asyncio.gather(first, second) == ["first", "second"]
    assert started == ["first", "second"]
