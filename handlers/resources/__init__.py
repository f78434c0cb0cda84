"""Browse Keitaro resources: one generic browser, one declaration per resource (each declaration
names its own /command), and the bot list."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from handlers.context import AppContext
from handlers.feature import CommandSpec, Feature
from handlers.input import bounded_int
from handlers.resources import botlist, browser, wizard
from handlers.resources.declarations import RESOURCES
from handlers.resources.spec import ResourceSpec
from handlers.states import BotlistSG
from handlers.ui import active_tracker_or_say

__all__ = ["FEATURE"]


def _command(spec: ResourceSpec) -> CommandSpec:
    assert spec.command is not None

    async def open_list(
        message: Message,
        command: CommandObject,
        dialog_manager: DialogManager,
        app: AppContext,
        i18n: I18nContext,
    ) -> None:
        if await active_tracker_or_say(message, app, i18n) is None:
            return
        parent: dict[str, int] = {}
        if spec.needs_parent:
            arg = (command.args or "").strip()
            if not arg.isdigit() or bounded_int(arg) is None:
                await message.answer(i18n.get(f"res-{spec.key}-usage"))
                return
            parent[spec.needs_parent[0]] = int(arg)
        await browser.open_resource(dialog_manager, spec.key, parent)

    return CommandSpec(spec.command, open_list, aliases=spec.aliases)


async def cmd_botlist(
    message: Message, dialog_manager: DialogManager, app: AppContext, i18n: I18nContext
) -> None:
    if await active_tracker_or_say(message, app, i18n) is None:
        return
    await dialog_manager.start(BotlistSG.view, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


FEATURE = Feature(
    "resources",
    commands=(
        # lists that need a parent (/flows 12) after the others
        *(_command(s) for s in sorted(RESOURCES.values(), key=lambda s: bool(s.needs_parent)) if s.command),
        CommandSpec("botlist", cmd_botlist),
    ),
    dialogs=lambda: (browser.build_dialog(), botlist.build_dialog(), wizard.build_dialog()),
)
