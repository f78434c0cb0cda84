"""The rotation's people chosen from the tracker's team (issue 16, point 5).

Who may be on call: the tracker's owner and its members whose role lets them answer an alert
(:attr:`Action.RESPOND` — operator and up): a viewer on call could not acknowledge what they are
woken for, so a viewer is neither offered nor accepted (typed, they are refused with the reason).
The typed way (@usernames, Telegram ids) stays for people outside the team (a bot admin's rotation).
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from handlers.input import bounded_int
from handlers.oncall.rotation import MAX_PEOPLE, edited_tracker, save_people, team_roles
from handlers.ui import app_of, i18n_of, toast
from services.access import Action, allows

__all__ = ["on_member", "people_getter"]


async def people_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """The people step: the team's members who may be on call, as buttons (✅: on the rotation)."""
    app, i18n = app_of(dialog_manager), i18n_of(dialog_manager)
    tracker = await edited_tracker(dialog_manager)
    base = {"tz": tracker.timezone if tracker else "UTC", "max": MAX_PEOPLE, "team": [], "has_team": False}
    if tracker is None:
        return base
    roles = await team_roles(app, tracker)
    eligible = [uid for uid, role in roles.items() if allows(role, Action.RESPOND)]
    names = await app.users.names(eligible)
    rot = await app.alerts.oncall.get(tracker.id)
    on = set(rot.people) if rot else set()
    team = [
        (("✅ " if uid in on else "") + f"{names.get(uid, uid)} · {i18n.get('role-' + roles[uid])}", str(uid))
        for uid in eligible
    ]
    return {**base, "team": team, "has_team": len(team) > 0}


async def on_member(query: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    """A team member's button: on the rotation (at its end) or off it."""
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await edited_tracker(manager)
    person = bounded_int(item)
    if tracker is None or person is None:
        await toast(query, i18n.get("oncall-no-access"), alert=True)
        return
    role = (await team_roles(app, tracker)).get(person)
    if not allows(role, Action.RESPOND):  # left the team or was lowered since the screen was drawn
        await toast(query, i18n.get("oncall-team-gone"), alert=True)
        return
    rot = await app.alerts.oncall.get(tracker.id)
    people = list(rot.people) if rot else []
    people = [p for p in people if p != person] if person in people else [*people, person]
    if not people:  # the last one: remove the rotation instead (its own button)
        await toast(query, i18n.get("oncall-err-people"), alert=True)
        return
    if len(people) > MAX_PEOPLE:
        await toast(query, i18n.get("oncall-err-too-many", max=MAX_PEOPLE), alert=True)
        return
    await toast(query)
    await save_people(manager, tracker, people)
