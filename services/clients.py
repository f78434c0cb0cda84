"""One tracker → Keitaro client service: the key decrypted in memory only, one pooled client per
tracker (keep-alive), and the tracker's report dialect kept in step with its row.

``bot/`` builds one :class:`TrackerClients`; handlers (``AppContext.clients``) and the alert engine
(``AlertsContext.clients``) receive the same one, so nothing else decrypts keys, builds clients or
knows about report dialects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from keitaro import ClientPool, KeitaroClient
from keitaro.reports import ReportDialect
from keitaro.resources.base import Send
from services.clock import Clock, system_clock
from services.scope import ScopeCache, ScopeGuard
from storage import Tracker, TrackerRepo

__all__ = ["TrackerClients"]


async def pass_through(
    method: str, path: str, params: Mapping[str, Any] | None, json: Any, send: Send
) -> Any:
    """The guard of an unscoped member's view: everything is sent as asked."""
    return await send(params, json)


class TrackerClients:
    def __init__(
        self,
        trackers: TrackerRepo,
        pool: ClientPool,
        *,
        remember_secret: Callable[[str], None],
        allow_private: bool = False,
        timeout: float = 15.0,
        clock: Clock = system_clock,
    ) -> None:
        self._trackers = trackers
        self.pool = pool
        self._remember_secret = remember_secret  # the log redactor learns every key it may meet
        self.allow_private = allow_private
        self.timeout = timeout  # of one-off clients (a key being checked)
        self.scopes = ScopeCache(clock)  # the campaigns of each buyer scope, kept a minute

    def for_tracker(self, tracker: Tracker) -> KeitaroClient:
        """The client of a saved tracker as its viewer may use it: the pooled client itself, or for a
        member with a buyer scope a view of it whose every request passes through the scope
        (:mod:`services.scope`; same connections and key, closing it closes nothing). A client that
        does not know its report dialect yet takes the one stored on the tracker row; one it finds
        later is saved on the row."""
        client = self.unscoped(tracker)
        if tracker.scope is None and not tracker.is_shared:
            return client
        guard = (
            pass_through
            if tracker.scope is None
            else ScopeGuard(tracker.id, tracker.scope, self.scopes, client)
        )
        view = client.guarded(guard)
        view.key_hidden = tracker.is_shared  # a member never sees the key, not even masked (Details)
        return view

    def unscoped(self, tracker: Tracker) -> KeitaroClient:
        """The pooled client of a saved tracker, whoever looks: for the alert engine and the scope
        itself, never for showing a scoped member anything."""
        api_key = self._trackers.api_key(tracker)
        self._remember_secret(api_key)
        client = self.pool.get(tracker.id, tracker.admin_url, api_key)
        reports = client.reports
        if reports.on_dialect is None:
            if reports.dialect is None and tracker.report_dialect:
                reports.dialect = tracker.report_dialect
            owner_id, tracker_id = tracker.owner_id, tracker.id

            async def save(dialect: ReportDialect) -> None:
                await self._trackers.set_report_dialect(owner_id, tracker_id, dialect.value)

            reports.on_dialect = save
        return client

    def probe(self, admin_url: str, api_key: str) -> KeitaroClient:
        """A one-off client for checking a key that is not saved yet; close it after use."""
        self._remember_secret(api_key)
        return KeitaroClient(
            admin_url,
            api_key,
            allow_private=self.allow_private,
            timeout=self.timeout,
            user_agent=self.pool.user_agent,
        )

    async def forget(self, tracker_id: int) -> None:
        """Close the tracker's client (its key or address changed, or it was removed)."""
        self.scopes.forget(tracker_id)
        await self.pool.discard(tracker_id)

    async def aclose(self) -> None:
        await self.pool.aclose()
