"""A pool of clients: one :class:`KeitaroClient` (one keep-alive ``httpx.AsyncClient``) per tracker."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from keitaro.client import DEFAULT_USER_AGENT, KeitaroClient
from keitaro.urls import normalize_admin_url

__all__ = ["ClientPool"]


def _fingerprint(api_key: str) -> bytes:
    return hashlib.sha256(api_key.strip().encode("utf-8", "surrogatepass")).digest()


@dataclass(slots=True)
class _PoolEntry:
    admin_url: str
    key_fingerprint: bytes
    client: KeitaroClient


class ClientPool:
    """One :class:`KeitaroClient` (one ``httpx.AsyncClient``, keep-alive) per tracker key.

    ``get`` returns the same client while the admin URL and API key stay the same; when either
    changes the old client is closed (in the background) and a new one made. At most
    ``max_clients`` clients are kept; the least recently used one is closed beyond that.

    The bound is there against a leak, not to save memory, so it must hold every tracker in use: the
    alert engine asks for each tracker with rules once per tick, in the same order every time, and an
    LRU smaller than that set misses on every request. With 300 trackers and room for 256, every tick
    built 300 new clients and opened 300 new connections (the evaluation benchmark's ticks run with
    300 trackers: 300 new connections per steady tick before, 0 after). Hence 4096 by default. An
    idle client costs little: measured about 0.005 MiB created, 0.02 MiB with its keep-alive
    connection open (plain HTTP; TLS adds its buffers), so 4096 come to about 80 MiB at most; making
    one costs about 1-2 ms of CPU (the TLS context is shared), plus a new connection.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout: float = 15.0,
        max_clients: int = 4096,
        user_agent: str = DEFAULT_USER_AGENT,
        **client_kwargs: Any,
    ) -> None:
        if max_clients < 1:
            raise ValueError("max_clients must be at least 1")
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_clients = max_clients
        self.user_agent = user_agent  # every client's (KEITARO_USER_AGENT): Cloudflare 1010 judges it
        self._client_kwargs = client_kwargs
        self._entries: OrderedDict[Hashable, _PoolEntry] = OrderedDict()
        self._closing: set[asyncio.Task[None]] = set()
        self._orphans: list[KeitaroClient] = []

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: Hashable, admin_url: str, api_key: str) -> KeitaroClient:
        url = normalize_admin_url(admin_url)
        fingerprint = _fingerprint(api_key)
        entry = self._entries.get(key)
        if entry is not None:
            if (
                entry.admin_url == url
                and hmac.compare_digest(entry.key_fingerprint, fingerprint)
                and not entry.client.closed
            ):
                self._entries.move_to_end(key)
                return entry.client
            del self._entries[key]
            self._retire(entry.client)
        client = KeitaroClient(
            url,
            api_key,
            allow_private=self.allow_private,
            timeout=self.timeout,
            user_agent=self.user_agent,
            **self._client_kwargs,
        )
        self._entries[key] = _PoolEntry(url, fingerprint, client)
        while len(self._entries) > self.max_clients:
            _, oldest = self._entries.popitem(last=False)
            self._retire(oldest.client)
        return client

    def _retire(self, client: KeitaroClient) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._orphans.append(client)
            return
        task = loop.create_task(client.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def discard(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            await entry.client.aclose()

    async def wait_closed(self) -> None:
        """Wait until clients replaced or evicted so far are closed."""
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)

    async def aclose(self) -> None:
        entries = list(self._entries.values())
        self._entries.clear()
        orphans, self._orphans = self._orphans, []
        for client in [e.client for e in entries] + orphans:
            await client.aclose()
        await self.wait_closed()
