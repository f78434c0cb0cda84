"""What an open resource browser shows: its resource declaration and its tracker (the access
decision is asked on every call, so a stale or forged id finds nothing). The browser and the safe
writes both start from here."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from handlers.resources.declarations import RESOURCES
from handlers.resources.spec import ResourceSpec
from handlers.ui import app_of, user_id_of
from services.access import Action
from storage import Tracker


def spec_of(manager: DialogManager) -> ResourceSpec:
    return RESOURCES[manager.dialog_data["res"]]


async def browser_tracker(manager: DialogManager, action: Action = Action.VIEW) -> Tracker | None:
    """The tracker this browser shows (the one it was opened on, else the active one) if the person
    may do ``action`` on it -- asked again on every call."""
    app, user_id = app_of(manager), user_id_of(manager)
    tracker_id = manager.dialog_data.get("tracker_id")
    if tracker_id is not None:
        return await app.access.tracker(user_id, int(tracker_id), action)
    return await app.access.active(user_id, action)
