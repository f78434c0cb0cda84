"""Sending the draft: the access decision asked again (WRITE; a scoped buyer's client refuses a
campaign outside their scope), the request, the audit in the person's name, and the answer — the
created object's card (through the resource browser), or the tracker's per-field refusal (406, or
422 from newer trackers) shown at the step that caused it with everything entered kept."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, StartMode

from handlers.resources.wizard.engine import draft_of, go, values_of, wizard_of
from handlers.resources.writes import writable
from handlers.states import ResourcesSG, WizardSG
from handlers.ui import (
    add_notice,
    app_of,
    dialog_tracker,
    i18n_of,
    keitaro_error_key,
    set_error,
    toast,
    user_id_of,
)
from keitaro import errors as kerr
from services.access import Action

log = logging.getLogger(__name__)


async def campaign_facts(manager: DialogManager, campaign_id: Any) -> dict[str, Any]:
    """The name and rotation type of the campaign a new flow goes into (weight or position)."""
    tracker = await dialog_tracker(manager, Action.WRITE)
    if tracker is None or campaign_id is None:
        return {}
    try:
        campaign = await app_of(manager).clients.for_tracker(tracker).campaigns.get(int(campaign_id))
    except kerr.KeitaroError:
        log.info("wizard: campaign %s not readable", campaign_id, exc_info=True)
        return {}
    kind = getattr(campaign.type, "value", campaign.type)
    return {"campaign": campaign.name, "campaign_type": str(kind or "position")}


async def open_card(
    manager: DialogManager, key: str, item_id: int, parent: dict[str, Any], name: str
) -> None:
    """The created object's card in the resource browser (its id, the usual actions)."""
    tracker_id = manager.dialog_data.get("tracker_id")
    await manager.start(
        ResourcesSG.list,
        data={"res": key, "parent": parent, "tracker_id": tracker_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.NO_UPDATE,
    )
    manager.dialog_data["item_id"] = item_id
    add_notice(manager, "res-created", name=name)
    await manager.switch_to(ResourcesSG.detail, show_mode=ShowMode.EDIT)
    await manager.show()


async def on_create(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    i18n, app = i18n_of(manager), app_of(manager)
    wizard = wizard_of(manager)
    tracker = await writable(query, manager, await dialog_tracker(manager, Action.WRITE), "res-no-tracker")
    if tracker is None:
        return
    try:
        body = wizard.body(values_of(manager))
    except (KeyError, TypeError, ValueError):  # a step not answered (a stale screen)
        await toast(query, i18n.get("stale-button"), alert=True)
        return
    user = user_id_of(manager)
    audit: dict[str, Any] = {"resource": wizard.key, "after": body, "guided": True}
    try:
        created = await getattr(app.clients.for_tracker(tracker), wizard.key).create(json=body)
    except kerr.ValidationError as err:
        await app.audit.record(
            user, f"{wizard.key}.create", tracker_id=tracker.id, **audit, result=f"error:{err.code}"
        )
        await _at_step(manager, err, tracker.name)
        return
    except kerr.KeitaroError as err:
        await app.audit.record(
            user, f"{wizard.key}.create", tracker_id=tracker.id, **audit, result=f"error:{err.code}"
        )
        key, args = keitaro_error_key(err)
        if err.code == "scope" and wizard.key == "campaigns":  # services.scope: outside the buyer's scope
            key = "wiz-err-scope"
        set_error(manager, key, tracker=tracker.name, **args)
        manager.show_mode = ShowMode.EDIT
        return
    item = created[0] if isinstance(created, list) else created
    await app.audit.record(
        user, f"{wizard.key}.create", tracker_id=tracker.id, **audit, id=item.id, result="ok"
    )
    await toast(query, i18n.get("wiz-created-toast"))
    name = str(getattr(item, "name", "") or f"#{item.id}")
    if wizard.key == "campaigns":
        kind = getattr(item.type, "value", item.type)
        manager.dialog_data["made"] = {"id": item.id, "name": name, "type": str(kind or body.get("type"))}
        await manager.switch_to(WizardSG.created)
        return
    parent = dict(manager.dialog_data.get("parent") or {}) if wizard.key == "streams" else {}
    await open_card(manager, wizard.key, int(item.id), parent, name)


async def _at_step(manager: DialogManager, err: kerr.ValidationError, tracker: str) -> None:
    """The tracker's messages at the first step whose field it named (the summary if none)."""
    wizard, i18n = wizard_of(manager), i18n_of(manager)
    steps = [wizard.step_of_field(field) for field in err.fields]
    lines = [
        f"{i18n.get(f'wiz-f-{wizard.key}-{s.name}') if s else field}: {'; '.join(messages)}"
        for s, (field, messages) in zip(steps, err.fields.items(), strict=True)
    ]
    step = next((s for s in wizard.steps if s in steps), None)
    set_error(manager, "wiz-err-tracker", tracker=tracker, problems="\n".join(lines) or str(err.message))
    if step is None:
        manager.show_mode = ShowMode.EDIT
        return
    draft = draft_of(manager)
    draft["done"] = [d for d in draft["done"] if d != step.name] + [step.name]
    await go(manager, step.name, keep_error=True, show_mode=ShowMode.EDIT)
