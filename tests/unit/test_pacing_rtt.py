"""The overall pacing (alerts/pacing.py ``Overall``, ``RoundTrips``) against a round trip, on a
simulated clock: a request is counted from its answer moved back by the credit -- the part of the
round trip surely spent on the way -- so a 150 ms round trip no longer costs 150 ms per thirty
messages, while no one-second window of arrivals (checked with the fake Bot API's own limiter) holds
more than thirty: with jitter, with render delays, with late answers. And the residual risk the
docstring names: trips out and back that shift unevenly by more than the margin."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable

import pytest

from alerts.pacing import ChatPace, Overall, Pacing, RoundTrips
from tests.unit.test_pacing import Run, most_in_window, telegram_accepts

Trip = Callable[[int], tuple[float, float]]  # request -> (trip out: start to arrival, trip back)


def simulate(overall: Overall, n: int, trip: Trip, concurrency: int = 8, credit: bool = True) -> Run:
    """Every request is waiting at t=0; at most ``concurrency`` in flight. Request ``i`` arrives
    ``trip(i)[0]`` after it starts and is answered ``trip(i)[1]`` after that; the pacing hears of
    the answer with its start (``credit``) or, as for a failed request, without."""
    now = 0.0
    waiting = list(range(n))
    in_flight: list[tuple[float, int, float]] = []  # (answer moment, request, start)
    run = Run([], [], [])
    while waiting or in_flight:
        ready = overall.ready_at(now) if waiting and len(in_flight) < concurrency else None
        if ready is not None and ready <= now:
            i = waiting.pop(0)
            out, back = trip(i)
            overall.start(now)
            run.starts.append(now)
            run.arrivals.append(now + out)
            heapq.heappush(in_flight, (now + out + back, i, now))
            continue
        moments = [m for m in (ready, in_flight[0][0] if in_flight else None) if m is not None]
        assert moments, "nothing can ever happen: the pacing is stuck"
        now = min(moments)
        while in_flight and in_flight[0][0] <= now:
            answered, _, started = heapq.heappop(in_flight)
            overall.finish(answered, started if credit else None)
            run.answers.append(answered)
    return run


def test_a_steady_round_trip_costs_little_of_the_rate() -> None:
    n = 900
    run = simulate(Overall(Pacing()), n, lambda i: (0.075, 0.075))
    assert telegram_accepts(run.arrivals)
    assert most_in_window(run.arrivals) == 30
    assert max(run.arrivals) <= n / 30 * 1.03  # 30 s for 900: within 3 %
    # counted from the answer itself (no credit), the round trip was paid once per thirty
    old = simulate(Overall(Pacing()), n, lambda i: (0.075, 0.075), credit=False)
    assert max(old.arrivals) >= n / 30 * 1.12


@pytest.mark.parametrize("seed", range(10))
def test_jitter_and_slow_renders_never_put_more_than_thirty_in_a_second(seed: int) -> None:
    """Each leg 75 ms plus up to 30 ms of jitter; the trip out sometimes also a render that waited
    behind the database (up to 120 ms) -- every delay only lengthens a trip."""
    rng = random.Random(seed)
    trips = [
        (
            0.075 + rng.uniform(0, 0.03) + rng.choice([0.0, 0.0, 0.004, 0.03, 0.12]),
            0.075 + rng.uniform(0, 0.03),
        )
        for _ in range(600)
    ]
    concurrency = rng.choice([4, 8, 64])
    run = simulate(Overall(Pacing()), len(trips), trips.__getitem__, concurrency=concurrency)
    assert telegram_accepts(run.arrivals)
    assert most_in_window(run.arrivals) <= 30


@pytest.mark.parametrize("seed", range(6))
def test_late_answers_and_late_arrivals_do_not_overfill_later_windows(seed: int) -> None:
    """Some answers come seconds late (the network held them on the way back), some requests arrive
    seconds late (held on the way in): a request in flight counts in full, a late answer counts late."""
    rng = random.Random(seed)

    def trip(i: int) -> tuple[float, float]:
        late = rng.random()
        if late < 0.03:
            return 0.075, rng.uniform(0.5, 3.0)
        if late < 0.06:
            return rng.uniform(0.5, 3.0), 0.075
        return 0.075, 0.075

    run = simulate(Overall(Pacing()), 600, trip, concurrency=16)
    assert telegram_accepts(run.arrivals)
    assert most_in_window(run.arrivals) <= 30


def warm(trips: RoundTrips, seconds: float) -> None:
    """The first round trips of a run: as many as the warm-up asks, all ``seconds`` long."""
    for _ in range(RoundTrips.WARM_UP):
        trips.observe(seconds)


def test_failed_requests_get_no_credit() -> None:
    overall = Overall(Pacing(per_second=1, overall_margin=0.0))
    warm(overall.trips, 0.2)
    overall.start(0.0)
    assert overall.finish(0.2, 0.0) == pytest.approx(0.2 - 0.19)  # answered: 200 ms less 10 ms margin
    overall.start(5.0)
    assert overall.finish(5.2) == 5.2  # failed: counted at the moment the error was seen
    assert len(overall.trips.samples) == RoundTrips.WARM_UP + 1  # and its duration is no sample


def test_the_credit_is_the_fastest_round_trip_less_a_margin_after_a_warm_up() -> None:
    trips = RoundTrips()
    assert trips.credit == 0.0
    for _ in range(RoundTrips.WARM_UP - 1):
        assert trips.observe(0.150) == 0.0  # the first ones (the slowest, as a fan-out starts): none
    assert trips.observe(0.150) == pytest.approx(0.140)  # margin: at least 10 ms
    trips = RoundTrips()
    warm(trips, 0.005)
    assert trips.credit == 0.0  # short round trips (a local network): no credit at all
    trips = RoundTrips()
    warm(trips, 0.300)
    assert trips.credit == pytest.approx(0.285)  # margin: 5 % of it, when that is more
    assert trips.observe(0.320) == pytest.approx(0.285)  # a slower one changes nothing
    for _ in range(RoundTrips.WARM_UP + 2):
        trips.observe(0.360)  # jitter: the median 60 ms above the fastest is the margin now
    assert trips.credit == pytest.approx(0.300 - 0.060)
    # a faster one counts at once: 250 ms, the median (320 ms) 70 ms above it
    assert trips.observe(0.250) == pytest.approx(0.250 - 0.070)
    assert trips.observe(0.030) == 0.0  # much faster: the spread eats it all
    trips = RoundTrips()
    for _ in range(RoundTrips.SAMPLES):
        trips.observe(0.100)
    for _ in range(RoundTrips.SAMPLES - 1):
        trips.observe(0.300)  # the route got slower: the fastest is remembered for a while ...
    assert trips.credit == 0.0  # (the median of the recent 300 ms lies 200 ms above it)
    trips.observe(0.300)  # ... as long as SAMPLES round trips
    assert trips.credit == pytest.approx(0.285)


def test_credits_that_differ_keep_the_counted_moments_in_order() -> None:
    overall = Overall(Pacing(per_second=3, overall_margin=0.0))
    overall.spacing = 0.0
    warm(overall.trips, 0.3)
    for started in (0.0, 0.0, 0.0):
        overall.start(started)
    overall.finish(0.30, 0.0)  # credit 0.285: counted at 0.015
    overall.finish(0.31, 0.0)
    overall.finish(0.32, 0.05)  # the fastest yet (0.27): credit 0.26 (margin 10 ms), counted at 0.06
    assert list(overall.answered) == sorted(overall.answered)
    assert overall.ready_at(0.5) == pytest.approx(0.015 + 1.0)


def test_the_interval_to_a_chat_runs_from_the_counted_moment() -> None:
    pacing = Pacing()
    overall = Overall(pacing)
    warm(overall.trips, 0.15)
    pace = ChatPace(pacing.group_per_window)
    overall.start(100.0)
    pace.record(5, overall.finish(100.15, 100.0))  # 150 ms round trip: counted 140 ms earlier
    assert pace.ready_at(5, pacing) == pytest.approx(100.01 + 1.0 + pacing.margin)


def test_residual_risk_trips_that_shift_unevenly_beyond_the_margin_can_overfill_a_window() -> None:
    """What the credit assumes (``Overall``'s docstring): one request's trip back plus a later one's
    trip out are at least the credit. Here the first thirty spend the whole 150 ms on the way in and
    none on the way back, the rest the reverse: then a window holds more than thirty -- Telegram
    answers 429 and the sender pauses and retries (a delay, never a loss). Without credit: never."""

    def trip(i: int) -> tuple[float, float]:
        return (0.15, 0.0) if i < 30 else (0.0, 0.15)

    assert not telegram_accepts(simulate(Overall(Pacing()), 90, trip).arrivals)
    assert telegram_accepts(simulate(Overall(Pacing()), 90, trip, credit=False).arrivals)
