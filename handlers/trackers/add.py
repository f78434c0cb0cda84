"""Adding a tracker: name → admin URL → API key (checked live) → postback URL → time zone.

Secrets never enter dialog data: the API key is checked, then saved encrypted in a *draft*
tracker row; the postback URL goes straight into that row too. Both messages are deleted
from the chat as soon as they arrive.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.context import AppContext
from handlers.states import AddTrackerSG, TrackersSG
from handlers.trackers.validation import InputError, clean_api_key, clean_name, clean_timezone
from handlers.ui import (
    ErrorLine,
    T,
    clear_error,
    fallback_input,
    i18n_of,
    keitaro_error_key,
    set_error,
    toast,
)
from keitaro import errors as kerr
from keitaro.netguard import ensure_public_host
from keitaro.urls import InvalidUrlError, normalize_admin_url, parse_postback_url
from storage import DuplicateTrackerName

log = logging.getLogger(__name__)

COMMON_ZONES = ("UTC", "Europe/Moscow", "Europe/Kyiv", "Europe/Berlin", "Asia/Almaty", "America/New_York")


def _app(manager: DialogManager) -> AppContext:
    app: AppContext = manager.middleware_data["app"]
    return app


def _owner(manager: DialogManager) -> int:
    user = manager.middleware_data["event_from_user"]
    return int(user.id)


async def _delete_secret_message(message: Message) -> bool:
    try:
        await message.delete()
    except Exception:  # the key is still never stored or logged; the user is told to delete it
        log.warning("could not delete a message carrying a secret", exc_info=True)
        return False
    return True


# --- name --------------------------------------------------------------------------------------
async def on_name(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    try:
        name = clean_name(raw)
        if await _app(manager).trackers.name_taken(_owner(manager), name):
            raise InputError("name-err-taken", name=name)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    manager.dialog_data["name"] = name
    await manager.switch_to(AddTrackerSG.url, show_mode=ShowMode.SEND)


# --- admin URL ---------------------------------------------------------------------------------
async def on_url(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    app = _app(manager)
    try:
        url = normalize_admin_url(raw)
    except InvalidUrlError as err:
        set_error(manager, f"url-err-{err.reason}")
        return
    if not app.allow_private_trackers:
        parts = urlsplit(url)
        try:
            await ensure_public_host(parts.hostname or "", parts.port)
        except kerr.PrivateAddressError:
            set_error(manager, "url-err-private")
            return
        except kerr.DnsError:
            set_error(manager, "url-err-dns", host=parts.hostname or "")
            return
    clear_error(manager)
    manager.dialog_data["admin_url"] = url
    await manager.switch_to(AddTrackerSG.key, show_mode=ShowMode.SEND)


# --- API key -----------------------------------------------------------------------------------
async def on_key(message: Message, _w: Any, manager: DialogManager) -> None:
    app, i18n = _app(manager), i18n_of(manager)
    raw = message.text or ""
    app.remember_secret(raw.strip())
    deleted = await _delete_secret_message(message)
    name, url = manager.dialog_data["name"], manager.dialog_data["admin_url"]
    note = i18n.get("key-deleted" if deleted else "key-not-deleted")
    try:
        key = clean_api_key(raw)
    except InputError as err:
        await message.answer(note)
        set_error(manager, err.key)
        return
    status = await message.answer(note + "\n" + i18n.get("key-checking", tracker=name))
    try:
        async with app.probe_client(url, key) as client:
            check = await client.check_connection()
            timezone = await client.guess_timezone()
    except kerr.KeitaroError as err:
        log.info("tracker key check failed: %s", err.code)
        key_name, args = keitaro_error_key(err)
        await status.edit_text(note + "\n" + "❌ " + i18n.get(key_name, tracker=name, **args))
        set_error(manager, "key-err-retry")
        return
    draft = await app.trackers.create_draft(_owner(manager), name=name, admin_url=url, api_key=key)
    await status.edit_text(
        note + "\n" + i18n.get("key-ok", tracker=name, count=check.campaigns, ms=round(check.elapsed_ms))
    )
    clear_error(manager)
    manager.dialog_data["draft_id"] = draft.id
    manager.dialog_data["tz_guess"] = timezone
    await manager.switch_to(AddTrackerSG.postback, show_mode=ShowMode.SEND)


# --- postback URL (optional) -------------------------------------------------------------------
async def on_postback(message: Message, _w: Any, manager: DialogManager) -> None:
    app, i18n = _app(manager), i18n_of(manager)
    raw = (message.text or "").strip()
    try:
        parsed = parse_postback_url(raw)
    except InvalidUrlError:
        parsed = None
    if parsed is not None:
        app.remember_secret(parsed.key)
    deleted = await _delete_secret_message(message)
    if parsed is None:
        if deleted:
            await message.answer(i18n.get("key-deleted"))
        set_error(manager, "pb-err-format")
        return
    await app.trackers.set_postback_url(_owner(manager), manager.dialog_data["draft_id"], parsed.url)
    await message.answer(i18n.get("pb-saved", url=parsed.masked(), deleted=("yes" if deleted else "no")))
    clear_error(manager)
    manager.dialog_data["postback_set"] = True
    await manager.switch_to(AddTrackerSG.timezone, show_mode=ShowMode.SEND)


# --- time zone, then save ----------------------------------------------------------------------
async def _finish(manager: DialogManager, timezone: str) -> None:
    app, owner = _app(manager), _owner(manager)
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


async def on_tz_typed(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    try:
        timezone = clean_timezone(raw)
    except InputError as err:
        set_error(manager, err.key)
        return
    clear_error(manager)
    await _finish(manager, timezone)


async def on_tz_chosen(query: CallbackQuery, _w: Any, manager: DialogManager, zone: str) -> None:
    try:
        timezone = clean_timezone(zone)
    except InputError:
        await toast(query)
        return
    clear_error(manager)
    await _finish(manager, timezone)


async def tz_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    guess = dialog_manager.dialog_data.get("tz_guess")
    zones = [guess] if guess else []
    zones += [z for z in COMMON_ZONES if z != guess]
    i18n = i18n_of(dialog_manager)
    return {
        "zones": [((i18n.get("tz-from-tracker", zone=z) if z == guess else z), z) for z in zones],
        "guess": guess or "",
        "name": dialog_manager.dialog_data.get("name", ""),
    }


async def common_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {"name": data.get("name", ""), "url": data.get("admin_url", "")}


async def on_close(_result: Any, manager: DialogManager) -> None:
    """Leaving the conversation without finishing forgets the draft (and its key)."""
    await _app(manager).trackers.delete_drafts(_owner(manager))


async def skip_postback(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    clear_error(manager)
    await manager.switch_to(AddTrackerSG.timezone)


async def said_cancel(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(i18n_of(manager).get("cancel-done"))


def _cancel() -> Cancel:
    return Cancel(T("btn-cancel"), on_click=said_cancel)


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            ErrorLine(),
            T("add-name-ask"),
            TextInput(id="name", on_success=on_name),
            fallback_input(),
            _cancel(),
            state=AddTrackerSG.name,
            getter=common_getter,
        ),
        Window(
            ErrorLine(),
            T("add-url-ask"),
            TextInput(id="url", on_success=on_url),
            fallback_input(),
            Row(Back(T("btn-back")), _cancel()),
            state=AddTrackerSG.url,
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
            Column(
                Select(
                    Format("{item[0]}"),
                    id="tz",
                    item_id_getter=lambda x: x[1],
                    items="zones",
                    on_click=on_tz_chosen,
                )
            ),
            TextInput(id="tz_text", on_success=on_tz_typed),
            fallback_input(),
            _cancel(),
            state=AddTrackerSG.timezone,
            getter=tz_getter,
        ),
        on_close=on_close,
    )
