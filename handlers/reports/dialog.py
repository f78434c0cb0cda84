"""/stats (being built)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_dialog import DialogManager


async def cmd_stats(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    await message.answer("…")


def build_dialog() -> Router:
    return Router(name="stats")
