"""Notes on an alert's timeline: a reply to an alert message (in a private chat or a group) is kept
as a note, in the replier's name, text as typed (:data:`~storage.alert_events.NOTE_LIMIT` characters
at most), and the bot confirms briefly. Anyone who may read the alert may add one (the tracker's
team — a viewer too —, or who may answer it where it was sent; a buyer scope must cover it).

Only a reply to a stored alert message (``alert_messages``: the chat and the message id) is a note;
a reply to a storm's group message is a note on each of its alerts that chat was told of (and the
replier may read); a reply to any other message of the bot passes on to whoever handled it before.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.types import Message
from aiogram_i18n import I18nContext

from handlers.alerts.timeline_keys import person_name
from handlers.alerts.timeline_text import reader_tracker
from handlers.context import AppContext
from storage.alert_events import NOTE_LIMIT
from storage.alert_groups import AlertGroupRepo
from storage.timefmt import to_iso

__all__ = ["build_router", "replied_alert"]


async def replied_alert(message: Message, app: AppContext, bot: Bot) -> bool | dict[str, Any]:
    """The filter: the message replies to one of the bot's alert messages, or a storm's group message
    (``{"alert_ids": […]}``)."""
    reply = message.reply_to_message
    if reply is None or reply.from_user is None or reply.from_user.id != bot.id:
        return False
    alert_id = await app.alerts.outbox.alert_of_message(message.chat.id, reply.message_id)
    if alert_id is not None:
        return {"alert_ids": [alert_id]}
    groups = AlertGroupRepo(app.alerts.alerts.db)
    group_id = await groups.of_message(message.chat.id, reply.message_id)
    alerts = await groups.alerts_for(group_id, message.chat.id) if group_id is not None else []
    return {"alert_ids": [a.id for a in alerts]} if alerts else False


async def on_note(message: Message, alert_ids: list[int], app: AppContext, i18n: I18nContext) -> None:
    user = message.from_user
    if user is None:
        return
    text = message.text if message.text is not None else message.caption
    if not text or not text.strip():
        await message.reply(i18n.get("tl-note-empty"))
        return
    if len(text) > NOTE_LIMIT:
        await message.reply(i18n.get("tl-note-too-long", length=len(text), limit=NOTE_LIMIT))
        return
    repo, noted, gone = app.alerts.alerts, 0, 0
    for alert_id in alert_ids:
        alert = await repo.get_alert(alert_id)
        rule = await repo.get_rule(alert.rule_id) if alert is not None else None
        if alert is None or rule is None:
            gone += 1
            continue
        if await reader_tracker(app, user.id, alert, rule, message.chat.id) is None:
            continue
        await repo.events.record(
            alert.id,
            "note",
            at=to_iso(app.clock()),
            actor_id=user.id,
            actor_name=person_name(user),
            chat_id=message.chat.id,
            detail={"text": text},
        )
        noted += 1
    if not noted:
        await message.reply(i18n.get("tl-note-gone" if gone == len(alert_ids) else "tl-note-not-allowed"))
        return
    await message.reply(i18n.get("tl-note-added"))


def build_router() -> Router:
    router = Router(name="alert-notes")
    router.message.register(on_note, F.reply_to_message, replied_alert)
    return router
