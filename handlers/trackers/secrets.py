"""Changing a saved tracker's secrets: its postback URL and its API key (checked live first).

Both messages are deleted from the chat at once; nothing secret enters dialog data.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo

from handlers.input import InputError
from handlers.states import TrackersSG
from handlers.trackers.validation import clean_api_key
from handlers.ui import (
    ErrorLine,
    T,
    add_notice,
    app_of,
    clear_error,
    delete_secret_message,
    dialog_tracker,
    fallback_input,
    i18n_of,
    keitaro_error_key,
    set_error,
    user_id_of,
)
from keitaro import errors as kerr
from keitaro.urls import InvalidUrlError, parse_postback_url


async def on_postback_url(message: Message, _w: Any, manager: DialogManager) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    try:
        parsed = parse_postback_url((message.text or "").strip())
    except InvalidUrlError:
        parsed = None
    if parsed is not None:
        app.remember_secret(parsed.key)
    await delete_secret_message(message)
    tracker = await dialog_tracker(manager)
    if tracker is None:
        await manager.switch_to(TrackersSG.list, show_mode=ShowMode.SEND)
        return
    if parsed is None:
        set_error(manager, "pb-err-url")
        return
    await app.trackers.set_postback_url(owner, tracker.id, parsed.url)
    await app.audit.record(owner, "tracker.postback_url", tracker_id=tracker.id)
    clear_error(manager)
    add_notice(manager, "tracker-pb-set", tracker=tracker.name, url=parsed.masked())
    await manager.switch_to(TrackersSG.detail, show_mode=ShowMode.SEND)


async def on_postback_remove(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager)
    if tracker is not None:
        await app.trackers.set_postback_url(owner, tracker.id, None)
        await app.audit.record(owner, "tracker.postback_url_removed", tracker_id=tracker.id)
        add_notice(manager, "tracker-pb-removed", tracker=tracker.name)
    await manager.switch_to(TrackersSG.detail)


async def on_api_key(message: Message, _w: Any, manager: DialogManager) -> None:
    app, i18n, owner = app_of(manager), i18n_of(manager), user_id_of(manager)
    raw = message.text or ""
    app.remember_secret(raw.strip())
    deleted = await delete_secret_message(message)
    tracker = await dialog_tracker(manager)
    if tracker is None:
        await manager.switch_to(TrackersSG.list, show_mode=ShowMode.SEND)
        return
    note = i18n.get("key-deleted" if deleted else "key-not-deleted")
    try:
        key = clean_api_key(raw)
    except InputError as err:
        await message.answer(note)
        set_error(manager, err.key)
        return
    status = await message.answer(note + "\n" + i18n.get("key-checking", tracker=tracker.name))
    try:
        async with app.probe_client(tracker.admin_url, key) as client:
            check = await client.check_connection()
    except kerr.KeitaroError as err:
        reason_key, args = keitaro_error_key(err)
        await status.edit_text(note + "\n❌ " + i18n.get(reason_key, tracker=tracker.name, **args))
        set_error(manager, "key-err-kept")
        return
    await app.trackers.set_api_key(owner, tracker.id, key)
    await app.forget_tracker(tracker.id)  # the pooled client still holds the old key
    await app.audit.record(owner, "tracker.api_key", tracker_id=tracker.id)
    await status.edit_text(
        note
        + "\n"
        + i18n.get("key-ok", tracker=tracker.name, count=check.campaigns, ms=round(check.elapsed_ms))
    )
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
