"""Alerts on the Telegram side: /alerts (rules and open alerts), the buttons under alert messages,
/silences, and how alert notifications are written (``render.RENDERERS``)."""

from __future__ import annotations

from aiogram import Router

from handlers.alerts import buttons, group_buttons, groups, notes, render, rules, silences, timeline
from handlers.alerts.states import AlertsSG
from handlers.feature import CommandSpec, Feature

__all__ = ["FEATURE", "AlertsSG"]


def _buttons() -> tuple[Router, ...]:
    """The buttons of alert messages and of /silences, of storm groups' messages, the 📜 Timeline and
    notes typed as replies to alert messages (fresh each call)."""
    return (
        buttons.build_router(),
        silences.build_router(),
        group_buttons.build_router(),
        timeline.build_router(),
        notes.build_router(),
    )


FEATURE = Feature(
    "alerts",
    commands=(CommandSpec("alerts", rules.cmd_alerts), CommandSpec("silences", silences.cmd_silences)),
    buttons=_buttons,
    dialogs=lambda: (rules.build_dialog(),),
    renderers={**render.RENDERERS, **groups.RENDERERS},  # groups: issue 19 storms
)
