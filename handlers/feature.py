"""What a feature declares to the bot: its commands, its buttons and dialogs, and how it writes the
notifications it queues.

``handlers.features.build_router`` registers every feature's commands in one router that comes
before every dialog, so a command typed while any screen is open runs that command (a dialog's "use
the buttons" fallback never sees it), then every feature's buttons outside dialogs (a press on an
alert message that a dialog has since taken over is still the alert's), then the dialogs; the
command menu and /help are built from the same declarations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import InlineKeyboardMarkup

from handlers.context import AppContext

__all__ = ["CommandSpec", "Feature", "Rendered", "Renderer", "Tr"]

Tr = Callable[..., str]  # ``tr(key, **args)`` in one language
Rendered = tuple[str, InlineKeyboardMarkup | None]
# (app, chat id, payload, tr) → the message, or None when there is nothing to say any more
Renderer = Callable[[AppContext, int, Any, Tr], Awaitable[Rendered | None]]


@dataclass(frozen=True)
class CommandSpec:
    """``/name`` (and ``aliases``) handled by ``handler``. ``menu``: listed in /help and in
    Telegram's command menu, described by the locale key ``cmd-<name>``. ``filters`` replace the
    default ``Command(name, *aliases)`` (e.g. ``CommandStart()`` for deep links)."""

    name: str
    handler: Callable[..., Awaitable[Any]]
    aliases: tuple[str, ...] = ()
    menu: bool = True
    filters: tuple[Filter, ...] = ()


@dataclass(frozen=True)
class Feature:
    name: str
    commands: tuple[CommandSpec, ...] = ()
    # fresh routers each call (a router joins one parent): handlers of buttons outside dialogs (on
    # alert messages, menus; CallbackData factories), then the feature's dialogs
    buttons: Callable[[], Sequence[Router]] = lambda: ()
    dialogs: Callable[[], Sequence[Router]] = lambda: ()
    # payload model type → how to write it (``handlers.notices``)
    renderers: Mapping[type[Any], Renderer] = field(default_factory=dict)
