"""Alerts on the Telegram side: /alerts (rules and open alerts), the buttons under alert messages,
/silences, and the renderer the sender uses (``handlers.alerts.render.render``)."""

from __future__ import annotations

from aiogram import Router

from handlers.alerts.rules import cmd_alerts
from handlers.alerts.silences import cmd_silences
from handlers.alerts.states import AlertsSG

__all__ = ["AlertsSG", "build_router", "cmd_alerts", "cmd_silences"]


def build_router() -> Router:
    """The /alerts dialog and the callback handlers of alert messages and /silences (fresh each call).
    The commands themselves (``cmd_alerts``, ``cmd_silences``) go into the commands router."""
    from handlers.alerts import buttons, rules, silences

    router = Router(name="alerts")
    router.include_routers(buttons.build_router(), silences.build_router(), rules.build_dialog())
    return router
