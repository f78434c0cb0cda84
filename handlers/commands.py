"""/start, /help, /cancel and the command menu (setMyCommands)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BotCommand, BotCommandScopeDefault, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from handlers.alerts import cmd_alerts, cmd_silences
from handlers.context import AppContext
from handlers.logs import cmd_logs
from handlers.postback.dialog import cmd_postback
from handlers.postback.send import stop_verification
from handlers.reports.dialog import cmd_stats, start_stats
from handlers.resources.browser import open_resource
from handlers.states import AddTrackerSG, BotlistSG, LanguageSG, PostbackSG, TrackersSG
from handlers.traffic.clicks import cmd_clicks
from handlers.traffic.conversions import cmd_conversions
from handlers.ui import active_tracker_or_say, esc

# Every command the bot answers, in menu order. Descriptions are `cmd-<name>` in the locales.
COMMANDS: tuple[str, ...] = (
    "start", "postback", "stats", "conversions", "clicks", "logs", "campaigns", "offers", "landings",
    "networks", "sources", "domains", "groups", "users", "streams", "botlist",
    "alerts", "silences", "oncall", "subscribe", "unsubscribe", "quiet", "hook",
    "trackers", "lang", "help", "cancel",
)  # fmt: skip

# resource commands → the browser's resource keys
RESOURCE_COMMANDS = {
    "campaigns": "campaigns", "offers": "offers", "landings": "landing_pages",
    "networks": "affiliate_networks", "sources": "traffic_sources", "domains": "domains",
    "groups": "groups", "users": "users",
}  # fmt: skip


class MenuCb(CallbackData, prefix="menu"):
    action: str


def main_menu(i18n: I18nContext, *, has_trackers: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if has_trackers:
        kb.button(text=i18n.get("btn-postback"), callback_data=MenuCb(action="postback"))
        kb.button(text=i18n.get("btn-stats"), callback_data=MenuCb(action="stats"))
        kb.button(text=i18n.get("btn-my-trackers"), callback_data=MenuCb(action="trackers"))
    else:
        kb.button(text=i18n.get("btn-connect-tracker"), callback_data=MenuCb(action="add_tracker"))
    kb.button(text=i18n.get("btn-language"), callback_data=MenuCb(action="lang"))
    kb.button(text=i18n.get("btn-help"), callback_data=MenuCb(action="help"))
    kb.adjust(*((2, 1, 2) if has_trackers else (1, 2)))
    return kb.as_markup()


async def cmd_start(
    message: Message, i18n: I18nContext, app: AppContext, dialog_manager: DialogManager
) -> None:
    assert message.from_user is not None
    trackers = await app.trackers.list(message.from_user.id)
    active = next((t for t in trackers if t.is_active), None)
    if active is None:
        text = i18n.get("start-new", name=message.from_user.first_name)
    else:
        text = i18n.get(
            "start-back", name=message.from_user.first_name, tracker=active.name, count=len(trackers)
        )
    await message.answer(text, reply_markup=main_menu(i18n, has_trackers=bool(trackers)))
    if dialog_manager.has_context():
        # a conversation is in progress: keep it, and show where the user was
        await message.answer(i18n.get("start-resume"))
        await dialog_manager.show(ShowMode.SEND)


def help_text(i18n: I18nContext) -> str:
    lines = [i18n.get("help-title")]
    # descriptions are plain text (they also feed the command menu): escape them for HTML
    lines += [f"/{name} — {esc(i18n.get('cmd-' + name))}" for name in COMMANDS]
    lines.append("")
    lines.append(i18n.get("help-footer"))
    return "\n".join(lines)


async def cmd_help(message: Message, i18n: I18nContext) -> None:
    await message.answer(help_text(i18n))


async def cmd_cancel(
    message: Message, i18n: I18nContext, app: AppContext, state: FSMContext, dialog_manager: DialogManager
) -> None:
    assert message.from_user is not None
    stop_verification(message.from_user.id)
    had_dialog = dialog_manager.has_context()
    if had_dialog:
        await dialog_manager.reset_stack(remove_keyboard=True)
    had_state = await state.get_state() is not None
    await state.clear()
    drafts = await app.trackers.delete_drafts(message.from_user.id)
    if had_dialog or had_state or drafts:
        await message.answer(i18n.get("cancel-done"))
    else:
        await message.answer(i18n.get("cancel-nothing"))


# screens that a command or a main-menu button opens, each as a fresh dialog stack
SCREENS = {
    "trackers": TrackersSG.list,
    "lang": LanguageSG.choose,
    "add_tracker": AddTrackerSG.name,
    "postback": PostbackSG.tracker,
}


async def open_screen(dialog_manager: DialogManager, name: str) -> None:
    await dialog_manager.start(SCREENS[name], mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def cmd_trackers(message: Message, dialog_manager: DialogManager) -> None:
    await open_screen(dialog_manager, "trackers")


async def cmd_lang(message: Message, dialog_manager: DialogManager) -> None:
    await open_screen(dialog_manager, "lang")


async def menu_screen(query: CallbackQuery, callback_data: MenuCb, dialog_manager: DialogManager) -> None:
    await query.answer()
    await open_screen(dialog_manager, callback_data.action)


async def menu_stats(
    query: CallbackQuery, dialog_manager: DialogManager, app: AppContext, i18n: I18nContext
) -> None:
    if await app.trackers.get_active(query.from_user.id) is None:
        await query.answer(i18n.get("res-no-tracker"), show_alert=True)
        return
    await query.answer()
    await start_stats(dialog_manager, app, query.from_user.id)


async def menu_help(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(help_text(i18n))


async def set_bot_commands(
    bot: Bot, get: Callable[[str, str], str], languages: tuple[str, ...], default: str
) -> None:
    """The command menu in every language, plus the default for clients in other languages.

    ``get(key, locale)`` is the translation core's lookup.
    """
    for lang in languages:
        commands = [BotCommand(command=c, description=get("cmd-" + c, lang)) for c in COMMANDS]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=lang)
    commands = [BotCommand(command=c, description=get("cmd-" + c, default)) for c in COMMANDS]
    await bot.set_my_commands(commands, scope=BotCommandScopeDefault())


async def cmd_resource(
    message: Message,
    command: CommandObject,
    dialog_manager: DialogManager,
    app: AppContext,
    i18n: I18nContext,
) -> None:
    if await active_tracker_or_say(message, app, i18n) is None:
        return
    if command.command == "botlist":
        await dialog_manager.start(BotlistSG.view, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
        return
    if command.command == "streams":
        arg = (command.args or "").strip()
        if not arg.isdigit():
            await message.answer(i18n.get("res-streams-usage"))
            return
        await open_resource(dialog_manager, "streams", {"campaign_id": int(arg)})
        return
    await open_resource(dialog_manager, RESOURCE_COMMANDS[command.command])


def build_router() -> Router:
    router = Router(name="commands")
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_cancel, Command("cancel"))
    router.message.register(cmd_trackers, Command("trackers"))
    router.message.register(cmd_postback, Command("postback"))
    router.message.register(cmd_stats, Command("stats"))
    router.message.register(cmd_conversions, Command("conversions"))
    router.message.register(cmd_clicks, Command("clicks"))
    router.message.register(cmd_logs, Command("logs"))
    router.message.register(cmd_alerts, Command("alerts"))
    router.message.register(cmd_silences, Command("silences"))
    router.message.register(cmd_resource, Command(*RESOURCE_COMMANDS, "streams", "botlist"))
    router.message.register(cmd_lang, Command("lang", "language"))
    router.callback_query.register(menu_screen, MenuCb.filter(F.action.in_(SCREENS.keys())))
    router.callback_query.register(menu_help, MenuCb.filter(F.action == "help"))
    router.callback_query.register(menu_stats, MenuCb.filter(F.action == "stats"))
    return router
