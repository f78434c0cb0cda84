"""Retries: reads survive transient failures; writes are never repeated unless they never left."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from keitaro import (
    ConnectionRefused,
    KeitaroClient,
    KeitaroTimeout,
    NotFoundError,
    RetryPolicy,
    ServerError,
    UnexpectedStatusError,
)

FAST = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.002, max_total=5)


def _client(handler: Callable[[httpx.Request], httpx.Response], retry: RetryPolicy = FAST) -> KeitaroClient:
    return KeitaroClient(
        "https://tracker.example.com/admin/",
        "key0123456789abcd",
        allow_private=True,
        transport=httpx.MockTransport(handler),
        retry=retry,
    )


def _script(
    *steps: int | type[Exception],
) -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    """A transport that answers each request with the next step (status code or exception class)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        step = steps[min(len(seen), len(steps) - 1)]
        seen.append(request)
        if isinstance(step, int):
            return httpx.Response(step, json=[] if step == 200 else {"error": "x"})
        if step is ConnectionRefusedError:
            raise httpx.ConnectError("refused") from ConnectionRefusedError(111, "Connection refused")
        raise step("boom", request=request)  # type: ignore[call-arg]

    return seen, handler


@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_reads_are_retried_on_transient_statuses(status: int) -> None:
    seen, handler = _script(status, 200)
    async with _client(handler) as c:
        assert await c.request("GET", "/campaigns") == []
    assert len(seen) == 2


async def test_reads_are_retried_on_timeouts_and_refused_connections() -> None:
    seen, handler = _script(httpx.ReadTimeout, ConnectionRefusedError, 200)
    async with _client(handler) as c:
        assert await c.request("GET", "/campaigns") == []
    assert len(seen) == 3


async def test_attempts_are_bounded() -> None:
    seen, handler = _script(503)
    async with _client(handler) as c:
        with pytest.raises(ServerError):
            await c.request("GET", "/campaigns")
    assert len(seen) == 3


async def test_total_time_is_bounded() -> None:
    seen, handler = _script(503)
    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=1.0, max_total=0.5)
    async with _client(handler, policy) as c:
        with pytest.raises(ServerError):
            await c.request("GET", "/campaigns")
    assert len(seen) == 1  # the first pause would already exceed the budget


@pytest.mark.parametrize("status", [400, 401, 403, 404, 406, 500])
async def test_permanent_answers_are_not_retried(status: int) -> None:
    seen, handler = _script(status, 200)
    async with _client(handler) as c:
        with pytest.raises(Exception):  # noqa: B017 - the typed error is tested elsewhere
            await c.request("GET", "/campaigns")
    assert len(seen) == 1


async def test_writes_are_not_repeated_after_they_may_have_reached_the_tracker() -> None:
    for step in (503, 502, 429, httpx.ReadTimeout):
        seen, handler = _script(step, 200)
        async with _client(handler) as c:
            with pytest.raises((ServerError, UnexpectedStatusError, KeitaroTimeout)):
                await c.request("POST", "/campaigns/1/disable")
        assert len(seen) == 1, step


async def test_writes_are_retried_when_they_never_left() -> None:
    seen, handler = _script(ConnectionRefusedError, httpx.ConnectTimeout, 200)
    async with _client(handler) as c:
        assert await c.request("POST", "/campaigns/1/disable") == []
    assert len(seen) == 3


async def test_read_only_posts_are_retried_like_reads() -> None:
    seen, handler = _script(503, 200)
    async with _client(handler) as c:
        assert await c.request("POST", "/report/build", json={}, idempotent=True) == []
    assert len(seen) == 2


async def test_refused_write_after_all_attempts_raises_the_typed_error() -> None:
    seen, handler = _script(ConnectionRefusedError)
    async with _client(handler) as c:
        with pytest.raises(ConnectionRefused):
            await c.request("PUT", "/campaigns/1", json={"name": "x"})
    assert len(seen) == 3


async def test_not_found_is_typed_and_single() -> None:
    seen, handler = _script(404)
    async with _client(handler) as c:
        with pytest.raises(NotFoundError):
            await c.request("GET", "/campaigns/9")
    assert len(seen) == 1
