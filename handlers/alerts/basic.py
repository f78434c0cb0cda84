"""Basic alerts in one tap (the "🚨 Basic alerts" button after a tracker is added): the rules
tracker down, no conversions and postback problems with their kinds' defaults, for the whole
tracker, heard in the chat where the button was pressed. Pressing it again creates nothing twice:
a kind that already has a whole-tracker rule is left as it is.

Only the existing storage is used: ``app.alerts.alerts`` (rules) and
``app.alerts.subscriptions`` (who hears a tracker); where the alerts go is told by
:func:`handlers.alerts.route.route_lines`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram_i18n import I18nContext

from alerts.kinds import KINDS
from alerts.rules import defaults
from handlers.alerts.draft import rule_name
from handlers.alerts.kinds import validate
from handlers.alerts.route import route_lines
from handlers.context import AppContext
from handlers.feature import Tr
from handlers.notices import safe
from handlers.ui import Html
from storage import Tracker

__all__ = ["BASIC_KINDS", "BasicAlerts", "Chat", "basic_alerts_text", "enable_basic_alerts"]

BASIC_KINDS = ("tracker_down", "no_conversions", "postback_problems")


@dataclass
class BasicAlerts:
    created: list[str] = field(default_factory=list)  # kinds whose rule was made now
    kept: list[str] = field(default_factory=list)  # kinds that already had a whole-tracker rule


@dataclass(frozen=True)
class Chat:
    """Where the button was pressed (that chat hears the tracker's alerts)."""

    id: int
    type: str
    title: str | None = None


async def enable_basic_alerts(
    app: AppContext, tracker: Tracker, user_id: int, chat: Chat, i18n: I18nContext
) -> BasicAlerts:
    """Create the missing basic rules of ``tracker`` (the caller has checked the person may
    manage its alert rules) and subscribe ``chat`` to the tracker."""
    existing = {r.kind for r in await app.alerts.alerts.list_for_tracker(tracker.id) if r.campaign_id is None}
    result = BasicAlerts()
    for kind in BASIC_KINDS:
        if kind not in KINDS:
            continue
        if kind in existing:
            result.kept.append(kind)
            continue
        params = validate(kind, defaults(kind))
        if params is None:  # the kind's defaults no longer make a valid rule: skip it, say nothing
            continue
        await app.alerts.alerts.create(
            user_id,
            tracker.id,
            kind,
            rule_name(i18n, kind, None),
            None,
            params,
            KINDS[kind].severity.value,
        )
        result.created.append(kind)
    current = await app.alerts.subscriptions.get(chat.id, tracker.id)
    if current is None or not current.active:
        await app.alerts.subscriptions.subscribe(
            chat.id, tracker.id, user_id, chat.type, chat.title, i18n.locale, "info"
        )
    await app.audit.record(
        user_id, "alerts.basic", tracker_id=tracker.id, created=result.created, chat_id=chat.id
    )
    return result


async def basic_alerts_text(
    app: AppContext, get: Tr, tracker: Tracker, viewer: int, done: BasicAlerts
) -> str:
    """What was created (or that everything was there already) and where the alerts go (HTML)."""
    tr = safe(get)

    def names(kinds: list[str]) -> str:
        return Html(", ".join(tr(f"alerts-kind-{k}") for k in kinds))

    if done.created:
        lines = [tr("basic-alerts-created", tracker=tracker.name, rules=names(done.created))]
        if done.kept:
            lines.append(tr("basic-alerts-kept", rules=names(done.kept)))
    else:
        lines = [tr("basic-alerts-all-there", tracker=tracker.name, rules=names(done.kept))]
    lines += await route_lines(app, tr, tracker, viewer)
    lines.append(tr("basic-alerts-tune"))
    return "\n".join(lines)
