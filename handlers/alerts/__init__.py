"""Alerts on the Telegram side: /alerts (rules and open alerts), the buttons under alert messages,
/silences, and how alert notifications are written (``render.RENDERERS``)."""

from __future__ import annotations

from aiogram import Router

from handlers.alerts import buttons, group_buttons, groups, render, rules, silences
from handlers.alerts.states import AlertsSG
from handlers.feature import CommandSpec, Feature

__all__ = ["FEATURE", "AlertsSG"]


def _buttons() -> tuple[Router, ...]:
    """The buttons of alert messages and of /silences (fresh each call)."""
    return (
        buttons.build_router(),
        silences.build_router(),
        group_buttons.build_router(),
    )  # (+ issue 19 storms)


FEATURE = Feature(
    "alerts",
    commands=(CommandSpec("alerts", rules.cmd_alerts), CommandSpec("silences", silences.cmd_silences)),
    buttons=_buttons,
    dialogs=lambda: (rules.build_dialog(),),
    renderers={**render.RENDERERS, **groups.RENDERERS},  # groups: issue 19 storms
)
