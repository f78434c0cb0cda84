"""The 📜 Timeline buttons' callback data, and the hook the resources feature's safe-write card calls
so a campaign disabled (or switched back on) from an alert's ⏸ button lands in that alert's timeline.

A leaf module: the alert keyboard (:mod:`handlers.alerts.render`) and the card
(:mod:`handlers.resources.writes`) import it without importing the timeline's screens.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import User
from aiogram_dialog import DialogManager

from handlers.input import DbInt
from handlers.ui import app_of
from storage.timefmt import to_iso

__all__ = ["FILE", "PAGE", "TEXT", "VIEW", "TimelineCb", "card_write", "from_alert", "person_name"]

VIEW = "v"  # show the timeline as a new message in the chat
PAGE = "p"  # another page of it, in place
TEXT = "t"  # the post-mortem as text
FILE = "f"  # the post-mortem as a file


class TimelineCb(CallbackData, prefix="atl"):
    a: str  # VIEW | PAGE | TEXT | FILE
    id: DbInt  # the alert
    p: int = 0  # page: 0 = the newest events


def person_name(user: User) -> str:
    """How a person is named in a timeline: as Telegram shows them then."""
    return user.full_name or (f"@{user.username}" if user.username else str(user.id))


def from_alert(manager: DialogManager, alert_id: int, campaign_id: int, name: str) -> None:
    """The safe-write card was opened from alert ``alert_id``'s button for ``campaign_id``."""
    manager.dialog_data["from_alert"] = {"alert": alert_id, "campaign": campaign_id, "name": name}


async def card_write(manager: DialogManager, key: str, *, undo: bool = False) -> None:
    """The card just made write ``key`` (``disable``/``enable``…) on its campaign, or undid it: when
    the card came from an alert about that very campaign, the alert's timeline says who did it."""
    origin = manager.dialog_data.get("from_alert")
    if not isinstance(origin, dict) or manager.dialog_data.get("res") not in (None, "campaigns"):
        return
    if manager.dialog_data.get("item_id") != origin.get("campaign"):
        return  # the person moved on to another campaign in the card
    user: User | None = getattr(manager.event, "from_user", None)
    app = app_of(manager)
    what = f"undo_{key}" if undo else key
    await app.alerts.alerts.events.record(
        int(origin["alert"]),
        "action",
        at=to_iso(app.clock()),
        actor_id=user.id if user is not None else None,
        actor_name=person_name(user) if user is not None else None,
        detail={"what": what, "campaign": str(origin.get("name") or "")},
    )
