"""The team's buttons on a tracker's card (issue 16): 👥 Members and 📋 Audit for the owner, 🚪 Leave
(with its confirmation) for a member."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo

from handlers.states import AuditSG, MembersSG, TrackersSG
from handlers.trackers.team import part_ways, tell
from handlers.ui import (
    T,
    add_notice,
    app_of,
    dialog_tracker,
    fallback_input,
    i18n_of,
    refused,
    toast,
    user_id_of,
)
from services.access import Action

__all__ = ["leave_window", "on_audit", "on_leave", "on_members"]


async def on_members(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _open_owner_screen(query, manager, MembersSG.list)


async def on_audit(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _open_owner_screen(query, manager, AuditSG.view)


async def _open_owner_screen(query: CallbackQuery, manager: DialogManager, state: Any) -> None:
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    await manager.start(state, data={"tracker_id": tracker.id})


async def on_leave(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """A member leaves: the membership and their rotation turns go; the owner is told."""
    app, user_id = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.VIEW)
    if tracker is None or not tracker.is_shared:
        await toast(query, refused(i18n_of(manager)), alert=True)
        await manager.switch_to(TrackersSG.list)
        return
    await app.audit.record(user_id, "member.leave", tracker_id=tracker.id)  # stamped while still a member
    _, in_rotation, stopped = await part_ways(app, tracker, user_id)
    name = (await app.users.names([user_id]))[user_id]
    bot: Bot = manager.middleware_data["bot"]
    await tell(
        app, bot, tracker.owner_id, "member-left", name=name, tracker=tracker.name,
        rotation="yes" if in_rotation else "no",
    )  # fmt: skip
    if stopped:
        await tell(
            app, bot, tracker.owner_id, "member-subs-stopped", name=name, tracker=tracker.name, count=stopped
        )
    manager.dialog_data.pop("tracker_id", None)
    add_notice(manager, "member-you-left", tracker=tracker.name)
    await toast(query)
    await manager.switch_to(TrackersSG.list)


def leave_window(getter: Callable[..., Awaitable[dict[str, Any]]]) -> Window:
    """“Leave this tracker?” (the card's getter: ``shared`` is true for a member)."""
    return Window(
        T("leave-confirm", when="shared"),
        T("tracker-gone", when=lambda d, w, m: not d["shared"]),
        Row(
            Button(T("btn-leave-yes"), id="yes", on_click=on_leave, when="shared"),
            SwitchTo(T("btn-leave-no"), id="no", state=TrackersSG.detail),
        ),
        fallback_input(),
        state=TrackersSG.leave,
        getter=getter,
    )
