"""The conversion webhook against a flood: a body limit on the bytes read (chunked bodies included),
and 429 with ``Retry-After`` per client address, per tracker and for wrong secrets."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from alerts.context import HookLimits
from bot.app import BotApp
from bot.server import MAX_HOOK_BODY
from services.ratelimit import RateLimiter
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram, FakeUser
from tests.ticks import Ticks


@pytest.fixture
async def app(runner: BotRunner) -> BotApp:
    return await runner.start()


@pytest.fixture
async def owner(app: BotApp, tg: FakeTelegram, keitaro: KeitaroEmulator) -> FakeUser:
    person = tg.user(7402, username="lead")
    await add_tracker(person, keitaro)
    return person


@pytest.fixture
async def hook_url(app: BotApp, owner: FakeUser) -> str:
    tracker_id = await active_tracker_id(app, owner)
    secret = await app.ctx.alerts.webhooks.ensure(tracker_id, owner.id)
    return f"http://127.0.0.1:{app.http_port}/hooks/conversions/{secret}"


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def queued(app: BotApp) -> int:
    return int(await app.db.fetch_value("SELECT COUNT(*) FROM outbox") or 0)


async def test_a_chunked_body_over_the_limit_is_refused_on_the_bytes_read(
    app: BotApp, hook_url: str, http: aiohttp.ClientSession
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        # 512 KB in 8 KB chunks, no Content-Length: what the old check (on the header) let through
        for _ in range(64):
            yield b"a" * 8192

    before = await queued(app)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with http.post(hook_url + "?subid=c1&status=sale", data=chunks(), headers=headers) as resp:
        assert resp.request_info.headers.get("Transfer-Encoding") == "chunked"
        assert "Content-Length" not in resp.request_info.headers
        assert resp.status == 413
    # a declared length over the limit is refused before reading too
    async with http.post(hook_url, data=b"x" * (MAX_HOOK_BODY + 1), headers=headers) as resp:
        assert resp.status == 413
    assert await queued(app) == before

    # a body within the limit still works, chunked or not
    async def small() -> AsyncIterator[bytes]:
        yield b"subid=c2&status=sale&"
        yield b"payout=12.5"

    async with http.post(hook_url, data=small(), headers=headers) as resp:
        assert resp.status == 200, await resp.text()


async def test_a_tracker_over_its_rate_gets_429_with_retry_after_and_recovers(
    app: BotApp, hook_url: str, http: aiohttp.ClientSession
) -> None:
    ticks = Ticks()
    app.ctx.alerts.hook_limits = HookLimits(
        per_tracker=RateLimiter(rate=0.5, burst=3, monotonic=ticks),  # 3 at once, then one per 2 s
    )
    statuses = []
    for n in range(5):
        async with http.get(hook_url, params={"subid": f"c{n}", "status": "sale"}) as resp:
            statuses.append((resp.status, resp.headers.get("Retry-After")))
    assert statuses[:3] == [(200, None)] * 3
    assert statuses[3:] == [(429, "2")] * 2
    ticks.now += 2.0  # the bucket refills: the next one goes through
    async with http.get(hook_url, params={"subid": "c9", "status": "sale"}) as resp:
        assert resp.status == 200


async def test_wrong_secrets_from_one_address_are_slowed_down(
    app: BotApp, hook_url: str, http: aiohttp.ClientSession
) -> None:
    ticks = Ticks()
    app.ctx.alerts.hook_limits = HookLimits(
        wrong_secret_per_ip=RateLimiter(rate=0.2, burst=4, monotonic=ticks),
    )
    base = hook_url.rsplit("/", 1)[0]
    statuses = []
    for n in range(6):
        async with http.get(f"{base}/guess{n}") as resp:
            statuses.append((resp.status, resp.headers.get("Retry-After")))
    async with http.get(f"{base}/") as resp:  # no secret at all counts as a wrong one
        statuses.append((resp.status, resp.headers.get("Retry-After")))
    assert statuses == [(403, None)] * 4 + [(429, "5")] * 3
    # the right secret is not held back by the guesses (its own limits apply)
    async with http.get(hook_url, params={"subid": "ok", "status": "sale"}) as resp:
        assert resp.status == 200


async def test_one_address_over_its_rate_gets_429_before_any_lookup(
    app: BotApp, hook_url: str, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = Ticks()
    app.ctx.alerts.hook_limits = HookLimits(per_ip=RateLimiter(rate=1.0, burst=2, monotonic=ticks))
    webhooks = app.ctx.alerts.webhooks
    lookups: list[str] = []
    real_lookup = webhooks.lookup

    async def counting_lookup(secret: str) -> int | None:
        lookups.append(secret)
        return await real_lookup(secret)

    monkeypatch.setattr(webhooks, "lookup", counting_lookup)
    statuses = []
    for n in range(4):
        async with http.get(hook_url, params={"subid": f"ip{n}", "status": "sale"}) as resp:
            statuses.append((resp.status, resp.headers.get("Retry-After")))
    assert statuses == [(200, None), (200, None), (429, "1"), (429, "1")]
    assert len(lookups) == 2  # the refused requests cost no database read


def test_the_limiter_forgets_the_least_recent_keys_beyond_its_bound() -> None:
    ticks = Ticks()
    limiter = RateLimiter(rate=1.0, burst=1, max_keys=3, monotonic=ticks)
    for key in ("a", "b", "c", "d"):
        assert limiter.allow(key)
    assert len(limiter) == 3
    assert not limiter.allow("d")  # still remembered
    assert limiter.allow("a")  # forgotten, so a full bucket again
