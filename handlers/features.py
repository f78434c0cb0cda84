"""Every feature of the bot, in menu order, and the one router they make.

Order of the routers, by construction:

1. every feature's commands (``Feature.commands``) — so a command typed while any dialog is open
   runs that command, never the open window's "use the buttons" fallback;
2. every feature's buttons outside dialogs (``Feature.buttons``: alert messages, menus) — a press
   on such a button is its feature's even when a dialog has since taken the message over;
3. every feature's dialogs (``Feature.dialogs``);
4. the fallback: whatever nobody took gets an answer, never silence.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Router
from aiogram.filters import Command

from handlers import (
    alerts,
    commands,
    costs,
    fallback,
    logs,
    maintenance,
    oncall,
    postback,
    reports,
    resources,
    trackers,
    traffic,
)
from handlers.feature import Feature
from handlers.input_guard import InputGuard

__all__ = ["FEATURES", "all_features", "build_router", "menu"]

# the features whose commands sit between /start and /lang, /help, /cancel in the menu, in order
FEATURES: tuple[Feature, ...] = (
    postback.FEATURE,
    reports.FEATURE,
    traffic.FEATURE,
    logs.FEATURE,
    resources.FEATURE,
    costs.FEATURE,
    alerts.FEATURE,
    oncall.FEATURE,
    trackers.FEATURE,
    maintenance.FEATURE,  # issue 19, part 3
)


def menu() -> tuple[str, ...]:
    """Every command of the menu and /help, in order."""
    middle = tuple(c.name for f in FEATURES for c in f.commands if c.menu)
    return (*commands.FIRST, *middle, *commands.LAST)


def all_features() -> tuple[Feature, ...]:
    return (commands.core_feature(menu()), *FEATURES)


def build_router(features: Sequence[Feature] | None = None) -> Router:
    """Fresh routers (a router can join one parent only): commands, buttons, dialogs, fallback."""
    features = all_features() if features is None else features
    root = Router(name="handlers")
    root.message.outer_middleware(InputGuard())
    typed = Router(name="commands")
    seen: set[str] = set()
    for feature in features:
        for spec in feature.commands:
            for name in (spec.name, *spec.aliases):
                if name in seen:
                    raise ValueError(f"/{name} is declared twice")
                seen.add(name)
            typed.message.register(spec.handler, *(spec.filters or (Command(spec.name, *spec.aliases),)))
    root.include_router(typed)
    for feature in features:
        for router in feature.buttons():
            root.include_router(router)
    for feature in features:
        for router in feature.dialogs():
            root.include_router(router)
    root.include_router(fallback.build_router())
    return root
