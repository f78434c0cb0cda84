"""One generic browser for every Keitaro resource: a list (pages of 10, filter by state, search by
name or id), a card with the important fields, and links to related resources.

Everything is read from the user's active tracker, named in every header. The list is fetched
once per filter and kept (ids, labels, states only) in the dialog data, so paging and searching
do not call the tracker again; "Refresh" does.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, ScrollingGroup, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.input import item_int
from handlers.resources import create, writes
from handlers.resources.current import browser_tracker, spec_of
from handlers.resources.declarations import RESOURCES
from handlers.resources.names import Names
from handlers.resources.writes import undo_available
from handlers.states import ResourcesSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    app_of,
    esc,
    fallback_input,
    i18n_of,
    keitaro_sentence,
    toast,
)
from keitaro import errors as kerr
from services.access import allows
from storage import Tracker

log = logging.getLogger(__name__)

PAGE_SIZE = 10
SEARCH_MAX = 60


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    spec = RESOURCES[data["res"]]
    manager.dialog_data.update(res=spec.key, parent=data.get("parent") or {}, filter=spec.default_filter)
    if data.get("tracker_id") is not None:
        manager.dialog_data["tracker_id"] = data["tracker_id"]
    tracker = await browser_tracker(manager)
    if tracker is not None:
        manager.dialog_data["tracker_id"] = tracker.id


async def _load(manager: DialogManager, tracker: Tracker) -> None:
    spec = spec_of(manager)
    flt = manager.dialog_data["filter"]
    items = await spec.fetch(app_of(manager).clients.for_tracker(tracker), manager.dialog_data["parent"], flt)
    manager.dialog_data["items"] = [
        {"id": item.id, "label": spec.label(item), "state": spec.filter_of(item)}
        for item in items
        if spec.matches(item, flt)
    ]
    manager.dialog_data["loaded"] = flt


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, data = i18n_of(dialog_manager), dialog_manager.dialog_data
    spec = spec_of(dialog_manager)
    tracker = await browser_tracker(dialog_manager)
    base = {
        "title": i18n.get("res-" + spec.key),
        "tracker": tracker.name if tracker else "",
        "filters": [],
        "items": [],
        "has_items": False,
        "problem": "",
        "query": data.get("query") or "",
        "searching": bool(data.get("query")),
        "count": 0,
        "parent": "",
        "can_create": False,
        "notice": _notices(dialog_manager),
    }
    if tracker is None:
        return {**base, "problem": Html(i18n.get("res-no-tracker"))}
    if data.get("loaded") != data["filter"]:
        try:
            await _load(dialog_manager, tracker)
        except kerr.KeitaroError as err:
            data.pop("loaded", None)
            return {**base, "problem": keitaro_sentence(i18n, err, tracker.name)}
    items = data.get("items", [])
    query = (data.get("query") or "").lower()
    if query.startswith("#"):  # "#12": by id
        items = [x for x in items if str(x["id"]) == query[1:]]
    elif query:
        items = [x for x in items if query in x["label"].lower() or query == str(x["id"])]
    marks = {"active": "🟢", "disabled": "⏸", "archived": "🗄"}
    return {
        **base,
        "count": len(items),
        "has_items": bool(items),
        "items": [(f"{marks.get(x['state'], '')} {x['label']}".strip(), str(x["id"])) for x in items],
        "filters": [
            (("● " if f == data["filter"] else "") + i18n.get("res-filter-" + f), f) for f in spec.filters
        ]
        if len(spec.filters) > 1
        else [],
        "parent": Html(" · " + esc(data["parent"]["campaign"])) if data["parent"].get("campaign") else "",
        "can_create": create.can_create(spec)
        and not tracker.read_only
        and allows(tracker.role, writes.needed("create")),
    }


async def on_filter(query: CallbackQuery, _w: Any, manager: DialogManager, flt: str) -> None:
    if flt in spec_of(manager).filters:
        manager.dialog_data["filter"] = flt
        await _reset_pages(manager)


async def _reset_pages(manager: DialogManager) -> None:
    scroll = manager.find("items")
    if scroll is not None:
        await scroll.set_page(0)


async def on_refresh(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("loaded", None)
    await toast(query, i18n_of(manager).get("res-refreshed"))


async def on_search(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    manager.dialog_data["query"] = " ".join(raw.split())[:SEARCH_MAX]
    await _reset_pages(manager)
    manager.show_mode = ShowMode.SEND


async def on_clear_search(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("query", None)
    await _reset_pages(manager)


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if spec_of(manager).get is None:
        await toast(query, i18n_of(manager).get("res-no-card"))
        return
    manager.dialog_data["item_id"] = item_int(item_id)
    await manager.switch_to(ResourcesSG.detail)


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n, data = i18n_of(dialog_manager), dialog_manager.dialog_data
    spec = spec_of(dialog_manager)
    tracker = await browser_tracker(dialog_manager)
    base = {
        "tracker": tracker.name if tracker else "",
        "links": [],
        "card": "",
        "actions": [],
        "notice": _notices(dialog_manager),
        "can_undo": undo_available(dialog_manager),
        "ro": "",
    }
    if tracker is None:
        return {**base, "card": Html(i18n.get("res-no-tracker"))}
    if spec.get is None:
        return {**base, "card": Html(i18n.get("res-no-card"))}
    try:
        item = await spec.get(
            app_of(dialog_manager).clients.for_tracker(tracker), int(data["item_id"]), data["parent"]
        )
    except kerr.KeitaroError as err:
        return {**base, "card": keitaro_sentence(i18n, err, tracker.name)}
    app = app_of(dialog_manager)
    client = app.clients.for_tracker(tracker)
    names = Names(client, i18n)  # names of referenced objects, fetched once for this card
    lines = [f"<b>{esc(spec.label(item))}</b> · #{item.id} · {i18n.get('res-state-' + spec.filter_of(item))}"]
    for f in spec.fields:
        value = f.value(item)
        if value not in (None, "", []):
            text = await names.show(f.label, value, ref=f.ref, words=f.words)
            lines.append(f"{i18n.get('res-f-' + f.label)}: {esc(text)}")
    data["links"] = {link.label: {"res": link.resource, "parent": link.parent(item)} for link in spec.links}
    if spec.card_extra is not None:
        try:
            extra = await spec.card_extra(client, item, tracker.timezone, app.clock(), names)
        except kerr.KeitaroError:
            log.info("card extras of %s unavailable", spec.key, exc_info=True)
            extra = []
        lines += [i18n.get(key, **args) for key, args in extra]  # the i18n core escapes text
    # a write the person's role does not allow is not offered (a press is still asked at its moment:
    # a role may be lowered after the card was drawn)
    actions = (
        []
        if tracker.read_only
        else [a for a in spec.actions if a.available(item) and allows(tracker.role, writes.needed(a.key))]
    )
    return {
        **base,
        "card": Html("\n".join(lines)),
        "links": [(i18n.get("res-link-" + link.label), link.label) for link in spec.links],
        "actions": [(i18n.get("res-act-" + a.key), a.key) for a in actions],
        "has_card": True,
        "ro": Html(i18n.get("res-read-only-card")) if tracker.read_only and spec.actions else "",
    }


def _notices(manager: DialogManager) -> Any:
    lines = manager.dialog_data.pop("notice", None)
    if not lines:
        return ""
    i18n = i18n_of(manager)
    return Html("\n".join(i18n.get(x["key"], **x["args"]) for x in lines) + "\n")


async def on_link(query: CallbackQuery, _w: Any, manager: DialogManager, label: str) -> None:
    target = (manager.dialog_data.get("links") or {}).get(label)
    if target is None:
        await toast(query)
        return
    await manager.start(
        ResourcesSG.list, data={**target, "tracker_id": manager.dialog_data.get("tracker_id")}
    )


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{notice}"),
            T("res-list-head"),
            Format("{problem}"),
            T("res-searching", when="searching"),
            T("res-empty", when=lambda d, w, m: not d["has_items"] and not d["problem"]),
            Row(
                Select(
                    Format("{item[0]}"),
                    id="flt",
                    item_id_getter=lambda x: x[1],
                    items="filters",
                    on_click=on_filter,
                )
            ),
            ScrollingGroup(
                Select(
                    Format("{item[0]}"),
                    id="pick",
                    item_id_getter=lambda x: x[1],
                    items="items",
                    on_click=on_pick,
                ),
                id="items",
                width=1,
                height=PAGE_SIZE,
                hide_on_single_page=True,
            ),
            TextInput(id="search", on_success=on_search),
            create.list_buttons(),
            Row(
                Button(T("btn-res-clear-search"), id="clear", on_click=on_clear_search, when="searching"),
                Button(T("btn-res-refresh"), id="refresh", on_click=on_refresh),
                Cancel(T("btn-close")),
            ),
            fallback_input(),
            state=ResourcesSG.list,
            getter=list_getter,
        ),
        Window(
            Format("{notice}"),
            T("res-card-head"),
            Format("{card}"),
            Format("{ro}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="act",
                    item_id_getter=lambda x: x[1],
                    items="actions",
                    on_click=writes.on_action,
                ),
                width=2,
            ),
            Button(T("btn-res-undo"), id="undo", on_click=writes.on_undo, when="can_undo"),
            SwitchTo(T("btn-res-json"), id="json", state=ResourcesSG.raw, when="has_card"),
            Row(
                Select(
                    Format("{item[0]}"),
                    id="link",
                    item_id_getter=lambda x: x[1],
                    items="links",
                    on_click=on_link,
                )
            ),
            SwitchTo(T("btn-back"), id="back", state=ResourcesSG.list),
            fallback_input(),
            state=ResourcesSG.detail,
            getter=detail_getter,
        ),
        Window(
            ErrorLine(),
            Format("{card}"),
            Format("{ask}"),
            TextInput(id="value", on_success=writes.on_value),
            fallback_input(),
            SwitchTo(T("btn-cancel"), id="cancel", state=ResourcesSG.detail),
            state=ResourcesSG.ask,
            getter=writes.confirm_getter,
        ),
        Window(
            ErrorLine(),
            Format("{card}"),
            Row(
                Button(
                    T("btn-res-confirm"),
                    id="confirm",
                    on_click=writes.on_confirm,
                    when=lambda d, w, m: not d["second"] and not d["typed"],
                ),
                Button(T("btn-res-confirm-last"), id="confirm2", on_click=writes.on_confirm, when="second"),
                SwitchTo(T("btn-cancel"), id="cancel", state=ResourcesSG.detail),
            ),
            TextInput(id="typed", on_success=writes.on_typed_confirm),
            fallback_input(),
            state=ResourcesSG.confirm,
            getter=writes.confirm_getter,
        ),
        Window(
            T("res-json-title"),
            Format("{json}"),
            SwitchTo(T("btn-back"), id="back", state=ResourcesSG.detail),
            fallback_input(),
            state=ResourcesSG.raw,
            getter=raw_getter,
        ),
        Window(
            ErrorLine(),
            Format("{ask}"),
            TextInput(id="create_json", on_success=create.on_create_value),
            fallback_input(),
            SwitchTo(T("btn-cancel"), id="cancel", state=ResourcesSG.list),
            state=ResourcesSG.create_ask,
            getter=create.create_getter,
        ),
        Window(
            T("res-create-confirm"),
            Format("{fields}"),
            Row(
                Button(T("btn-res-confirm"), id="confirm", on_click=create.on_create),
                SwitchTo(T("btn-cancel"), id="cancel", state=ResourcesSG.list),
            ),
            fallback_input(),
            state=ResourcesSG.create_confirm,
            getter=create.create_getter,
        ),
        on_start=on_start,
    )


JSON_LIMIT = 3500


async def raw_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """The operation envelope of the item's ``get`` (key masked), as the n8n node shows it."""
    spec = spec_of(dialog_manager)
    tracker = await browser_tracker(dialog_manager)
    if tracker is None:
        return {"tracker": "", "json": ""}
    api = getattr(app_of(dialog_manager).clients.for_tracker(tracker), spec.key, None)
    if api is None or "item_id" not in dialog_manager.dialog_data:
        # no raw operation of its own (an S2S postback lives in its campaign), or a forged "JSON" press
        return {"tracker": tracker.name, "json": i18n_of(dialog_manager).get("res-no-card")}
    envelope = await api.get.envelope(int(dialog_manager.dialog_data["item_id"]))
    text = envelope.to_json()
    if len(text) > JSON_LIMIT:
        text = text[:JSON_LIMIT] + "\n…"
    return {"tracker": tracker.name, "json": Html(f"<pre>{esc(text)}</pre>")}


async def open_resource(manager: DialogManager, key: str, parent: dict[str, Any] | None = None) -> None:
    await manager.start(
        ResourcesSG.list,
        data={"res": key, "parent": parent or {}},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


__all__ = ["build_dialog", "open_resource"]
