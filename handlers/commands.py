"""The bot's own commands: /start (the main menu), /help, /cancel, /lang, and Telegram's command
menu. Every other command belongs to its feature (``handlers.features``); the menu and /help list
them in the order the features come.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import BotCommand, BotCommandScopeDefault, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from alerts.audience import open_alerts_for
from handlers import language
from handlers.alerts.rules import open_alerts_screen
from handlers.context import AppContext
from handlers.feature import CommandSpec, Feature
from handlers.postback.send import stop_verification
from handlers.reports.dialog import start_stats
from handlers.states import AddTrackerSG, LanguageSG, LogsSG, PostbackSG, TrackersSG
from handlers.trackers.join import open_invitation
from handlers.ui import esc
from services.access import Action

__all__ = [
    "FIRST",
    "HELP_BASICS",
    "HELP_GROUPS",
    "LAST",
    "MenuCb",
    "core_feature",
    "help_text",
    "main_menu",
    "set_bot_commands",
]

FIRST = ("start",)  # the menu opens with these …
LAST = ("lang", "help", "cancel")  # … and ends with these; the features' commands come between

# /help: every menu command in exactly one group (a unit test checks it); a group's title and
# what it is for are ``help-group-<name>``. Commands not in the menu are skipped when shown
# (``streams`` may become an alias of ``flows``).
HELP_GROUPS: dict[str, tuple[str, ...]] = {
    "diagnose": ("postback", "logs", "clicks"),
    "numbers": ("stats", "conversions", "costs"),
    "objects": (
        "campaigns", "flows", "streams", "offers", "landings", "networks", "sources", "domains",
        "groups", "users", "botlist", "trackers",
    ),
    "duty": ("alerts", "silences", "oncall", "subscribe", "unsubscribe", "quiet", "hook", "maintenance"),
}  # fmt: skip
# … and the bot's own, on the last line (``help-basics``)
HELP_BASICS = ("start", "lang", "help", "cancel")


class MenuCb(CallbackData, prefix="menu"):
    action: str


def main_menu(i18n: I18nContext, *, has_trackers: bool, open_alerts: int = 0) -> InlineKeyboardMarkup:
    """The menu under /start; a returning person also gets 🚨 Alerts (with the active tracker's
    open alerts) and 📜 Logs."""
    kb = InlineKeyboardBuilder()
    if has_trackers:
        kb.button(text=i18n.get("btn-postback"), callback_data=MenuCb(action="postback"))
        kb.button(text=i18n.get("btn-stats"), callback_data=MenuCb(action="stats"))
        kb.button(text=i18n.get("btn-menu-alerts", count=open_alerts), callback_data=MenuCb(action="alerts"))
        kb.button(text=i18n.get("btn-menu-logs"), callback_data=MenuCb(action="logs"))
        kb.button(text=i18n.get("btn-my-trackers"), callback_data=MenuCb(action="trackers"))
    else:
        kb.button(text=i18n.get("btn-connect-tracker"), callback_data=MenuCb(action="add_tracker"))
    kb.button(text=i18n.get("btn-language"), callback_data=MenuCb(action="lang"))
    kb.button(text=i18n.get("btn-help"), callback_data=MenuCb(action="help"))
    kb.adjust(*((2, 2, 1, 2) if has_trackers else (1, 2)))
    return kb.as_markup()


async def cmd_start(
    message: Message,
    i18n: I18nContext,
    app: AppContext,
    dialog_manager: DialogManager,
    command: CommandObject | None = None,
) -> None:
    assert message.from_user is not None
    if command is not None and command.args:  # t.me/<bot>?start=<token>: a team's invitation
        await open_invitation(message, app, i18n, command.args.strip())
        return
    trackers = await app.access.trackers(message.from_user.id, Action.VIEW)
    active = next((t for t in trackers if t.is_active), None)
    open_alerts = 0
    if active is None:
        text = i18n.get("start-new", name=message.from_user.first_name)
    else:
        text = i18n.get(
            "start-back", name=message.from_user.first_name, tracker=active.name, count=len(trackers)
        )
        open_alerts = len(await open_alerts_for(app.alerts, active, message.from_user.id))
    menu = main_menu(i18n, has_trackers=bool(trackers), open_alerts=open_alerts)
    await message.answer(text, reply_markup=menu)
    if dialog_manager.has_context():
        # a conversation is in progress: keep it, and show where the user was
        await message.answer(i18n.get("start-resume"))
        await dialog_manager.show(ShowMode.SEND)


def help_text(i18n: I18nContext, menu: Sequence[str]) -> str:
    """Four short groups (what each is for, then its commands), the bot's own commands last."""
    lines = [i18n.get("help-title")]
    for group, names in HELP_GROUPS.items():
        shown = [f"/{name}" for name in names if name in menu]
        if shown:
            lines += ["", i18n.get(f"help-group-{group}"), esc(" · ".join(shown))]
    lines += ["", i18n.get("help-basics")]
    return "\n".join(lines)


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
    "add_tracker": AddTrackerSG.url,
    "postback": PostbackSG.tracker,
    "logs": LogsSG.view,
}


async def open_screen(dialog_manager: DialogManager, name: str) -> None:
    await dialog_manager.start(SCREENS[name], mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def cmd_lang(message: Message, dialog_manager: DialogManager) -> None:
    await open_screen(dialog_manager, "lang")


async def menu_screen(query: CallbackQuery, callback_data: MenuCb, dialog_manager: DialogManager) -> None:
    await query.answer()
    await open_screen(dialog_manager, callback_data.action)


async def menu_stats(
    query: CallbackQuery, dialog_manager: DialogManager, app: AppContext, i18n: I18nContext
) -> None:
    if await app.access.active(query.from_user.id, Action.VIEW) is None:
        await query.answer(i18n.get("res-no-tracker"), show_alert=True)
        return
    await query.answer()
    await start_stats(dialog_manager, app, query.from_user.id)


async def menu_alerts(
    query: CallbackQuery, dialog_manager: DialogManager, app: AppContext, i18n: I18nContext
) -> None:
    """🚨 Alerts of the main menu: /alerts of the active tracker."""
    tracker = await app.access.active(query.from_user.id, Action.VIEW)
    if tracker is None:
        await query.answer(i18n.get("res-no-tracker"), show_alert=True)
        return
    await query.answer()
    await open_alerts_screen(dialog_manager, tracker.id)


async def set_bot_commands(
    bot: Bot, get: Callable[[str, str], str], languages: tuple[str, ...], default: str, menu: Sequence[str]
) -> None:
    """The command menu in every language, plus the default for clients in other languages.

    ``get(key, locale)`` is the translation core's lookup.
    """
    for lang in languages:
        commands = [BotCommand(command=c, description=get("cmd-" + c, lang)) for c in menu]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=lang)
    commands = [BotCommand(command=c, description=get("cmd-" + c, default)) for c in menu]
    await bot.set_my_commands(commands, scope=BotCommandScopeDefault())


def core_feature(menu: Sequence[str]) -> Feature:
    """/start, /help, /cancel, /lang and the main menu's buttons; ``menu`` is every command in menu
    order (for /help)."""

    texts: dict[str, str] = {}  # the help text per language (the locale files do not change)

    def help_in(i18n: I18nContext) -> str:
        text = texts.get(i18n.locale)
        if text is None:
            text = texts[i18n.locale] = help_text(i18n, menu)
        return text

    async def cmd_help(message: Message, i18n: I18nContext) -> None:
        await message.answer(help_in(i18n))

    async def menu_help(query: CallbackQuery, i18n: I18nContext) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(help_in(i18n))

    def buttons() -> tuple[Router, ...]:
        router = Router(name="main-menu")
        router.callback_query.register(menu_screen, MenuCb.filter(F.action.in_(SCREENS.keys())))
        router.callback_query.register(menu_help, MenuCb.filter(F.action == "help"))
        router.callback_query.register(menu_stats, MenuCb.filter(F.action == "stats"))
        router.callback_query.register(menu_alerts, MenuCb.filter(F.action == "alerts"))
        return (router,)

    return Feature(
        "core",
        commands=(
            CommandSpec("start", cmd_start, filters=(CommandStart(),)),
            CommandSpec("help", cmd_help),
            CommandSpec("cancel", cmd_cancel),
            CommandSpec("lang", cmd_lang, aliases=("language",)),
        ),
        buttons=buttons,
        dialogs=lambda: (language.build_dialog(),),
    )
