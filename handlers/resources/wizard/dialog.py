"""The windows of a guided creation: a typed value, one pick, several picks, the summary, the list
of fields to change and (after a new campaign) "add the first flow now?". Every window re-asks the
access decision for WRITE; Cancel leaves without a request to the tracker."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Group, Row, ScrollingGroup, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.input import InputError
from handlers.resources.wizard import send
from handlers.resources.wizard.engine import (
    advance,
    all_answered,
    asked_steps,
    draft_of,
    go,
    new_draft,
    shown,
    step_of,
    take,
    values_of,
    wizard_of,
)
from handlers.resources.wizard.lists import cached, load
from handlers.resources.wizard.steps import PICK
from handlers.states import WizardSG
from handlers.ui import (
    ErrorLine,
    Html,
    T,
    app_of,
    dialog_tracker,
    fallback_input,
    i18n_of,
    keitaro_sentence,
    pick,
    refused,
    set_error,
    toast,
)
from keitaro import errors as kerr
from services.access import Action

PAGE = 8


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    parent = dict(data.get("parent") or {})
    manager.dialog_data.update(tracker_id=data.get("tracker_id"), parent=parent)
    values: dict[str, Any] = {}
    if data.get("wizard") == "streams":
        values = {"campaign_id": parent.get("campaign_id"), "campaign": parent.get("campaign")}
        values.update(await send.campaign_facts(manager, parent.get("campaign_id")))
    new_draft(manager, str(data.get("wizard") or "campaigns"), values)
    await advance(manager)


async def _head(manager: DialogManager) -> tuple[str, bool]:
    """The header line (tracker, and the campaign of a new flow); False if the person may not create."""
    i18n = i18n_of(manager)
    tracker = await dialog_tracker(manager, Action.WRITE)
    if tracker is None:
        return refused(i18n, "res-no-tracker"), False
    values = values_of(manager)
    campaign = values.get("campaign") or (f"#{values['campaign_id']}" if values.get("campaign_id") else "")
    head = i18n.get(f"wiz-head-{wizard_of(manager).key}", tracker=tracker.name, campaign=str(campaign))
    return head, True


async def _question(manager: DialogManager) -> dict[str, Any]:
    i18n, step = i18n_of(manager), step_of(manager)
    head, ok = await _head(manager)
    base = {"text": Html(head), "optional": False, "answered": False, "has_proposal": False, "use": ""}
    if step is None or not ok:
        return base
    key = wizard_of(manager).key
    asked = [s.name for s in asked_steps(manager)]
    lines = [
        head,
        i18n.get("wiz-step", n=asked.index(step.name) + 1 if step.name in asked else 1, total=len(asked)),
    ]
    picked_key = step.name.split("_")[0] + "s"
    names = draft_of(manager)["labels"].get(picked_key) or []
    lines.append(
        i18n.get(f"wiz-q-{key}-{step.name}", names="\n".join(f"{n}. {x}" for n, x in enumerate(names, 1)))
    )
    if step.hint:
        lines.append(i18n.get(f"wiz-q-{key}-{step.name}-hint"))
    if step.name in draft_of(manager)["done"]:
        lines.append(i18n.get("wiz-now", value=shown(i18n, manager, step)))
    proposal = step.proposal(values_of(manager))
    return {
        **base,
        "text": Html("\n".join(lines)),
        "optional": step.optional,
        "answered": all_answered(manager),
        "has_proposal": bool(proposal),
        "use": i18n.get("wiz-btn-use", value=proposal or ""),
    }


async def text_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await _question(dialog_manager)


async def _items(manager: DialogManager) -> tuple[list[tuple[str, str]], str]:
    """(label, id) of the step's choices, and why there are none (a sentence) when the list failed."""
    i18n, step = i18n_of(manager), step_of(manager)
    if step is None:
        return [], ""
    if step.choices:
        return [(i18n.get(f"wiz-v-{step.name}-{c}"), c) for c in step.choices], ""
    tracker = await dialog_tracker(manager, Action.WRITE)
    if tracker is None or step.source is None:
        return [], ""
    try:
        items = await load(manager, app_of(manager).clients.for_tracker(tracker), step.source)
    except kerr.KeitaroError as err:
        return [], keitaro_sentence(i18n, err, tracker.name)
    if step.kind == PICK:
        return [(f"{name} · #{item_id}", str(item_id)) for item_id, name in items], ""
    picked = set(manager.dialog_data.get("picked") or [])
    return [(("✅ " if str(i) in picked else "▫️ ") + f"{n} · #{i}", str(i)) for i, n in items], ""


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    question = await _question(dialog_manager)
    items, problem = await _items(dialog_manager)
    if problem or (not items and step_of(dialog_manager) is not None):
        extra = problem or i18n_of(dialog_manager).get("wiz-list-empty")
        question["text"] = Html(question["text"] + "\n\n" + extra)
    picked = dialog_manager.dialog_data.get("picked") or []
    return {**question, "items": items, "has_picked": bool(picked)}


async def on_text(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    step = step_of(manager)
    manager.show_mode = ShowMode.SEND
    if step is None or step.parse is None:
        await advance(manager, ShowMode.SEND)
        return
    try:
        value = step.parse(raw, values_of(manager))
    except InputError as err:
        set_error(manager, err.key, **err.args_)  # the question again, everything entered kept
        return
    await take(manager, step, value, show_mode=ShowMode.SEND)


async def on_use(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    step = step_of(manager)
    proposal = step.proposal(values_of(manager)) if step is not None else None
    if step is None or step.parse is None or not proposal:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    try:
        value = step.parse(proposal, values_of(manager))
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    await take(manager, step, value)


async def on_skip(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    step = step_of(manager)
    if step is None or not step.optional:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    await take(manager, step, None)


async def on_pick(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    step = step_of(manager)
    if step is None or step.kind != PICK:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    if step.choices:
        if item_id not in step.choices:
            await toast(query, i18n_of(manager).get("stale-button"), alert=True)
            return
        await take(manager, step, item_id)
        return
    found = next((x for x in cached(manager, step.source or "") if str(x[0]) == item_id), None)
    if found is None:  # a forged id or a list read before: only what the tracker listed
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    await take(manager, step, int(found[0]), label=f"{found[1]} · #{found[0]}")


async def on_toggle(query: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    step = step_of(manager)
    known = {str(x[0]) for x in cached(manager, (step.source if step else None) or "")}
    if step is None or item_id not in known:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    picked: list[str] = manager.dialog_data.setdefault("picked", [])
    if item_id in picked:
        picked.remove(item_id)
    else:
        picked.append(item_id)


async def on_multi_done(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    step = step_of(manager)
    names = {str(x[0]): str(x[1]) for x in cached(manager, (step.source if step else None) or "")}
    picked = [p for p in manager.dialog_data.get("picked") or [] if p in names]
    if step is None or not picked:
        await toast(query, i18n_of(manager).get("wiz-pick-one"), alert=True)
        return
    await take(manager, step, [int(p) for p in picked], label=[names[p] for p in picked])


async def on_to_summary(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await advance(manager)


async def on_cancel(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await toast(query, i18n_of(manager).get("wiz-cancelled"))
    await manager.done()


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    head, ok = await _head(dialog_manager)
    key = wizard_of(dialog_manager).key
    lines = [head, i18n.get(f"wiz-summary-{key}")]
    for step in asked_steps(dialog_manager):
        lines.append(
            i18n.get(
                "wiz-line",
                field=i18n.get(f"wiz-f-{key}-{step.name}"),
                value=shown(i18n, dialog_manager, step),
            )
        )
    return {"text": Html("\n".join(lines)), "ok": ok}


async def fields_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    key = wizard_of(dialog_manager).key
    return {
        "items": [(i18n.get(f"wiz-f-{key}-{s.name}"), s.name) for s in asked_steps(dialog_manager)],
    }


async def on_field(query: CallbackQuery, _w: Any, manager: DialogManager, name: str) -> None:
    if name not in {s.name for s in asked_steps(manager)}:
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)
        return
    await go(manager, name)


async def created_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    made = dialog_manager.dialog_data.get("made") or {}
    return {
        "text": i18n.get("wiz-campaign-made", name=str(made.get("name") or ""), id=int(made.get("id") or 0))
    }


async def on_first_flow(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    made = manager.dialog_data.get("made") or {}
    if not made.get("id") or await dialog_tracker(manager, Action.WRITE) is None:
        await toast(query, refused(i18n_of(manager), "stale-button"), alert=True)
        return
    parent = {"campaign_id": int(made["id"]), "campaign": str(made.get("name") or "")}
    manager.dialog_data["parent"] = parent
    new_draft(manager, "streams", {**parent, "campaign_type": made.get("type")})
    await advance(manager)


async def on_open_made(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    made = manager.dialog_data.get("made") or {}
    await send.open_card(manager, "campaigns", int(made.get("id") or 0), {}, str(made.get("name") or ""))


def _nav() -> Row:
    return Row(
        Button(T("btn-skip"), id="skip", on_click=on_skip, when="optional"),
        Button(T("wiz-btn-summary"), id="to_summary", on_click=on_to_summary, when="answered"),
        Button(T("btn-cancel"), id="cancel", on_click=on_cancel),
    )


def build_dialog() -> Dialog:
    return Dialog(
        Window(
            ErrorLine(),
            Format("{text}"),
            TextInput(id="wiz_text", on_success=on_text),
            Button(Format("{use}"), id="use", on_click=on_use, when="has_proposal"),
            _nav(),
            fallback_input(),
            state=WizardSG.text,
            getter=text_getter,
        ),
        Window(
            ErrorLine(),
            Format("{text}"),
            ScrollingGroup(
                pick("one", "items", on_pick), id="ones", width=1, height=PAGE, hide_on_single_page=True
            ),
            _nav(),
            fallback_input(),
            state=WizardSG.pick,
            getter=pick_getter,
        ),
        Window(
            ErrorLine(),
            Format("{text}"),
            ScrollingGroup(
                pick("many", "items", on_toggle), id="manys", width=1, height=PAGE, hide_on_single_page=True
            ),
            Button(T("wiz-btn-next"), id="next", on_click=on_multi_done, when="has_picked"),
            _nav(),
            fallback_input(),
            state=WizardSG.multi,
            getter=pick_getter,
        ),
        Window(
            ErrorLine(),
            Format("{text}"),
            Row(
                Button(T("wiz-btn-create"), id="create", on_click=send.on_create, when="ok"),
                SwitchTo(T("wiz-btn-change"), id="change", state=WizardSG.fields),
            ),
            Button(T("btn-cancel"), id="cancel", on_click=on_cancel),
            fallback_input(),
            state=WizardSG.summary,
            getter=summary_getter,
        ),
        Window(
            T("wiz-change-ask"),
            Group(pick("field", "items", on_field), width=2),
            SwitchTo(T("wiz-btn-summary"), id="back", state=WizardSG.summary),
            fallback_input(),
            state=WizardSG.fields,
            getter=fields_getter,
        ),
        Window(
            Format("{text}"),
            Button(T("wiz-btn-first-flow"), id="first_flow", on_click=on_first_flow),
            Button(T("wiz-btn-open-campaign"), id="open_made", on_click=on_open_made),
            fallback_input(),
            state=WizardSG.created,
            getter=created_getter,
        ),
        on_start=on_start,
    )
