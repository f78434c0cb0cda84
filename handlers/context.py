"""What handlers get from the composition root (built by ``bot.app``, injected as ``app``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from alerts.context import AlertsContext
from keitaro import ClientPool, KeitaroClient
from services.clock import Clock, system_clock
from storage import AuditRepo, SavedReportRepo, Tracker, TrackerRepo, User, UserRepo

USER_CACHE_SECONDS = 300.0


@dataclass
class AppContext:
    users: UserRepo
    trackers: TrackerRepo
    audit: AuditRepo
    keitaro: ClientPool
    saved_reports: SavedReportRepo
    remember_secret: Callable[[str], None]
    clock: Clock = system_clock  # the application's clock (tests move it)
    allow_private_trackers: bool = False
    admin_ids: frozenset[int] = frozenset()
    keitaro_timeout: float = 15.0
    postback_verify_timeout: float = 30.0
    postback_verify_interval: float = 2.0
    alerts: AlertsContext | None = None  # the alerting engine's repositories and settings
    engine: Any = None  # alerts.engine.AlertEngine (preview of a rule)
    core: Any = None  # the Fluent core, for messages rendered outside a handler (the sender)
    hooks_base_url: Callable[[], str] | str = ""  # public origin of the bot's HTTP server
    _user_cache: dict[int, tuple[float, User]] = field(default_factory=dict)

    # --- users -------------------------------------------------------------------------------
    async def load_user(self, user_id: int, username: str | None) -> User:
        """The user's row, created on first contact; cached briefly to spare a write per update."""
        role = "admin" if user_id in self.admin_ids else "user"
        cached = self._user_cache.get(user_id)
        now = time.monotonic()
        if (
            cached
            and now - cached[0] < USER_CACHE_SECONDS
            and cached[1].role == role
            and cached[1].username == username
        ):
            return cached[1]
        user = await self.users.touch(user_id, username=username, role=role)
        self._user_cache[user_id] = (now, user)
        return user

    async def set_language(self, user_id: int, language: str) -> None:
        await self.users.set_language(user_id, language)
        self._user_cache.pop(user_id, None)

    # --- Keitaro -----------------------------------------------------------------------------
    def client_for(self, tracker: Tracker) -> KeitaroClient:
        """The pooled client of a saved tracker (key decrypted in memory only)."""
        api_key = self.trackers.api_key(tracker)
        self.remember_secret(api_key)
        return self.keitaro.get(tracker.id, tracker.admin_url, api_key)

    def probe_client(self, admin_url: str, api_key: str) -> KeitaroClient:
        """A one-off client for checking a key that is not saved yet; close it after use."""
        self.remember_secret(api_key)
        return KeitaroClient(
            admin_url, api_key, allow_private=self.allow_private_trackers, timeout=self.keitaro_timeout
        )

    async def forget_tracker(self, tracker_id: int) -> None:
        await self.keitaro.discard(tracker_id)
