"""/botlist: the tracker's bot list (IPs and ranges treated as bots): view, add, remove — each
with a confirmation card and a 10-minute undo (adding is undone by removing, and back)."""

from __future__ import annotations

import ipaddress
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.input import InputError, echo
from handlers.resources.actions import undo_expired
from handlers.states import BotlistSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    add_notice,
    app_of,
    clear_error,
    esc,
    fallback_input,
    i18n_of,
    keitaro_error_key,
    keitaro_sentence,
    refused,
    set_error,
    toast,
    user_id_of,
)
from keitaro import errors as kerr
from keitaro.models.botlist import BotListRequest
from services.access import Action, allows
from storage import Tracker

SHOWN = 40
MAX_ENTRIES = 500


def parse_entry(text: str) -> str:
    """One IP, CIDR network, ``a-b`` range or trailing ``*`` wildcard (IPv4), normalised."""
    entry = text.strip()
    try:
        if "-" in entry:
            first, last = (ipaddress.ip_address(x.strip()) for x in entry.split("-", 1))
            if first.version != last.version or int(first) > int(last):
                raise ValueError(entry)
            return f"{first}-{last}"
        if entry.endswith("*"):
            head = entry.rstrip("*").rstrip(".")
            parts = head.split(".") if head else []
            if len(parts) > 3 or not all(p.isdecimal() and int(p) < 256 for p in parts):
                raise ValueError(entry)
            return entry
        if "/" in entry:
            return str(ipaddress.ip_network(entry, strict=False))
        return str(ipaddress.ip_address(entry))
    except ValueError:
        raise InputError("bl-err-entry", entry=echo(entry)) from None


def parse_entries(raw: str) -> list[str]:
    items = [x for x in raw.replace(",", " ").split() if x]
    if not items:
        raise InputError("bl-err-empty")
    if len(items) > MAX_ENTRIES:
        raise InputError("bl-err-many", max=MAX_ENTRIES)
    return list(dict.fromkeys(parse_entry(x) for x in items))


async def _tracker(manager: DialogManager, action: Action = Action.VIEW) -> Tracker | None:
    return await app_of(manager).access.active(user_id_of(manager), action)


def _notices(manager: DialogManager) -> str:
    lines = manager.dialog_data.pop("notice", None) or []
    i18n = i18n_of(manager)
    return "".join(i18n.get(x["key"], **x["args"]) + "\n" for x in lines)


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    tracker = await _tracker(dialog_manager)
    base = {
        "tracker": tracker.name if tracker else "",
        "notice": Html(_notices(dialog_manager)),
        "lines": "",
        "count": 0,
        "writable": False,
        "can_undo": False,
    }
    if tracker is None:
        return {**base, "lines": Html(i18n.get("res-no-tracker"))}
    try:
        entries = (await app_of(dialog_manager).clients.for_tracker(tracker).botlist.list()).entries
    except kerr.KeitaroError as err:
        return {**base, "lines": keitaro_sentence(i18n, err, tracker.name)}
    shown = "\n".join(entries[:SHOWN]) + (f"\n… +{len(entries) - SHOWN}" if len(entries) > SHOWN else "")
    undo = dialog_manager.dialog_data.get("undo")
    return {
        **base,
        "count": len(entries),
        "lines": Html(f"<pre>{esc(shown)}</pre>" if entries else ""),
        "writable": not tracker.read_only and allows(tracker.role, Action.WRITE),
        "can_undo": isinstance(undo, dict)
        and not undo_expired(undo["at"], app_of(dialog_manager).clock().timestamp()),
    }


async def on_entries(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    try:
        manager.dialog_data["entries"] = parse_entries(raw)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    await manager.switch_to(BotlistSG.confirm, show_mode=ShowMode.SEND)


def _mode_setter(mode: str) -> Any:
    async def choose(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        manager.dialog_data["mode"] = mode

    return choose


async def ask_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    tracker = await _tracker(dialog_manager)
    entries = dialog_manager.dialog_data.get("entries") or []
    return {
        "tracker": tracker.name if tracker else "",
        "mode": dialog_manager.dialog_data.get("mode", "add"),
        "entries": Html(f"<pre>{esc(chr(10).join(entries))}</pre>"),
        "n": len(entries),
    }


async def _apply(manager: DialogManager, mode: str, entries: list[str]) -> bool:
    app, owner = app_of(manager), user_id_of(manager)
    tracker = await _tracker(manager, Action.WRITE)
    if tracker is None or tracker.read_only:
        return False
    botlist = app.clients.for_tracker(tracker).botlist
    op = botlist.add if mode == "add" else botlist.exclude
    try:
        await op(json=BotListRequest.of(entries))
    except kerr.KeitaroError as err:
        key, args = keitaro_error_key(err)
        add_notice(manager, key, tracker=tracker.name, **args)
        await app.audit.record(
            owner, f"botlist.{mode}", tracker_id=tracker.id, entries=entries, result=f"error:{err.code}"
        )
        return False
    await app.audit.record(owner, f"botlist.{mode}", tracker_id=tracker.id, entries=entries, result="ok")
    return True


async def on_confirm(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    mode = manager.dialog_data.get("mode", "add")
    entries = manager.dialog_data.pop("entries", None) or []
    if await _tracker(manager, Action.WRITE) is None:  # a role that changes nothing is told so
        await toast(query, refused(i18n_of(manager), "stale-button"), alert=True)
        await manager.switch_to(BotlistSG.view)
        return
    if entries and await _apply(manager, mode, entries):
        at = app_of(manager).clock().timestamp()
        manager.dialog_data["undo"] = {"mode": mode, "entries": entries, "at": at}
        add_notice(manager, f"bl-done-{mode}", n=len(entries))
    await manager.switch_to(BotlistSG.view)


async def on_undo(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    undo = manager.dialog_data.get("undo")
    if not undo or undo_expired(undo["at"], app_of(manager).clock().timestamp()):
        manager.dialog_data.pop("undo", None)
        await toast(query, i18n_of(manager).get("res-undo-expired"), alert=True)
        return
    inverse = "remove" if undo["mode"] == "add" else "add"
    if await _apply(manager, inverse, undo["entries"]):
        manager.dialog_data.pop("undo", None)
        add_notice(manager, "bl-undone", n=len(undo["entries"]))


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{notice}"),
            T("bl-head"),
            Format("{lines}"),
            Row(
                SwitchTo(
                    T("btn-bl-add"),
                    id="add",
                    state=BotlistSG.ask,
                    on_click=_mode_setter("add"),
                    when="writable",
                ),
                SwitchTo(
                    T("btn-bl-remove"),
                    id="remove",
                    state=BotlistSG.ask,
                    on_click=_mode_setter("remove"),
                    when="writable",
                ),
            ),
            Button(T("btn-res-undo"), id="undo", on_click=on_undo, when="can_undo"),
            Cancel(T("btn-close")),
            fallback_input(),
            state=BotlistSG.view,
            getter=view_getter,
        ),
        Window(
            ErrorLine(),
            T("bl-ask"),
            TextInput(id="entries", on_success=on_entries),
            fallback_input(),
            SwitchTo(T("btn-cancel"), id="cancel", state=BotlistSG.view),
            state=BotlistSG.ask,
            getter=ask_getter,
        ),
        Window(
            T("bl-confirm"),
            Format("{entries}"),
            Row(
                Button(T("btn-res-confirm"), id="confirm", on_click=on_confirm),
                SwitchTo(T("btn-cancel"), id="cancel", state=BotlistSG.view),
            ),
            fallback_input(),
            state=BotlistSG.confirm,
            getter=ask_getter,
        ),
    )
