"""Changing a saved tracker's secrets: its postback URL and its API key (checked live first).

Both messages are deleted from the chat at once; nothing secret enters dialog data.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo

from handlers.secret_input import KeyMessage, receive_postback_url, save_postback_url
from handlers.states import TrackersSG
from handlers.ui import (
    ErrorLine,
    T,
    add_notice,
    app_of,
    clear_error,
    dialog_tracker,
    fallback_input,
    user_id_of,
)
from services.access import Action


async def on_postback_url(message: Message, _w: Any, manager: DialogManager) -> None:
    parsed, _deleted = await receive_postback_url(message, manager, wrong_format="pb-err-url")
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await manager.switch_to(TrackersSG.list, show_mode=ShowMode.SEND)
        return
    if parsed is None:  # the error line says why
        return
    await save_postback_url(manager, tracker, parsed)
    clear_error(manager)
    add_notice(manager, "tracker-pb-set", tracker=tracker.name, url=parsed.masked())
    await manager.switch_to(TrackersSG.detail, show_mode=ShowMode.SEND)


async def on_postback_remove(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is not None:
        await app.trackers.set_postback_url(owner, tracker.id, None)
        await app.audit.record(owner, "tracker.postback_url_removed", tracker_id=tracker.id)
        add_notice(manager, "tracker-pb-removed", tracker=tracker.name)
    await manager.switch_to(TrackersSG.detail)


async def on_api_key(message: Message, _w: Any, manager: DialogManager) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    typed = await KeyMessage.take(message, manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await manager.switch_to(TrackersSG.list, show_mode=ShowMode.SEND)
        return
    checked = await typed.check(tracker=tracker.name, admin_url=tracker.admin_url, refused="key-err-kept")
    if checked is None:
        return
    await app.trackers.set_api_key(owner, tracker.id, checked.key)
    await app.clients.forget(tracker.id)  # the pooled client still holds the old key
    await app.audit.record(owner, "tracker.api_key", tracker_id=tracker.id)
    await typed.confirm(checked, tracker=tracker.name)
    clear_error(manager)
    add_notice(manager, "tracker-key-replaced", tracker=tracker.name)
    await manager.switch_to(TrackersSG.detail, show_mode=ShowMode.SEND)


def secret_windows(getter: Any) -> list[Window]:
    """The postback-URL and API-key windows of the tracker dialog (``getter`` = the card's)."""
    back = SwitchTo(T("btn-back"), id="back", state=TrackersSG.detail)
    return [
        Window(
            ErrorLine(),
            T("tracker-pb-ask"),
            MessageInput(on_postback_url, content_types=["text"]),
            fallback_input(),
            Row(
                Button(T("btn-pb-remove"), id="pb_remove", on_click=on_postback_remove, when="has_postback"),
                back,
            ),
            state=TrackersSG.postback,
            getter=getter,
        ),
        Window(
            ErrorLine(),
            T("tracker-key-ask"),
            MessageInput(on_api_key, content_types=["text"]),
            fallback_input(),
            back,
            state=TrackersSG.api_key,
            getter=getter,
        ),
    ]
