"""/oncall: who is on duty now and next, and the rotation; the tracker's owner (or a bot admin)
sets it: daily or weekly turns, the people in order, the hand-over time (in the tracker's zone),
the backup, the team chat, when to escalate and how often to repeat.

In a group, /oncall shows the rotations of the trackers the group is subscribed to (read only).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from aiogram_i18n import I18nContext

from alerts.oncall import shifts, zone
from handlers.context import AppContext
from handlers.input import bounded_int
from handlers.oncall import rotation as edit
from handlers.oncall import team
from handlers.oncall.common import GROUP_TYPES, person_label
from handlers.oncall.rotation import edited_tracker
from handlers.oncall.states import OncallSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    app_of,
    fallback_input,
    i18n_of,
    pick,
)
from services.access import Action, last_refusal
from storage import Tracker


def _when(moment: datetime, tz: str) -> str:
    return moment.astimezone(zone(tz)).strftime("%d.%m %H:%M")


async def rotation_text(app: AppContext, i18n: I18nContext, tracker_id: int, tracker_name: str) -> str:
    """The rotation of a tracker as a message (HTML)."""
    actx = app.alerts
    rot = await actx.oncall.get(tracker_id)
    if rot is None or not rot.people:
        return i18n.get("oncall-none", tracker=tracker_name)
    now = app.clock()
    current, following = shifts(rot, now, 2)
    names = await actx.oncall.usernames([*rot.people, *([rot.backup_id] if rot.backup_id else [])])

    def who(user_id: int) -> Html:
        return Html(person_label(user_id, names))

    lines = [
        i18n.get("oncall-title", tracker=tracker_name),
        i18n.get("oncall-now", person=who(current.person), until=_when(current.ends, rot.timezone)),
        i18n.get("oncall-next", person=who(following.person), since=_when(following.starts, rot.timezone)),
        "",
        i18n.get("oncall-rotation-" + rot.rotation, handover=rot.handover, tz=rot.timezone),
        i18n.get(
            "oncall-people", people=Html(", ".join(f"{n}. {who(p)}" for n, p in enumerate(rot.people, 1)))
        ),
        i18n.get("oncall-backup", person=who(rot.backup_id))
        if rot.backup_id
        else i18n.get("oncall-backup-none"),
    ]
    if rot.team_chat_id is not None:
        titles = {s.chat_id: s.title for s in await actx.subscriptions.for_tracker(tracker_id)}
        lines.append(i18n.get("oncall-team", chat=titles.get(rot.team_chat_id) or str(rot.team_chat_id)))
    else:
        lines.append(i18n.get("oncall-team-none"))
    lines.append(i18n.get("oncall-escalation", minutes=rot.escalate_minutes, count=rot.max_repeats))
    return "\n".join(lines)


# ------------------------------------------------------------------ command


async def cmd_oncall(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    assert message.from_user is not None
    user_id, chat = message.from_user.id, message.chat
    if chat.type in GROUP_TYPES:
        subs = await app.alerts.subscriptions.for_chat(chat.id)
        if not subs:
            await message.answer(i18n.get("oncall-group-none"))
            return
        names = await app.alerts.oncall.tracker_names([s.tracker_id for s in subs])
        for sub in subs:
            await message.answer(
                await rotation_text(app, i18n, sub.tracker_id, names.get(sub.tracker_id, "?"))
            )
        return
    if chat.type != "private":
        return
    arg = (command.args or "").strip()
    tracker: Tracker | None
    if arg.isdecimal():
        tracker = await app.access.tracker(user_id, bounded_int(arg) or 0, Action.ONCALL)
        if tracker is None:
            await message.answer(i18n.get("oncall-no-access"))
            return
    else:
        tracker = await app.access.active(user_id, Action.ONCALL)
        why = last_refusal()
        seen = await app.access.active(user_id, Action.VIEW) if tracker is None else None
        if seen is not None and why is not None and why.role is not None:
            # a member whose role does not set up the rotation reads it (who is on duty)
            text = await rotation_text(app, i18n, seen.id, seen.name)
            await message.answer(
                text + "\n\n" + i18n.get("oncall-read-only", role=i18n.get(f"role-{why.role}"))
            )
            return
    if tracker is None:
        rotations = await app.alerts.oncall.for_person(user_id)
        if not rotations:
            await message.answer(i18n.get("oncall-none-personal"))
            return
        names = await app.alerts.oncall.tracker_names([r.tracker_id for r in rotations])
        for rot in rotations:
            await message.answer(
                await rotation_text(app, i18n, rot.tracker_id, names.get(rot.tracker_id, "?"))
            )
        return
    await dialog_manager.start(
        OncallSG.view, data={"tracker_id": tracker.id}, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["tracker_id"] = data.get("tracker_id")


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await edited_tracker(manager)
    notices = [i18n.get(n["key"], **n.get("args", {})) for n in manager.dialog_data.pop("notice", [])]
    if tracker is None:
        return {"text": i18n.get("oncall-no-access"), "can_edit": False, "has_rotation": False}
    rot = await app.alerts.oncall.get(tracker.id)
    text = await rotation_text(app, i18n, tracker.id, tracker.name)
    return {
        "text": Html("\n".join([*notices, "", text] if notices else [text])),
        "can_edit": True,
        "has_rotation": rot is not None and bool(rot.people),
        "kind_label": i18n.get(
            "oncall-btn-make-daily" if rot is None or rot.rotation == "weekly" else "oncall-btn-make-weekly"
        ),
    }


# ------------------------------------------------------------------ wiring


def build_dialog() -> Dialog:
    back = SwitchTo(T("btn-back"), id="back", state=OncallSG.view)
    return Dialog(
        Window(
            Format("{text}"),
            Row(
                SwitchTo(T("oncall-btn-people"), id="people", state=OncallSG.people),
                Button(Format("{kind_label}"), id="kind", on_click=edit.on_kind, when="has_rotation"),
                when="can_edit",
            ),
            Row(
                SwitchTo(T("oncall-btn-handover"), id="handover", state=OncallSG.handover),
                SwitchTo(T("oncall-btn-backup"), id="backup", state=OncallSG.backup),
                when="can_edit",
            ),
            Row(
                SwitchTo(T("oncall-btn-team"), id="team", state=OncallSG.team),
                SwitchTo(T("oncall-btn-escalate"), id="escalate", state=OncallSG.escalate),
                when="can_edit",
            ),
            SwitchTo(T("oncall-btn-remove"), id="remove", state=OncallSG.remove, when="has_rotation"),
            Cancel(T("btn-close")),
            fallback_input(),
            state=OncallSG.view,
            getter=view_getter,
        ),
        Window(
            ErrorLine(),
            T("oncall-people-ask"),
            T("oncall-people-team", when="has_team"),
            Group(pick("mem", "team", team.on_member), width=1),
            TextInput(id="people_in", on_success=edit.on_people),
            back,
            state=OncallSG.people,
            getter=team.people_getter,
        ),
        Window(
            ErrorLine(),
            T("oncall-handover-ask"),
            TextInput(id="handover_in", on_success=edit.on_handover),
            back,
            state=OncallSG.handover,
            getter=edit.ask_getter,
        ),
        Window(
            ErrorLine(),
            T("oncall-backup-ask"),
            TextInput(id="backup_in", on_success=edit.on_backup),
            Row(Button(T("oncall-btn-none"), id="backup_none", on_click=edit.on_backup_none), back),
            state=OncallSG.backup,
            getter=edit.ask_getter,
        ),
        Window(
            T("oncall-team-ask"),
            T("oncall-team-no-groups", when="no_groups"),
            Group(pick("grp", "groups", edit.on_team), width=1),
            Row(Button(T("oncall-btn-none"), id="team_none", on_click=edit.on_team_none), back),
            fallback_input(),
            state=OncallSG.team,
            getter=edit.team_getter,
        ),
        Window(
            T("oncall-escalate-ask"),
            Format("\n{now_text}"),
            Group(pick("min", "minutes", edit.on_minutes), width=5),
            Group(pick("rep", "repeats", edit.on_repeats), width=5),
            SwitchTo(T("oncall-btn-done"), id="done", state=OncallSG.view),
            fallback_input(),
            state=OncallSG.escalate,
            getter=edit.escalate_getter,
        ),
        Window(
            T("oncall-remove-ask"),
            Row(
                Button(T("oncall-btn-remove-yes"), id="remove_yes", on_click=edit.on_remove),
                SwitchTo(T("btn-cancel"), id="remove_no", state=OncallSG.view),
            ),
            fallback_input(),
            state=OncallSG.remove,
        ),
        on_start=on_start,
    )


__all__ = ["build_dialog", "rotation_text"]
