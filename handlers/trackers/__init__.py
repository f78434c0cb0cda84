"""Trackers: /trackers (the list, a tracker's card: rename, key, postback URL, time zone, read-only,
remove; the team: members, invitations, joining, leaving, ownership hand-over, the audit), connecting
a new one, and entering a secret again that no longer decrypts."""

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from handlers.feature import CommandSpec, Feature
from handlers.states import TrackersSG
from handlers.trackers import add, audit_view, join, manage, members, reenter

__all__ = ["FEATURE"]


async def cmd_trackers(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(TrackersSG.list, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


FEATURE = Feature(
    "trackers",
    commands=(CommandSpec("trackers", cmd_trackers),),
    buttons=lambda: (*reenter.buttons(), *join.buttons()),
    dialogs=lambda: (
        manage.build_dialog(),
        add.build_dialog(),
        members.build_dialog(),
        audit_view.build_dialog(),
    ),
)
