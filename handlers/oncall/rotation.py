"""Changes to a tracker's on-call rotation (the windows of /oncall behind the settings buttons).

Only the tracker's owner or a bot admin gets here (checked on every change, see
:func:`edited_tracker`). A new list of people starts with its first person on duty now; a new
rotation kind or hand-over time keeps the person on duty (their turn restarts at the latest
hand-over).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode

from alerts.oncall import parse_hhmm, restart_on, shifts
from handlers.context import AppContext
from handlers.input import InputError, bounded_int, echo
from handlers.oncall.states import OncallSG
from handlers.ui import add_notice, app_of, clear_error, i18n_of, set_error, toast, user_id_of
from services.access import Action, allows
from storage import Tracker
from storage.oncall import Rotation

MAX_PEOPLE = 20
ESCALATE_MINUTES = (5, 10, 15, 30, 60)
REPEATS = (0, 1, 2, 3, 5)
_SPLIT = re.compile(r"[\s,;]+")


async def edited_tracker(manager: DialogManager) -> Tracker | None:
    tracker_id = manager.dialog_data.get("tracker_id")
    if tracker_id is None:
        return None
    return await app_of(manager).access.tracker(user_id_of(manager), int(tracker_id), Action.ONCALL)


def _default(tracker: Tracker, today: date) -> Rotation:
    return Rotation(
        tracker_id=tracker.id, rotation="weekly", people=(), handover="10:00", timezone=tracker.timezone,
        started_on=today, backup_id=None, team_chat_id=None, escalate_minutes=15, max_repeats=3,
    )  # fmt: skip


async def _save(manager: DialogManager, tracker: Tracker, **changes: Any) -> Rotation:
    """Apply ``changes``; a new list of people starts with its first person on duty now, a new
    rotation kind or hand-over time keeps the person on duty (their turn restarts at the latest
    hand-over)."""
    app = app_of(manager)
    repo = app.alerts.oncall
    now = app.clock()
    current = await repo.get(tracker.id) or _default(tracker, now.date())
    updated = dataclasses.replace(current, **changes, timezone=tracker.timezone)
    if "people" in changes:
        updated = dataclasses.replace(updated, started_on=restart_on(updated, now, 0))
    elif {"rotation", "handover"} & changes.keys() and current.people:
        shift = shifts(current, now, 1)[0]
        updated = dataclasses.replace(updated, started_on=restart_on(updated, now, shift.index))
    await repo.save(updated)
    return updated


async def _save_and_show(manager: DialogManager, tracker: Tracker, **changes: Any) -> None:
    """Save a change typed or picked on a sub-screen and go back to the rotation, saying so."""
    await _save(manager, tracker, **changes)
    add_notice(manager, "oncall-saved")
    await manager.switch_to(OncallSG.view)


async def _people_from(app: AppContext, raw: str) -> list[int]:
    """Telegram ids and @usernames of people the bot knows, in order, without repeats."""
    repo = app.alerts.oncall
    out: list[int] = []
    for token in (t for t in _SPLIT.split(raw.strip()) if t):
        if token.isdigit() and bounded_int(token) is not None:
            out.append(int(token))
            continue
        user_id = await repo.user_by_username(token)
        if user_id is None:
            raise InputError("oncall-err-unknown", name=echo(token))
        out.append(user_id)
    return list(dict.fromkeys(out))


async def team_roles(app: AppContext, tracker: Tracker) -> dict[int, str]:
    """Everyone on the tracker's team → their role, the owner first."""
    members = await app.members.members(tracker.id)
    return {tracker.owner_id: "owner", **{m.user_id: m.role for m in members}}


async def check_team_roles(app: AppContext, tracker: Tracker, people: list[int]) -> None:
    """A person on the team whose role cannot answer alerts (a viewer) cannot be on call."""
    roles = await team_roles(app, tracker)
    for person in people:
        role = roles.get(person)
        if role is not None and not allows(role, Action.RESPOND):
            name = (await app.users.names([person])).get(person, str(person))
            raise InputError("oncall-err-role", name=name, role=role)


async def save_people(manager: DialogManager, tracker: Tracker, people: list[int]) -> None:
    """A new list of people (picked from the team), saved; the step stays open for more picks."""
    await _save(manager, tracker, people=tuple(people))
    add_notice(manager, "oncall-saved")


async def on_people(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    tracker = await edited_tracker(manager)
    if tracker is None:
        set_error(manager, "oncall-no-access")
        return
    try:
        people = await _people_from(app_of(manager), raw)
        if not people:
            raise InputError("oncall-err-people")
        if len(people) > MAX_PEOPLE:
            raise InputError("oncall-err-too-many", max=MAX_PEOPLE)
        await check_team_roles(app_of(manager), tracker, people)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    await _save_and_show(manager, tracker, people=tuple(people))


async def on_handover(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    tracker = await edited_tracker(manager)
    if tracker is None:
        set_error(manager, "oncall-no-access")
        return
    try:
        at = parse_hhmm(raw)
    except ValueError:
        set_error(manager, "oncall-err-hhmm")
        return
    clear_error(manager)
    await _save_and_show(manager, tracker, handover=f"{at.hour:02d}:{at.minute:02d}")


async def on_backup(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.show_mode = ShowMode.SEND
    tracker = await edited_tracker(manager)
    if tracker is None:
        set_error(manager, "oncall-no-access")
        return
    try:
        people = await _people_from(app_of(manager), raw)
        if len(people) != 1:
            raise InputError("oncall-err-backup")
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    await _save_and_show(manager, tracker, backup_id=people[0])


async def on_backup_none(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await edited_tracker(manager)
    if tracker is None:
        return
    clear_error(manager)
    await _save_and_show(manager, tracker, backup_id=None)


async def on_kind(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await edited_tracker(manager)
    rot = await app_of(manager).alerts.oncall.get(tracker.id) if tracker else None
    if tracker is None or rot is None:
        return
    await _save(manager, tracker, rotation="daily" if rot.rotation == "weekly" else "weekly")
    await toast(query, i18n_of(manager).get("oncall-saved"))


async def team_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await edited_tracker(dialog_manager)
    subs = await app_of(dialog_manager).alerts.subscriptions.for_tracker(tracker.id) if tracker else []
    groups = [(s.title or str(s.chat_id), str(s.chat_id)) for s in subs if s.is_group]
    return {"groups": groups, "no_groups": not groups}


async def on_team(query: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    tracker = await edited_tracker(manager)
    if tracker is None:
        return
    subs = await app_of(manager).alerts.subscriptions.for_tracker(tracker.id)
    chosen = next((s for s in subs if s.is_group and str(s.chat_id) == item), None)
    if chosen is None:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    await _save_and_show(manager, tracker, team_chat_id=chosen.chat_id)


async def on_team_none(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await edited_tracker(manager)
    if tracker is None:
        return
    await _save_and_show(manager, tracker, team_chat_id=None)


async def escalate_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await edited_tracker(dialog_manager)
    rot = await app_of(dialog_manager).alerts.oncall.get(tracker.id) if tracker else None
    minutes, repeats = (rot.escalate_minutes, rot.max_repeats) if rot else (15, 3)
    i18n = i18n_of(dialog_manager)
    return {
        "now_text": i18n.get("oncall-escalation", minutes=minutes, count=repeats),
        "minutes": [
            (("● " if m == minutes else "") + i18n.get("oncall-minutes", count=m), str(m))
            for m in ESCALATE_MINUTES
        ],
        "repeats": [
            (("● " if r == repeats else "") + i18n.get("oncall-repeats", count=r), str(r)) for r in REPEATS
        ],
    }


async def on_minutes(query: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    tracker = await edited_tracker(manager)
    if tracker is None or not item.isdecimal() or int(item) not in ESCALATE_MINUTES:
        return
    await _save(manager, tracker, escalate_minutes=int(item))


async def on_repeats(query: CallbackQuery, _w: Any, manager: DialogManager, item: str) -> None:
    tracker = await edited_tracker(manager)
    if tracker is None or not item.isdecimal() or int(item) not in REPEATS:
        return
    await _save(manager, tracker, max_repeats=int(item))


async def on_remove(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await edited_tracker(manager)
    if tracker is None:
        return
    await app_of(manager).alerts.oncall.delete(tracker.id)
    add_notice(manager, "oncall-removed")
    await manager.switch_to(OncallSG.view)


async def ask_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await edited_tracker(dialog_manager)
    return {"tz": tracker.timezone if tracker else "UTC", "max": MAX_PEOPLE}
