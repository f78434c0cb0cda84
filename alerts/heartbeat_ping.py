"""The bot's own heartbeat (a dead man's switch): after every completed alert-engine tick the process
that ticked (with several workers only the lease holder ticks, :mod:`alerts.leader`) records the
tick's time in the database (``/healthz`` of any worker reads it) and, when ``HEARTBEAT_URL`` is
set, pings that URL with a GET — any external monitor that expects a ping every few minutes
(healthchecks.io, Cronitor, Uptime Kuma's push monitor, …) then notices a stalled engine.

A failed ping (timeout, refused, an HTTP error status) is logged once per streak of failures and
once when pings work again; it never stops the engine. The URL's secret parts (path, query, user
info) never reach a log line: :func:`masked` shows the scheme and host only.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

import httpx

__all__ = ["PING_TIMEOUT", "HeartbeatPing", "TickRecorder", "masked"]

log = logging.getLogger(__name__)

PING_TIMEOUT = 5.0  # seconds: the whole GET (connect, send, read); a tick is never held longer


class TickRecorder(Protocol):
    async def set_last_tick(self, at: datetime) -> None: ...


def masked(url: str) -> str:
    """``https://hc-ping.com/…`` — the scheme and host of ``url``; the path, query and user info (where
    monitors put their secret) hidden."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "***"
    hidden = "/…" if (parts.path.strip("/") or parts.query) else ""
    return f"{parts.scheme}://{host}{port}{hidden}"


class HeartbeatPing:
    """The engine's ``on_tick`` callback: record the tick, ping ``url`` (``None``: record only)."""

    def __init__(
        self,
        recorder: TickRecorder | None,
        url: str | None,
        *,
        timeout: float = PING_TIMEOUT,
        user_agent: str = "keitaro-oncall-bot",
    ) -> None:
        self.recorder = recorder
        self.url = url
        self.timeout = timeout
        self.user_agent = user_agent
        self.failing = False  # inside a streak of failed pings (logged once)
        self.pings = 0  # successful pings (for the operator's curiosity and tests)
        self._client: httpx.AsyncClient | None = None

    async def __call__(self, at: datetime) -> None:
        if self.recorder is not None:
            try:
                await self.recorder.set_last_tick(at)
            except Exception:
                log.exception("heartbeat: could not record the tick's time")
        if self.url:
            await self.ping()

    async def ping(self) -> bool:
        """One GET; ``True`` when the monitor answered 2xx/3xx. Never raises."""
        assert self.url
        try:
            client = self._client
            if client is None:
                client = self._client = httpx.AsyncClient(
                    timeout=self.timeout, headers={"User-Agent": self.user_agent}, follow_redirects=False
                )
            response = await client.get(self.url)
            ok = response.status_code < 400
            why = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            ok, why = False, type(exc).__name__
        except Exception as exc:  # a bad URL, anything else: the engine goes on
            ok, why = False, type(exc).__name__
        if ok:
            self.pings += 1
            if self.failing:
                log.info("heartbeat: %s answers again", masked(self.url))
            self.failing = False
        elif not self.failing:
            self.failing = True
            log.warning("heartbeat: ping to %s failed (%s); alerts go on", masked(self.url), why)
        return ok

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()
