"""Adding a tracker: admin URL → name (the host offered as a button) → API key (checked live) →
postback URL → time zone. After it: the tracker's card with the next steps (test a postback,
basic alerts).

Secrets never enter dialog data: the API key is checked, then saved encrypted in a *draft*
tracker row; the postback URL goes straight into that row too. Both messages are deleted
from the chat as soon as they arrive.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo

from handlers.input import InputError
from handlers.secret_input import KeyMessage, address_refusal, receive_postback_url
from handlers.states import AddTrackerSG, TrackersSG
from handlers.trackers.timezone import timezone_picker, zone_choices
from handlers.trackers.validation import NAME_MAX, clean_name, name_from_url
from handlers.ui import (
    ErrorLine,
    T,
    app_of,
    clear_error,
    fallback_input,
    i18n_of,
    set_error,
    user_id_of,
)
from keitaro.urls import InvalidUrlError, normalize_admin_url
from storage import DuplicateTrackerName


# --- name (after the address: the host is offered) ----------------------------------------------
async def _take_name(manager: DialogManager, raw: str, *, send: bool) -> None:
    try:
        name = clean_name(raw)
        if await app_of(manager).trackers.name_taken(user_id_of(manager), name):
            raise InputError("name-err-taken", name=name)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    manager.dialog_data["name"] = name
    await manager.switch_to(AddTrackerSG.key, show_mode=ShowMode.SEND if send else None)


async def on_name(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    await _take_name(manager, raw, send=True)


async def on_suggested(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _take_name(manager, str(manager.dialog_data.get("suggested") or ""), send=False)


async def _suggestion(manager: DialogManager, url: str) -> str:
    """The host as a name; if the person already has a tracker of that name, «host 2», «host 3»…"""
    base = name_from_url(url)
    app, owner = app_of(manager), user_id_of(manager)
    name, n = base, 1
    while await app.trackers.name_taken(owner, name) and n < 20:
        n += 1
        name = f"{base[: NAME_MAX - 3]} {n}"
    return name


# --- admin URL ---------------------------------------------------------------------------------
async def on_url(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    try:
        url = normalize_admin_url(raw)
    except InvalidUrlError as err:
        set_error(manager, f"url-err-{err.reason}")
        return
    refusal = await address_refusal(manager, url)
    if refusal is not None:
        set_error(manager, f"url-err-{refusal[0]}", **refusal[1])
        return
    clear_error(manager)
    manager.dialog_data["admin_url"] = url
    manager.dialog_data["suggested"] = await _suggestion(manager, url)
    if manager.dialog_data.get("name"):  # "Change address" from the key step: the name stays
        await manager.switch_to(AddTrackerSG.key, show_mode=ShowMode.SEND)
        return
    await manager.switch_to(AddTrackerSG.name, show_mode=ShowMode.SEND)


# --- API key -----------------------------------------------------------------------------------
async def on_key(message: Message, _w: Any, manager: DialogManager) -> None:
    app = app_of(manager)
    typed = await KeyMessage.take(message, manager)
    name, url = manager.dialog_data["name"], manager.dialog_data["admin_url"]
    checked = await typed.check(tracker=name, admin_url=url, refused="key-err-retry", with_timezone=True)
    if checked is None:
        return
    draft = await app.trackers.create_draft(
        user_id_of(manager), name=name, admin_url=url, api_key=checked.key
    )
    await typed.confirm(checked, tracker=name)
    clear_error(manager)
    manager.dialog_data["draft_id"] = draft.id
    manager.dialog_data["tz_guess"] = checked.timezone
    await manager.switch_to(AddTrackerSG.postback, show_mode=ShowMode.SEND)


# --- postback URL (optional) -------------------------------------------------------------------
async def on_postback(message: Message, _w: Any, manager: DialogManager) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    parsed, deleted = await receive_postback_url(message, manager, wrong_format="pb-err-format")
    if parsed is None:
        if deleted:
            await message.answer(i18n.get("key-deleted"))
        return
    await app.trackers.set_postback_url(user_id_of(manager), manager.dialog_data["draft_id"], parsed.url)
    await message.answer(i18n.get("pb-saved", url=parsed.masked(), deleted=("yes" if deleted else "no")))
    clear_error(manager)
    manager.dialog_data["postback_set"] = True
    await manager.switch_to(AddTrackerSG.timezone, show_mode=ShowMode.SEND)


# --- time zone, then save ----------------------------------------------------------------------
async def _finish(manager: DialogManager, timezone: str) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    draft_id = manager.dialog_data["draft_id"]
    await app.trackers.set_timezone(owner, draft_id, timezone)
    try:
        tracker = await app.trackers.finalize(owner, draft_id)
    except DuplicateTrackerName:
        set_error(manager, "name-err-taken", name=manager.dialog_data["name"])
        await manager.switch_to(AddTrackerSG.name, show_mode=ShowMode.SEND)
        return
    await app.audit.record(
        owner, "tracker.add", tracker_id=tracker.id, name=tracker.name, admin_url=tracker.admin_url
    )
    await manager.start(
        TrackersSG.detail,
        data={"tracker_id": tracker.id, "notice": "added"},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def tz_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    guess = dialog_manager.dialog_data.get("tz_guess")
    i18n = i18n_of(dialog_manager)
    return {
        "zones": zone_choices(guess, lambda z: i18n.get("tz-from-tracker", zone=z) if z == guess else z),
        "guess": guess or "",
        "name": dialog_manager.dialog_data.get("name", ""),
    }


async def common_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {
        "name": data.get("name", ""),
        "url": data.get("admin_url", ""),
        "suggested": data.get("suggested", ""),
        "has_suggestion": bool(data.get("suggested")),
    }


async def on_close(_result: Any, manager: DialogManager) -> None:
    """Leaving the conversation without finishing forgets the draft (and its key)."""
    await app_of(manager).trackers.delete_drafts(user_id_of(manager))


async def skip_postback(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    await manager.switch_to(AddTrackerSG.timezone)


async def said_cancel(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await on_close(None, manager)  # the key is gone before the user reads "Cancelled"
    if isinstance(query.message, Message):
        await query.message.answer(i18n_of(manager).get("cancel-done"))


def _cancel() -> Cancel:
    return Cancel(T("btn-cancel"), on_click=said_cancel)


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            ErrorLine(),
            T("add-url-ask"),
            TextInput(id="url", on_success=on_url),
            fallback_input(),
            _cancel(),
            state=AddTrackerSG.url,
            getter=common_getter,
        ),
        Window(
            ErrorLine(),
            T("add-name-ask"),
            Button(
                T("btn-name-suggested", name="suggested"),
                id="suggested",
                on_click=on_suggested,
                when="has_suggestion",
            ),
            TextInput(id="name", on_success=on_name),
            fallback_input(),
            Row(SwitchTo(T("btn-change-url"), id="to_url", state=AddTrackerSG.url), _cancel()),
            state=AddTrackerSG.name,
            getter=common_getter,
        ),
        Window(
            ErrorLine(),
            T("add-key-ask"),
            MessageInput(on_key, content_types=["text"]),
            fallback_input(),
            Row(SwitchTo(T("btn-change-url"), id="to_url", state=AddTrackerSG.url), _cancel()),
            state=AddTrackerSG.key,
            getter=common_getter,
        ),
        Window(
            ErrorLine(),
            T("add-pb-ask"),
            MessageInput(on_postback, content_types=["text"]),
            fallback_input(),
            Row(Button(T("btn-skip"), id="skip_pb", on_click=skip_postback), _cancel()),
            state=AddTrackerSG.postback,
            getter=common_getter,
        ),
        Window(
            ErrorLine(),
            T("add-tz-ask"),
            *timezone_picker(_finish),
            fallback_input(),
            _cancel(),
            state=AddTrackerSG.timezone,
            getter=tz_getter,
        ),
        on_close=on_close,
    )
