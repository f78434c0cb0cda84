"""/trackers: list, details, make active, test connection, rename, time zone, postback URL, API key,
remove.

The tracker id in dialog data is only a pointer: every screen and action looks the tracker up
again with the owner's id, so a forged or stale id finds nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, ScrollingGroup, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.alerts.basic import Chat, basic_alerts_text, enable_basic_alerts
from handlers.input import InputError, echo, item_int
from handlers.states import AddTrackerSG, PostbackSG, TrackersSG
from handlers.trackers.card_team import leave_window, on_audit, on_members
from handlers.trackers.secrets import secret_windows
from handlers.trackers.team import tell
from handlers.trackers.timezone import timezone_picker, zone_choices
from handlers.trackers.validation import clean_name
from handlers.ui import (
    ErrorLine,
    T,
    add_notice,
    app_of,
    clear_error,
    dialog_tracker,
    fallback_input,
    i18n_of,
    keitaro_error_key,
    refused,
    set_error,
    toast,
    user_id_of,
)
from keitaro import errors as kerr
from keitaro.masking import mask_secret
from keitaro.urls import InvalidUrlError, parse_postback_url
from services.access import Action
from storage import DuplicateTrackerName, Tracker
from storage.trackers import API_KEY, POSTBACK_URL

log = logging.getLogger(__name__)


async def on_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and "tracker_id" in start_data:
        manager.dialog_data["tracker_id"] = start_data["tracker_id"]
        if start_data.get("notice") == "added":
            add_notice(manager, "tracker-added")
            manager.dialog_data["just_added"] = True  # the card offers the next steps


# --- list --------------------------------------------------------------------------------------
async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    trackers = await app_of(dialog_manager).access.trackers(user_id_of(dialog_manager), Action.VIEW)
    active = next((t for t in trackers if t.is_active), None)
    i18n = i18n_of(dialog_manager)

    def label(t: Tracker) -> str:
        name = t.name
        if t.is_shared:
            name = i18n.get("tracker-item-shared", name=t.name, role=i18n.get(f"role-{t.role}"))
        return ("★ " if t.is_active else "") + name

    return {
        "items": [(label(t), str(t.id)) for t in trackers],
        "count": len(trackers),
        "active": active.name if active else "",
        "has_trackers": bool(trackers),
        "has_shared": any(t.is_shared for t in trackers),
        **_notice_args(dialog_manager),
    }


def _notice_args(manager: DialogManager) -> dict[str, Any]:
    lines = manager.dialog_data.pop("notice", None)
    if not lines:
        return {"notice": ""}
    i18n = i18n_of(manager)
    return {"notice": "\n".join(i18n.get(line["key"], **line["args"]) for line in lines) + "\n"}


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    manager.dialog_data["tracker_id"] = item_int(item_id)
    await manager.switch_to(TrackersSG.detail)


# --- detail ------------------------------------------------------------------------------------
async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """The card: everything for the owner; for a member their role, no secrets (not even masked)
    and none of the owner's buttons."""
    tracker = await dialog_tracker(dialog_manager, Action.VIEW)
    base = _notice_args(dialog_manager)
    if tracker is not None and tracker.is_shared:
        return {**base, **_member_card(dialog_manager, tracker)}
    if tracker is None:
        return {
            **base,
            "found": False,
            "owns": False,
            "shared": False,
            "is_active": False,
            "not_active": False,
            "has_postback": False,
            "read_only": False,
            "writable": False,
            "key_unreadable": False,
            "pb_unreadable": False,
            "just_added": False,
        }
    app = app_of(dialog_manager)
    postback = "—"
    unreadable = app.trackers.unreadable(tracker)  # SECRET_KEY changed: say so, offer to enter again
    if POSTBACK_URL in unreadable:
        postback = i18n_of(dialog_manager).get("tracker-secret-unreadable-mark")
    elif tracker.has_postback_url:
        url = app.trackers.postback_url(tracker) or ""
        try:
            postback = parse_postback_url(url).masked()
        except InvalidUrlError:
            postback = mask_secret(url)
    return {
        **base,
        "found": True,
        "owns": True,
        "shared": False,
        "name": tracker.name,
        "url": tracker.admin_url,
        "tz": tracker.timezone,
        "postback": postback,
        "is_active": tracker.is_active,
        "not_active": not tracker.is_active,
        "active_mark": "yes" if tracker.is_active else "no",
        "has_postback": tracker.has_postback_url,
        "read_only": tracker.read_only,
        "writable": not tracker.read_only,
        "key_unreadable": API_KEY in unreadable,
        "pb_unreadable": POSTBACK_URL in unreadable,
        "just_added": bool(dialog_manager.dialog_data.get("just_added")),
    }


def _member_card(manager: DialogManager, tracker: Tracker) -> dict[str, Any]:
    return {
        "found": False,  # the owner's lines and buttons stay hidden
        "owns": False,
        "shared": True,
        "name": tracker.name,
        "role": i18n_of(manager).get(f"role-{tracker.role}"),
        "active_mark": "yes" if tracker.is_active else "no",
        "is_active": tracker.is_active,
        "not_active": not tracker.is_active,
        "has_postback": False,
        "read_only": tracker.read_only,
        "writable": False,
        "key_unreadable": False,
        "pb_unreadable": False,
        "just_added": False,
    }


# --- next steps after adding: test a postback, basic alerts -------------------------------------
async def on_test_postback(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await dialog_tracker(manager, Action.POSTBACK_TEST)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    await manager.start(
        PostbackSG.tracker,
        data={"tracker_id": tracker.id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_basic_alerts(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n, owner = app_of(manager), i18n_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.ALERT_RULES)
    if tracker is None or not isinstance(query.message, Message):
        await toast(query, refused(i18n), alert=True)
        return
    chat = query.message.chat
    done = await enable_basic_alerts(app, tracker, owner, Chat(chat.id, chat.type, chat.title), i18n)
    await toast(query)
    await query.message.answer(await basic_alerts_text(app, i18n.get, tracker, owner, done))


async def on_make_active(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    tracker = await dialog_tracker(manager, Action.VIEW)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    await app_of(manager).trackers.set_active(user_id_of(manager), tracker.id)
    await app_of(manager).audit.record(user_id_of(manager), "tracker.activate", tracker_id=tracker.id)
    add_notice(manager, "tracker-activated", tracker=tracker.name)
    await toast(query)


async def on_read_only(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        return
    await app.trackers.set_read_only(owner, tracker.id, not tracker.read_only)
    await app.audit.record(owner, "tracker.read_only", tracker_id=tracker.id, read_only=not tracker.read_only)
    add_notice(manager, "tracker-ro-on" if not tracker.read_only else "tracker-ro-off", tracker=tracker.name)


async def on_test(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, i18n = app_of(manager), i18n_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await toast(query, refused(i18n), alert=True)
        return
    await toast(query, i18n.get("checking-toast"))
    try:
        check = await app.clients.for_tracker(tracker).check_connection()
    except kerr.KeitaroError as err:
        key, args = keitaro_error_key(err)
        add_notice(manager, "test-failed")
        add_notice(manager, key, tracker=tracker.name, **args)
        return
    add_notice(manager, "test-ok", tracker=tracker.name, count=check.campaigns, ms=round(check.elapsed_ms))


# --- rename ------------------------------------------------------------------------------------
async def on_rename(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await manager.switch_to(TrackersSG.list, show_mode=ShowMode.SEND)
        return
    try:
        name = clean_name(raw)
        if await app.trackers.name_taken(owner, name, except_id=tracker.id):
            raise InputError("name-err-taken", name=name)
        await app.trackers.rename(owner, tracker.id, name)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    except DuplicateTrackerName:
        set_error(manager, "name-err-taken", name=echo(raw.strip()))
        return
    clear_error(manager)
    await app.audit.record(owner, "tracker.rename", tracker_id=tracker.id, old=tracker.name, new=name)
    add_notice(manager, "tracker-renamed", old=tracker.name, tracker=name)
    await manager.switch_to(TrackersSG.detail, show_mode=ShowMode.SEND)


# --- time zone ---------------------------------------------------------------------------------
async def tz_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await dialog_tracker(dialog_manager, Action.ADMINISTER)
    current = tracker.timezone if tracker else "UTC"
    return {
        "zones": zone_choices(current, lambda z: ("● " if z == current else "") + z),
        "tz": current,
        "name": tracker.name if tracker else "",
    }


async def _set_tz(manager: DialogManager, zone: str) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is not None:
        await app.trackers.set_timezone(owner, tracker.id, zone)
        await app.audit.record(owner, "tracker.timezone", tracker_id=tracker.id, timezone=zone)
        add_notice(manager, "tracker-tz-set", tracker=tracker.name, tz=zone)
    await manager.switch_to(TrackersSG.detail)


# --- remove ------------------------------------------------------------------------------------
async def on_delete(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await dialog_tracker(manager, Action.ADMINISTER)
    if tracker is None:
        await toast(query, refused(i18n_of(manager)), alert=True)
        await manager.switch_to(TrackersSG.list)
        return
    members = await app.trackers.members_of(tracker.id)  # told below: the tracker is gone for them too
    active = await app.trackers.delete(owner, tracker.id)
    await app.clients.forget(tracker.id)
    await app.audit.record(owner, "tracker.remove", tracker_id=tracker.id, name=tracker.name)
    bot: Bot = manager.middleware_data["bot"]
    for member in members:
        await tell(app, bot, member, "tracker-removed-for-member", tracker=tracker.name)
    manager.dialog_data.pop("tracker_id", None)
    if active is not None and tracker.is_active:
        add_notice(manager, "tracker-removed-new-active", tracker=tracker.name, active=active.name)
    else:
        add_notice(manager, "tracker-removed", tracker=tracker.name)
    await toast(query)
    await manager.switch_to(TrackersSG.list)


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{notice}"),
            T("trackers-list", when="has_trackers"),
            T("trackers-list-shared", when="has_shared"),
            T("trackers-empty", when=lambda d, w, m: not d["has_trackers"]),
            ScrollingGroup(
                Select(
                    Format("{item[0]}"),
                    id="pick",
                    item_id_getter=lambda x: x[1],
                    items="items",
                    on_click=on_pick,
                ),
                id="trackers",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            Start(T("btn-add-tracker"), id="add", state=AddTrackerSG.url),
            Cancel(T("btn-close")),
            fallback_input(),
            state=TrackersSG.list,
            getter=list_getter,
        ),
        Window(
            Format("{notice}"),
            T("tracker-card", when="found"),
            T("tracker-card-shared", when="shared"),
            T("tracker-card-member", when="shared"),
            T("tracker-card-ro", when="read_only"),
            T("tracker-card-key-unreadable", when="key_unreadable"),
            T("tracker-card-pb-unreadable", when="pb_unreadable"),
            T("tracker-gone", when=lambda d, w, m: not d["found"] and not d["shared"]),
            Row(
                Button(T("btn-postback"), id="next_pb", on_click=on_test_postback),
                Button(T("btn-basic-alerts"), id="next_alerts", on_click=on_basic_alerts),
                when="just_added",
            ),
            Button(T("btn-make-active"), id="activate", on_click=on_make_active, when="not_active"),
            Button(T("btn-test"), id="test", on_click=on_test, when="found"),
            Row(
                SwitchTo(T("btn-rename"), id="rename", state=TrackersSG.rename, when="found"),
                SwitchTo(T("btn-timezone"), id="tz", state=TrackersSG.timezone, when="found"),
            ),
            Row(
                SwitchTo(T("btn-postback-url"), id="pb", state=TrackersSG.postback, when="found"),
                SwitchTo(T("btn-api-key"), id="key", state=TrackersSG.api_key, when="found"),
            ),
            Button(T("btn-read-only-on"), id="ro_on", on_click=on_read_only, when="writable"),
            Button(T("btn-read-only-off"), id="ro_off", on_click=on_read_only, when="read_only"),
            Row(
                Button(T("btn-members"), id="members", on_click=on_members, when="found"),
                Button(T("btn-audit"), id="audit", on_click=on_audit, when="found"),
            ),
            SwitchTo(T("btn-remove"), id="remove", state=TrackersSG.delete, when="found"),
            SwitchTo(T("btn-leave"), id="leave", state=TrackersSG.leave, when="shared"),
            SwitchTo(T("btn-back"), id="back", state=TrackersSG.list),
            fallback_input(),
            state=TrackersSG.detail,
            getter=detail_getter,
        ),
        Window(
            ErrorLine(),
            T("rename-ask"),
            TextInput(id="rename_text", on_success=on_rename),
            fallback_input(),
            SwitchTo(T("btn-back"), id="back", state=TrackersSG.detail),
            state=TrackersSG.rename,
            getter=detail_getter,
        ),
        Window(
            ErrorLine(),
            T("tz-ask"),
            *timezone_picker(_set_tz),
            fallback_input(),
            SwitchTo(T("btn-back"), id="back", state=TrackersSG.detail),
            state=TrackersSG.timezone,
            getter=tz_getter,
        ),
        Window(
            T("remove-confirm"),
            Row(
                Button(T("btn-remove-yes"), id="yes", on_click=on_delete),
                SwitchTo(T("btn-remove-no"), id="no", state=TrackersSG.detail),
            ),
            fallback_input(),
            state=TrackersSG.delete,
            getter=detail_getter,
        ),
        leave_window(detail_getter),
        *secret_windows(detail_getter),
        on_start=on_start,
    )
