"""Where a tracker's alerts go: the lines /alerts shows for it (a tracker nobody is set to hear is
marked), and the question the first rule of a tracker asks before it is saved — "me" (the default),
a team chat that is subscribed, or the on-call rotation — after which the person is told where its
alerts will go.

The question's buttons are answered in :mod:`handlers.alerts.create` (they save the rule). The
routing itself is ``alerts.routing``: subscribed chats, the person on duty for critical alerts,
and, when nobody is set, the owner's private chat with a line saying how to route them.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from alerts.oncall import on_duty
from alerts.routing import Route, route_of
from handlers.context import AppContext
from handlers.feature import Tr
from handlers.notices import safe
from handlers.oncall.common import person_label
from handlers.ui import Html, app_of, dialog_tracker, i18n_of
from services.access import Action
from storage import Tracker

__all__ = ["ME", "ROTATION", "first_rule", "route_getter", "route_lines"]

ME = "me"
ROTATION = "rotation"


async def route_lines(app: AppContext, tr: Tr, tracker: Tracker, viewer: int) -> list[str]:
    """Where the tracker's alerts go right now, one line per way (HTML)."""
    route = await route_of(app.alerts, tracker.id, tracker.owner_id)
    if route.unrouted:
        return [tr("alerts-route-nobody")]
    lines = [tr("alerts-route-head")]
    names = await app.alerts.oncall.usernames([s.chat_id for s in route.chats if s.chat_id > 0])
    for sub in route.chats:
        severity = tr("sub-sev-" + sub.min_severity)
        if sub.chat_id == viewer:
            lines.append(tr("alerts-route-you", severity=severity))
        elif sub.chat_id > 0:
            lines.append(
                tr("alerts-route-person", person=Html(person_label(sub.chat_id, names)), severity=severity)
            )
        else:
            lines.append(tr("alerts-route-group", title=sub.title or str(sub.chat_id), severity=severity))
    if route.rotation is not None and route.rotation.people:
        shift = on_duty(route.rotation, app.clock())
        people = await app.alerts.oncall.usernames([shift.person] if shift else [])
        who = Html(person_label(shift.person, people)) if shift else "—"
        lines.append(tr("alerts-route-rotation", person=who))
    return lines


async def first_rule(app: AppContext, tracker: Tracker) -> bool:
    """Whether the tracker has no rule yet (the next one saved is its first)."""
    return not await app.alerts.alerts.list_for_tracker(tracker.id)


def _choices(tr: Tr, route: Route) -> list[tuple[str, str]]:
    choices = [(tr("alerts-route-btn-me"), ME)]
    choices += [
        (tr("alerts-route-btn-group", title=s.title or str(s.chat_id)), str(s.chat_id))
        for s in route.chats
        if s.is_group
    ]
    if route.rotation is not None and route.rotation.people:
        choices.append((tr("alerts-route-btn-rotation"), ROTATION))
    return choices


async def route_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    app, i18n = app_of(manager), i18n_of(manager)
    tr = safe(i18n.get)
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if tracker is None:
        return {"text": Html(i18n.get("res-no-tracker")), "routes": []}
    route = await route_of(app.alerts, tracker.id, tracker.owner_id)
    lines = [tr("alerts-route-ask", tracker=tracker.name)]
    if not any(s.is_group for s in route.chats):
        lines.append(tr("alerts-route-hint-group"))
    if route.rotation is None or not route.rotation.people:
        lines.append(tr("alerts-route-hint-rotation"))
    return {"text": Html("\n".join(lines)), "routes": _choices(tr, route)}
