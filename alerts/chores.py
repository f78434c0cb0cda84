"""The engine's chores beside evaluating rules (split out of :mod:`alerts.engine`): closing the alerts
of rules that were switched off, and telling a tracker's owner that its stored key does not decrypt."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from alerts.context import AlertsContext
from alerts.model import State
from alerts.outbox import NewRow, notice
from alerts.payloads import AlertEditPayload, TextPayload
from storage.alerts import AlertStateRow, to_iso
from storage.trackers import TrackerSecretUnreadable

__all__ = ["TickReport", "close_orphans", "key_unreadable"]

log = logging.getLogger("alerts.engine")


@dataclass
class TickReport:
    """What one tick of :class:`alerts.engine.AlertEngine` did."""

    trackers: int = 0
    failed: list[int] = field(default_factory=list)  # trackers whose tick raised
    unreadable: list[int] = field(default_factory=list)  # skipped: their API key does not decrypt
    queued: int = 0  # notifications queued (dedup hits included)


Enqueue = Callable[[Sequence[NewRow]], Awaitable[int]]


async def key_unreadable(
    ctx: AlertsContext, err: TrackerSecretUnreadable, logged: set[str], enqueue: Enqueue
) -> None:
    """The tracker is skipped; its owner hears it once (per stored copy of the key); the log says it
    once per process (``logged``: the fingerprints said)."""
    if err.fingerprint not in logged:
        logged.add(err.fingerprint)
        log.warning("alerts: tracker %s skipped: its stored API key does not decrypt", err.tracker_id)
    try:
        text = TextPayload(key="alerts-tracker-key-unreadable", args={"tracker": err.tracker_name})
        dedup = f"tracker:{err.tracker_id}:key-unreadable:{err.fingerprint}"
        await enqueue([notice(err.owner_id, text, dedup_key=dedup)])
    except Exception:
        log.exception("alerts: could not tell the owner of tracker %s", err.tracker_id)


async def close_orphans(ctx: AlertsContext, enabled: set[int], now: datetime, enqueue: Enqueue) -> None:
    """Quietly close open alerts of rules that were switched off (their buttons go)."""
    repo = ctx.alerts
    for alert in await repo.list_open():
        if alert.rule_id in enabled:
            continue
        at = to_iso(now)
        await repo.update_alert(alert.id, details={**alert.details, "closed": "rule_disabled"})
        await repo.resolve(alert.id, at, alert.last_value)
        edit = AlertEditPayload(alert_id=alert.id)
        await enqueue([
            notice(chat_id, edit, dedup_key=f"alert:{alert.id}:closed:{chat_id}")
            for chat_id, _message_id in await repo.messages_of(alert.id)
        ])  # fmt: skip
        state = await repo.get_state(alert.rule_id, alert.scope)
        if state is not None:
            await repo.save_state(AlertStateRow(alert.rule_id, alert.scope, State.OK.value, at,
                                                0, state.last_value, state.note, {}))  # fmt: skip
