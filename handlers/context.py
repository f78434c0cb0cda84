"""What handlers get from the composition root (built by ``bot.app``, injected as ``app``).

Every field is required and typed: ``bot/`` builds the storage, the services and the alerting
engine first, then this context, so no feature reaches for a part that may be missing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from alerts.context import AlertsContext
from alerts.engine import AlertEngine
from services.access import Access
from services.clients import TrackerClients
from services.clock import Clock
from services.ratelimit import RateLimiter, refusal_limiter
from storage import AuditRepo, SavedReportRepo, TrackerRepo, User, UserRepo
from storage.members import MemberRepo

USER_CACHE_SECONDS = 300.0

__all__ = ["AppContext", "Texts"]


class Texts(Protocol):
    """The translation core: ``get(key, language, **args)`` (every string argument HTML-escaped)."""

    def get(self, message_id: str, locale: str | None = None, /, **kwargs: Any) -> str: ...


@dataclass(kw_only=True)
class AppContext:
    users: UserRepo
    trackers: TrackerRepo
    members: MemberRepo  # a tracker's team: members, invitations, ownership hand-overs
    audit: AuditRepo
    saved_reports: SavedReportRepo
    clients: TrackerClients  # tracker → Keitaro client (key decrypted in memory, pooled, dialect)
    access: Access  # the one decision: may this person do this on this tracker?
    alerts: AlertsContext  # the alerting engine's repositories, settings and clock
    engine: AlertEngine  # previews a rule (evaluates it now)
    texts: Texts  # for messages written outside a handler (alerts, digests)
    hooks_base_url: Callable[[], str]  # public origin of the bot's HTTP server (known once it listens)
    clock: Clock  # the application's clock (tests move it)
    remember_secret: Callable[[str], None]  # the log redactor learns a secret the bot just met
    refusals: RateLimiter = field(default_factory=refusal_limiter)  # per person (services/ratelimit.py)
    postback_verify_timeout: float = 30.0
    postback_verify_interval: float = 2.0
    # other processes serve the same people (several workers, REDIS_URL): work started by one of
    # them is judged alive by its stamps, not by this process's memory
    several_processes: bool = False
    _user_cache: dict[int, tuple[float, User]] = field(default_factory=dict)

    # --- users -------------------------------------------------------------------------------
    async def load_user(
        self, user_id: int, username: str | None, name: str | None = None, language: str | None = None
    ) -> User:
        """The user's row, created on first contact; cached briefly to spare a write per update."""
        role = "admin" if self.access.is_admin(user_id) else "user"
        cached = self._user_cache.get(user_id)
        now = time.monotonic()
        if (
            cached
            and now - cached[0] < USER_CACHE_SECONDS
            and cached[1].role == role
            and cached[1].username == username
            and (name is None or cached[1].name == name)
            and (language is None or cached[1].telegram_language == language)
        ):
            return cached[1]
        user = await self.users.touch(
            user_id, username=username, role=role, name=name, telegram_language=language
        )
        self._user_cache[user_id] = (now, user)
        return user

    async def set_language(self, user_id: int, language: str) -> None:
        await self.users.set_language(user_id, language)
        self._user_cache.pop(user_id, None)
