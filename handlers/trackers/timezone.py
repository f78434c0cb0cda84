"""The time-zone picker shared by "add tracker" and "change time zone": buttons plus typed names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Column, Select
from aiogram_dialog.widgets.text import Format

from handlers.input import InputError
from handlers.trackers.validation import clean_timezone
from handlers.ui import clear_error, set_error, toast

COMMON_ZONES = ("UTC", "Europe/Moscow", "Europe/Kyiv", "Europe/Berlin", "Asia/Almaty", "America/New_York")

OnZone = Callable[[DialogManager, str], Awaitable[None]]


def zone_choices(first: str | None, label: Callable[[str], str]) -> list[tuple[str, str]]:
    """(label, zone) pairs: ``first`` (the current or suggested zone) on top, then common ones."""
    zones = ([first] if first else []) + [z for z in COMMON_ZONES if z != first]
    return [(label(z), z) for z in zones]


def timezone_picker(on_zone: OnZone) -> tuple[Column, TextInput[str]]:
    """Widgets for a window whose getter returns ``zones``; ``on_zone`` gets a valid IANA name."""

    async def chosen(query: CallbackQuery, _w: Any, manager: DialogManager, zone: str) -> None:
        await _accept(manager, zone)
        if "error" in manager.dialog_data:
            await toast(query)

    async def typed(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
        manager.show_mode = ShowMode.SEND
        await _accept(manager, raw)

    async def _accept(manager: DialogManager, raw: str) -> None:
        try:
            zone = clean_timezone(raw)
        except InputError as err:
            set_error(manager, err.key)
            return
        clear_error(manager)
        await on_zone(manager, zone)

    buttons = Column(
        Select(Format("{item[0]}"), id="tz", item_id_getter=lambda x: x[1], items="zones", on_click=chosen)
    )
    return buttons, TextInput(id="tz_text", on_success=typed)
