"""On call: /oncall (rotation, escalation), /subscribe and /unsubscribe (which chats hear of a
tracker), /quiet (quiet hours), /hook (the conversion webhook URL), and the messages of conversion
pushes and digests (``render.RENDERERS``)."""

from __future__ import annotations

from aiogram import F, Router

from handlers.feature import CommandSpec, Feature
from handlers.oncall import hook, oncall, quiet, render, subscribe, unsubscribe

__all__ = ["FEATURE"]


def _buttons() -> tuple[Router, ...]:
    router = Router(name="oncall-buttons")
    router.callback_query.register(unsubscribe.on_unsub_button, unsubscribe.UnsubCb.filter(F.tracker_id >= 0))
    return (router,)


FEATURE = Feature(
    "oncall",
    commands=(
        CommandSpec("oncall", oncall.cmd_oncall),
        CommandSpec("subscribe", subscribe.cmd_subscribe),
        CommandSpec("unsubscribe", unsubscribe.cmd_unsubscribe),
        CommandSpec("quiet", quiet.cmd_quiet),
        CommandSpec("hook", hook.cmd_hook),
    ),
    buttons=_buttons,
    dialogs=lambda: (oncall.build_dialog(), subscribe.build_dialog()),
    renderers=render.RENDERERS,
)
