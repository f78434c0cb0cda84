"""/hook: the conversion webhook URL to paste into Keitaro as a campaign S2S postback (private
chats only: it carries the tracker's secret), a new secret, conversion pushes on or off here.
The screen is a window of the /subscribe dialog."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_i18n import I18nContext

from alerts.conversions import postback_query
from handlers.context import AppContext
from handlers.oncall.common import chat_data, conversions_url, hooks_base_url, may_change
from handlers.oncall.states import SubscribeSG
from handlers.ui import Html, active_tracker_or_say, add_notice, app_of, dialog_tracker, esc, i18n_of, refused
from services.access import Action
from storage.oncall import WebhookSecretUnreadable


async def cmd_hook(
    message: Message, dialog_manager: DialogManager, app: AppContext, i18n: I18nContext
) -> None:
    assert message.from_user is not None
    if message.chat.type != "private":
        await message.answer(i18n.get("hook-private-only"))
        return
    active = await active_tracker_or_say(message, app, i18n, Action.ALERT_RULES)
    if active is None:
        return
    data = {**chat_data(message.chat), "tracker_id": active.id}
    await dialog_manager.start(
        SubscribeSG.hook, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


async def hook_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    app, i18n, data = app_of(manager), i18n_of(manager), manager.dialog_data
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    notices = [i18n.get(n["key"], **n.get("args", {})) for n in data.pop("notice", [])]
    if tracker is None:
        return {"text": refused(i18n, "sub-tracker-gone"), "ready": False}
    actx = app.alerts
    sub = await actx.subscriptions.get(int(data["chat_id"]), tracker.id)
    pushes_on = sub is not None and sub.active and sub.conversions
    lines = [*notices, "" if notices else None, i18n.get("hook-title", tracker=tracker.name)]
    if data.get("chat_type") == "private":
        try:
            secret: str | None = await actx.webhooks.ensure(tracker.id, tracker.owner_id)
        except WebhookSecretUnreadable:
            # SECRET_KEY changed: the URL in Keitaro still works (matched by the secret's hash), it
            # just cannot be shown again. Only the "New secret" button (confirmed) replaces it.
            secret = None
            lines.append(i18n.get("hook-secret-unreadable"))
        if secret is not None:
            app.remember_secret(secret)  # never in the logs
            url = conversions_url(app, secret, postback_query())
            lines.append(i18n.get("hook-how", url=Html(f"<code>{esc(url)}</code>")))
        if hooks_base_url(app).startswith(("http://0.0.0.0", "http://127.", "http://localhost")):
            lines.append(i18n.get("hook-local-warning"))
    else:
        lines.append(i18n.get("hook-url-in-private"))
    lines.append(i18n.get("hook-chat-on" if pushes_on else "hook-chat-off"))
    return {
        "text": Html("\n".join(line for line in lines if line is not None)),
        "ready": True,
        "private": data.get("chat_type") == "private",
        "conv_label": i18n.get("sub-btn-conv-off" if pushes_on else "sub-btn-conv-on"),
    }


async def on_rotate(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await may_change(query, manager)
    if tracker is None or manager.dialog_data.get("chat_type") != "private":
        return
    await app_of(manager).alerts.webhooks.rotate(tracker.id, tracker.owner_id)
    add_notice(manager, "hook-rotated")
    await manager.switch_to(SubscribeSG.hook)
