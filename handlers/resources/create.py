"""Creating a resource from the bot (advanced: the fields as a JSON object, or the declaration's own
parser), after a confirmation that shows every field; audited like every write."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Column, SwitchTo

from handlers.input import InputError
from handlers.resources.current import browser_tracker, spec_of
from handlers.resources.names import shown
from handlers.resources.parsers import json_object
from handlers.resources.spec import ResourceSpec
from handlers.resources.wizard import WIZARDS
from handlers.resources.writes import explain_failure, writable, write_context
from handlers.states import ResourcesSG, WizardSG
from handlers.ui import (
    T,
    add_notice,
    app_of,
    clear_error,
    esc,
    i18n_of,
    set_error,
    toast,
    user_id_of,
)
from keitaro import errors as kerr
from services.access import Action


def can_create(spec: ResourceSpec) -> bool:
    return spec.create is not None


async def on_create_value(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    spec = (await write_context(manager, "create"))[0]
    try:
        body = (spec.create_parse or json_object)(raw)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    parent = manager.dialog_data.get("parent") or {}
    if "campaign_id" in parent and spec.key == "streams":  # a flow goes into the campaign shown
        body.setdefault("campaign_id", parent["campaign_id"])
    manager.dialog_data["create"] = body
    clear_error(manager)
    await manager.switch_to(ResourcesSG.create_confirm, show_mode=ShowMode.SEND)


async def create_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    spec, tracker, _client = await write_context(dialog_manager, "create")
    body = dialog_manager.dialog_data.get("create") or {}
    lines = [f"<code>{esc(k)}</code>: <b>{esc(shown(v))}</b>" for k, v in body.items()]
    return {
        "tracker": tracker.name if tracker else "",
        "title": i18n.get("res-" + spec.key),
        "fields": "\n".join(lines),
        "read_only": bool(tracker and tracker.read_only),
        "ask": i18n.get(
            spec.create_ask, title=i18n.get("res-" + spec.key), tracker=tracker.name if tracker else ""
        ),
    }


async def on_create(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    spec, tracker, client = await write_context(manager, "create")
    body = manager.dialog_data.get("create")
    if tracker is None or client is None or not body or not can_create(spec):
        await toast(query, i18n.get("stale-button"), alert=True)
        return
    if tracker.read_only:
        await toast(query, i18n.get("res-read-only", tracker=tracker.name), alert=True)
        return
    owner = user_id_of(manager)
    try:
        assert spec.create is not None
        created = await spec.create(client, manager.dialog_data.get("parent") or {}, body)
    except kerr.KeitaroError as err:
        await app_of(manager).audit.record(
            owner,
            f"{spec.key}.create",
            tracker_id=tracker.id,
            resource=spec.key,
            after=body,
            result=f"error:{err.code}",
        )
        explain_failure(manager, err, tracker)
        await manager.switch_to(ResourcesSG.list)
        return
    item = created[0] if isinstance(created, list) else created
    await app_of(manager).audit.record(
        owner,
        f"{spec.key}.create",
        tracker_id=tracker.id,
        resource=spec.key,
        id=item.id,
        after=body,
        result="ok",
    )
    manager.dialog_data.pop("create", None)
    manager.dialog_data.pop("loaded", None)
    manager.dialog_data["item_id"] = item.id
    add_notice(manager, "res-created", name=spec.label(item))
    await manager.switch_to(ResourcesSG.detail)


def guided(spec: ResourceSpec) -> bool:
    """Campaigns, flows and offers are made step by step; JSON stays the escape hatch for all."""
    return spec.key in WIZARDS


async def on_new(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """➕ New campaign/flow/offer: the guided creation, if the person may create (asked now: a
    forged press or a role lowered since the list was drawn is refused, saying why)."""
    i18n, spec = i18n_of(manager), spec_of(manager)
    tracker = await writable(query, manager, await browser_tracker(manager, Action.WRITE), "res-no-tracker")
    if tracker is None:
        return
    if not guided(spec):
        await toast(query, i18n.get("stale-button"), alert=True)
        return
    parent = manager.dialog_data.get("parent") or {}
    await manager.start(
        WizardSG.summary, data={"wizard": spec.key, "tracker_id": tracker.id, "parent": parent}
    )


def list_buttons() -> Column:
    """The list's create buttons: ➕ New <resource> (guided) where there is one, and ➕ Create (JSON)."""

    def new(key: str) -> Button:
        return Button(
            T(f"wiz-btn-new-{key}"),
            id=f"new_{key}",
            on_click=on_new,
            when=lambda d, w, m: bool(d.get("can_create")) and m.dialog_data.get("res") == key,
        )

    return Column(
        *(new(key) for key in WIZARDS),
        SwitchTo(T("btn-res-create"), id="create", state=ResourcesSG.create_ask, when="can_create"),
    )
