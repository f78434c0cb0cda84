"""Running a declared action safely: value → confirmation card (before → after, live traffic,
last-flow guard) → the change → Undo for ten minutes. Every write goes to the audit log."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode

from handlers.alerts.timeline_keys import card_write
from handlers.input import InputError, echo
from handlers.numbers import money
from handlers.resources.actions import is_last_active_flow, traffic_last_24h, undo_expired
from handlers.resources.current import browser_tracker, spec_of
from handlers.resources.names import Names, shown
from handlers.resources.spec import ResourceSpec, state_of
from handlers.states import ResourcesSG
from handlers.ui import (
    add_notice,
    app_of,
    clear_error,
    esc,
    i18n_of,
    keitaro_error_key,
    keitaro_sentence,
    refused,
    set_error,
    toast,
    user_id_of,
)
from keitaro import KeitaroClient
from keitaro import errors as kerr
from services.access import Action
from storage import Tracker

log = logging.getLogger(__name__)


TOGGLES = frozenset({"enable", "disable"})  # switching a campaign or flow on and off (Action.TOGGLE)
CARD_CHANGES = 12  # lines of before → after on a confirmation card (a raw JSON edit may change hundreds)


def needed(key: str | None) -> Action:
    """What the person must be allowed to do for the write ``key`` (any other change: WRITE)."""
    return Action.TOGGLE if key in TOGGLES else Action.WRITE


async def write_context(
    manager: DialogManager, key: str | None = None
) -> tuple[ResourceSpec, Tracker | None, KeitaroClient | None]:
    """The resource, and the tracker and its client if the person may make the write ``key``
    (the current one in ``dialog_data["act"]`` when not given)."""
    if key is None:
        key = (manager.dialog_data.get("act") or {}).get("key")
    spec, tracker = spec_of(manager), await browser_tracker(manager, needed(key))
    client = app_of(manager).clients.for_tracker(tracker) if tracker is not None else None
    return spec, tracker, client


def explain_failure(manager: DialogManager, err: kerr.KeitaroError, tracker: Tracker) -> None:
    key, args = keitaro_error_key(err)
    add_notice(manager, key, tracker=tracker.name, **args)
    if isinstance(err, kerr.ValidationError):
        for name, messages in err.fields.items():
            add_notice(manager, "res-field-error", field=name, message="; ".join(messages))


async def writable(
    query: CallbackQuery, manager: DialogManager, tracker: Tracker | None, fallback: str = "stale-button"
) -> Tracker | None:
    """The tracker a write press may go on with; else ``None``, the press answered with why: the
    person may not (their role, or the tracker is no longer theirs: ``fallback``) or it is read-only."""
    i18n = i18n_of(manager)
    if tracker is None:
        await toast(query, refused(i18n, fallback), alert=True)
        return None
    if tracker.read_only:
        await toast(query, i18n.get("res-read-only", tracker=tracker.name), alert=True)
        return None
    return tracker


async def on_action(query: CallbackQuery, _w: Any, manager: DialogManager, key: str) -> None:
    i18n = i18n_of(manager)
    spec, tracker, client = await write_context(manager, key)
    action = spec.action(key)
    # a role that cannot make it is told so
    tracker = await writable(query, manager, None if client is None or action is None else tracker)
    if tracker is None or client is None or action is None:
        return
    try:
        item = (
            await spec.get(client, int(manager.dialog_data["item_id"]), manager.dialog_data["parent"])
            if spec.get
            else None
        )
    except kerr.KeitaroError as err:
        explain_failure(manager, err, tracker)
        return
    if item is None or not action.available(item):
        await toast(query, i18n.get("res-stale"), alert=True)  # the object changed since the card was shown
        return
    act: dict[str, Any] = {"key": key, "state": state_of(item)}
    try:
        if action.stops_traffic and spec.traffic_field and state_of(item) == "active":
            act["traffic"] = await traffic_last_24h(
                client,
                field=spec.traffic_field,
                item_id=item.id,
                timezone=tracker.timezone,
                now=app_of(manager).clock(),
            )
        if action.guard_last_flow:
            act["last_flow"] = await is_last_active_flow(client, item)
    except kerr.KeitaroError:
        log.info("could not read traffic before %s", key, exc_info=True)
    manager.dialog_data["act"] = act
    clear_error(manager)
    await manager.switch_to(ResourcesSG.ask if action.ask else ResourcesSG.confirm)


async def on_value(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    spec = (await write_context(manager))[0]
    act = manager.dialog_data.get("act") or {}
    action = spec.action(act.get("key", ""))
    if action is None or action.parse is None:
        await manager.switch_to(ResourcesSG.detail, show_mode=ShowMode.SEND)
        return
    try:
        act["value"] = action.parse(raw)
    except InputError as err:
        set_error(manager, err.key, **err.args_)
        return
    clear_error(manager)
    await manager.switch_to(ResourcesSG.confirm, show_mode=ShowMode.SEND)


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    spec, tracker, client = await write_context(dialog_manager)
    act = dialog_manager.dialog_data.get("act") or {}
    action = spec.action(act.get("key", ""))
    base = {
        "typed": bool(action and action.typed_confirm),
        "tracker": tracker.name if tracker else "",
        "card": "",
        "ask": "",
        "second": bool(act.get("second")),
    }
    if action is None or client is None or spec.get is None:
        return {**base, "card": i18n.get("res-stale")}
    try:
        item = await spec.get(
            client, int(dialog_manager.dialog_data["item_id"]), dialog_manager.dialog_data["parent"]
        )
    except kerr.KeitaroError as err:
        return {**base, "card": keitaro_sentence(i18n, err, tracker.name if tracker else "")}
    lines = [
        i18n.get(
            "res-confirm-head",
            action=i18n.get("res-act-" + action.key),
            name=spec.label(item),
            tracker=base["tracker"],
        )
    ]
    asking = action.ask is not None and "value" not in act
    changes = [] if asking else action.changes(item, act.get("value"))
    names = Names(client, i18n)  # names of referenced objects, fetched once for this card
    for field, before, after in changes[:CARD_CHANGES]:
        if field.startswith("raw:"):
            label, old, new = f"<code>{esc(echo(field[4:], 40))}</code>", shown(before), shown(after)
        else:
            label = i18n.get("res-f-" + field)
            old = await names.show(field, before, ref=action.ref, words=action.words)
            new = await names.show(field, after, ref=action.ref, words=action.words)
        lines.append(f"{label}: {esc(echo(old, 100))} → <b>{esc(echo(new, 100))}</b>")
    if len(changes) > CARD_CHANGES:
        lines.append(f"… (+{len(changes) - CARD_CHANGES})")
    traffic = act.get("traffic")
    if traffic and (traffic["clicks"] or traffic["conversions"]):
        lines.append(
            i18n.get(
                "res-traffic-warning",
                clicks=int(traffic["clicks"]),
                conversions=int(traffic["conversions"]),
                cost=money(traffic["cost"], None, str(i18n.locale)),
            )
        )
    if action.undo is None:
        lines.append(i18n.get("res-no-undo"))
    if act.get("second"):
        lines.append(i18n.get("res-last-flow"))
    if action.typed_confirm:
        lines.append(i18n.get("res-type-name", name=spec.label(item)))
    hint = ", ".join(
        sorted(n for n in type(item).model_fields if n not in ("id", "created_at", "updated_at"))
    )
    return {**base, "card": "\n".join(lines), "ask": i18n.get(action.ask, fields=hint) if action.ask else ""}


async def on_confirm(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    act = manager.dialog_data.get("act") or {}
    if act.get("last_flow") and not act.get("second"):
        act["second"] = True  # a second, explicit confirmation for the last active flow
        return
    spec = (await write_context(manager))[0]
    action = spec.action(act.get("key", ""))
    if action is not None and action.typed_confirm:
        await toast(query, i18n_of(manager).get("res-type-name-toast"), alert=True)
        return
    if not await _execute(manager):
        await toast(query, i18n_of(manager).get("stale-button"), alert=True)


async def on_typed_confirm(message: Message, _w: Any, manager: DialogManager, raw: str) -> None:
    """The name typed to confirm a change that cannot be undone."""
    act = manager.dialog_data.get("act") or {}
    spec, tracker, client = await write_context(manager)
    action = spec.action(act.get("key", ""))
    manager.show_mode = ShowMode.SEND
    if action is None or not action.typed_confirm or client is None or spec.get is None:
        await message.answer(i18n_of(manager).get("input-use-buttons"))
        return
    try:
        item = await spec.get(client, int(manager.dialog_data["item_id"]), manager.dialog_data["parent"])
    except kerr.KeitaroError as err:
        assert tracker is not None
        explain_failure(manager, err, tracker)
        await manager.switch_to(ResourcesSG.detail)
        return
    if raw.strip() != spec.label(item):
        set_error(manager, "res-err-typed", name=spec.label(item))
        return
    clear_error(manager)
    await _execute(manager)


async def _execute(manager: DialogManager) -> bool:
    act = manager.dialog_data.get("act") or {}
    spec, tracker, client = await write_context(manager)
    action = spec.action(act.get("key", ""))
    if tracker is None or client is None or action is None or spec.get is None:
        return False
    owner, item_id = user_id_of(manager), int(manager.dialog_data["item_id"])
    done = False
    try:
        item = await spec.get(client, item_id, manager.dialog_data["parent"])
        if not action.available(item):
            add_notice(manager, "res-stale")
        else:
            changes = action.changes(item, act.get("value"))
            snapshot = item.model_dump(mode="json")
            snapshot["_changed"] = [f.removeprefix("raw:") for f, _, _ in changes]
            snapshot["_parent"] = manager.dialog_data.get("parent") or {}
            await action.apply(client, item, act.get("value"))
            await app_of(manager).audit.record(
                owner,
                f"{spec.key}.{action.key}",
                tracker_id=tracker.id,
                resource=spec.key,
                id=item_id,
                before={f: shown(b) for f, b, _ in changes},
                after={f: shown(a) for f, _, a in changes},
                result="ok",
            )
            add_notice(manager, "res-done", action=i18n_of(manager).get("res-act-" + action.key))
            await card_write(manager, action.key)  # opened from an alert: its timeline (issue 19)
            done = True
            if action.undo is not None:
                add_notice(manager, "res-undo-hint")
                manager.dialog_data["undo"] = {
                    "key": action.key,
                    "id": item_id,
                    "at": app_of(manager).clock().timestamp(),
                    "snapshot": snapshot,
                    "res": spec.key,
                }
    except kerr.KeitaroError as err:
        await app_of(manager).audit.record(
            owner,
            f"{spec.key}.{action.key}",
            tracker_id=tracker.id,
            resource=spec.key,
            id=item_id,
            result=f"error:{err.code}",
        )
        explain_failure(manager, err, tracker)
    manager.dialog_data.pop("act", None)
    manager.dialog_data.pop("loaded", None)  # the list shows the new state
    # a deleted object has no card any more: back to the list (where the notice is shown)
    await manager.switch_to(ResourcesSG.list if done and action.typed_confirm else ResourcesSG.detail)
    return True


async def on_undo(query: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    undo = manager.dialog_data.get("undo")
    spec, tracker, client = await write_context(manager, (undo or {}).get("key"))
    if not undo or tracker is None or client is None or undo.get("res") != spec.key:
        await toast(query, i18n.get("res-undo-gone"), alert=True)
        return
    if undo_expired(undo["at"], app_of(manager).clock().timestamp()):
        manager.dialog_data.pop("undo", None)
        await toast(query, i18n.get("res-undo-expired"), alert=True)
        return
    action = spec.action(undo["key"])
    if action is None or action.undo is None:
        return
    owner = user_id_of(manager)
    try:
        await action.undo(client, int(undo["id"]), undo["snapshot"])
    except kerr.KeitaroError as err:
        explain_failure(manager, err, tracker)
        return
    await app_of(manager).audit.record(
        owner,
        f"{spec.key}.undo_{action.key}",
        tracker_id=tracker.id,
        resource=spec.key,
        id=undo["id"],
        result="ok",
    )
    await card_write(manager, action.key, undo=True)
    manager.dialog_data.pop("undo", None)
    manager.dialog_data.pop("loaded", None)
    add_notice(manager, "res-undone", action=i18n.get("res-act-" + action.key))


def undo_available(manager: DialogManager) -> bool:
    undo = manager.dialog_data.get("undo")
    return (
        isinstance(undo, dict)
        and undo.get("id") == manager.dialog_data.get("item_id")
        and undo.get("res") == manager.dialog_data.get("res")
        and not undo_expired(undo["at"], app_of(manager).clock().timestamp())
    )
