"""One send budget for all workers: Telegram's limits (30 messages/s overall, 1/s per chat, 20/min
per group) kept in Redis, so that the senders of several processes together stay within them.

The rules are :mod:`alerts.pacing`'s, counted the same careful way, only the state lives in Redis
and every decision is one Lua script (atomic: Redis runs one script at a time) on Redis's own clock
(``TIME``), so the workers' clocks play no part:

* overall: a request may start only while fewer than ``per_second`` requests are in flight or were
  counted less than a second (+ margin) ago -- in flight from the moment its turn is granted until
  :meth:`RedisBudget.give_back` after its answer, then counted at that moment less the credit the
  worker passes (its :class:`alerts.pacing.RoundTrips`: the part of the round trip surely spent on
  the way; 0 for a failed request). :class:`alerts.pacing.Overall` shows why no window Telegram
  measures then holds more, and what that assumes of the network; starts are spaced as there. The
  credit is a duration the worker measured inside the interval Redis sees (granted before the
  request starts, given back after its answer), so Redis's clock and the workers' need not agree;
* per chat: one request at a time (``busy``), the next one ``chat_interval`` (+ margin) after the
  last was counted; a group also at most ``group_per_window`` counted per ``group_window``;
* a 429: :meth:`RedisBudget.pause` stops every worker's next start for the time Telegram asked.

A worker that dies holding turns does not block the others for ever: a turn counts as in flight
for at most ``hold_seconds`` (longer than any request may take: the Bot API session times out
first), a busy chat is free again after the same time, and the keys of a chat expire once its
limits stop looking back at them.

Costs: two round trips to Redis per message (take, give back); a request of this process that must
wait for the overall limit sleeps until the moment the script computed (a poll of ``poll_seconds``
only while every counted request is still in flight), and only one request per process asks at a
time (:class:`alerts.pacing.Pacer`), so a fan-out does not turn into a stampede on Redis.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache
from typing import Any, Protocol

from alerts.leader import process_id
from alerts.pacing import Overall, Pacing, Turn

__all__ = ["RedisBudget", "RedisClient", "make_budget"]

PREFIX = "keitaro-bot:send"
HOLD_SECONDS = 90.0  # a turn not given back is given up after this (aiogram's request timeout: 60 s)
POLL_SECONDS = 0.02  # every counted request in flight: ask again after this

_CLOCK = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local function fmt(x) return string.format('%.6f', x) end
"""

# KEYS: state (hash: paused, next), in flight (zset token -> expiry), answered (zset token -> when),
#       chat (hash: last, busy, token), group (zset token -> when)
# ARGV: limit, window, spacing, chat gap, group limit, group window, hold, token, is group, poll
_TAKE = (
    _CLOCK
    + """
local limit, window, spacing = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local gap, glimit, gwindow = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local hold, token, group, poll = tonumber(ARGV[7]), ARGV[8], ARGV[9] == '1', tonumber(ARGV[10])

local busy = tonumber(redis.call('HGET', KEYS[4], 'busy') or '0')
if busy > now then return {0, fmt(math.min(busy - now, poll)), 1} end
local at = tonumber(redis.call('HGET', KEYS[4], 'last') or '0') + gap
if group then
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', fmt(now - gwindow))
  if redis.call('ZCARD', KEYS[5]) >= glimit then
    local oldest = redis.call('ZRANGE', KEYS[5], 0, 0, 'WITHSCORES')
    at = math.max(at, tonumber(oldest[2]) + gwindow)
  end
end
if at > now then return {0, fmt(at - now), 1} end

redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', fmt(now - window))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', fmt(now))
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if paused > now then return {0, fmt(paused - now), 0} end
local nxt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  if oldest[2] then return {0, fmt(math.max(tonumber(oldest[2]) + window, nxt) - now), 0} end
  return {0, fmt(poll), 0}
end
if nxt > now then return {0, fmt(nxt - now), 0} end

if now - nxt < spacing then nxt = nxt + spacing else nxt = now + spacing end
redis.call('HSET', KEYS[1], 'next', fmt(nxt))
redis.call('ZADD', KEYS[2], fmt(now + hold), token)
redis.call('HSET', KEYS[4], 'busy', fmt(now + hold), 'token', token)
redis.call('EXPIRE', KEYS[4], math.ceil(hold + gap) + 1)
return {1, fmt(0), 0}
"""
)

# KEYS as for _TAKE; ARGV: token, chat gap, is group, group window, credit
_GIVE_BACK = (
    _CLOCK
    + """
local token, gap, group, gwindow = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
local counted = now - math.max(tonumber(ARGV[5] or '0') or 0, 0)
redis.call('ZREM', KEYS[2], token)
redis.call('ZADD', KEYS[3], fmt(counted), token)
local last = tonumber(redis.call('HGET', KEYS[4], 'last') or '0')
redis.call('HSET', KEYS[4], 'last', fmt(math.max(last, counted)))
if redis.call('HGET', KEYS[4], 'token') == token then redis.call('HDEL', KEYS[4], 'busy', 'token') end
local ttl = redis.call('TTL', KEYS[4])
redis.call('EXPIRE', KEYS[4], math.max(ttl, math.ceil(gap) + 1))
if group then
  redis.call('ZADD', KEYS[5], fmt(counted), token)
  redis.call('EXPIRE', KEYS[5], math.ceil(gwindow) + 1)
end
return 1
"""
)

# KEYS: state; ARGV: seconds
_PAUSE = (
    _CLOCK
    + """
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
redis.call('HSET', KEYS[1], 'paused', fmt(math.max(paused, now + tonumber(ARGV[1]))))
return 1
"""
)


class RedisClient(Protocol):
    """What the budget needs of ``redis.asyncio.Redis`` (``BotApp.redis``)."""

    def register_script(self, script: str) -> Any: ...


class RedisBudget:
    """Telegram's limits for one bot, shared through ``redis`` by every process that sends for it
    (the :class:`alerts.pacing.Budget` of the :class:`alerts.pacing.Pacer`)."""

    def __init__(
        self,
        redis: RedisClient,
        *,
        prefix: str = PREFIX,
        hold_seconds: float = HOLD_SECONDS,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.redis = redis
        self.hold_seconds = hold_seconds
        self.poll_seconds = poll_seconds
        tag = "{" + prefix + "}"  # one hash slot for every key (a Redis cluster runs the script too)
        self._state, self._flight, self._answered = f"{tag}:state", f"{tag}:flight", f"{tag}:answered"
        self._tag = tag
        self._take = redis.register_script(_TAKE)
        self._give_back = redis.register_script(_GIVE_BACK)
        self._pause = redis.register_script(_PAUSE)
        self._me = process_id()
        self._tickets = itertools.count(1)

    def _keys(self, chat_id: int) -> list[str]:
        return [
            self._state,
            self._flight,
            self._answered,
            f"{self._tag}:chat:{chat_id}",
            f"{self._tag}:group:{chat_id}",
        ]

    async def take(self, chat_id: int, pacing: Pacing) -> Turn:
        limit, window, spacing = _overall(pacing)
        ticket = f"{self._me}:{next(self._tickets)}"
        args: list[str | int | float] = [
            limit,
            window,
            spacing,
            pacing.chat_interval + pacing.margin,
            pacing.group_per_window,
            pacing.group_window + pacing.margin,
            self.hold_seconds,
            ticket,
            int(chat_id < 0),
            self.poll_seconds,
        ]
        granted, wait, chat = await self._take(keys=self._keys(chat_id), args=args)
        return Turn(bool(int(granted)), max(float(wait), 0.0), bool(int(chat)), ticket)

    async def give_back(self, chat_id: int, ticket: str, pacing: Pacing, credit: float = 0.0) -> None:
        gap, window = pacing.chat_interval + pacing.margin, pacing.group_window + pacing.margin
        args: list[str | int | float] = [ticket, gap, int(chat_id < 0), window, max(float(credit), 0.0)]
        await self._give_back(keys=self._keys(chat_id), args=args)

    async def pause(self, seconds: float) -> None:
        await self._pause(keys=[self._state], args=[max(float(seconds), 0.0)])


@lru_cache(maxsize=16)
def _overall(pacing: Pacing) -> tuple[int, float, float]:
    """The overall limit, window and spacing of :class:`alerts.pacing.Overall` for ``pacing``."""
    limit = max(math.floor(pacing.per_second), 1)
    window = 1.0 + pacing.overall_margin
    return limit, window, window / (Overall.SPREAD * limit)


def make_budget(redis: RedisClient | None, *, prefix: str = PREFIX) -> RedisBudget | None:
    """The shared budget when the bot has Redis (``REDIS_URL``); ``None`` keeps the pacing in the
    process, as with one worker."""
    return None if redis is None else RedisBudget(redis, prefix=prefix)
