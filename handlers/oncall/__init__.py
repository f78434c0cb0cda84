"""On call: /oncall (rotation, escalation), /quiet (quiet hours), /subscribe and /unsubscribe (which
chats hear of a tracker), /hook (the conversion webhook URL), and the messages of conversion pushes
and digests (``render``)."""

from __future__ import annotations

from aiogram import Router


def build_router() -> Router:
    """Commands first, then the two dialogs (include it before the fallback router)."""
    from handlers.oncall import oncall, quiet, subscribe, unsubscribe

    router = Router(name="oncall")
    oncall.register(router)
    quiet.register(router)
    subscribe.register(router)
    unsubscribe.register(router)
    router.include_routers(oncall.build_dialog(), subscribe.build_dialog())
    return router
